"""The A5 forms of one dossier: receipt and appointment, supplement request, refusal, apology with a new
appointment, stop notice and processing control slip.

Each function gathers the dossier's values (a handful of queries) and renders the template of the same
name from ``data/forms/``. The reason-bearing forms take the reason (and date) of the latest matching
hand-over when none is given, so any of them can be reprinted from the dossier alone.
"""

from datetime import datetime
from functools import wraps

from django.utils import timezone, translation

from ..models import Dossier
from . import templates
from .layout import Form, render
from .values import (
    DASH,
    action_label,
    clock,
    date_parts,
    day,
    last_event,
    local,
    money,
    number,
    paper_form,
    person,
    place,
    short,
    text,
    today,
)


def in_vietnamese(function):
    """The forms are legal documents in Vietnamese whatever language the user reads the site in."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override("vi"):
            return function(*args, **kwargs)

    return wrapper


@in_vietnamese
def receipt_pdf(dossier: Dossier) -> bytes:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    event = last_event(dossier, "receive", "accept")
    values = _dossier_values(dossier, dossier.receiving_agency, dossier.received_at)
    values["officer"] = person(event.actor) if event else ""
    papers = dossier.papers.filter(is_supplement=False).order_by("id")
    rows = [_paper_row(n, paper) for n, paper in enumerate(papers, start=1)]
    values["paper_count"] = sum(paper.count for paper in papers)
    return _render("receipt", dossier, values, tables={"papers": rows})


@in_vietnamese
def supplement_request_pdf(dossier: Dossier, reason: str | None = None) -> bytes:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    return _reasoned("supplement_request", dossier, reason, ("request_supplement",), dossier.receiving_agency)


@in_vietnamese
def refusal_pdf(dossier: Dossier, reason: str | None = None) -> bytes:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    return _reasoned("refusal", dossier, reason, ("refuse",), dossier.receiving_agency)


@in_vietnamese
def apology_pdf(dossier: Dossier, reason: str | None = None, new_due_at: datetime | None = None) -> bytes:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (by default the appointment set by the apology)."""
    new_due_at = new_due_at or dossier.due_at
    extra = {"new_due_at": clock(new_due_at), "new_due_day": day(new_due_at)}
    return _reasoned("apology", dossier, reason, ("apologize",), dossier.handling_agency, extra)


@in_vietnamese
def stop_notice_pdf(dossier: Dossier, reason: str | None = None) -> bytes:
    """Thông báo dừng giải quyết hồ sơ."""
    return _reasoned("stop_notice", dossier, reason, ("stop",), dossier.handling_agency)


@in_vietnamese
def control_slip_pdf(dossier: Dossier) -> bytes:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over."""
    values = _dossier_values(dossier, dossier.receiving_agency, None)
    handovers = dossier.handovers.select_related("actor", "to_user", "from_unit", "to_unit").order_by("at", "id")
    rows = [_handover_row(n, handover) for n, handover in enumerate(handovers, start=1)]
    return _render("control_slip", dossier, values, tables={"handovers": rows})


# --- values ---------------------------------------------------------------------------------------------


def _reasoned(name, dossier, reason, actions, issuer, extra=None) -> bytes:
    event = last_event(dossier, *actions)
    if reason is None and event is not None:
        reason = event.note
    values = _dossier_values(dossier, issuer, event.at if event else None)
    values.update(reason=text(reason), officer=person(event.actor) if event else "", **(extra or {}))
    return _render(name, dossier, values)


def _render(name, dossier, values, tables=None) -> bytes:
    return render(Form(template=name, values=values, code=dossier.code, tables=tables or {}))


def _dossier_values(dossier: Dossier, issuer, dated) -> dict:
    common = templates.load("common")
    procedure = dossier.procedure
    receiving = dossier.receiving_agency
    return {
        "issuer": issuer.name,
        "issuer_upper": issuer.name.upper(),
        "issuer_parent_upper": issuer.parent.name.upper() if issuer.parent_id else "",
        "issuer_address": issuer.address,
        "issuer_phone": issuer.phone,
        "receiving_agency": receiving.name,
        "handling_agency": dossier.handling_agency.name,
        "place": place(issuer, common.get("place_prefixes", [])),
        **date_parts(local(dated) if dated else today()),
        "applicant_name": dossier.applicant_name,
        "applicant_id_number": dossier.applicant_id_number,
        "applicant_phone": dossier.applicant_phone,
        "applicant_email": dossier.applicant_email,
        "applicant_address": dossier.applicant_address,
        "procedure_name": procedure.name,
        "procedure_code": procedure.code,
        "sector": procedure.sector.name,
        "processing_time": f"{number(procedure.processing_time)} {procedure.get_time_unit_display()}",
        "received_at": clock(dossier.received_at),
        "received_day": day(dossier.received_at),
        "due_at": clock(dossier.due_at),
        "due_day": day(dossier.due_at),
        "original_due_at": clock(dossier.original_due_at or dossier.due_at),
        "original_due_day": day(dossier.original_due_at or dossier.due_at),
        "return_place": ", ".join(filter(None, [receiving.name, receiving.address])),
        "fees": _fees(dossier, common["fees"]),
        "register_book": str(local(dossier.received_at).year) if dossier.received_at else DASH,
        "register_number": str(dossier.register_number) if dossier.register_number is not None else DASH,
        "channel": dossier.get_channel_display(),
        "status": dossier.get_status_display(),
        "printed_at": short(timezone.now()),
    }


def _fees(dossier: Dossier, labels: dict) -> str:
    """The amount and whether it is paid; else the fee formulas of the procedure; else "no fee"."""
    if dossier.fee_total:
        paid = labels["paid" if dossier.fee_paid else "unpaid"]
        return labels["amount"].format(amount=money(dossier.fee_total), paid=paid)
    formulas = [fee.description for fee in dossier.procedure.fees.all() if fee.amount is None and fee.description]
    return "; ".join(formulas) if formulas else labels["none"]


def _paper_row(n: int, paper) -> dict:
    return {"no": n, "name": paper.name, "form": paper_form(paper.form), "count": paper.count}


def _handover_row(n: int, handover) -> dict:
    return {
        "no": n,
        "action": action_label(handover.action),
        "from_unit": handover.from_unit.name if handover.from_unit else "",
        "to_unit": handover.to_unit.name if handover.to_unit else "",
        "giver": person(handover.actor),
        "receiver": person(handover.to_user),
        "given_at": short(handover.at),
        "received_at": short(handover.at),
        "due_at": short(handover.step_due_at),
        "finished_at": short(handover.finished_at),
        "outcome": handover.get_outcome_display() if handover.outcome else "",
        "note": handover.note,
    }
