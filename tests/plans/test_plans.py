"""Unit entry of actual values, the IT department's assessment, linked (computed) indicators, progress of
projects, scoping, and the plan pages (query counts on the plan-versus-result table)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.audit.models import AuditRecord
from egov.events.models import OutboxEvent
from egov.plans import io as plan_io
from egov.plans import services
from egov.plans.models import ItPlan, PlanIndicator

from .conftest import TEST_INDICATOR


def _pdf() -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Minh chung")
    page.save()
    return buffer.getvalue()


@pytest.fixture
def plan(world, test_indicator, tmp_path):
    return plan_io.import_plan(world.plan_file(tmp_path)).plan


def _indicator(plan, section, number) -> PlanIndicator:
    return plan.indicators.get(section_code=section, number=number)


def test_reporting_unit_enters_an_actual_value_and_it_is_evaluated(world, plan):
    mailboxes = _indicator(plan, "II", "2")
    services.enter_actual(mailboxes, actor=world.leader_a, actual="78,5%", note="Số liệu tháng 10")
    mailboxes.refresh_from_db()
    assert mailboxes.actual_value == Decimal("78.5") and mailboxes.result == "not_achieved"
    assert mailboxes.actual_by == world.leader_a and mailboxes.actual_source == "entered"
    services.enter_actual(mailboxes, actor=world.leader_a, actual="81")
    mailboxes.refresh_from_db()
    assert mailboxes.result == "achieved"
    assert AuditRecord.objects.filter(action="plans.indicator_entered").count() == 2
    assert OutboxEvent.objects.filter(topic="plans.indicator_entered").count() == 2


def test_other_units_and_bad_values_are_refused(world, plan):
    mailboxes = _indicator(plan, "II", "2")
    with pytest.raises(services.PlanError):
        services.enter_actual(mailboxes, actor=world.leader_b, actual="90")
    with pytest.raises(services.PlanError, match="phải là một số"):
        services.enter_actual(mailboxes, actor=world.leader_a, actual="khá tốt")
    with pytest.raises(services.PlanError):  # only the IT department assesses
        services.enter_actual(mailboxes, actor=world.leader_a, actual="90", result="achieved")
    with pytest.raises(services.PlanError):  # a linked indicator is computed, not entered by a unit
        services.enter_actual(_indicator(plan, "II", "3"), actor=world.leader_a, actual="90")
    mailboxes.refresh_from_db()
    assert mailboxes.actual == "" and mailboxes.result == "not_measured"


def test_it_department_assesses_a_qualitative_indicator(world, plan):
    wan = _indicator(plan, "I", "1")
    with pytest.raises(services.PlanError):
        services.assess(wan, actor=world.leader_a, result="not_achieved")
    services.assess(wan, actor=world.it_user, result="not_achieved", note="Còn 3 xã chưa kết nối")
    wan.refresh_from_db()
    assert wan.result == "not_achieved" and wan.result_note == "Còn 3 xã chưa kết nối"
    lan = _indicator(plan, "I", "2")  # numbers decide a numeric indicator, whatever is said
    services.assess(lan, actor=world.it_user, result="not_achieved", note="ghi chú")
    lan.refresh_from_db()
    assert lan.result == "achieved" and lan.result_note == "ghi chú"


def test_linked_indicator_takes_the_computed_value(world, plan, test_indicator):
    with pytest.raises(services.PlanError):
        services.refresh_computed(plan, actor=world.leader_a)
    assert services.refresh_computed(plan, actor=world.it_user) == 1
    online = _indicator(plan, "II", "3")
    assert online.actual_value == Decimal("75") and online.actual == "75%" and online.result == "achieved"
    assert online.actual_source == "computed" and online.actual_period.startswith("Năm")
    ids, period = test_indicator[-1]
    assert ids is None and period.start.month == 1 and period.start.day == 1
    assert services.refresh_computed(plan, actor=world.it_user) == 0  # unchanged: no new audit record
    assert AuditRecord.objects.filter(action="plans.indicator_computed").count() == 1


def test_progress_of_projects_and_tasks(world, plan):
    wan = plan.projects.get(number="1")
    with pytest.raises(services.PlanError):
        services.update_progress(wan, actor=world.leader_b, status="done", progress=100)
    services.update_progress(wan, actor=world.leader_a, status="in_progress", progress=55, note="Đã lắp 20 điểm")
    wan.refresh_from_db()
    assert (wan.status, wan.progress, wan.note) == ("in_progress", 55, "Đã lắp 20 điểm")
    task = wan.tasks.get()
    services.update_progress(task, actor=world.it_user, status="done", progress=10)
    task.refresh_from_db()
    assert task.progress == 100
    assert AuditRecord.objects.filter(action__in=["plans.project_progress", "plans.task_progress"]).count() == 2


def test_plans_are_visible_to_units_involved_only(world, plan):
    other = world.agency("000.00.09.H96", "Sở Y tế", parent=world.ubnd)
    outsider = world.user("giamdoc.yte", other, "agency_leader")
    assert list(ItPlan.objects.for_user(world.leader_a)) == [plan]  # reports an indicator, owns a project
    assert list(ItPlan.objects.for_user(world.leader_b)) == [plan]  # owns a project
    assert list(ItPlan.objects.for_user(world.it_user)) == [plan]
    assert not ItPlan.objects.for_user(outsider).exists()
    client_response = _client(outsider).get(reverse("plans:plan-detail", args=[plan.pk]))
    assert client_response.status_code == 404


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_plan_detail_shows_the_appendix_table_in_few_queries(world, plan, client, django_assert_max_num_queries):
    for number in range(3, 13):  # more projects must not mean more queries
        project = plan.projects.create(number=str(number), name=f"Dự án {number}", owner_agency=world.a)
        project.budget_lines.create(year=2026, source="local", amount=Decimal(number))
        project.tasks.create(name=f"Nhiệm vụ {number}", owner_agency=world.b)
    client.force_login(world.it_user)
    url = reverse("plans:plan-detail", args=[plan.pk])
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for header in ("STT", "Chỉ tiêu", "Đơn vị tính", "Hiện trạng", "Mục tiêu", "Kết quả", "Đánh giá"):
        assert f'<th scope="col">{header}</th>' in html
    assert "HẠ TẦNG KỸ THUẬT" in html and "45,5%" in html and "Không đạt" in html
    assert "4.075,5" in html  # 1000 + 2500,5 + 500 + (3 + 4 + ... + 12 = 75): the total in million đồng
    list_response = client.get(reverse("plans:plan-list"))
    assert list_response.status_code == 200 and plan.title in list_response.content.decode()


def test_unit_entry_form_with_evidence(world, plan, client):
    mailboxes = _indicator(plan, "II", "2")
    url = reverse("plans:indicator-entry", args=[plan.pk, mailboxes.pk])
    client.force_login(world.leader_b)
    assert client.get(url).status_code == 403
    client.force_login(world.leader_a)
    assert client.get(url).status_code == 200
    response = client.post(url, {"actual": "không rõ"})
    assert response.status_code == 400 and "phải là một số" in response.content.decode()
    evidence = SimpleUploadedFile("minh-chung.pdf", _pdf(), content_type="application/pdf")
    response = client.post(url, {"actual": "83%", "note": "Theo báo cáo của các xã", "evidence": evidence})
    assert response.status_code == 302
    mailboxes.refresh_from_db()
    assert mailboxes.result == "achieved" and mailboxes.evidence is not None
    assert mailboxes.evidence.original_name == "minh-chung.pdf"


def test_xlsx_export_and_import_page(world, plan, client, tmp_path):
    client.force_login(world.leader_a)
    response = client.get(reverse("plans:plan-xlsx", args=[plan.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("plans:plan-import")).status_code == 403
    client.force_login(world.it_user)
    upload = SimpleUploadedFile("ke-hoach.xlsx", response.content)
    response = client.post(reverse("plans:plan-import"), {"file": upload, "plan_code": "KH-MOI"})
    assert response.status_code == 302
    assert ItPlan.objects.get(code="KH-MOI").indicators.count() == plan.indicators.count()
    response = client.post(reverse("plans:plan-import"), {"file": SimpleUploadedFile("x.json", b"{}")})
    assert response.status_code == 400 and "egov.plans/1" in response.content.decode()


def test_refresh_button_and_progress_page(world, plan, client):
    client.force_login(world.it_user)
    response = client.post(reverse("plans:plan-refresh", args=[plan.pk]))
    assert response.status_code == 302
    assert _indicator(plan, "II", "3").computed_code == TEST_INDICATOR
    assert _indicator(plan, "II", "3").result == "achieved"
    wan = plan.projects.get(number="1")
    client.force_login(world.leader_a)
    url = reverse("plans:project-progress", args=[wan.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "in_progress", "progress": "140"}).status_code == 400
    assert client.post(url, {"status": "in_progress", "progress": "70"}).status_code == 302
    wan.refresh_from_db()
    assert wan.progress == 70


def test_assess_page(world, plan, client):
    wan = _indicator(plan, "I", "1")
    url = reverse("plans:indicator-assess", args=[plan.pk, wan.pk])
    client.force_login(world.leader_a)
    assert client.get(url).status_code == 403
    client.force_login(world.it_user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"result": "bogus"}).status_code == 400
    assert client.post(url, {"result": "not_achieved", "note": "Chưa xong"}).status_code == 302
    wan.refresh_from_db()
    assert wan.result == "not_achieved"
