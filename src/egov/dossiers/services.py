"""Every state change of a dossier: one function each, one transaction each, with its audit record,
its outbox event and its row in the control slip. Views, API and commands call these; nothing else
writes ``Dossier.status``.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.agencies.scoping import visible_agency_ids
from egov.audit.services import record
from egov.core import formatting
from egov.core.transitions import SYSTEM_ACTOR, Lifecycle, Messages, Skip, Step, apply, user_or_none
from egov.events.services import publish
from egov.procedures.models import Procedure, RequiredDocument
from egov.search.text import build_search_text

from . import deadlines
from .codes import dossier_code, next_sequence, result_code
from .models import Channel, Dossier, DossierPaper, DossierResult, Handover
from .transitions import APPLICANT, PREVIOUS, TRANSITIONS, Status, Transition, acting_roles, can


class DossierError(ValidationError):
    """A refused request on a dossier; the message is for the user (Vietnamese)."""


@dataclass
class Applicant:
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    user: object = None


@dataclass
class Paper:
    name: str
    form: str = RequiredDocument.Form.ORIGINAL
    count: int = 1
    required_document: RequiredDocument | None = None
    attachment: object = None


@dataclass
class Intake:
    """What the officer enters at the desk (or what the portal submits)."""

    procedure: Procedure
    applicant: Applicant
    papers: list[Paper] = field(default_factory=list)
    channel: str = Channel.DESK
    handling_agency: object = None
    application_data: dict = field(default_factory=dict)
    fee_paid: bool = False


# --- the lifecycle: the table and the hooks ``core.transitions.apply`` calls ------------------------------


LIFECYCLE = Lifecycle(
    model=Dossier,
    table=TRANSITIONS,
    topic="dossier",
    error=DossierError,
    messages=Messages(
        wrong_status=gettext_lazy("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”."),
        needs_note=gettext_lazy("Cần nhập lý do hoặc nội dung cho thao tác “%(action)s”."),
        no_role=gettext_lazy("Bạn không có vai trò phù hợp để thực hiện thao tác này."),
        out_of_scope=gettext_lazy("Bạn không có quyền xử lý hồ sơ này."),
    ),
    related=("procedure",),
    snapshot=lambda d: _snapshot(d),
    payload=lambda d, after: _payload(d, after),
    agency=lambda d: d.handling_agency,
    trail=lambda step: _trail(step),
    target=lambda d, t, now: _target(d, t, now),
    authorize=lambda d, t, actor: _is_applicant(d, t, actor),
    roles=lambda d, actor: acting_roles(d, actor) if getattr(actor, "is_official", False) else (),
)


def refusal(transition: Transition, dossier: Dossier, user) -> str | None:
    """Why ``user`` may not take ``transition`` now (the service's own wording), or None (pages and API)."""
    if can(transition, dossier.status, acting_roles(dossier, user)):
        return None
    if dossier.status not in transition.sources:
        return _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.") % {
            "action": transition.label,
            "status": dossier.get_status_display(),
        }
    return _("Bạn không có vai trò phù hợp để thực hiện thao tác này.")


# --- intake -------------------------------------------------------------------------------------------


def receive(intake: Intake, *, officer, receiving_agency, now: datetime | None = None) -> Dossier:
    """Receive a dossier at the desk: check it, issue its code and appointment (status ``received``)."""
    now = now or timezone.now()
    _check_role(officer, {"onestop_officer"})
    handling = _check_intake(intake, receiving_agency)
    with transaction.atomic():
        dossier = _new_dossier(intake, receiving_agency, handling, now, status=Status.RECEIVED)
        _start_clock(dossier, now)
        dossier.save()
        _save_papers(dossier, intake.papers)
        _log(dossier, "receive", "", officer, now, to_unit=receiving_agency, note=_("Tiếp nhận tại bộ phận một cửa"))
        _audit_and_publish(dossier, "receive", officer, before=None)
    return dossier


def submit_online(
    intake: Intake, *, applicant_user, receiving_agency, now: datetime | None = None, channel: str = Channel.ONLINE
) -> Dossier:
    """A dossier filed online gets its code at once (the national practice: the applicant tracks it by that
    code) and waits as ``new`` until an officer accepts it (appointment), asks for a supplement or refuses it.

    ``channel``: ``online`` (our portal) or ``dvcqg`` (filed on the national portal, taken in by the connector,
    with no local account: ``applicant_user`` None)."""
    now = now or timezone.now()
    handling = _check_intake(intake, receiving_agency)
    with transaction.atomic():
        intake.applicant.user = applicant_user
        dossier = _new_dossier(intake, receiving_agency, handling, now)
        dossier.channel = channel
        _issue_code(dossier, now)
        dossier.save()
        _save_papers(dossier, intake.papers)
        _log(dossier, "submit_online", "", applicant_user, now, note=_("Nộp trực tuyến"))
        _audit_and_publish(dossier, "submit_online", applicant_user, before=None)
    return dossier


