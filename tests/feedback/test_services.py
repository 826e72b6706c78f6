"""Questions and feedback: routing, deadlines, approval, rejection, rating and notifications."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.audit.models import AuditRecord
from egov.events.models import OutboxEvent
from egov.feedback import services
from egov.feedback.models import Kind, Rating, RejectReason, Submission
from egov.feedback.services import FeedbackError
from egov.feedback.transitions import Status
from egov.workdays.models import CalendarDay

from .conftest import answered

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_submission_gets_code_deadline_and_waits_at_the_intake_agency(world, make_item):
    item = make_item()
    assert item.status == Status.SUBMITTED
    assert item.code.startswith("HD-") and len(item.code) == 15
    assert item.agency == world.root and not item.chosen_by_submitter
    assert item.due_at > item.submitted_at
    assert OutboxEvent.objects.filter(topic="feedback.submit", aggregate_id=str(item.pk)).exists()
    assert AuditRecord.objects.filter(action="feedback.submit").count() == 1


def test_feedback_sent_to_a_chosen_agency_is_in_that_agency_inbox_only(world, make_item):
    item = make_item(kind=Kind.FEEDBACK, agency=world.b)
    assert item.code.startswith("PA-") and item.chosen_by_submitter
    assert Submission.objects.for_user(world.clerk_b).filter(pk=item.pk).exists()
    assert not Submission.objects.for_user(world.clerk_a).filter(pk=item.pk).exists()


def test_deadline_counts_working_days_across_weekend_and_holiday(world, make_item, settings):
    settings.FEEDBACK_ANSWER_DAYS = 2
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=HCM)
    plain = make_item(now=friday)
    assert timezone.localtime(plain.due_at, HCM) == datetime(2026, 12, 1, 10, 0, tzinfo=HCM)  # Sat, Sun skipped
    CalendarDay.objects.create(date="2026-11-30", kind="day_off", note="Nghỉ theo quyết định của tỉnh")
    with_holiday = make_item(now=friday)
    assert timezone.localtime(with_holiday.due_at, HCM) == datetime(2026, 12, 2, 10, 0, tzinfo=HCM)


def test_full_flow_route_answer_approve_publish(world, make_item):
    item = answered(make_item(), world)
    assert item.status == Status.APPROVED and item.agency == world.a and item.answered_at
    item = services.publish_answer(item, actor=world.clerk_a)
    assert item.status == Status.PUBLISHED and item.published_at
    actions = list(item.steps.values_list("action", flat=True))
    assert actions == ["submit", "route", "answer", "approve", "publish"]


def test_only_a_leader_approves(world, make_item):
    item = services.route(make_item(), actor=world.intake, agency=world.a)
    item = services.answer(item, actor=world.clerk_a, text="Dự thảo trả lời")
    with pytest.raises(FeedbackError):
        services.approve(item, actor=world.clerk_a)
    item = services.send_back(item, actor=world.leader_a, note="Bổ sung căn cứ pháp lý")
    assert item.status == Status.ROUTED


def test_other_agency_cannot_act(world, make_item):
    item = services.route(make_item(), actor=world.intake, agency=world.a)
    with pytest.raises(FeedbackError):
        services.answer(item, actor=world.clerk_b, text="Không phải việc của tôi")


def test_rerouting_is_audited_and_moves_the_item(world, make_item):
    item = services.route(make_item(), actor=world.intake, agency=world.a)
    with pytest.raises(FeedbackError):
        services.reroute(item, actor=world.clerk_a, agency=world.b, note="")
    item = services.reroute(item, actor=world.clerk_a, agency=world.b, note="Thuộc lĩnh vực xây dựng")
    assert item.agency == world.b
    audit = AuditRecord.objects.filter(action="feedback.reroute").get()
    assert audit.before["agency"] == world.a.pk and audit.after["agency"] == world.b.pk
    step = item.steps.get(action="reroute")
    assert step.from_agency == world.a and step.to_agency == world.b
    assert not Submission.objects.for_user(world.clerk_a).filter(pk=item.pk).exists()


def test_route_to_a_department_lets_its_specialist_answer(world, make_item):
    item = services.route(make_item(), actor=world.intake, agency=world.unit)
    item = services.answer(item, actor=world.specialist_a, text="Trả lời của chuyên viên")
    assert item.status == Status.ANSWERED


def test_reject_needs_a_reason(world, make_item):
    item = make_item()
    with pytest.raises(FeedbackError):
        services.reject(item, actor=world.intake, reason="", note="rác")
    item = services.reject(item, actor=world.intake, reason=RejectReason.SPAM, note="Quảng cáo")
    assert item.status == Status.REJECTED and item.closed_at


def test_overdue_flag(world, make_item):
    item = make_item()
    assert not item.is_overdue()
    later = item.due_at + timezone.timedelta(minutes=1)
    assert item.is_overdue(later)
    assert list(Submission.objects.overdue(later)) == [item]
    done = answered(make_item(), world)
    assert not done.is_overdue(later)


def test_submitter_is_notified_with_code_and_rating_link(world, make_item):
    from egov.events.dispatcher import deliver_due
    from egov.notifications.models import Message

    item = make_item(phone="0912345678")
    item = answered(item, world)
    deliver_due()
    bodies = list(Message.objects.filter(recipient__in=[item.email, "0912345678"]).values_list("body", flat=True))
    assert any(item.code in b and "Hạn trả lời" in b for b in bodies)
    # The token is signed with a timestamp (seconds): compare what it opens, not its text, which changes when a
    # second passes between the mail and this line.
    prefix = reverse("feedback:rate", args=["TOKEN"]).split("TOKEN")[0]
    tokens = [m.group(1) for b in bodies for m in re.finditer(re.escape(prefix) + r"([^/\s]+)/", b)]
    assert tokens, bodies
    assert all(services.item_for_rating_token(token) == item for token in tokens)


def test_rating_once_through_the_token(world, make_item):
    item = answered(make_item(), world)
    found = services.item_for_rating_token(services.rating_token(item))
    assert found == item
    assert services.item_for_rating_token("forged:token") is None
    services.rate(found, rating=Rating.SATISFIED, comment="Rõ ràng")
    with pytest.raises(FeedbackError):
        services.rate(found, rating=Rating.UNSATISFIED)


def test_cannot_rate_before_answer(world, make_item):
    with pytest.raises(FeedbackError):
        services.rate(make_item(), rating=Rating.SATISFIED)


def test_mask_name():
    from egov.feedback.models import mask_name

    assert mask_name("Nguyễn Văn An") == "N*** V*** A***"
    assert mask_name("") == "—"
