"""Periodic reports (Decree 09/2019): opening a period (prefilled values, notifications), the transition table
draft → submitted → returned → submitted → accepted, overdue reports, the province-wide summary and the pages."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from egov.audit.models import AuditRecord
from egov.events.models import OutboxEvent
from egov.notifications.models import Notification
from egov.plans import periods, services
from egov.plans.models import Frequency, ReportSubmission
from egov.plans.summary import period_summary, summary_xlsx
from egov.plans.transitions import TRANSITIONS

from .conftest import TEST_INDICATOR

FIELDS = [
    {"key": "received", "label": "Số hồ sơ tiếp nhận", "type": "integer"},
    {"key": "online", "label": "Tỷ lệ trực tuyến", "type": "percent", "indicator": TEST_INDICATOR, "aggregate": "avg"},
    {"key": "trained", "label": "Số cán bộ được bồi dưỡng", "type": "integer"},
    {"key": "notes", "label": "Kiến nghị", "type": "text"},
]


@pytest.fixture
def schedule(world, test_indicator):
    template = services.save_template(actor=world.it_user, code="bc-quy", title="Báo cáo CĐS quý", fields=FIELDS)
    return services.save_schedule(
        actor=world.it_user, template=template, name="Báo cáo quý", frequency=Frequency.QUARTER,
        recipients=[world.a, world.b],
    )  # fmt: skip


def _open(world, schedule, year=2026, index=1):
    return {s.agency_id: s for s in services.open_period(schedule, year=year, index=index, actor=world.it_user)}


def test_decree_09_periods_and_deadlines(db):
    q1 = periods.period(Frequency.QUARTER, 2026, 1)
    assert (q1.start, q1.end, q1.label) == (date(2025, 12, 15), date(2026, 3, 14), "Quý I/2026")
    year = periods.period(Frequency.YEAR, 2026)
    assert (year.start, year.end) == (date(2025, 12, 15), date(2026, 12, 14))
    calendar_half = periods.period(Frequency.HALF, 2026, 2, decree_cutoff=False)
    assert (calendar_half.start, calendar_half.end) == (date(2026, 7, 1), date(2026, 12, 31))
    # 14/3/2026 is a Saturday: five working days later is Friday 20/3
    assert periods.deadline(date(2026, 3, 14), 5) == date(2026, 3, 20)
    # 30/4 and 1/5 are holidays
    assert periods.deadline(date(2026, 4, 28), 2) == date(2026, 5, 4)


def test_opening_a_period_prefills_and_notifies(world, schedule, test_indicator):
    with pytest.raises(services.PlanError):
        services.open_period(schedule, year=2026, index=1, actor=world.leader_a)
    with pytest.raises(services.PlanError):
        services.open_period(schedule, year=2026, index=5, actor=world.it_user)
    opened = _open(world, schedule)
    report = opened[world.a.pk]
    assert report.status == "draft" and report.period_label == "Quý I/2026"
    assert report.deadline == date(2026, 3, 20)
    assert report.values == {"online": "25"} and report.prefilled == {"online": "25"}  # 1 of 4 for the unit
    ids, period = test_indicator[-1]
    assert set(ids) == {world.b.pk} and (period.start, period.end) == (date(2025, 12, 15), date(2026, 3, 14))
    assert Notification.objects.filter(user=world.leader_a, title__contains="Quý I/2026").count() == 1
    assert _open(world, schedule) == {}  # opening again creates nothing
    assert AuditRecord.objects.filter(action="plans.submission_opened").count() == 2


def test_workflow_submit_return_resubmit_accept(world, schedule):
    report = _open(world, schedule)[world.a.pk]
    with pytest.raises(services.PlanError, match="Chưa nhập"):
        services.submit(report, actor=world.leader_a)
    with pytest.raises(services.PlanError):  # another unit cannot fill it
        services.save_values(report, actor=world.leader_b, data={"received": "10"})
    with pytest.raises(services.PlanError) as error:
        services.save_values(report, actor=world.leader_a, data={"received": "12,5", "online": "120"})
    assert set(error.value.message_dict) == {"received", "online"}
    services.save_values(report, actor=world.leader_a, data={"received": "1.250", "online": "25", "trained": "40"})
    report.refresh_from_db()
    assert report.values == {"received": "1250", "online": "25", "trained": "40"}
    with pytest.raises(services.PlanError):  # the unit does not review its own report
        services.accept(report, actor=world.leader_a)
    report = services.submit(report, actor=world.leader_a)
    assert report.status == "submitted" and report.submitted_by == world.leader_a
    with pytest.raises(services.PlanError):  # no longer editable
        services.save_values(report, actor=world.leader_a, data={"received": "1"})
    with pytest.raises(services.PlanError, match="lý do"):
        services.return_submission(report, actor=world.it_user, reason="  ")
    report = services.return_submission(report, actor=world.it_user, reason="Thiếu số liệu bồi dưỡng cấp xã")
    assert report.status == "returned" and report.return_reason == "Thiếu số liệu bồi dưỡng cấp xã"
    assert Notification.objects.filter(user=world.leader_a, title__startswith="Báo cáo bị trả lại").exists()
    services.save_values(report, actor=world.leader_a, data={**report.values, "trained": "55"})
    report = services.submit(report, actor=world.leader_a)
    report = services.accept(report, actor=world.it_user)
    assert report.status == "accepted" and report.reviewed_by == world.it_user
    with pytest.raises(services.PlanError):
        services.return_submission(report, actor=world.it_user, reason="muộn")
    topics = list(OutboxEvent.objects.filter(topic__startswith="plans.submission_").values_list("topic", flat=True))
    for topic in ("submit", "return", "accept"):
        assert f"plans.submission_{topic}" in topics
    assert {t.action for t in TRANSITIONS} == {"submit", "return", "accept"}


def test_overdue_reports_are_flagged(world, schedule):
    opened = _open(world, schedule)
    a, b = opened[world.a.pk], opened[world.b.pk]
    services.save_values(a, actor=world.leader_a, data={"received": "1", "online": "1", "trained": "1"})
    a = services.submit(a, actor=world.leader_a)
    after_deadline = date(2026, 3, 21)
    assert list(ReportSubmission.objects.overdue(after_deadline)) == [b]
    assert not ReportSubmission.objects.overdue(date(2026, 3, 20)).exists()
    assert b.is_overdue(after_deadline) and not a.is_overdue(after_deadline)


def test_summary_sums_and_averages_accepted_reports(world, schedule):
    third = world.agency("000.00.06.H96", "Sở Nông nghiệp", parent=world.ubnd)
    schedule.recipients.add(third)
    opened = _open(world, schedule)
    for agency, user, values in (
        (world.a, world.leader_a, {"received": "100", "online": "40", "trained": "10", "notes": "Cần thêm máy"}),
        (world.b, world.leader_b, {"received": "300", "online": "61", "trained": "5"}),
    ):
        report = opened[agency.pk]
        services.save_values(report, actor=user, data=values)
        services.accept(services.submit(report, actor=user), actor=world.it_user)
    summary = period_summary(schedule, date(2025, 12, 15), user=world.it_user)
    assert summary.counts["total"] == 3 and summary.counts["accepted"] == 2
    assert summary.totals == ["400", "50,5", "15", ""]  # sum, average, sum, text
    assert [row.submission.agency for row in summary.rows] == [world.a, world.b] or len(summary.rows) == 2
    assert [s.agency for s in summary.pending] == [third]
    sheet = load_workbook(BytesIO(summary_xlsx(summary))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["", "Toàn tỉnh (tổng hoặc trung bình)", "400", "50,5", "15", ""] in [
        [v if v is not None else "" for v in row][:6] for row in values
    ]
    # a unit sees only its own report in the summary
    assert period_summary(schedule, date(2025, 12, 15), user=world.leader_a).counts["total"] == 1


def test_report_pages(world, schedule, client, django_assert_max_num_queries):
    report = _open(world, schedule)[world.a.pk]
    client.force_login(world.leader_a)
    detail = reverse("plans:submission-detail", args=[report.pk])
    response = client.get(detail)
    assert response.status_code == 200 and "Gửi báo cáo" in response.content.decode()
    response = client.post(detail, {"received": "abc", "online": "25", "trained": "3"})
    assert response.status_code == 400 and "phải là một số" in response.content.decode()
    assert client.post(detail, {"received": "9", "online": "25", "trained": "3"}).status_code == 302
    assert client.post(reverse("plans:submission-action", args=[report.pk, "submit"])).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    client.force_login(world.leader_b)
    assert client.get(detail).status_code == 404
    client.force_login(world.it_user)
    html = client.get(detail).content.decode()
    assert "Trả lại để hoàn thiện" in html and "Tiếp nhận báo cáo" in html
    client.post(reverse("plans:submission-action", args=[report.pk, "return"]), {"note": "Sai số liệu"})
    report.refresh_from_db()
    assert report.status == "returned"
    with django_assert_max_num_queries(15):
        response = client.get(reverse("plans:report-list") + "?qua-han=1")
    assert response.status_code == 200 and "Báo cáo quý" in response.content.decode()
    response = client.post(
        reverse("plans:open-period", args=[schedule.pk]), {f"s{schedule.pk}-year": "2026", f"s{schedule.pk}-index": "2"}
    )
    assert response.status_code == 302 and ReportSubmission.objects.filter(period_label="Quý II/2026").count() == 2
    summary_url = reverse("plans:report-summary", args=[schedule.pk, "2025-12-15"])
    assert client.get(summary_url).status_code == 200
    assert client.get(summary_url + "tong-hop.xlsx").status_code == 200
