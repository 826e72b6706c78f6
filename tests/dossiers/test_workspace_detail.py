"""The dossier page and its actions: derived from the transition table, dispatched to the services."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.attachments.models import Attachment
from egov.audit.models import AuditRecord
from egov.dossiers.forms import ACTION_FORMS
from egov.dossiers.models import Dossier, DossierResult, Handover
from egov.dossiers.transitions import TRANSITIONS, Status, available_actions
from factories import StaffUserFactory

from .factories import DossierFactory, pdf_upload, text_upload

pytestmark = [pytest.mark.django_db, pytest.mark.urls("dossiers.urls_for_tests")]


def detail(client, dossier):
    return client.get(reverse("dossiers:detail", args=[dossier.pk]))


def act(client, dossier, action, **fields):
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return client.post(reverse("dossiers:action", args=[dossier.pk, action]), data)


def state(dossier):
    dossier.refresh_from_db()
    return dossier.status, dossier.due_at, Handover.objects.count(), AuditRecord.objects.count()


def test_every_transition_has_a_form():
    assert set(ACTION_FORMS) == {t.action for t in TRANSITIONS}


def test_page_shows_header_papers_timeline_and_the_allowed_actions(world, staff_client):
    dossier = world.receive()
    response = detail(staff_client(world.officer), dossier)
    html = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in html and "Đã tiếp nhận" in html and "mã trạng thái 2" in html
    assert world.procedure.name in html and "Nguyễn Thị Hồng Nhung" in html
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in html and "Bản sao" in html
    assert "Tiếp nhận trực tiếp" in html  # the timeline row of the reception
    assert "Trong hạn" in html
    shown = [form.transition.action for form in response.context["action_forms"]]
    assert shown == [t.action for t in available_actions(Status.RECEIVED, world.officer.role_codes)]
    for action in shown:
        assert f'action="{reverse("dossiers:action", args=[dossier.pk, action])}"' in html


def test_specialist_has_no_action_on_a_dossier_awaiting_approval(world, staff_client):
    dossier = world.dossier(status=Status.AWAITING_APPROVAL, current_unit=world.dept)
    response = detail(staff_client(world.specialist), dossier)
    assert response.status_code == 200 and response.context["action_forms"] == []


def test_dossier_outside_the_scope_is_404(world, staff_client):
    other = DossierFactory()
    assert detail(staff_client(world.officer), other).status_code == 404
    assert act(staff_client(world.officer), other, "refuse", reason="x").status_code == 404


def test_walk_through_the_workspace_to_the_returned_result(world, staff_client):
    dossier = world.receive()
    response = act(staff_client(world.officer), dossier, "assign", department=world.dept.pk)
    assert response.status_code == 302 and response["Location"] == reverse("dossiers:detail", args=[dossier.pk])
    assert state(dossier)[0] == Status.ASSIGNED and dossier.current_unit == world.dept

    assign_specialist = detail(staff_client(world.head), dossier).context["action_forms"][0]
    assert set(assign_specialist.fields["specialist"].queryset) == {world.specialist, world.specialist2}
    act(staff_client(world.head), dossier, "assign_specialist", specialist=world.specialist.pk)
    assert state(dossier)[0] == Status.IN_APPRAISAL and dossier.current_handler == world.specialist

    act(staff_client(world.specialist), dossier, "submit_for_approval", note="Đủ điều kiện cấp")
    assert state(dossier)[0] == Status.AWAITING_APPROVAL

    client = staff_client(world.leader)
    response = client.post(
        reverse("dossiers:action", args=[dossier.pk, "approve"]),
        {"approve-result_title": "Phiếu lý lịch tư pháp số 12", "approve-result_file": pdf_upload("ket-qua.pdf")},
    )
    assert response.status_code == 302
    result = DossierResult.objects.get(dossier=dossier)
    assert result.attachment is not None and result.code == f"{dossier.code}-KQ1"
    assert state(dossier)[0] == Status.RESULT_READY

    client = staff_client(world.officer)
    file_response = client.get(reverse("dossiers:file", args=[dossier.pk, result.attachment_id]))
    assert file_response.status_code == 200
    act(client, dossier, "return_result")
    assert state(dossier)[0] == Status.RETURNED
    page = detail(client, dossier).content.decode()
    assert "Phiếu lý lịch tư pháp số 12" in page and "Đã trả kết quả" in page
    assert "Sớm hạn" in page  # approved on the day of reception, ten working days ahead


def test_missing_reason_is_a_form_error_and_changes_nothing(world, staff_client):
    dossier = world.receive()
    before = state(dossier)
    response = act(staff_client(world.officer), dossier, "refuse", reason="  ")
    assert response.status_code == 400
    assert "Cần nhập lý do hoặc nội dung." in response.content.decode()
    assert state(dossier) == before


def test_action_the_role_does_not_allow_is_refused_with_the_reason(world, staff_client):
    dossier = world.receive()
    before = state(dossier)
    client = staff_client(world.specialist)
    Dossier.objects.filter(pk=dossier.pk).update(current_unit=world.dept)  # visible to him, not his to approve
    response = act(client, dossier, "approve", result_title="x")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Không thể “Phê duyệt, ban hành kết quả” khi hồ sơ đang ở trạng thái “Đã tiếp nhận”." in page
    response = act(client, dossier, "assign", department=world.dept.pk)
    assert "Bạn không có vai trò phù hợp" in client.get(response["Location"]).content.decode()
    assert state(dossier) == before


def test_service_refusal_is_shown_on_the_form(world, staff_client):
    dossier = world.dossier(
        status=Status.IN_APPRAISAL,
        current_unit=world.dept,
        rescheduled=True,
        due_at=timezone.now() + timedelta(days=2),
    )
    before = state(dossier)
    new_due = (timezone.localtime() + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")
    response = act(staff_client(world.leader), dossier, "apologize", reason="Cần xác minh", new_due_at=new_due)
    assert response.status_code == 400
    assert "Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần nữa." in response.content.decode()
    assert state(dossier) == before


def test_department_of_another_agency_is_not_a_choice(world, staff_client):
    dossier = world.receive()
    other_department = DossierFactory().receiving_agency
    response = act(staff_client(world.officer), dossier, "assign", department=other_department.pk)
    assert response.status_code == 400
    assert state(dossier)[0] == Status.RECEIVED


def test_refused_result_file_keeps_nothing(world, staff_client):
    dossier = world.dossier(status=Status.AWAITING_APPROVAL, current_unit=world.dept, code="000.00.20.K98-260105-0099")
    response = staff_client(world.leader).post(
        reverse("dossiers:action", args=[dossier.pk, "approve"]),
        {"approve-result_title": "Phiếu số 1", "approve-result_file": text_upload()},
    )
    assert response.status_code == 400
    assert state(dossier)[0] == Status.AWAITING_APPROVAL
    assert not Attachment.objects.exists() and not DossierResult.objects.exists()


def test_apology_moves_the_appointment(world, staff_client):
    dossier = world.receive()
    new_due = timezone.localtime(dossier.due_at + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = act(staff_client(world.officer), dossier, "apologize", reason="Chờ xác minh", new_due_at=new_due)
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.rescheduled and timezone.localtime(dossier.due_at).strftime("%Y-%m-%dT%H:%M") == new_due


def test_transfer_and_payment_through_the_page(world, staff_client):
    dossier = world.receive()
    client = staff_client(world.officer)
    act(client, dossier, "request_payment", amount="200000")
    assert state(dossier)[0] == Status.AWAITING_PAYMENT
    act(client, dossier, "confirm_payment")
    assert state(dossier)[0] == Status.RECEIVED and dossier.fee_paid
    response = act(client, dossier, "transfer", to_agency=world.so.pk)
    assert response.status_code == 302
    assert state(dossier)[0] == Status.TRANSFERRED and dossier.current_unit == world.so
    act(staff_client(world.clerk), dossier, "accept_transfer")
    assert state(dossier)[0] == Status.RECEIVED


def test_detail_queries_do_not_grow_with_the_dossier(world, staff_client, django_assert_max_num_queries):
    dossier = world.receive()
    client = staff_client(world.officer)
    detail(client, dossier)
    with django_assert_max_num_queries(25) as few:
        detail(client, dossier)
    few_count = len(few.captured_queries)  # read now: each request resets the connection's query log
    for n in range(10):
        act(client, dossier, "request_payment", amount=str(1000 + n))
        act(client, dossier, "confirm_payment")
    other = StaffUserFactory()  # an unrelated row changes nothing either
    assert other.pk
    with django_assert_max_num_queries(few_count):
        response = detail(client, dossier)
    assert len(response.context["handovers"]) == 21


def test_transfer_to_the_handling_agency_by_default(world, staff_client):
    dossier = world.receive()
    response = act(staff_client(world.officer), dossier, "transfer", to_agency="")
    assert response.status_code == 302
    assert state(dossier)[0] == Status.TRANSFERRED and dossier.current_unit == world.so


def test_the_result_link_follows_the_file_background_signing_put_in_its_place(world, staff_client):
    """Issue 13 (minor): the page rendered right after approval linked the unsigned file's id; signing then
    replaced the result's attachment and the link answered 404. The link now names the result."""
    from egov.attachments.services import store_upload
    from egov.dossiers import services

    dossier = world.receive()
    dossier.status = Status.AWAITING_APPROVAL
    dossier.save()
    unsigned = store_upload(pdf_upload("ket-qua.pdf"), uploaded_by=world.leader, agency=world.so, allowed_types=["pdf"])
    services.approve(dossier, actor=world.leader, result_title="Phiếu số 1", attachment=unsigned)
    client = staff_client(world.officer)
    page = detail(client, dossier).content.decode()
    result = DossierResult.objects.get(dossier=dossier)
    link = reverse("dossiers:result-file", args=[dossier.pk, result.pk])
    assert f'href="{link}?xem=1"' in page
    # background signing: a new attachment takes the result's place
    signed = store_upload(pdf_upload("ket-qua-da-ky.pdf"), uploaded_by=None, agency=world.so, allowed_types=["pdf"])
    result.attachment = signed
    result.save(update_fields=["attachment"])
    response = client.get(f"{link}?xem=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="ket-qua-da-ky.pdf"')
