"""Legal documents database, official gazette, procurement list; publishing an outgoing document."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from documents.factories import pdf_attachment
from egov.accounts.models import Role
from egov.audit.models import AuditRecord
from egov.cms import services
from egov.cms.models import GazetteIssue, LegalDocument, ProcurementItem, PublicationStatus
from factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def legal(world, number, subject, *, publish=True, **fields):
    fields = {
        "agency": world.province,
        "number": number,
        "doc_type": "Quyết định",
        "issuing_authority": world.province.name,
        "signer": "Chủ tịch Nguyễn Văn A",
        "issued_on": date(2026, 3, 1),
        "subject": subject,
        "sector": "Tư pháp",
        "validity": LegalDocument.Validity.IN_FORCE,
        **fields,
    }
    document = services.create_record(LegalDocument, world.admin, **fields)
    return services.publish_record(document, world.admin) if publish else document


def test_legal_search_ignores_diacritics_and_filters(world, client):
    legal(world, "12/2026/QĐ-UBND", "Quy định về hòa giải ở cơ sở")
    legal(world, "3/2026/CT-UBND", "Đẩy mạnh chuyển đổi số", doc_type="Chỉ thị", sector="Thông tin và truyền thông")
    legal(world, "1/2020/QĐ-UBND", "Hòa giải cũ", validity=LegalDocument.Validity.EXPIRED, issued_on=date(2020, 1, 2))
    legal(world, "99/2026/QĐ-UBND", "Hòa giải chưa đăng", publish=False)
    url = reverse("cms:legal-list")

    html = client.get(url, {"q": "hoa giai o co so"}).content.decode()
    assert "12/2026/QĐ-UBND" in html and "3/2026/CT-UBND" not in html
    html = client.get(url, {"q": "HÒA GIẢI"}).content.decode()
    assert "12/2026/QĐ-UBND" in html and "1/2020/QĐ-UBND" in html and "99/2026" not in html
    html = client.get(url, {"loai": "Chỉ thị"}).content.decode()
    assert "3/2026/CT-UBND" in html and "12/2026" not in html
    html = client.get(url, {"hieu_luc": "expired"}).content.decode()
    assert "1/2020/QĐ-UBND" in html and "12/2026" not in html
    html = client.get(url, {"tu_ngay": "01/01/2026", "den_ngay": "31/12/2026"}).content.decode()
    assert "1/2020/QĐ-UBND" not in html and "12/2026/QĐ-UBND" in html
    html = client.get(url, {"tu_ngay": "01/12/2026", "den_ngay": "01/01/2026"}).content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in html


def test_legal_list_is_paginated_in_few_queries(world, client, django_assert_max_num_queries):
    for n in range(25):
        legal(world, f"{n}/2026/QĐ-UBND", f"Văn bản số {n}")
    with django_assert_max_num_queries(6):
        html = client.get(reverse("cms:legal-list")).content.decode()
    assert len(re.findall(r'href="/van-ban-phap-luat/\d+/"', html)) == 20 and "Trang 1/2" in html


def test_legal_detail_and_public_file(world, client):
    attachment = pdf_attachment(agency=world.province)
    document = legal(world, "5/2026/QĐ-UBND", "Quy chế cổng thông tin")
    document.attachments.set([attachment])
    draft = legal(world, "6/2026/QĐ-UBND", "Chưa đăng", publish=False)
    draft.attachments.set([attachment])
    html = client.get(reverse("cms:legal-detail", args=[document.pk])).content.decode()
    file_url = reverse("cms:file", args=["van-ban", document.pk, attachment.pk])
    assert file_url in html
    response = client.get(file_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(reverse("cms:file", args=["van-ban", draft.pk, attachment.pk])).status_code == 404
    assert client.get(reverse("cms:legal-detail", args=[draft.pk])).status_code == 404


def test_only_publishers_of_the_agency_publish_records(world):
    document = legal(world, "7/2026/QĐ-UBND", "Nháp", publish=False)
    specialist = StaffUserFactory(official__agency=world.province, roles=[Role.SPECIALIST])
    with pytest.raises(PermissionDenied):
        services.publish_record(document, specialist)
    other_clerk = StaffUserFactory(official__agency=world.agency_b, roles=[Role.CLERK])
    with pytest.raises(PermissionDenied):
        services.publish_record(document, other_clerk)
    clerk = StaffUserFactory(official__agency=world.province, roles=[Role.CLERK])
    services.publish_record(document, clerk)
    assert document.publication == PublicationStatus.PUBLISHED
    assert AuditRecord.objects.filter(action="cms.legaldocument_publish", actor_id=clerk.pk).exists()
    services.withdraw_record(document, clerk)
    assert LegalDocument.objects.public().count() == 0


def test_gazette_issue_publishing(world, client):
    documents = [legal(world, f"{n}/2026/QĐ-UBND", f"Văn bản công báo {n}") for n in (1, 2)]
    issue = services.create_record(
        GazetteIssue,
        world.admin,
        agency=world.province,
        year=2026,
        number=3,
        issued_on=date(2026, 2, 1),
        title="Công báo số 3",
        documents=documents,
    )
    with pytest.raises(services.PortalError, match="PDF"):
        services.publish_gazette_issue(issue, world.admin)
    issue.pdf = pdf_attachment(agency=world.province)
    issue.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.publish_gazette_issue(issue, world.admin)
    issue.refresh_from_db()
    assert issue.publication == PublicationStatus.PUBLISHED and issue.published_at
    assert AuditRecord.objects.filter(action="cms.gazetteissue_publish", object_id=str(issue.pk)).exists()

    archive = client.get(reverse("cms:gazette-list"), {"nam": "2026"}).content.decode()
    assert "3/2026" in archive
    assert "3/2026" not in client.get(reverse("cms:gazette-list"), {"nam": "2025"}).content.decode()
    detail = client.get(reverse("cms:gazette-detail", args=[issue.pk])).content.decode()
    assert "1/2026/QĐ-UBND" in detail and reverse("cms:file", args=["cong-bao", issue.pk, issue.pdf_id]) in detail
    assert client.get(reverse("cms:file", args=["cong-bao", issue.pk, issue.pdf_id])).status_code == 200


def test_empty_gazette_issue_cannot_be_published(world):
    issue = services.create_record(
        GazetteIssue, world.admin, agency=world.province, year=2026, number=9, issued_on=date(2026, 5, 1)
    )
    issue.pdf = pdf_attachment(agency=world.province)
    issue.save()
    with pytest.raises(services.PortalError, match="văn bản"):
        services.publish_gazette_issue(issue, world.admin)


def test_procurement_list_filters(world, client):
    for name, kind, stage in (
        ("Gói thầu mua máy tính", "procurement", "bidding"),
        ("Dự án đường tỉnh", "project", "implementing"),
    ):
        item = services.create_record(
            ProcurementItem,
            world.admin,
            agency=world.province,
            name=name,
            kind=kind,
            investor="Ban quản lý dự án",
            value=1_500_000_000,
            stage=stage,
        )
        services.publish_record(item, world.admin)
    url = reverse("cms:procurement-list")
    html = client.get(url).content.decode()
    assert "Gói thầu mua máy tính" in html and "1.500.000.000" in html
    html = client.get(url, {"loai": "project"}).content.decode()
    assert "Dự án đường tỉnh" in html and "Gói thầu mua máy tính" not in html
    html = client.get(url, {"q": "duong tinh"}).content.decode()
    assert "Dự án đường tỉnh" in html and "Gói thầu mua máy tính" not in html
