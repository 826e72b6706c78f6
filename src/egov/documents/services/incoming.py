"""Incoming documents: register, present, assign, re-assign, record progress, mark done (one function each)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.models import Role
from egov.agencies.scoping import visible_agency_ids
from egov.core.transitions import SYSTEM_ACTOR

from ..models import Assignment, Channel, DocumentRegister, IncomingDocument, ProgressNote, Secrecy, Urgency
from ..numbering import next_number, register_for
from ..transitions import IncomingStatus
from .common import DocumentError, apply, audit_and_publish, check_clearance, check_role, log, refresh_search_text

DIRECTION = "incoming"


class DuplicateDocumentWarning(DocumentError):
    """A document with the same issuer, notation and date is already registered; ``duplicates`` lists them."""

    def __init__(self, message, duplicates):
        super().__init__(message)
        self.duplicates = duplicates


@dataclass
class IncomingData:
    """The Decree 30 metadata the clerk enters (or that arrives electronically)."""

    issuer_name: str
    document_type: object
    subject: str
    notation: str = ""
    number: str = ""
    document_date: date | None = None
    issuer_code: str = ""
    signer_name: str = ""
    signer_position: str = ""
    urgency: int = Urgency.NORMAL
    secrecy: int = Secrecy.NORMAL
    pages: int | None = None
    deadline: date | None = None
    channel: str = Channel.ELECTRONIC


def find_duplicates(agency, *, issuer_name: str, notation: str, document_date):
    """Documents of ``agency`` already registered with the same issuer, notation and date."""
    if not notation:
        return IncomingDocument.objects.none()
    return IncomingDocument.objects.filter(
        agency=agency,
        issuer_name__iexact=issuer_name.strip(),
        notation__iexact=notation.strip(),
        document_date=document_date,
    ).exclude(status=IncomingStatus.RECALLED)


def register_incoming(
    data: IncomingData, *, clerk, agency=None, attachments=(), allow_duplicate=False, now=None
) -> IncomingDocument:
    """Register a received document: arrival number from the agency's register of the year (status registered).

    Raises ``DuplicateDocumentWarning`` when a likely duplicate exists, unless ``allow_duplicate``.
    """
    now = now or timezone.now()
    check_role(clerk, {Role.CLERK})
    agency = agency or clerk.official.agency
    if agency.pk not in visible_agency_ids(clerk):
        raise DocumentError(_("Bạn không được vào sổ văn bản cho cơ quan khác."))
    _check_data(data)
    check_clearance(clerk, data.secrecy)
    duplicates = list(
        find_duplicates(agency, issuer_name=data.issuer_name, notation=data.notation, document_date=data.document_date)
    )
    if duplicates and not allow_duplicate:
        raise DuplicateDocumentWarning(
            _("Văn bản %(notation)s của %(issuer)s ngày %(date)s có thể đã được vào sổ (số đến %(numbers)s).")
            % {
                "notation": data.notation,
                "issuer": data.issuer_name,
                "date": data.document_date.strftime("%d/%m/%Y") if data.document_date else "",
                "numbers": ", ".join(str(d.arrival_number) for d in duplicates),
            },
            duplicates,
        )
    with transaction.atomic():
        document = IncomingDocument(agency=agency, created_at=now, status=IncomingStatus.REGISTERED, **_fields(data))
        _take_arrival_number(document, now)
        document.save()
        document.attachments.set(attachments)
        refresh_search_text(document)
        document.save(update_fields=["search_text"])
        log(document, "register", "", clerk, now, to_unit=agency)
        audit_and_publish(document, "register", clerk, before=None)
    return document


def register_received(document: IncomingDocument, *, clerk, now=None) -> IncomingDocument:
    """Register a document that arrived through the platform (status pending → registered)."""
    return apply(document, DIRECTION, "register", clerk, now=now, change=_take_arrival_number)


def present(document: IncomingDocument, *, actor, leader=None, note="", now=None) -> IncomingDocument:
    """The clerk presents the registered document to the leader (trình)."""
    return apply(document, DIRECTION, "present", actor, now=now, note=note, to_user=leader)


def assign(
    document: IncomingDocument,
    *,
    actor,
    lead_unit=None,
    lead_user=None,
    cooperating=(),
    for_information=(),
    direction: str = "",
    deadline: date | None = None,
    now=None,
) -> IncomingDocument:
    """The leader assigns a lead unit or person, cooperating units and units for information, with a
    direction note and a deadline."""
    lead_unit = _lead_unit(document, lead_unit, lead_user)
    for unit in [*cooperating, *for_information]:
        _check_own_unit(document, unit)

    def change(d, now):
        d.lead_unit, d.lead_user = lead_unit, lead_user
        d.direction_note = direction
        d.deadline = deadline or d.deadline
        rows = [Assignment(kind=Assignment.Kind.LEAD, unit=lead_unit, user=lead_user, deadline=d.deadline)]
        rows += [Assignment(kind=Assignment.Kind.COOPERATE, unit=u, deadline=d.deadline) for u in cooperating]
        rows += [Assignment(kind=Assignment.Kind.INFORM, unit=u) for u in for_information]
        for row in rows:
            row.document, row.assigned_by, row.assigned_at = d, actor, now
        Assignment.objects.bulk_create(rows)

    return apply(
        document,
        DIRECTION,
        "assign",
        actor,
        now=now,
        note=direction,
        change=change,
        to_unit=lead_unit,
        to_user=lead_user,
    )


def reassign_within_unit(document: IncomingDocument, *, actor, to_user, assignment=None, note="", now=None):
    """A head of unit hands the unit's assignment (the lead one by default) to one of the unit's officials."""
    assignment = assignment or document.assignments.filter(kind=Assignment.Kind.LEAD).first()
    if assignment is None:
        raise DocumentError(_("Văn bản chưa được phân công."))
    if not actor.has_role(Role.AGENCY_LEADER) and _unit_of(actor) != assignment.unit:
        raise DocumentError(_("Chỉ lãnh đạo đơn vị được phân công mới giao lại văn bản trong đơn vị."))
    if _unit_of(to_user) != assignment.unit:
        raise DocumentError(_("Người được giao phải thuộc đơn vị %(unit)s.") % {"unit": assignment.unit})

    def change(d, now):
        Assignment.objects.filter(pk=assignment.pk).update(user=to_user)
        if assignment.kind == Assignment.Kind.LEAD:
            d.lead_user = to_user

    return apply(
        document,
        DIRECTION,
        "reassign",
        actor,
        now=now,
        note=note,
        change=change,
        to_unit=assignment.unit,
        to_user=to_user,
    )


def record_progress(document: IncomingDocument, *, actor, text: str, now=None) -> IncomingDocument:
    """A handler records an opinion or progress (the document is then in progress)."""

    def change(d, now):
        ProgressNote.objects.create(document=d, assignment=_assignment_of(d, actor), author=actor, text=text, at=now)

    return apply(document, DIRECTION, "record_progress", actor, now=now, note=text, change=change)


def mark_done(document: IncomingDocument, *, actor, note="", now=None) -> IncomingDocument:
    """The lead handler (or a leader of the lead unit) finishes the document."""

    def check(d):
        if not _may_finish(d, actor):
            raise DocumentError(_("Chỉ người hoặc đơn vị chủ trì mới được hoàn thành xử lý văn bản."))

    def change(d, now):
        d.done_at = now
        d.done_late = bool(d.deadline and timezone.localdate(now) > d.deadline)
        d.assignments.exclude(kind=Assignment.Kind.INFORM).update(status=Assignment.Status.DONE, done_at=now)

    return apply(document, DIRECTION, "mark_done", actor, now=now, note=note, change=change, check=check)


def finish_part(document: IncomingDocument, *, actor, note: str = "", now=None) -> IncomingDocument:
    """A cooperating unit's official (or its head) reports the unit's part done (the status stays)."""
    part = open_part_of(document, actor)
    if part is None:
        raise DocumentError(_("Bạn không có phần phối hợp đang mở trong văn bản này."))

    def change(d, now):
        Assignment.objects.filter(pk=part.pk).update(status=Assignment.Status.DONE, done_at=now)
        if note:
            ProgressNote.objects.create(document=d, assignment=part, author=actor, text=note, at=now)

    return apply(document, DIRECTION, "finish_part", actor, now=now, note=note, change=change, to_unit=part.unit)


def open_part_of(document: IncomingDocument, user):
    """The open cooperating assignment ``user`` answers for: given to them, or to their unit (heads answer
    for every part of their unit)."""
    parts = document.assignments.filter(kind=Assignment.Kind.COOPERATE, status=Assignment.Status.OPEN)
    unit = _unit_of(user)
    mine = parts.filter(user=user).first()
    if mine is None and unit is not None:
        unit_parts = parts.filter(unit=unit)
        mine = (unit_parts if user.has_role(Role.DEPARTMENT_HEAD) else unit_parts.filter(user=None)).first()
    return mine


def recall_copy(document: IncomingDocument, *, reason: str, now=None) -> IncomingDocument:
    """The sender recalled the origin: the copy is marked recalled (the system acts, inside the recall)."""

    def change(d, now):
        d.recalled_at = now

    return apply(document, DIRECTION, "recall", SYSTEM_ACTOR, now=now, note=reason, change=change)


# --- helpers -------------------------------------------------------------------------------------------


def _check_data(data: IncomingData):
    if not (data.issuer_name or "").strip():
        raise DocumentError(_("Cần nhập cơ quan ban hành văn bản."))
    if not (data.subject or "").strip():
        raise DocumentError(_("Cần nhập trích yếu nội dung văn bản."))
    if len(data.subject) > 500:
        raise DocumentError(_("Trích yếu không được dài quá 500 ký tự."))
    if data.document_type is None:
        raise DocumentError(_("Cần chọn loại văn bản."))


def _fields(data: IncomingData) -> dict:
    fields = dict(vars(data))
    fields["issuer_name"] = data.issuer_name.strip()
    fields["subject"] = data.subject.strip()
    fields["notation"] = data.notation.strip()
    return fields


def _take_arrival_number(document: IncomingDocument, now):
    """Arrival number and date: one series per register and year for paper and electronic documents."""
    register = register_for(
        document.agency, timezone.localdate(now).year, DocumentRegister.Kind.INCOMING, secret=document.secrecy > 0
    )
    document.register = register
    document.arrival_number = next_number(register)
    document.arrival_date = now


def _unit_of(user):
    official = getattr(user, "official", None)
    return official.unit if official else None


def _check_own_unit(document, unit):
    if unit is None or not unit.path.startswith(document.agency.path):
        raise DocumentError(_("Đơn vị %(unit)s không thuộc cơ quan nhận văn bản.") % {"unit": unit})


def _lead_unit(document, lead_unit, lead_user):
    if lead_user is not None:
        lead_unit = lead_unit or _unit_of(lead_user)
        if _unit_of(lead_user) != lead_unit:
            raise DocumentError(_("Người chủ trì phải thuộc đơn vị chủ trì."))
    if lead_unit is None:
        raise DocumentError(_("Cần chọn đơn vị hoặc người chủ trì xử lý."))
    _check_own_unit(document, lead_unit)
    return lead_unit


def _assignment_of(document, actor):
    unit = _unit_of(actor)
    return document.assignments.filter(user=actor).first() or document.assignments.filter(unit=unit, user=None).first()


def _may_finish(document, actor) -> bool:
    if actor is None:
        return False
    if document.lead_user_id == actor.pk or actor.has_role(Role.AGENCY_LEADER):
        return True
    return actor.has_role(Role.DEPARTMENT_HEAD) and _unit_of(actor) == document.lead_unit