# --- transitions -------------------------------------------------------------------------------------


def accept(dossier: Dossier, *, actor, now=None) -> Dossier:
    def change(d, now):
        _start_clock(d, now)

    return _transition(dossier, "accept", actor, now=now, change=change)


def refuse(dossier: Dossier, *, actor, reason: str, now=None) -> Dossier:
    return _transition(dossier, "refuse", actor, now=now, note=reason, change=_close)


def transfer(dossier: Dossier, *, actor, to_agency=None, now=None) -> Dossier:
    """Forward a dossier received here to the competent agency (liên thông); its result comes back to be
    returned where it was received."""
    to_agency = to_agency or dossier.handling_agency
    if not dossier.procedure.agencies.filter(pk=to_agency.pk).exists():
        raise DossierError(_("Cơ quan %(agency)s không giải quyết thủ tục này.") % {"agency": to_agency})

    def change(d, now):
        d.handling_agency = to_agency
        d.current_unit = to_agency
        d.current_handler = None

    return _transition(dossier, "transfer", actor, now=now, change=change, to_unit=to_agency)


def accept_transfer(dossier: Dossier, *, actor, now=None) -> Dossier:
    """The competent agency takes over a forwarded dossier (not the centre that forwarded it)."""
    if dossier.handling_agency_id not in visible_agency_ids(actor):
        raise DossierError(_("Chỉ cơ quan được chuyển đến mới nhận hồ sơ liên thông này."))
    return _transition(dossier, "accept_transfer", actor, now=now)


def assign(dossier: Dossier, *, actor, department, now=None) -> Dossier:
    """Hand the dossier to a department of the handling agency."""
    if department.parent_id != dossier.handling_agency_id:
        raise DossierError(_("Phòng %(unit)s không thuộc cơ quan giải quyết hồ sơ.") % {"unit": department})

    def change(d, now):
        d.current_unit = department
        d.current_handler = None

    return _transition(
        dossier, "assign", actor, now=now, change=change, to_unit=department, step_role="department_head"
    )


def assign_specialist(dossier: Dossier, *, actor, specialist, now=None) -> Dossier:
    official = getattr(specialist, "official", None)
    if official is None or official.unit != dossier.current_unit:
        raise DossierError(_("Chuyên viên được phân công phải thuộc phòng đang xử lý hồ sơ."))

    def change(d, now):
        d.current_handler = specialist

    return _transition(
        dossier, "assign_specialist", actor, now=now, change=change, to_user=specialist, step_role="specialist"
    )


def pick_up(dossier: Dossier, *, actor, now=None) -> Dossier:
    """A specialist of a unit without a head takes the dossier himself (the table's ``UNIT_SPECIALIST``)."""

    def change(d, now):
        d.current_handler = actor

    return _transition(dossier, "pick_up", actor, now=now, change=change, to_user=actor, step_role="specialist")


def handle(dossier: Dossier, *, actor, now=None) -> Dossier:
    """The one-stop officer of an agency without specialists handles the dossier himself (``SOLE_OFFICER``)."""

    def change(d, now):
        d.current_handler = actor

    return _transition(dossier, "handle", actor, now=now, change=change, to_user=actor, step_role="specialist")


def submit_for_approval(dossier: Dossier, *, actor, note="", now=None) -> Dossier:
    return _transition(dossier, "submit_for_approval", actor, now=now, note=note, step_role="agency_leader")


def send_back(dossier: Dossier, *, actor, reason: str, now=None) -> Dossier:
    return _transition(dossier, "send_back", actor, now=now, note=reason, step_role="specialist")


