"""REST API v1 for dossiers: scoped list and detail, actions from the table, public status by code, schema."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from egov.audit.models import AuditRecord
from egov.dossiers.models import Handover
from egov.dossiers.transitions import Status, available_actions
from factories import UserFactory

from .factories import DossierFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("dossiers.urls_for_tests")]
LIST = "/api/v1/dossiers/"


@pytest.fixture
def api():
    def as_user(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return as_user


def test_list_needs_a_staff_account(world, api):
    assert api().get(LIST).status_code == 403
    assert api(UserFactory()).get(LIST).status_code == 403


def test_list_is_scoped_filtered_and_searchable(world, api):
    world.dossier(code="A-1", applicant_name="Nguyễn Thị Hồng Nhung")
    world.dossier(code="A-2", applicant_name="Trần Văn Đức", status=Status.IN_APPRAISAL, current_unit=world.dept)
    DossierFactory(code="OTHER-1")
    client = api(world.officer)
    body = client.get(LIST).json()
    assert body["count"] == 2 and {d["code"] for d in body["results"]} == {"A-1", "A-2"}
    first = body["results"][0]
    assert {"status_label", "national_status", "procedure", "handling_agency", "due_at"} <= set(first)
    assert [d["code"] for d in client.get(LIST, {"search": "van duc"}).json()["results"]] == ["A-2"]
    assert [d["code"] for d in client.get(LIST, {"status": Status.IN_APPRAISAL}).json()["results"]] == ["A-2"]
    assert client.get(LIST, {"procedure": world.procedure.pk}).json()["count"] == 2
    response = client.get(LIST, {"received_from": "2026-05-10", "received_to": "2026-05-01"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dữ liệu gửi lên chưa hợp lệ.",
        "errors": {"received_to": ["Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."]},
    }


def test_detail_has_papers_and_timeline(world, api):
    dossier = world.receive()
    body = api(world.officer).get(f"{LIST}{dossier.pk}/").json()
    assert body["code"] == dossier.code and body["national_status"] == 2
    assert [p["name"] for p in body["papers"]][0] == "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"
    assert body["handovers"][0]["action"] == "receive" and body["handovers"][0]["action_label"] == "Tiếp nhận trực tiếp"
    assert api(world.officer).get(f"{LIST}{DossierFactory().pk}/").status_code == 404


def test_available_actions_come_from_the_table(world, api):
    dossier = world.receive()
    body = api(world.officer).get(f"{LIST}{dossier.pk}/actions/").json()
    assert [a["action"] for a in body] == [
        t.action for t in available_actions(Status.RECEIVED, world.officer.role_codes)
    ]
    assign = next(a for a in body if a["action"] == "assign")
    assert assign["fields"] == [
        {"name": "department", "label": "Phòng chuyên môn", "required": True, "type": "ModelChoiceField"}
    ]
    refuse = next(a for a in body if a["action"] == "refuse")
    assert refuse["needs_note"] and refuse["fields"][0]["name"] == "reason"


def test_post_action_calls_the_service(world, api):
    dossier = world.receive()
    response = api(world.officer).post(
        f"{LIST}{dossier.pk}/actions/", {"action": "assign", "department": world.dept.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Status.ASSIGNED
    assert response.json()["handovers"][-1]["action"] == "assign"
    dossier.refresh_from_db()
    assert dossier.current_unit == world.dept


def test_refused_action_is_400_with_the_vietnamese_message_and_changes_nothing(world, api):
    dossier = world.receive()
    before = (Handover.objects.count(), AuditRecord.objects.count())
    client = api(world.officer)
    response = client.post(f"{LIST}{dossier.pk}/actions/", {"action": "return_result"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Không thể “Trả kết quả” khi hồ sơ đang ở trạng thái “Đã tiếp nhận”."}
    response = client.post(f"{LIST}{dossier.pk}/actions/", {"action": "refuse", "reason": " "}, format="json")
    assert response.status_code == 400 and response.json()["errors"]["reason"] == ["Cần nhập lý do hoặc nội dung."]
    response = client.post(f"{LIST}{dossier.pk}/actions/", {"action": "fly"}, format="json")
    assert response.status_code == 400 and response.json()["detail"] == "Thao tác không hợp lệ."
    response = api(world.leader).post(
        f"{LIST}{dossier.pk}/actions/",
        {"action": "apologize", "reason": "Trễ", "new_due_at": "2020-01-01T08:00"},
        format="json",
    )
    assert response.status_code == 400 and response.json() == {"detail": "Ngày hẹn mới phải sau ngày hẹn hiện tại."}
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and (Handover.objects.count(), AuditRecord.objects.count()) == before


def test_public_status_by_code_has_no_personal_data(world, api):
    cache.clear()
    dossier = world.receive()
    assert api().get(f"/api/v1/public/dossiers/{dossier.code}").status_code == 400  # the code alone: nothing
    response = api().get(f"/api/v1/public/dossiers/{dossier.code}", {"last_digits": "5678"})
    assert response.status_code == 200
    body = response.json()
    assert body["status_label"] == "Đã tiếp nhận" and body["national_status"] == 2
    assert body["procedure"] == world.procedure.name
    assert body["receiving_agency"] == world.centre.name and body["handling_agency"] == world.so.name
    assert body["appointment"]
    text = response.content.decode()
    assert "Nhung" not in text and "001190012345" not in text and "0912345678" not in text
    assert set(body) == {
        "code",
        "status",
        "status_label",
        "national_status",
        "procedure",
        "receiving_agency",
        "handling_agency",
        "appointment",
        "outcome",
    }


def test_public_status_of_an_unknown_code_is_404(world, api):
    cache.clear()
    response = api().get("/api/v1/public/dossiers/000.00.20.K98-260101-9999", {"last_digits": "5678"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy hồ sơ có mã và 4 chữ số cuối này."


def test_public_status_needs_the_last_digits_and_locks_out_like_the_web_lookup(world, api, settings):
    """Issue 14 item 9: the code alone answered; now the same proof and lock-out as /tra-cuu/."""
    cache.clear()
    dossier = world.receive()
    url = f"/api/v1/public/dossiers/{dossier.code}"
    assert api().get(url).json()["detail"].startswith("Nhập đúng 4 chữ số")
    wrong = api().get(url, {"last_digits": "0000"})
    assert wrong.status_code == 404 and "Nhung" not in wrong.content.decode()
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        assert api().get(url, {"last_digits": "0000"}).status_code == 404
    locked = api().get(url, {"last_digits": "5678"})  # even the right digits, once the code is locked
    assert locked.status_code == 429 and "quá nhiều lần" in locked.json()["detail"]


def test_schema_generates(world, client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/dossiers/{id}/actions/" in text and "/api/v1/public/dossiers/{code}" in text
