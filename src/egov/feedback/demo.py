"""Demo questions, feedback items and one open consultation, made through the services (so they carry
their steps, audit records and events like real ones). Needs the demo province; idempotent."""

from datetime import timedelta

from django.utils import timezone

from egov.accounts.models import User
from egov.agencies.models import Agency

from . import services
from .models import Consultation, Kind, Rating, RejectReason, Submission

USERNAMES = ["chutich.tinh", "vanthu.stp", "giamdoc.stp", "chuyenvien.stp"]
STP, STP_UNIT, SXD = "000.00.04.H99", "000.02.04.H99", "000.00.05.H99"
AN_KHANH, BINH_MINH = "000.00.31.H99", "000.00.32.H99"  # wards: street lights, drainage, rubbish are theirs
# Where the intake desk sends an item (default: Sở Tư pháp, whose staff answer in the demo).
ROUTES = {
    "Giấy phép xây dựng nhà ở riêng lẻ": SXD,
    "Kiến nghị rút ngắn thời gian cấp phép": SXD,
    "Đèn chiếu sáng đường Lê Lợi bị hỏng": AN_KHANH,
    "Ngập nước khu dân cư Bình Minh": BINH_MINH,
    "Rác thải tại bãi đất trống phường An Khánh": AN_KHANH,
}

# (kind, title, content, days ago, stage reached)
ITEMS = [
    (
        Kind.QUESTION,
        "Thủ tục đăng ký khai sinh cho con",
        "Con tôi sinh ở bệnh viện tỉnh, cần giấy tờ gì để khai sinh?",
        30,
        "published",
    ),
    (
        Kind.QUESTION,
        "Chứng thực bản sao từ bản chính",
        "Chứng thực bản sao ở đâu và lệ phí bao nhiêu?",
        25,
        "published",
    ),
    (
        Kind.QUESTION,
        "Cấp phiếu lý lịch tư pháp",
        "Thời hạn cấp phiếu lý lịch tư pháp số 1 là bao lâu?",
        20,
        "published",
    ),
    (
        Kind.QUESTION,
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "Hồ sơ đăng ký kết hôn với người nước ngoài gồm những gì?",
        18,
        "approved",
    ),
    (Kind.QUESTION, "Hòa giải ở cơ sở", "Tổ hòa giải ở cơ sở được thành lập như thế nào?", 16, "answered"),
    (Kind.QUESTION, "Trợ giúp pháp lý miễn phí", "Những ai được trợ giúp pháp lý miễn phí?", 22, "routed"),
    (Kind.QUESTION, "Thay đổi họ tên cho con", "Tôi muốn đổi họ cho con theo họ mẹ, thủ tục thế nào?", 3, "routed"),
    (
        Kind.QUESTION,
        "Giấy phép xây dựng nhà ở riêng lẻ",
        "Nhà ở nông thôn có cần giấy phép xây dựng không?",
        2,
        "submitted",
    ),
    (
        Kind.QUESTION,
        "Xác nhận tình trạng hôn nhân",
        "Giấy xác nhận tình trạng hôn nhân có giá trị bao lâu?",
        1,
        "submitted",
    ),
    (Kind.QUESTION, "Quảng cáo vay tiền nhanh", "Vay tiền nhanh lãi suất thấp, liên hệ ngay.", 4, "rejected"),
    (
        Kind.FEEDBACK,
        "Đèn chiếu sáng đường Lê Lợi bị hỏng",
        "Đoạn đường Lê Lợi gần chợ tối nhiều ngày nay.",
        15,
        "routed",
    ),
    (
        Kind.FEEDBACK,
        "Thái độ phục vụ tại bộ phận một cửa",
        "Đề nghị bố trí thêm ghế chờ tại bộ phận một cửa.",
        12,
        "approved",
    ),
    (Kind.FEEDBACK, "Ngập nước khu dân cư Bình Minh", "Mỗi khi mưa lớn khu dân cư bị ngập sâu.", 14, "routed"),
    (
        Kind.FEEDBACK,
        "Kiến nghị rút ngắn thời gian cấp phép",
        "Đề nghị rút ngắn thời gian cấp giấy phép xây dựng.",
        5,
        "answered",
    ),
    (
        Kind.FEEDBACK,
        "Rác thải tại bãi đất trống phường An Khánh",
        "Bãi đất trống bị đổ rác thải sinh hoạt.",
        1,
        "submitted",
    ),
]
NAMES = ["Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Thu Hà", "Phạm Quốc Việt", "Hoàng Minh Tâm"]

