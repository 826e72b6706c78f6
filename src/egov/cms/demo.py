"""Demo portal for ``egov demo``: the province portal at "/", two component sites (Sở Tư pháp, phường An
Khánh), an English section, news, introduction pages, legal documents, two gazette issues and procurement
items; editorial groups for the demo accounts. Idempotent: nothing happens once a portal exists."""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from egov.accounts.models import User
from egov.agencies.models import Agency
from egov.attachments.services import store_upload

from . import services
from .models import (
    AgencySiteHomePage,
    GazetteIssue,
    IntroductionPage,
    LegalDocument,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PortalHomePage,
    ProcurementItem,
    StandardPage,
)
from .slugs import slugify_vi

PROVINCE_CODE = "000.00.00.H99"
SITES = [("000.00.04.H99", "so-tu-phap"), ("000.00.31.H99", "phuong-an-khanh")]
CATEGORIES = [
    ("Tin hoạt động", "tin-hoat-dong"),
    ("Cải cách hành chính", "cai-cach-hanh-chinh"),
    ("Chuyển đổi số", "chuyen-doi-so"),
    ("Thông báo", "thong-bao"),
]
NEWS = {
    "portal": [
        ("UBND tỉnh họp phiên thường kỳ tháng {month}", "tin-hoat-dong", 1),
        ("Tỉnh đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình", "cai-cach-hanh-chinh", 3),
        ("Khai trương Trung tâm dữ liệu tỉnh", "chuyen-doi-so", 6),
        ("Thông báo lịch tiếp công dân của Chủ tịch UBND tỉnh", "thong-bao", 9),
        ("Hội nghị đối thoại với doanh nghiệp năm nay", "tin-hoat-dong", 14),
    ],
    "so-tu-phap": [
        ("Sở Tư pháp triển khai cấp phiếu lý lịch tư pháp trực tuyến", "cai-cach-hanh-chinh", 2),
        ("Tập huấn nghiệp vụ hộ tịch cho công chức tư pháp cấp xã", "tin-hoat-dong", 5),
        ("Kết quả kiểm tra văn bản quy phạm pháp luật quý III", "thong-bao", 11),
    ],
    "phuong-an-khanh": [
        ("Phường An Khánh ra mắt mô hình một cửa thân thiện", "cai-cach-hanh-chinh", 4),
        ("Ra quân tổng vệ sinh môi trường khu dân cư", "tin-hoat-dong", 8),
    ],
}
# Editorial roles of the demo accounts on the component sites (docs/cms.md).
SITE_ROLES = {
    "so-tu-phap": [("chuyenvien.stp", "contributor"), ("truongphong.stp", "editor"), ("giamdoc.stp", "approver")],
    "phuong-an-khanh": [("chuyenvien.ankhanh", "contributor"), ("chutich.ankhanh", "approver")],
    "portal": [("chutich.tinh", "approver")],
}
LEGAL_TYPES = [
    ("Quyết định", "QĐ-UBND"),
    ("Nghị quyết", "NQ-HĐND"),
    ("Chỉ thị", "CT-UBND"),
    ("Kế hoạch", "KH-UBND"),
]
LEGAL_SUBJECTS = [
    ("Ban hành quy chế quản lý, vận hành Cổng thông tin điện tử tỉnh", "Thông tin và truyền thông"),
    ("Quy định mức thu phí thẩm định hồ sơ cấp giấy phép xây dựng", "Xây dựng"),
    ("Tăng cường công tác cải cách hành chính, nâng cao chỉ số hài lòng", "Cải cách hành chính"),
    ("Quy định bảng giá đất giai đoạn 5 năm trên địa bàn tỉnh", "Đất đai"),
    ("Đẩy mạnh chuyển đổi số trong các cơ quan nhà nước", "Thông tin và truyền thông"),
    ("Phê duyệt danh mục thủ tục hành chính tiếp nhận trực tuyến toàn trình", "Cải cách hành chính"),
    ("Hỗ trợ phát triển hợp tác xã nông nghiệp", "Nông nghiệp"),
    ("Quy định về hòa giải ở cơ sở trên địa bàn tỉnh", "Tư pháp"),
    ("Phân cấp quản lý nhà nước về đường bộ", "Giao thông"),
    ("Thực hiện chương trình mục tiêu quốc gia giảm nghèo bền vững", "Lao động, xã hội"),
]


def load_demo() -> list:
    if PortalHomePage.objects.exists():
        return []
    admin = User.objects.filter(username="admin").first()
    province = Agency.objects.filter(code=PROVINCE_CODE).first()
    if admin is None or province is None:
        return []  # not the demo province
    categories = {
        slug: NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in CATEGORIES
    }
    images = _images()
    portal = _portal(admin, province, categories, images)
    for code, slug in SITES:
        agency = Agency.objects.filter(code=code).first()
        if agency:
            _agency_site(portal, agency, slug, admin, categories, images)
    _english(portal, admin)
    _editors(portal)
    legal = _legal_documents(admin, province)
    _gazette(admin, province, legal)
    _procurement(admin, province)
    return []


