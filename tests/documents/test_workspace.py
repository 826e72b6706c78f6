"""The document workspace: inboxes, document pages with table-derived actions, register export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egov.documents import services
from egov.documents.models import IncomingDocument, Urgency
from egov.documents.transitions import IncomingStatus, OutgoingStatus

from .factories import at
from .test_outgoing import _approve, _issued, draft

pytestmark = pytest.mark.django_db


def test_inboxes_list_what_waits_for_each_role(world, client):
    issued = _issued(world, urgency=Urgency.FLASH)
    client.force_login(world.b.clerk)
    page = client.get(reverse("documents:cho-vao-so"))
    assert page.status_code == 200
    assert issued.notation in page.content.decode() and "Hỏa tốc" in page.content.decode()
    assert client.get(reverse("documents:home")).url == reverse("documents:cho-vao-so")
    found = client.get(reverse("documents:cho-vao-so"), {"q": "ke hoach kiem tra"})
    assert issued.notation in found.content.decode()
    assert issued.notation not in client.get(reverse("documents:cho-vao-so"), {"q": "khong co"}).content.decode()
    client.force_login(world.b.spec1)
    assert client.get(reverse("documents:cho-vao-so")).status_code == 403


def test_document_page_offers_the_table_actions_and_performs_them(world, client):
    doc = _issued(world)
    copy = IncomingDocument.objects.get(origin=doc, agency=world.b.agency)
    client.force_login(world.b.clerk)
    url = reverse("documents:incoming-detail", args=[copy.pk])
    page = client.get(url).content.decode()
    assert "Vào sổ văn bản đến" in page and "Thu hồi" not in page
    response = client.post(reverse("documents:incoming-action", args=[copy.pk, "register"]))
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.status == IncomingStatus.REGISTERED and copy.arrival_number == 1
    response = client.post(reverse("documents:incoming-action", args=[copy.pk, "mark_done"]), follow=True)
    assert "Không thể" in response.content.decode()


def test_review_buttons_only_for_the_current_reviewer(world, client):
    doc = services.submit_for_review(draft(world), actor=world.a.spec1)
    url = reverse("documents:outgoing-detail", args=[doc.pk])
    client.force_login(world.a.leader)
    assert "Trả lại để chỉnh sửa" not in client.get(url).content.decode()
    client.force_login(world.a.head)
    assert "Trả lại để chỉnh sửa" in client.get(url).content.decode()
    client.post(reverse("documents:outgoing-action", args=[doc.pk, "approve_step"]), {"note": "Đồng ý"})
    doc.refresh_from_db()
    assert doc.status == OutgoingStatus.IN_REVIEW and doc.review_step == 1


def test_other_agencies_get_not_found(world, client):
    doc = draft(world)
    client.force_login(world.b.leader)
    assert client.get(reverse("documents:outgoing-detail", args=[doc.pk])).status_code == 404
    assert client.post(reverse("documents:outgoing-action", args=[doc.pk, "recall"])).status_code == 404


def test_registers_export_as_xlsx_with_decree_30_columns(world, client):
    _issued(world)
    approved = _approve(world, draft(world))
    services.issue(approved, actor=world.a.clerk, now=at(2026, 4, 7, 9, 0))
    client.force_login(world.a.clerk)
    response = client.get(reverse("documents:outgoing-register"), {"nam": "2026"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Số, ký hiệu văn bản" and [r[0] for r in rows[1:]] == ["01/QĐ-STP", "02/QĐ-STP"]
    assert "Sở Nội vụ" in rows[1][4]
    client.force_login(world.b.clerk)
    incoming = load_workbook(io.BytesIO(client.get(reverse("documents:incoming-register")).content)).active
    assert list(incoming.values)[0][1] == "Số đến"
    from egov.audit.models import SecurityEvent

    exports = SecurityEvent.objects.filter(event="export.personal_data").order_by("id")
    assert [(e.user_id, e.details["direction"]) for e in exports] == [
        (world.a.clerk.pk, "outgoing"),
        (world.b.clerk.pk, "incoming"),
    ]


def _form(world, **overrides):
    values = {
        "issuer_name": "Bộ Tư pháp",
        "document_type": world.decision.pk,
        "notation": "15/QĐ-BTP",
        "document_date": "2026-03-02",
        "subject": "Quyết định phê duyệt quy hoạch",
        "urgency": "0",
        "secrecy": "0",
        "channel": "paper",
    }
    values.update(overrides)
    return values


def test_clerk_registers_an_incoming_document_with_duplicate_warning(world, client):
    client.force_login(world.a.clerk)
    url = reverse("documents:incoming-register-form")
    assert client.get(url).status_code == 200
    response = client.post(url, _form(world, file=pdf_file()))
    doc = IncomingDocument.objects.get()
    assert response.url == reverse("documents:incoming-detail", args=[doc.pk])
    assert doc.arrival_number == 1 and doc.attachments.count() == 1 and "quy hoach" in doc.search_text
    again = client.post(url, _form(world))
    assert again.status_code == 200 and "có thể đã được vào sổ" in again.content.decode()
    assert IncomingDocument.objects.count() == 1
    client.post(url, _form(world, confirm_duplicate="on"))
    assert IncomingDocument.objects.count() == 2
    refused = client.post(url, _form(world, secrecy="1", notation="2/QĐ-BTP"))
    assert "độ mật" in refused.content.decode()
    client.force_login(world.a.spec1)
    assert client.get(url).status_code == 403


def test_leader_assigns_through_the_form(world, client):
    doc = services.register_incoming(world.incoming_data(), clerk=world.a.clerk)
    client.force_login(world.a.leader)
    detail = client.get(reverse("documents:incoming-detail", args=[doc.pk])).content.decode()
    assert reverse("documents:incoming-assign", args=[doc.pk]) in detail
    url = reverse("documents:incoming-assign", args=[doc.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"lead_unit": world.a.dept.pk, "for_information": [world.a.agency.pk], "direction": "Xử lý ngay"}
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == IncomingStatus.ASSIGNED and doc.lead_unit == world.a.dept
    foreign = client.post(url, {"lead_unit": world.b.dept.pk})
    assert foreign.status_code == 200  # another agency's unit is not a choice


def pdf_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import pdf_bytes

    return SimpleUploadedFile("qd.pdf", pdf_bytes("Quyết định phê duyệt quy hoạch"), content_type="application/pdf")


def _docx_upload(text="Dự thảo quyết định"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import docx_bytes

    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return SimpleUploadedFile("du-thao.docx", docx_bytes(text), content_type=mime)


def test_specialist_drafts_and_uploads_a_new_version_through_forms(world, client):
    from egov.documents.models import OutgoingDocument

    client.force_login(world.a.spec1)
    url = reverse("documents:outgoing-create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "document_type": world.letter.pk,
            "subject": "Về việc góp ý dự thảo quy chế",
            "urgency": "0",
            "secrecy": "0",
            "internal_recipients": [world.b.agency.pk],
            "external_recipients": "Bộ Nội vụ",
            "file": _docx_upload(),
        },
    )
    doc = OutgoingDocument.objects.get()
    assert response.url == reverse("documents:outgoing-detail", args=[doc.pk])
    assert list(doc.internal_recipients.all()) == [world.b.agency] and doc.author == world.a.spec1
    detail = client.get(response.url).content.decode()
    assert reverse("documents:outgoing-version", args=[doc.pk]) in detail and "Trình duyệt" in detail
    client.post(reverse("documents:outgoing-version", args=[doc.pk]), {"file": _docx_upload("v2"), "note": "Sửa"})
    assert doc.versions.count() == 2
    client.force_login(world.a.clerk)
    assert client.get(url).status_code == 403


def test_head_reassigns_through_the_form(world, client):
    a = world.a
    doc = services.register_incoming(world.incoming_data(), clerk=a.clerk)
    doc = services.assign(doc, actor=a.leader, lead_unit=a.dept, lead_user=a.spec1)
    client.force_login(a.head)
    detail = client.get(reverse("documents:incoming-detail", args=[doc.pk])).content.decode()
    url = reverse("documents:incoming-reassign", args=[doc.pk])
    assert url in detail
    assert client.post(url, {"to_user": world.b.spec1.pk}).status_code == 200  # not in the unit: not a choice
    assert client.post(url, {"to_user": a.spec2.pk, "note": "Giao chuyên viên Hai"}).status_code == 302
    doc.refresh_from_db()
    assert doc.lead_user == a.spec2


def test_comments_on_a_draft(world, client):
    doc = draft(world)
    client.force_login(world.a.head)
    url = reverse("documents:outgoing-comment", args=[doc.pk])
    client.post(url, {"text": "Cần bổ sung căn cứ"})
    assert list(doc.comments.values_list("text", flat=True)) == ["Cần bổ sung căn cứ"]
    assert "Cần nhập nội dung ý kiến" in client.post(url, {"text": " "}, follow=True).content.decode()
    client.force_login(world.b.leader)
    assert client.post(url, {"text": "Xen ngang"}).status_code == 404
