"""Every change of an IT plan and of a periodic report: one function each, one transaction each, with its audit
record and its outbox event. Views, commands and the demo call these; nothing else writes these models.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.accounts.models import User
from egov.agencies.scoping import visible_agency_ids
from egov.audit.services import record
from egov.core.collation import vi_order
from egov.core.transitions import Lifecycle, Messages, apply
from egov.events.services import publish
from egov.notifications.services import notify_user

from . import linked, periods
from .models import (
    ActualSource,
    ItPlan,
    PlanIndicator,
    PlanProject,
    PlanTask,
    ProjectStatus,
    ReportSchedule,
    ReportSubmission,
    ReportTemplate,
    Result,
    is_it_department,
)
from .transitions import EDITABLE, IT, TRANSITIONS, UNIT
from .values import evaluate, format_number, parse_number


class PlanError(ValidationError):
    """A refused request on a plan or a report; the message is for the user (Vietnamese)."""


def _actor(user):
    return user if getattr(user, "pk", None) else None


def _log(action: str, target, actor, *, agency, before=None, after=None, payload=None):
    """The audit record and the outbox event of one change (call last inside the atomic block)."""
    publish(f"plans.{action}", aggregate=target, payload={**(payload or {}), **(after or {})}, actor=_actor(actor))
    record(actor=_actor(actor), action=f"plans.{action}", target=target, before=before, after=after, agency=agency)


# --- plans ----------------------------------------------------------------------------------------------


def can_manage(user) -> bool:
    """The IT department manages plans (import, assessment, refresh of computed values)."""
    return is_it_department(user)


def can_enter(user, indicator: PlanIndicator) -> bool:
    """The reporting unit (within the user's scope) or the IT department may enter an actual value; an indicator
    linked to a computed indicator takes its value from the platform only."""
    if indicator.is_linked:
        return False
    if is_it_department(user):
        return True
    if indicator.reporting_agency_id is None or not getattr(user, "is_official", False):
        return False
    return indicator.reporting_agency_id in visible_agency_ids(user)


def _indicator_state(indicator: PlanIndicator) -> dict:
    return {
        "actual": indicator.actual,
        "actual_value": f"{Decimal(indicator.actual_value).normalize():f}"
        if indicator.actual_value is not None
        else None,
        "result": indicator.result,
        "result_note": indicator.result_note,
    }


def _apply_result(indicator: PlanIndicator, manual: str | None = None, note: str | None = None) -> None:
    automatic = evaluate(indicator.comparison, indicator.target_value, indicator.actual_value)
    if automatic is not None:
        indicator.result = automatic
    elif manual:
        indicator.result = manual
    elif indicator.is_numeric or not indicator.actual:
        indicator.result = Result.NOT_MEASURED
    if note is not None:
        indicator.result_note = note


def enter_actual(
    indicator: PlanIndicator,
    *,
    actor,
    actual: str,
    note: str = "",
    evidence=None,
    result: str | None = None,
    result_note: str | None = None,
    now=None,
) -> PlanIndicator:
    """A unit (or the IT department) enters the actual value of an indicator, with a note and evidence.

    Numeric indicators are evaluated against their target; the others keep the result the IT department gives
    (``result``, only the IT department may set it)."""
    if not can_enter(actor, indicator):
        raise PlanError(_("Bạn không được nhập kết quả cho chỉ tiêu này."))
    actual = (actual or "").strip()
    if not actual:
        raise PlanError(_("Hãy nhập kết quả thực hiện."))
    value = parse_number(actual)
    if indicator.is_numeric and value is None:
        raise PlanError(_("Kết quả của chỉ tiêu này phải là một số (ví dụ 87 hoặc 62,4)."))
    if result and not is_it_department(actor):
        raise PlanError(_("Chỉ Sở/Phòng phụ trách CNTT được đánh giá chỉ tiêu."))
    now = now or timezone.now()
    with transaction.atomic():
        before = _indicator_state(indicator)
        indicator.actual, indicator.actual_value = actual, value
        indicator.actual_source, indicator.actual_by, indicator.actual_at = ActualSource.ENTERED, _actor(actor), now
        indicator.actual_note = note.strip()
        indicator.actual_period = ""
        if evidence is not None:
            indicator.evidence = evidence
        _apply_result(indicator, result, result_note)
        indicator.save()
        _log(
            "indicator_entered",
            indicator,
            actor,
            agency=indicator.plan.agency,
            before=before,
            after=_indicator_state(indicator),
            payload={"plan": indicator.plan.code},
        )
    return indicator


def assess(indicator: PlanIndicator, *, actor, result: str, note: str = "") -> PlanIndicator:
    """The IT department's assessment of an indicator that numbers cannot decide (or its note on one that they do)."""
    if not is_it_department(actor):
        raise PlanError(_("Chỉ Sở/Phòng phụ trách CNTT được đánh giá chỉ tiêu."))
    if result not in Result.values:
        raise PlanError(_("Kết quả đánh giá không hợp lệ."))
    with transaction.atomic():
        before = _indicator_state(indicator)
        _apply_result(indicator, result, note.strip())
        indicator.save(update_fields=["result", "result_note"])
        _log(
            "indicator_assessed",
            indicator,
            actor,
            agency=indicator.plan.agency,
            before=before,
            after=_indicator_state(indicator),
            payload={"plan": indicator.plan.code},
        )
    return indicator


def measurement_period(plan: ItPlan, today: date | None = None) -> tuple[date, date, str]:
    """The period computed indicators are measured over: the plan's current year (its last year once over)."""
    today = today or timezone.localdate()
    year = min(max(today.year, plan.start_year), plan.end_year)
    end = min(date(year, 12, 31), today) if year == today.year else date(year, 12, 31)
    return date(year, 1, 1), end, _("Năm %(year)d") % {"year": year}


def refresh_computed(plan: ItPlan, *, actor=None, start: date | None = None, end: date | None = None) -> int:
    """Compute the value of every indicator linked to a computed indicator and evaluate it; returns how many
    changed. The value is stored so that pages and exports read it without recomputing."""
    if actor is not None and not is_it_department(actor):
        raise PlanError(_("Chỉ Sở/Phòng phụ trách CNTT được cập nhật số liệu tự động."))
    if start is None or end is None:
        start, end, label = measurement_period(plan)
    else:
        label = f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"
    changed = 0
    now = timezone.now()
    for indicator in plan.indicators.exclude(computed_code=""):
        value = linked.compute(indicator.computed_code, start=start, end=end)
        with transaction.atomic():
            before = _indicator_state(indicator)
            indicator.actual_value = value
            indicator.actual = format_number(value) + ("%" if value is not None and indicator.unit == "%" else "")
            indicator.actual_source, indicator.actual_at, indicator.actual_by = ActualSource.COMPUTED, now, None
            indicator.actual_period = label
            _apply_result(indicator)
            if _indicator_state(indicator) == before:
                PlanIndicator.objects.filter(pk=indicator.pk).update(actual_at=now, actual_period=label)
                continue
            indicator.save()
            _log(
                "indicator_computed",
                indicator,
                actor,
                agency=plan.agency,
                before=before,
                after=_indicator_state(indicator),
                payload={"plan": plan.code, "code": indicator.computed_code},
            )
            changed += 1
    return changed


def can_update_progress(user, item) -> bool:
    if is_it_department(user):
        return True
    return item.owner_agency_id is not None and item.owner_agency_id in visible_agency_ids(user)


def update_progress(item: PlanProject | PlanTask, *, actor, status: str, progress: int, note: str = ""):
    """The owner unit (or the IT department) reports the status and progress of a project or task."""
    if not can_update_progress(actor, item):
        raise PlanError(_("Chỉ đơn vị chủ trì hoặc Sở/Phòng phụ trách CNTT được cập nhật tiến độ."))
    if status not in ProjectStatus.values:
        raise PlanError(_("Tình trạng không hợp lệ."))
    if not 0 <= int(progress) <= 100:
        raise PlanError(_("Tiến độ phải từ 0 đến 100%."))
    if status == ProjectStatus.DONE:
        progress = 100
    kind = "project" if isinstance(item, PlanProject) else "task"
    plan = item.plan if kind == "project" else item.project.plan
    with transaction.atomic():
        before = {"status": item.status, "progress": item.progress}
        item.status, item.progress = status, int(progress)
        fields = ["status", "progress"]
        if kind == "project" and note:
            item.note = note.strip()
            fields.append("note")
        item.save(update_fields=fields)
        _log(
            f"{kind}_progress",
            item,
            actor,
            agency=plan.agency,
            before=before,
            after={"status": item.status, "progress": item.progress},
            payload={"plan": plan.code, "note": note},
        )
    return item


# --- periodic reports -----------------------------------------------------------------------------------


FIELD_TYPES = ("integer", "decimal", "percent", "text")
AGGREGATES = ("sum", "avg", "none")


def check_fields(fields: list) -> list[dict]:
    """Validate a template's fields; returns them with defaults filled in."""
    if not isinstance(fields, list) or not fields:
        raise PlanError(_("Mẫu báo cáo phải có ít nhất một chỉ tiêu."))
    cleaned, keys = [], set()
    for position, field in enumerate(fields, start=1):
        key = str(field.get("key", "")).strip()
        if not key or key in keys:
            raise PlanError(_("Chỉ tiêu thứ %(n)d: thiếu mã hoặc mã bị trùng.") % {"n": position})
        kind = field.get("type", "integer")
        aggregate = field.get("aggregate", "none" if kind == "text" else "sum")
        if kind not in FIELD_TYPES or aggregate not in AGGREGATES or (kind == "text" and aggregate != "none"):
            raise PlanError(_("Chỉ tiêu «%(key)s»: kiểu dữ liệu hoặc cách tổng hợp không hợp lệ.") % {"key": key})
        keys.add(key)
        cleaned.append(
            {
                "key": key,
                "label": str(field.get("label") or key),
                "type": kind,
                "indicator": str(field.get("indicator") or ""),
                "aggregate": aggregate,
            }
        )
    return cleaned


def save_template(*, actor, code: str, title: str, fields: list, description: str = "") -> ReportTemplate:
    if actor is not None and not is_it_department(actor):
        raise PlanError(_("Chỉ Sở/Phòng phụ trách CNTT được quản lý mẫu báo cáo."))
    fields = check_fields(fields)
    with transaction.atomic():
        template, created = ReportTemplate.objects.update_or_create(
            code=code, defaults={"title": title, "fields": fields, "description": description}
        )
        _log("template_saved", template, actor, agency=None, after={"code": code, "created": created})
    return template


def save_schedule(
    *, actor, template: ReportTemplate, name: str, frequency: str, recipients, decree_cutoff=True, deadline_days=5
) -> ReportSchedule:
    if actor is not None and not is_it_department(actor):
        raise PlanError(_("Chỉ Sở/Phòng phụ trách CNTT được quản lý chế độ báo cáo."))
    with transaction.atomic():
        schedule, _created = ReportSchedule.objects.update_or_create(
            template=template,
            name=name,
            defaults={"frequency": frequency, "decree_cutoff": decree_cutoff, "deadline_working_days": deadline_days},
        )
        schedule.recipients.set(recipients)
        _log(
            "schedule_saved",
            schedule,
            actor,
            agency=None,
            after={"frequency": frequency, "recipients": sorted(a.pk for a in recipients)},
        )
    return schedule


def prefill_values(template: ReportTemplate, agency, start: date, end: date) -> dict:
    """The values the system computes for the fields linked to an indicator code, as strings."""
    values = {}
    for field in template.fields:
        if field.get("indicator"):
            value = linked.compute(field["indicator"], start=start, end=end, agency=agency)
            if value is not None:
                values[field["key"]] = _quantize(field, value)
    return values


def _quantize(field: dict, value: Decimal) -> str:
    if field["type"] == "integer":
        return str(int(value.to_integral_value()))
    return str(value.quantize(Decimal("0.01")).normalize())


def open_period(schedule: ReportSchedule, *, year: int, index: int = 1, actor=None, notify=True) -> list:
    """Open one period of a schedule: a draft report per recipient unit, prefilled from computed indicators,
    and a notification to the unit's staff. Units that already have their report for the period are skipped."""
    if actor is not None and not is_it_department(actor):
        raise PlanError(_("Chỉ Sở/Phòng phụ trách CNTT được mở kỳ báo cáo."))
    try:
        period = periods.period(schedule.frequency, year, index, decree_cutoff=schedule.decree_cutoff)
    except ValueError as error:
        raise PlanError(str(error)) from error
    due = periods.deadline(period.end, schedule.deadline_working_days)
    existing = set(schedule.submissions.filter(period_start=period.start).values_list("agency_id", flat=True))
    created = []
    for agency in schedule.recipients.exclude(pk__in=existing).order_by("sort_order", vi_order("name")):
        values = prefill_values(schedule.template, agency, period.start, period.end)
        with transaction.atomic():
            submission = ReportSubmission.objects.create(
                schedule=schedule,
                agency=agency,
                period_start=period.start,
                period_end=period.end,
                period_label=period.label,
                deadline=due,
                values=dict(values),
                prefilled=values,
            )
            if notify:
                _notify_unit(
                    submission,
                    _("Mở kỳ báo cáo: %(name)s — %(period)s") % {"name": schedule.name, "period": period.label},
                    _("Hạn gửi: %(date)s.") % {"date": due.strftime("%d/%m/%Y")},
                )
            _log(
                "submission_opened",
                submission,
                actor,
                agency=agency,
                after={"status": submission.status, "period": period.label, "deadline": due.isoformat()},
            )
        created.append(submission)
    return created


def _unit_users(agency):
    return User.objects.filter(is_active=True, kind=User.Kind.STAFF, official__agency=agency).exclude(roles=None)


def _notify_unit(submission: ReportSubmission, title: str, body: str = "") -> None:
    from django.urls import reverse

    url = reverse("plans:submission-detail", args=[submission.pk])
    users = {u.pk: u for u in _unit_users(submission.agency)}
    if submission.submitted_by_id and submission.submitted_by_id not in users:
        users[submission.submitted_by_id] = submission.submitted_by
    for user in users.values():
        notify_user(user, title, body, url)


def relations(user, submission: ReportSubmission) -> set[str]:
    """The transition-table roles ``user`` holds on ``submission``."""
    roles = set()
    if is_it_department(user):
        roles.add(IT)
    if getattr(user, "is_official", False) and submission.agency_id in visible_agency_ids(user) and user.role_codes:
        roles.add(UNIT)
    return roles


def can_edit(user, submission: ReportSubmission) -> bool:
    return submission.status in EDITABLE and UNIT in relations(user, submission)


def clean_values(template: ReportTemplate, data: dict) -> tuple[dict, dict]:
    """(values, errors) for the posted ``data`` (field key → text); errors name each bad field in Vietnamese."""
    values, errors = {}, {}
    for field in template.fields:
        raw = str(data.get(field["key"], "") or "").strip()
        if not raw:
            continue
        if field["type"] == "text":
            values[field["key"]] = raw[:2000]
            continue
        number = parse_number(raw)
        if number is None:
            errors[field["key"]] = _("«%(label)s» phải là một số.") % {"label": field["label"]}
        elif field["type"] == "integer" and number != number.to_integral_value():
            errors[field["key"]] = _("«%(label)s» phải là số nguyên.") % {"label": field["label"]}
        elif number < 0 or (field["type"] == "percent" and number > 100):
            errors[field["key"]] = _("«%(label)s» nằm ngoài giới hạn cho phép.") % {"label": field["label"]}
        else:
            values[field["key"]] = _quantize(field, number)
    return values, errors


def save_values(submission: ReportSubmission, *, actor, data: dict) -> ReportSubmission:
    """The unit saves the values of its report (draft or returned)."""
    if not can_edit(actor, submission):
        raise PlanError(_("Báo cáo này không thể sửa (đã gửi hoặc không thuộc đơn vị của bạn)."))
    values, errors = clean_values(submission.schedule.template, data)
    if errors:
        raise PlanError(errors)
    with transaction.atomic():
        before = {"values": submission.values}
        submission.values = values
        submission.save(update_fields=["values"])
        _log("submission_saved", submission, actor, agency=submission.agency, before=before, after={"values": values})
    return submission


def refill(submission: ReportSubmission, *, actor) -> ReportSubmission:
    """Take the computed values again (the unit's own entries for other fields are kept)."""
    if not can_edit(actor, submission):
        raise PlanError(_("Báo cáo này không thể sửa (đã gửi hoặc không thuộc đơn vị của bạn)."))
    computed = prefill_values(
        submission.schedule.template, submission.agency, submission.period_start, submission.period_end
    )
    with transaction.atomic():
        before = {"values": submission.values}
        submission.values = {**submission.values, **computed}
        submission.prefilled = computed
        submission.save(update_fields=["values", "prefilled"])
        _log(
            "submission_refilled",
            submission,
            actor,
            agency=submission.agency,
            before=before,
            after={"values": submission.values},
        )
    return submission


LIFECYCLE = Lifecycle(
    model=ReportSubmission,
    table=TRANSITIONS,
    topic="plans.submission_{action}",
    error=PlanError,
    messages=Messages(
        wrong_status=gettext_lazy("Không thể «%(action)s» báo cáo ở trạng thái «%(status)s»."),
        needs_note=gettext_lazy("Hãy ghi rõ lý do."),
        no_role=gettext_lazy("Không thể «%(action)s» báo cáo ở trạng thái «%(status)s»."),
        out_of_scope=gettext_lazy("Không thể «%(action)s» báo cáo ở trạng thái «%(status)s»."),
    ),
    related=("schedule", "agency"),
    roles=lambda s, actor: relations(actor, s),
    scope=lambda s, actor: True,  # ``relations`` already scopes the unit; the IT department sees every unit
    payload=lambda s, after: {"schedule": s.schedule_id, "period": s.period_label, **after},
    agency=lambda s: s.agency,
    audit_note=True,
)


def _transition(submission: ReportSubmission, action: str, actor, *, note: str = "", change=None):
    return apply(LIFECYCLE, submission, action, actor, note=note, change=change)


def submit(submission: ReportSubmission, *, actor, now=None) -> ReportSubmission:
    template = submission.schedule.template
    missing = [f["label"] for f in template.fields if f["type"] != "text" and f["key"] not in submission.values]
    if missing:
        raise PlanError(_("Chưa nhập: %(fields)s.") % {"fields": ", ".join(missing)})

    def change(s, _now):
        s.submitted_at, s.submitted_by = now or timezone.now(), _actor(actor)

    return _transition(submission, "submit", actor, change=change)


def return_submission(submission: ReportSubmission, *, actor, reason: str, now=None) -> ReportSubmission:
    def change(s, _now):
        s.return_reason, s.reviewed_at, s.reviewed_by = reason.strip(), now or timezone.now(), _actor(actor)
        _notify_unit(
            s,
            _("Báo cáo bị trả lại: %(name)s — %(period)s") % {"name": s.schedule.name, "period": s.period_label},
            _("Lý do: %(reason)s") % {"reason": reason.strip()},
        )

    return _transition(submission, "return", actor, note=reason, change=change)


def accept(submission: ReportSubmission, *, actor, now=None) -> ReportSubmission:
    def change(s, _now):
        s.reviewed_at, s.reviewed_by = now or timezone.now(), _actor(actor)

    return _transition(submission, "accept", actor, change=change)