DRAFT_TEXT = """Điều 1. Phạm vi điều chỉnh
Quyết định này quy định về hỗ trợ kinh phí cho hoạt động hòa giải ở cơ sở trên địa bàn tỉnh.

Điều 2. Đối tượng áp dụng
Hòa giải viên, tổ hòa giải ở cơ sở và cơ quan, tổ chức có liên quan.

Điều 3. Mức chi thù lao hòa giải viên
Mức chi thù lao cho hòa giải viên là 400.000 đồng/vụ, việc/tổ hòa giải.

Điều 4. Nguồn kinh phí
Kinh phí do ngân sách địa phương bảo đảm theo phân cấp hiện hành.

Điều 5. Hiệu lực thi hành
Quyết định này có hiệu lực kể từ ngày 01 tháng 01 năm 2027."""


def load_demo() -> list:
    if Submission.objects.exists():
        return []
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
    codes = {STP, STP_UNIT, SXD, *ROUTES.values()}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    if len(users) < len(USERNAMES) or len(agencies) < len(codes):
        return []  # the demo province is not loaded
    now = timezone.now()
    for n, (kind, title, content, days, stage) in enumerate(ITEMS):
        item = services.submit(
            services.NewSubmission(
                kind=kind,
                name=NAMES[n % len(NAMES)],
                title=title,
                content=content,
                email=f"nguoidan{n + 1}@example.vn",
                phone=f"09123450{n:02d}" if n % 3 == 0 else "",
                agency=agencies[SXD] if ROUTES.get(title) == SXD and kind == Kind.QUESTION else None,
            ),
            now=now - timedelta(days=days),
        )
        _advance(item, stage, users, agencies, now - timedelta(days=max(days - 2, 0)))
    _consultation(users, agencies[STP])
    return []


def _advance(item, stage, users, agencies, at):
    leader, clerk, director = users["chutich.tinh"], users["vanthu.stp"], users["giamdoc.stp"]
    if stage == "submitted":
        return
    if stage == "rejected":
        services.reject(item, actor=leader, reason=RejectReason.SPAM, note="Nội dung quảng cáo", now=at)
        return
    if item.status == "submitted":
        target = agencies[ROUTES.get(item.title, STP)]
        item = services.route(item, actor=leader, agency=target, now=at)
    if item.agency_id != agencies[STP].pk:
        return  # sent to another department or a ward: waits there
    if stage == "routed":
        return
    item = services.answer(item, actor=clerk, text=_answer_for(item), now=at + timedelta(hours=2))
    if stage == "answered":
        return
    item = services.approve(item, actor=director, now=at + timedelta(hours=4))
    if stage == "published":
        item = services.publish_answer(item, actor=director, now=at + timedelta(hours=5))
        services.rate(item, rating=Rating.SATISFIED, now=at + timedelta(days=1))


def _answer_for(item) -> str:
    return (
        f"Sở Tư pháp trả lời ông/bà về “{item.title}” như sau: ông/bà vui lòng liên hệ Bộ phận tiếp nhận và trả kết "
        "quả của Trung tâm Phục vụ hành chính công tỉnh hoặc tra cứu thủ tục trên Cổng dịch vụ công để được hướng dẫn."
    )


def _consultation(users, agency):
    if Consultation.objects.exists():
        return
    today = timezone.localdate()
    draft = services.create_consultation(
        services.DraftInput(
            agency=agency,
            title="Dự thảo Quyết định quy định mức chi hỗ trợ hoạt động hòa giải ở cơ sở",
            summary="Sở Tư pháp lấy ý kiến nhân dân, cơ quan, tổ chức về dự thảo Quyết định của UBND tỉnh.",
            opens_on=today - timedelta(days=5),
            closes_on=today + timedelta(days=25),
            text=DRAFT_TEXT,
        ),
        actor=users["vanthu.stp"],
    )
    draft = services.publish_consultation(draft, actor=users["giamdoc.stp"])
    sections = list(draft.sections.all())
    comments = [
        (sections[2], "Đề nghị nâng mức chi thù lao lên 500.000 đồng/vụ việc cho phù hợp thực tế.", True),
        (sections[1], "Nên bổ sung đối tượng là tổ trưởng tổ dân phố.", True),
        (None, "Dự thảo cần quy định rõ thủ tục thanh toán thù lao.", False),
    ]
    for n, (section, text, approve) in enumerate(comments):
        entry = services.comment(
            draft,
            services.NewComment(name=NAMES[n], text=text, email=f"gopy{n + 1}@example.vn", section=section),
        )
        if approve:
            services.approve_comment(entry, actor=users["vanthu.stp"])
    first = draft.comments.order_by("pk").first()
    services.answer_comment(first, actor=users["vanthu.stp"], text="Cơ quan soạn thảo xin tiếp thu, sẽ nghiên cứu.")
