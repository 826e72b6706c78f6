"""Work-file pages, the statistics page with its XLSX, the registers as PDF."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egov.documents import services
from egov.documents.models import Urgency, WorkFile
from egov.documents.transitions import WorkFileStatus

from .factories import at

pytestmark = pytest.mark.django_db


def test_work_file_pages_create_open_add_and_close(world, client, django_assert_max_num_queries):
    a = world.a
    doc = services.register_incoming(world.incoming_data(subject="Kế hoạch phổ biến pháp luật"), clerk=a.clerk)
    client.force_login(a.clerk)
    response = client.post(
        reverse("documents:work-file-create"),
        {"year": 2026, "code": "01.VP", "title": "Hồ sơ phổ biến pháp luật", "retention": "10 năm", "open_now": "on"},
    )
    work_file = WorkFile.objects.get(code="01.VP")
    assert response.url == reverse("documents:work-file", args=[work_file.pk])
    assert work_file.status == WorkFileStatus.OPEN
    duplicate = client.post(
        reverse("documents:work-file-create"), {"year": 2026, "code": "01.VP", "title": "Trùng", "retention": "5 năm"}
    )
    assert "đã có trong danh mục" in duplicate.content.decode()

    url = reverse("documents:work-file", args=[work_file.pk])
    page = client.get(url, {"direction": "incoming", "q": "pho bien phap luat"}).content.decode()
    assert doc.notation in page and "Đưa vào hồ sơ" in page
    client.post(reverse("documents:work-file-add", args=[work_file.pk]), {"direction": "incoming", "document": doc.pk})
    assert list(work_file.incoming.all()) == [doc]
    client.post(reverse("documents:work-file-action", args=[work_file.pk, "close"]))
    work_file.refresh_from_db()
    assert work_file.status == WorkFileStatus.CLOSED
    assert "Đưa văn bản vào hồ sơ" not in client.get(url).content.decode()

    for i in range(5):
        services.plan_file(actor=a.clerk, year=2026, code=f"0{i + 2}.VP", title=f"Hồ sơ {i}", retention="5 năm")
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("documents:work-files"), {"nam": 2026}).content.decode()
    assert "01.VP" in listing and "06.VP" in listing
    client.force_login(world.b.clerk)
    assert client.get(url).status_code == 404
    assert "01.VP" not in client.get(reverse("documents:work-files"), {"nam": 2026}).content.decode()


def test_inbox_queries_do_not_grow_with_the_documents(world, client, django_assert_max_num_queries):
    a = world.a
    for i in range(15):
        urgency = Urgency.FLASH if i % 3 == 0 else Urgency.NORMAL
        services.register_incoming(world.incoming_data(notation=f"{i + 1}/QĐ-BTP", urgency=urgency), clerk=a.clerk)
    client.force_login(a.clerk)
    url = reverse("documents:cho-phan-cong")
    client.get(url)  # warm the per-process caches (navigation, calendar)
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "15/QĐ-BTP" in page and "Hỏa tốc" in page
    with django_assert_max_num_queries(12):
        client.get(url, {"q": "hoa giai"})


def test_statistics_page_and_xlsx(world, client):
    a = world.a
    doc = services.register_incoming(world.incoming_data(), clerk=a.clerk, now=at(2026, 3, 3, 9, 0))
    services.assign(doc, actor=a.leader, lead_unit=a.dept, now=at(2026, 3, 3, 10, 0))
    client.force_login(a.leader)
    page = client.get(reverse("documents:statistics"), {"tu": "2026-03-01", "den": "2026-03-31"}).content.decode()
    assert a.dept.name in page and "Tổng cộng" in page
    bad = client.get(reverse("documents:statistics"), {"tu": "2026-03-31", "den": "2026-03-01"}).content.decode()
    assert "Ngày kết thúc phải sau" in bad
    response = client.get(reverse("documents:statistics-xlsx"), {"tu": "2026-03-01", "den": "2026-03-31"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0][0] == "Đơn vị chủ trì" and rows[1][:2] == [a.dept.name, 1] and rows[-1][:2] == ["Tổng cộng", 1]
    client.force_login(a.spec1)
    assert client.get(reverse("documents:statistics")).status_code == 403


def test_registers_as_pdf_with_vietnamese_text(world, client):
    from pypdf import PdfReader

    services.register_incoming(world.incoming_data(), clerk=world.a.clerk, now=at(2026, 3, 3, 9, 0))
    client.force_login(world.a.clerk)
    response = client.get(reverse("documents:incoming-register-pdf"), {"nam": 2026})
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN 2026" in text and "15/QĐ-BTP" in text and "hòa giải" in text
    assert client.get(reverse("documents:outgoing-register-pdf"), {"nam": 2026}).status_code == 200
    client.force_login(world.a.spec1)
    assert client.get(reverse("documents:incoming-register-pdf")).status_code == 403