def _publish(page, user):
    page.save_revision(user=user, log_action=True).publish(user=user)
    return page


def _add(parent, page, user):
    parent.add_child(instance=page)
    return _publish(page, user)


def _portal(admin, province, categories, images) -> PortalHomePage:
    root = Page.get_first_root_node()
    welcome = root.get_children().filter(content_type__app_label="wagtailcore", slug="home").first()
    portal = PortalHomePage(
        title="Cổng thông tin điện tử tỉnh An Khánh",
        slug="cong-thong-tin",
        intro="Thông tin chính thức của Ủy ban nhân dân tỉnh An Khánh: tin tức, văn bản, công báo, "
        "dịch vụ công trực tuyến.",
    )
    _add(root, portal, admin)
    site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80)
    site.root_page, site.is_default_site, site.site_name = portal, True, portal.title
    site.save()
    if welcome is not None:
        welcome.delete()
    _section(portal, admin, province, categories, images, NEWS["portal"])
    _add(
        portal,
        StandardPage(
            title="Chính sách bảo vệ dữ liệu cá nhân",
            slug="bao-ve-du-lieu",
            intro="Cổng không dùng dịch vụ theo dõi của bên thứ ba; lượt xem chỉ được đếm theo trang và ngày.",
            show_in_menus=True,
        ),
        admin,
    )
    return portal


def _section(home, admin, agency, categories, images, news):
    index = _add(home, NewsIndexPage(title="Tin tức", slug="tin-tuc", show_in_menus=True), admin)
    _add(
        home,
        IntroductionPage(
            title="Giới thiệu",
            slug="gioi-thieu",
            intro=f"Cơ cấu tổ chức, lãnh đạo và đầu mối liên hệ của {agency.name}.",
            agency=agency,
            show_in_menus=True,
        ),
        admin,
    )
    today = timezone.localdate()
    for n, (title, category, days_ago) in enumerate(news):
        image = images[n % len(images)]
        day = today - timedelta(days=days_ago)
        title = title.format(month=f"{day:%m/%Y}")  # "... tháng 12/2026": the month of the news
        page = NewsPage(
            title=title,
            slug=slugify_vi(title),
            date=day,
            summary=f"{title}. Tin do {agency.name} cung cấp.",
            main_image=image,
            main_image_alt=image.title,
            body=[
                ("paragraph", f"<p>{title}. Nội dung chi tiết của tin bài (dữ liệu minh họa).</p>"),
                ("heading", "Các nội dung chính"),
                ("paragraph", "<ul><li>Mục tiêu, nhiệm vụ</li><li>Giải pháp thực hiện</li></ul>"),
            ],
        )
        index.add_child(instance=page)
        page.categories.set([categories[category]])
        _publish(page, admin)
    return index


def _agency_site(portal, agency, slug, admin, categories, images):
    site = _add(
        portal,
        AgencySiteHomePage(
            title=agency.name, slug=slug, agency=agency, intro=f"Trang thông tin điện tử thành phần của {agency.name}."
        ),
        admin,
    )
    _section(site, admin, agency, categories, images, NEWS[slug])


def _english(portal, admin):
    home = _add(
        portal,
        PortalHomePage(
            title="An Khanh Province Portal",
            slug="en",
            intro="Official information of the People's Committee of An Khanh province.",
            show_in_menus=True,
        ),
        admin,
    )
    _add(
        home,
        StandardPage(
            title="About the province",
            slug="about",
            intro="An Khanh is a (fictional) province used to demonstrate the egov platform.",
            show_in_menus=True,
            body=[
                ("paragraph", "<p>Contact the provincial public administration service centre for any procedure.</p>")
            ],
        ),
        admin,
    )


def _editors(portal):
    sites = {"portal": portal, **{s.slug: s for s in AgencySiteHomePage.objects.all()}}
    users = {u.username: u for u in User.objects.filter(username__in=[n for r in SITE_ROLES.values() for n, _ in r])}
    for slug, grants in SITE_ROLES.items():
        if slug not in sites:
            continue
        for username, role in grants:
            if username in users:
                services.grant_site_role(users[username], sites[slug], role)


