"""What every document service shares: errors, role and scope checks, the trail, audit and outbox."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.audit.services import record
from egov.core.transitions import Lifecycle, Messages, Step, Transition, user_or_none
from egov.core.transitions import apply as apply_transition
from egov.events.services import publish
from egov.search.text import build_search_text

from ..models import IncomingDocument, OutgoingDocument, TrailEntry, clearance_of
from ..textextract import extract_text
from ..transitions import SAME, TABLES, OutgoingStatus


class DocumentError(ValidationError):
    """A refused request on a document; the message is for the user (Vietnamese)."""


def check_role(actor, roles):
    if actor is None or not getattr(actor, "is_official", False) or not actor.has_role(*roles):
        raise DocumentError(_("Bạn không có vai trò phù hợp để thực hiện thao tác này."))


def check_clearance(user, secrecy: int):
    if secrecy > clearance_of(user):
        raise DocumentError(_("Bạn không được phép xử lý văn bản có độ mật này."))


def log(document, action, from_status, actor, now, *, note="", to_unit=None, to_user=None):
    side = "incoming" if isinstance(document, IncomingDocument) else "outgoing"
    TrailEntry.objects.create(
        **{side: document},
        action=action,
        from_status=from_status,
        to_status=document.status,
        at=now,
        actor=user_or_none(actor),
        to_unit=to_unit,
        to_user=to_user,
        note=note,
    )


def snapshot(document) -> dict:
    fields = ["status", "notation", "secrecy"]
    if isinstance(document, IncomingDocument):
        fields += ["arrival_number", "lead_unit_id", "lead_user_id"]
    else:
        fields += ["review_step", "sequence"]
    data = {name: getattr(document, name) for name in fields}
    if not isinstance(document, IncomingDocument):
        data["signed"] = document.signed_at is not None
    return data


def audit_and_publish(document, action: str, actor, *, before):
    """Outbox event then audit record ``document.<direction>.<action>`` (last in the transaction) of a change
    outside the tables (a new document, a comment)."""
    side = "incoming" if isinstance(document, IncomingDocument) else "outgoing"
    after = snapshot(document)
    publish(
        f"document.{side}.{action}",
        aggregate=document,
        payload={"agency": document.agency_id, **after},
        actor=user_or_none(actor),
    )
    record(
        actor=user_or_none(actor),
        action=f"document.{side}.{action}",
        target=document,
        before=before,
        after=after,
        agency=document.agency,
    )


def refresh_search_text(document, *, extra=(), texts=None):
    """Rebuild ``search_text`` from the metadata and the text of the attached files (not saved).

    ``texts``: the files' text when the caller already has it (an issued document reuses its version's).
    """
    if texts is None:
        texts = [extract_text(a) for a in document.attachments.all()] if document.pk else []
    document.search_text = build_search_text(
        document.notation,
        document.number,
        document.subject,
        document.signer_name,
        getattr(document, "issuer_name", ""),
        document.document_type.name if document.document_type_id else "",
        *extra,
        *texts,
    )


MESSAGES = Messages(
    wrong_status=gettext_lazy("Không thể “%(action)s” khi văn bản đang ở trạng thái “%(status)s”."),
    needs_note=gettext_lazy("Cần nhập nội dung cho thao tác “%(action)s”."),
    no_role=gettext_lazy("Bạn không có vai trò phù hợp để thực hiện thao tác này."),
    out_of_scope=gettext_lazy("Bạn không có quyền xử lý văn bản này."),
)


def _trail(step: Step) -> None:
    log(
        step.obj,
        step.action,
        step.from_status,
        step.actor,
        step.now,
        note=step.note,
        to_unit=step.extra.get("to_unit"),
        to_user=step.extra.get("to_user"),
    )


def _outgoing_target(document, t: Transition, now) -> str:
    """The table's target, except that the end of the type's approval chain (or an empty chain) approves."""
    chain = document.document_type.approval_chain
    if (t.action == "submit_for_review" and not chain) or (
        t.action == "approve_step" and document.review_step + 1 >= len(chain)
    ):
        return OutgoingStatus.APPROVED
    return document.status if t.target == SAME else t.target


def _lifecycle(model, side: str, **hooks) -> Lifecycle:
    return Lifecycle(
        model=model,
        table=TABLES[side],
        topic=f"document.{side}",
        error=DocumentError,
        messages=MESSAGES,
        snapshot=snapshot,
        payload=lambda d, after: {"agency": d.agency_id, **after},
        agency=lambda d: d.agency,
        trail=_trail,
        **hooks,
    )


LIFECYCLES = {
    "incoming": _lifecycle(IncomingDocument, "incoming"),
    "outgoing": _lifecycle(OutgoingDocument, "outgoing", target=_outgoing_target),
}


def apply(document, direction: str, action: str, actor, **options):
    """Apply a row of the ``direction`` table with ``egov.core.transitions.apply`` (``to_unit``/``to_user``
    go to the trail; ``related``: foreign keys ``change`` reads, fetched with the locked row)."""
    return apply_transition(LIFECYCLES[direction], document, action, actor, **options)
