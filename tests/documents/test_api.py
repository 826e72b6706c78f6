"""REST API v1 for documents: scoped lists with filters and pagination, details, write actions, schema."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from egov.documents import services
from egov.documents.models import IncomingDocument, Secrecy
from egov.documents.transitions import IncomingStatus
from factories import UserFactory

from .factories import pdf_bytes
from .test_outgoing import _issued

pytestmark = pytest.mark.django_db
INCOMING = "/api/v1/documents/incoming/"
OUTGOING = "/api/v1/documents/outgoing/"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def register(world, **overrides):
    return services.register_incoming(world.incoming_data(**overrides), clerk=world.a.clerk)


def test_lists_need_an_official(world):
    assert api().get(INCOMING).status_code == 403
    assert api(UserFactory()).get(OUTGOING).status_code == 403


def test_incoming_list_is_scoped_filtered_paginated_with_bounded_queries(world, django_assert_max_num_queries):
    for i in range(12):
        register(world, notation=f"{i + 1}/QĐ-BTP", subject=f"Kế hoạch kiểm tra số {i + 1}")
    register(world, notation="99/TB-BTP", document_type=world.letter, subject="Thông báo lịch tiếp công dân")
    client = api(world.a.clerk)
    with django_assert_max_num_queries(8):
        body = client.get(INCOMING, {"page_size": 5}).json()
    assert body["count"] == 13 and len(body["results"]) == 5 and "page=2" in body["next"]
    assert len(client.get(INCOMING, {"page_size": 5, "page": 3}).json()["results"]) == 3
    first = body["results"][0]
    assert {"status_label", "arrival_number", "document_type", "is_overdue", "lead_unit"} <= set(first)
    assert [d["notation"] for d in client.get(INCOMING, {"q": "lich tiep cong dan"}).json()["results"]] == ["99/TB-BTP"]
    assert client.get(INCOMING, {"document_type": world.letter.pk}).json()["count"] == 1
    assert client.get(INCOMING, {"status": IncomingStatus.REGISTERED}).json()["count"] == 13
    assert client.get(INCOMING, {"status": IncomingStatus.DONE}).json()["count"] == 0
    assert client.get(INCOMING, {"date_from": "2026-03-03"}).json()["count"] == 0
    assert client.get(INCOMING, {"date_from": "2026-03-01", "date_to": "2026-03-02"}).json()["count"] == 13
    assert client.get(INCOMING, {"date_from": "không phải ngày"}).status_code == 400
    assert api(world.b.clerk).get(INCOMING).json()["count"] == 0
    assert api(world.b.clerk).get(INCOMING, {"q": "ke hoach kiem tra"}).json()["count"] == 0


def test_secret_documents_are_neither_listed_nor_found_without_clearance(world):
    world.clear(world.a.clerk, Secrecy.SECRET)
    secret = register(world, secrecy=Secrecy.SECRET, subject="Kế hoạch bảo vệ bí mật nhà nước")
    assert api(world.a.clerk).get(INCOMING, {"q": "bi mat"}).json()["count"] == 1
    assert api(world.a.leader).get(INCOMING, {"q": "bi mat"}).json()["count"] == 0
    assert api(world.a.leader).get(f"{INCOMING}{secret.pk}/").status_code == 404


def test_incoming_detail_has_trail_assignments_and_table_actions(world):
    doc = register(world)
    body = api(world.a.leader).get(f"{INCOMING}{doc.pk}/").json()
    assert body["arrival_number"] == 1 and body["trail"][0]["action"] == "register"
    assert body["actions"] == ["assign"]
    assert api(world.b.leader).get(f"{INCOMING}{doc.pk}/").status_code == 404


def test_register_assign_and_mark_done_through_the_api(world):
    a = world.a
    data = {
        "issuer_name": "Bộ Nội vụ",
        "document_type": world.decision.pk,
        "notation": "7/QĐ-BNV",
        "document_date": "2026-03-05",
        "subject": "Về việc tuyển dụng công chức",
        "file": SimpleUploadedFile("qd.pdf", pdf_bytes("Quyết định tuyển dụng"), content_type="application/pdf"),
    }
    response = api(a.clerk).post(INCOMING, data, format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["arrival_number"] == 1 and body["channel"] == "paper" and len(body["attachments"]) == 1
    data.pop("file")
    duplicate = api(a.clerk).post(INCOMING, data, format="json")
    assert duplicate.status_code == 409 and duplicate.json()["duplicates"] == [body["id"]]
    assert api(a.leader).post(INCOMING, data, format="json").status_code == 400  # only clerks register
    assert api(a.clerk).post(INCOMING, {"subject": ""}, format="json").status_code == 400

    url = f"{INCOMING}{body['id']}/"
    refused = api(a.clerk).post(f"{url}assign/", {"lead_unit": a.dept.pk}, format="json")
    assert refused.status_code == 400 and "vai trò" in refused.json()["detail"]
    other = api(a.leader).post(f"{url}assign/", {"lead_unit": world.b.dept.pk}, format="json")
    assert other.status_code == 400 and "không thuộc" in other.json()["detail"]
    assigned = api(a.leader).post(
        f"{url}assign/", {"lead_unit": a.dept.pk, "deadline": "2026-03-20", "direction": "Xử lý"}, format="json"
    )
    assert assigned.status_code == 200 and assigned.json()["status"] == IncomingStatus.ASSIGNED
    assert assigned.json()["assignments"][0]["unit"]["id"] == a.dept.pk
    assert api(a.spec1).post(f"{url}done/", {}, format="json").status_code == 400  # not the lead
    done = api(a.head).post(f"{url}done/", {"note": "Đã xong"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == IncomingStatus.DONE
    assert api(world.b.leader).post(f"{url}done/", {}, format="json").status_code == 404


def test_outgoing_list_and_detail(world, django_assert_max_num_queries):
    doc = _issued(world)
    client = api(world.a.clerk)
    with django_assert_max_num_queries(8):
        body = client.get(OUTGOING).json()
    assert [d["notation"] for d in body["results"]] == [doc.notation]
    assert client.get(OUTGOING, {"q": "ke hoach kiem tra"}).json()["count"] == 1
    detail = client.get(f"{OUTGOING}{doc.pk}/").json()
    assert {d["recipient_name"] for d in detail["dispatches"]} >= {world.b.agency.name}
    assert detail["actions"] == ["recall"] and detail["versions"][0]["number"] == 1
    assert api(world.b.clerk).get(OUTGOING).json()["count"] == 0
    copy = IncomingDocument.objects.get(origin=doc, agency=world.b.agency)
    assert api(world.b.clerk).get(f"{INCOMING}{copy.pk}/").json()["origin"] == doc.pk


def test_schema_lists_the_document_routes(world, client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/documents/incoming/{id}/assign/" in text and "/api/v1/documents/outgoing/{id}/" in text


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT / "attachments"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_refused_registration_keeps_no_file(world, settings, client):
    """Issue 14, item 10: a duplicate (409) or a refusal (400) through the API or the page stores nothing."""
    from egov.attachments.models import Attachment

    a = world.a
    register(world, notation="7/QĐ-BNV", issuer_name="Bộ Nội vụ", document_date=None)
    data = {
        "issuer_name": "Bộ Nội vụ",
        "document_type": world.decision.pk,
        "notation": "7/QĐ-BNV",
        "subject": "Về việc tuyển dụng công chức",
    }

    def with_file(**extra):
        pdf = SimpleUploadedFile("qd.pdf", pdf_bytes("Quyết định"), content_type="application/pdf")
        return {**data, "file": pdf, **extra}

    assert api(a.clerk).post(INCOMING, with_file(), format="multipart").status_code == 409
    assert api(a.clerk).post(INCOMING, with_file(secrecy=Secrecy.SECRET), format="multipart").status_code == 400
    client.force_login(a.clerk)
    form = {**with_file(), "urgency": 0, "secrecy": 0, "channel": "paper"}
    page = client.post(reverse("documents:incoming-register-form"), form)
    assert page.status_code == 200 and "trùng" in page.content.decode()
    assert not Attachment.objects.exists()
    assert _stored_files(settings) == []
    accepted = api(a.clerk).post(INCOMING, with_file(allow_duplicate=True), format="multipart")
    assert accepted.status_code == 201
    assert Attachment.objects.count() == 1 and len(_stored_files(settings)) == 1