def approve(dossier: Dossier, *, actor, result_title: str, attachment=None, now=None) -> Dossier:
    """The leader approves: the result is issued (code ``-KQ<n>``) and waits at the desk to be returned."""
    if not result_title:
        raise DossierError(_("Cần nhập tên kết quả giải quyết."))

    def change(d, now):
        number = d.results.count() + 1
        DossierResult.objects.create(
            dossier=d,
            number=number,
            code=result_code(d.code, number),
            title=result_title,
            attachment=attachment,
            issued_at=now,
        )
        d.result_at = now
        d.outcome = deadlines.outcome(now, d.original_due_at or d.due_at)
        d.current_unit = d.receiving_agency
        d.current_handler = None

    return _transition(dossier, "approve", actor, now=now, change=change, step_role="onestop_officer")


def request_supplement(dossier: Dossier, *, actor, reason: str, now=None) -> Dossier:
    return _transition(dossier, "request_supplement", actor, now=now, note=reason)


def resubmit(dossier: Dossier, *, actor, papers: list[Paper] | None = None, now=None) -> Dossier:
    def change(d, now):
        _save_papers(d, papers or [], supplement=True)

    return _transition(dossier, "resubmit", actor, now=now, change=change)


def request_payment(dossier: Dossier, *, actor, amount: Decimal, now=None) -> Dossier:
    if amount is None or amount <= 0:
        raise DossierError(_("Số tiền phí, lệ phí phải lớn hơn 0."))

    def change(d, now):
        d.fee_total = amount
        d.fee_paid = False

    return _transition(dossier, "request_payment", actor, now=now, change=change)


def confirm_payment(dossier: Dossier, *, actor, now=None) -> Dossier:
    def change(d, now):
        d.fee_paid = True

    return _transition(dossier, "confirm_payment", actor, now=now, change=change)


def record_online_payment(dossier: Dossier, *, reference: str, amount: Decimal, now=None) -> Dossier:
    """The fee was paid online, proven by a verified gateway notification (payments app): the system, not an
    officer, confirms it. A dossier awaiting payment resumes where it was; otherwise only ``fee_paid`` is set."""
    note = _("Đã nộp phí, lệ phí trực tuyến: %(amount)s đồng, mã giao dịch %(reference)s.") % {
        "amount": formatting.number(amount, 0),
        "reference": reference,
    }

    def change(d, now):
        d.fee_paid = True

    return _transition(dossier, "confirm_payment", SYSTEM_ACTOR, now=now, note=note, change=change, unless_paid=True)


def withdraw(dossier: Dossier, *, actor, reason: str, now=None) -> Dossier:
    return _transition(dossier, "withdraw", actor, now=now, note=reason, change=_close)


def stop(dossier: Dossier, *, actor, reason: str, now=None) -> Dossier:
    return _transition(dossier, "stop", actor, now=now, note=reason, change=_close)


def apologize(dossier: Dossier, *, actor, reason: str, new_due_at: datetime, now=None) -> Dossier:
    """Apology with a new appointment (phiếu xin lỗi và hẹn lại): allowed once, to a later date."""
    if dossier.rescheduled:
        raise DossierError(_("Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần nữa."))
    if new_due_at is None or (dossier.due_at and new_due_at <= dossier.due_at):
        raise DossierError(_("Ngày hẹn mới phải sau ngày hẹn hiện tại."))

    def change(d, now):
        d.rescheduled = True
        d.due_at = new_due_at

    return _transition(dossier, "apologize", actor, now=now, note=reason, change=change)


def return_result(dossier: Dossier, *, actor, now=None) -> Dossier:
    def change(d, now):
        d.returned_at = now
        _close(d, now)

    return _transition(dossier, "return_result", actor, now=now, change=change)


# --- the one place where a transition is applied ----------------------------------------------------


def _transition(dossier, action, actor, *, now=None, note="", change=None, unless_paid=False, **trail):
    """``unless_paid``: the system's record of an online payment (done once; outside ``awaiting_payment`` it
    only sets ``fee_paid``)."""
    if unless_paid:
        trail.update(check=_not_paid, outside_sources="keep")
    return apply(LIFECYCLE, dossier, action, actor, now=now, note=note, change=change, **trail)


def _not_paid(dossier):
    if dossier.fee_paid:
        raise Skip


def _target(dossier, transition: Transition, now) -> str:
    """The status after ``transition`` (the statutory clock pauses or resumes on the way)."""
    from_status = dossier.status
    _move_clock(dossier, transition, now)
    if transition.target != PREVIOUS:
        return transition.target
    if transition.pauses_clock or transition.resumes_clock:
        target = dossier.resume_status or Status.RECEIVED
        dossier.resume_status = ""
        return target
    return from_status  # the apology keeps the status