def _images():
    from PIL import Image as PILImage
    from PIL import ImageDraw

    model = get_image_model()
    images = []
    for title, colour in (
        ("Trụ sở Ủy ban nhân dân tỉnh nhìn từ quảng trường", (11, 74, 139)),
        ("Cán bộ một cửa hướng dẫn người dân nộp hồ sơ", (19, 92, 43)),
        ("Hội nghị trực tuyến tại phòng họp của tỉnh", (140, 29, 24)),
    ):
        picture = PILImage.new("RGB", (960, 540), colour)
        ImageDraw.Draw(picture).rectangle((80, 80, 880, 460), outline=(255, 255, 255), width=8)
        buffer = io.BytesIO()
        picture.save(buffer, "PNG")
        images.append(model.objects.create(title=title, file=ImageFile(buffer, name="anh-minh-hoa.png")))
    return images


def _pdf(text: str, admin, agency):
    from reportlab.pdfgen import canvas

    from egov.dossiers.forms_pdf.fonts import family

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont(family(), 12)
    page.drawString(60, 760, text[:90])
    page.save()
    return store_upload(SimpleUploadedFile("van-ban.pdf", buffer.getvalue()), uploaded_by=admin, agency=agency)


def _legal_documents(admin, province) -> list[LegalDocument]:
    today = timezone.localdate()
    validity = LegalDocument.Validity
    documents = []
    for n in range(20):
        doc_type, suffix = LEGAL_TYPES[n % len(LEGAL_TYPES)]
        subject, sector = LEGAL_SUBJECTS[n % len(LEGAL_SUBJECTS)]
        issued = today - timedelta(days=25 * n + 3)
        state = validity.EXPIRED if n >= 17 else validity.PARTLY_EXPIRED if n == 12 else validity.IN_FORCE
        document = services.create_record(
            LegalDocument,
            admin,
            attachments=[_pdf(f"{doc_type} {n + 1}/{issued.year}/{suffix}", admin, province)] if n < 8 else [],
            agency=province,
            number=f"{n + 1}/{issued.year}/{suffix}",
            doc_type=doc_type,
            category=LegalDocument.Category.LEGAL if doc_type != "Kế hoạch" else LegalDocument.Category.DIRECTION,
            issuing_authority="Hội đồng nhân dân tỉnh An Khánh" if suffix == "NQ-HĐND" else province.name,
            signer="Chủ tịch Nguyễn Văn An" if suffix != "NQ-HĐND" else "Chủ tịch HĐND Trần Văn Bình",
            issued_on=issued,
            effective_on=issued + timedelta(days=10),
            subject=subject,
            sector=sector,
            validity=state,
        )
        documents.append(services.publish_record(document, admin))
    _from_outgoing(admin)
    return documents


def _from_outgoing(admin):
    """One issued outgoing document of the documents demo, published in one step."""
    from egov.documents.models import OutgoingDocument
    from egov.documents.transitions import OutgoingStatus

    document = OutgoingDocument.objects.filter(status=OutgoingStatus.ISSUED, secrecy=0).first()
    if document is not None and not LegalDocument.objects.filter(source_outgoing=document).exists():
        services.publish_from_outgoing(document, admin, sector="Tư pháp")


def _gazette(admin, province, legal):
    year = timezone.localdate().year
    for number, docs in ((1, legal[:4]), (2, legal[4:9])):
        issue = services.create_record(
            GazetteIssue,
            admin,
            agency=province,
            year=year,
            number=number,
            issued_on=date(year, 1, 15) + timedelta(days=30 * (number - 1)),
            title=f"Công báo tỉnh An Khánh số {number}",
            documents=docs,
        )
        issue.pdf = _pdf(f"Công báo số {number}/{year}", admin, province)
        issue.save(update_fields=["pdf"])
        services.publish_gazette_issue(issue, admin)


def _procurement(admin, province):
    items = [
        (
            "Mua sắm thiết bị cho Trung tâm Phục vụ hành chính công tỉnh",
            "procurement",
            "Văn phòng UBND tỉnh",
            4_850_000_000,
            "awarded",
        ),
        (
            "Nâng cấp đường tỉnh 702 đoạn qua phường An Khánh",
            "project",
            "Ban Quản lý dự án đầu tư xây dựng tỉnh",
            185_000_000_000,
            "implementing",
        ),
        (
            "Xây dựng hệ thống camera giám sát giao thông đô thị",
            "project",
            "Sở Khoa học và Công nghệ",
            42_300_000_000,
            "bidding",
        ),
        (
            "Thuê dịch vụ hạ tầng điện toán đám mây năm tới",
            "procurement",
            "Sở Khoa học và Công nghệ",
            3_200_000_000,
            "planned",
        ),
    ]
    for name, kind, investor, value, stage in items:
        item = services.create_record(
            ProcurementItem,
            admin,
            agency=province,
            name=name,
            kind=kind,
            investor=investor,
            value=Decimal(value),
            stage=stage,
            description=f"{name} — thông tin công khai theo quy định.",
        )
        services.publish_record(item, admin)