def _move_clock(dossier, transition: Transition, now):
    if transition.pauses_clock:
        dossier.resume_status = dossier.status
        dossier.paused_at = now
    elif transition.resumes_clock and dossier.paused_at and dossier.due_at is None:
        dossier.paused_at = None  # asked before acceptance: no appointment yet, nothing to move
    elif transition.resumes_clock and dossier.paused_at:
        received = dossier.received_at
        dossier.due_at = deadlines.extend_after_pause(dossier.due_at, dossier.paused_at, now, received_at=received)
        if dossier.original_due_at:
            dossier.original_due_at = deadlines.extend_after_pause(
                dossier.original_due_at, dossier.paused_at, now, received_at=received
            )
        dossier.paused_seconds += int((now - dossier.paused_at).total_seconds())
        dossier.paused_at = None


def _is_applicant(dossier, transition: Transition, actor) -> bool:
    return APPLICANT in transition.roles and actor is not None and dossier.applicant_user_id == actor.pk


def _trail(step: Step) -> None:
    """Close the open step of the control slip (unless the system only noted a payment) and log this one."""
    dossier = step.obj
    if step.moved:
        _close_open_handover(dossier, step.now)
    _log(
        dossier,
        step.action,
        step.from_status,
        step.actor,
        step.now,
        note=step.note,
        to_unit=step.extra.get("to_unit") or dossier.current_unit,
        to_user=step.extra.get("to_user"),
        step_due_at=_step_due(dossier, step.extra.get("step_role"), step.now),
    )


def _check_role(actor, roles):
    if actor is None or not getattr(actor, "is_official", False) or not actor.has_role(*roles):
        raise DossierError(_("Bạn không có vai trò phù hợp để thực hiện thao tác này."))


def _check_intake(intake: Intake, receiving_agency):
    procedure = intake.procedure
    if procedure is None or not procedure.is_active:
        raise DossierError(_("Thủ tục hành chính không tồn tại hoặc đã ngừng áp dụng."))
    if not (intake.applicant.name or "").strip():
        raise DossierError(_("Cần nhập họ tên người nộp hồ sơ."))
    _check_applicant_numbers(intake.applicant)
    handed_in = {p.required_document.pk for p in intake.papers if p.required_document is not None}
    missing = [d.name for d in procedure.required_documents.all() if d.is_mandatory and d.pk not in handed_in]
    if missing:
        raise DossierError(_("Hồ sơ còn thiếu giấy tờ bắt buộc: %(names)s.") % {"names": "; ".join(missing)})
    handling = intake.handling_agency or _default_handling_agency(procedure, receiving_agency)
    if handling is None:
        raise DossierError(_("Không xác định được cơ quan giải quyết thủ tục này."))
    return handling


def _check_applicant_numbers(applicant: Applicant) -> None:
    """ID number and phone, when given, are Vietnamese ones (normalised in place); see core/validators.py."""
    from egov.core.validators import normalize_id_number, normalize_phone

    try:
        if (applicant.id_number or "").strip():
            applicant.id_number = normalize_id_number(applicant.id_number)
        if (applicant.phone or "").strip():
            applicant.phone = normalize_phone(applicant.phone)
    except ValidationError as exc:
        raise DossierError(exc.messages[0])


def _default_handling_agency(procedure, receiving_agency):
    """The competent agency: the receiving agency's own organisation if it handles the procedure, else
    the only agency that does."""
    agencies = list(procedure.agencies.all()[:2])
    for candidate in (receiving_agency, receiving_agency.parent):
        if candidate is not None and candidate in agencies:
            return candidate
    return agencies[0] if len(agencies) == 1 else None


def _new_dossier(intake: Intake, receiving_agency, handling_agency, now, status=Status.NEW) -> Dossier:
    a = intake.applicant
    fee = sum((f.amount or 0 for f in intake.procedure.fees.all()), Decimal(0))
    return Dossier(
        procedure=intake.procedure,
        channel=intake.channel,
        receiving_agency=receiving_agency,
        handling_agency=handling_agency,
        current_unit=receiving_agency,
        applicant_user=a.user,
        applicant_name=a.name.strip(),
        applicant_id_number=a.id_number,
        applicant_phone=a.phone,
        applicant_email=a.email,
        applicant_address=a.address,
        application_data=intake.application_data,
        fee_total=fee,
        fee_paid=intake.fee_paid,
        submitted_at=now,
        status=status,
    )


def _next_register_number(agency, year: int) -> int:
    """The next row of ``agency``'s register for ``year`` (called after ``next_sequence`` locked today's counter
    row of the agency, so two intakes of the same agency do not read the same maximum)."""
    from django.db.models import Max

    start = timezone.make_aware(datetime(year, 1, 1))
    end = timezone.make_aware(datetime(year + 1, 1, 1))
    last = Dossier.objects.filter(receiving_agency=agency, received_at__gte=start, received_at__lt=end).aggregate(
        n=Max("register_number")
    )["n"]
    return (last or 0) + 1


def _issue_code(dossier: Dossier, now):
    """The dossier's code (``<agency>-<yymmdd>-<NNNN>``, gap-free per agency and day), issued once."""
    if not dossier.code:
        local_day = timezone.localdate(now)
        dossier.code = dossier_code(
            dossier.receiving_agency.code, local_day, next_sequence(dossier.receiving_agency, local_day)
        )
    dossier.search_text = build_search_text(dossier.code, dossier.applicant_name, dossier.applicant_id_number)


def _start_clock(dossier: Dossier, now):
    """The appointment (at reception), the code when the dossier has none yet (desk intake) and the number in
    the receiving agency's register of the year (sổ theo dõi hồ sơ, printed on the receipt)."""
    _issue_code(dossier, now)
    dossier.register_number = _next_register_number(dossier.receiving_agency, timezone.localdate(now).year)
    dossier.received_at = now
    dossier.due_at = dossier.original_due_at = deadlines.appointment(dossier.procedure, now)


def _close(dossier: Dossier, now):
    dossier.closed_at = now
    dossier.current_handler = None


def _save_papers(dossier: Dossier, papers: list[Paper], supplement: bool = False):
    DossierPaper.objects.bulk_create(
        DossierPaper(
            dossier=dossier,
            required_document=p.required_document,
            name=p.name,
            form=p.form,
            count=p.count,
            attachment=p.attachment,
            is_supplement=supplement,
        )
        for p in papers
    )


def _step_due(dossier: Dossier, role, now):
    """The due time of the step starting now, from the procedure's process step for ``role``."""
    if role is None:
        return None
    step = next((s for s in dossier.procedure.steps.all() if s.role == role), None)
    if step is None:
        return None
    return deadlines.add_time(now, step.duration, dossier.procedure.time_unit)


def _close_open_handover(dossier: Dossier, now):
    last = dossier.handovers.filter(finished_at__isnull=True).order_by("-at", "-id").first()
    if last is None:
        return
    last.finished_at = now
    if last.step_due_at:
        last.outcome = deadlines.outcome(now, last.step_due_at)
    last.save(update_fields=["finished_at", "outcome"])


def _log(dossier, action, from_status, actor, now, *, note="", to_unit=None, to_user=None, step_due_at=None):
    # The event published next names this row (``handover``), so that subscribers can report the step.
    dossier._logged_handover = Handover.objects.create(
        dossier=dossier,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        at=now,
        actor=actor if getattr(actor, "pk", None) else None,
        from_unit_id=_unit_id(actor),
        to_unit=to_unit,
        to_user=to_user,
        step_due_at=step_due_at,
        note=note,
    )


def _unit_id(actor):
    """The id of the actor's smallest unit (``Official.unit``) without loading the agency rows."""
    official = getattr(actor, "official", None)
    return (official.department_id or official.agency_id) if official is not None else None


def _snapshot(dossier: Dossier) -> dict:
    return {
        "status": dossier.status,
        "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
        "handling_agency": dossier.handling_agency_id,
        "current_unit": dossier.current_unit_id,
        "current_handler": dossier.current_handler_id,
    }


def _payload(dossier: Dossier, after: dict) -> dict:
    return {
        "code": dossier.code,
        "status": dossier.status,
        "national_status": dossier.national_status,
        "procedure": dossier.procedure.code,
        "handover": getattr(getattr(dossier, "_logged_handover", None), "pk", None),
        **after,
    }


def _audit_and_publish(dossier: Dossier, action: str, actor, *, before):
    """Outbox event then audit record (last, as ``audit.services`` asks) of a change outside the table."""
    after = _snapshot(dossier)
    actor = user_or_none(actor)
    publish(f"dossier.{action}", aggregate=dossier, payload=_payload(dossier, after), actor=actor)
    record(
        actor=actor,
        action=f"dossier.{action}",
        target=dossier,
        before=before,
        after=after,
        agency=dossier.handling_agency,
    )
