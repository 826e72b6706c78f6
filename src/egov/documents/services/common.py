"""What every document service shares: errors, role and scope checks, the trail, audit and outbox."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from egov.audit.services import record
from egov.events.services import publish
from egov.search.text import build_search_text

from ..models import IncomingDocument, TrailEntry, clearance_of
from ..textextract import extract_text
from ..transitions import SAME, SYSTEM, Transition


class DocumentError(ValidationError):
    """A refused request on a document; the message is for the user (Vietnamese)."""


def user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def check_role(actor, roles):
    if actor is None or not getattr(actor, "is_official", False) or not actor.has_role(*roles):
        raise DocumentError(_("Bạn không có vai trò phù hợp để thực hiện thao tác này."))


def check_clearance(user, secrecy: int):
    if secrecy > clearance_of(user):
        raise DocumentError(_("Bạn không được phép xử lý văn bản có độ mật này."))


def check_allowed(document, transition: Transition, actor):
    """The document is in a source status, the actor has a role of the transition and sees the document."""
    if document.status not in transition.sources:
        raise DocumentError(
            _("Không thể “%(action)s” khi văn bản đang ở trạng thái “%(status)s”.")
            % {"action": transition.label, "status": document.get_status_display()}
        )
    if SYSTEM in transition.roles:
        return
    check_role(actor, transition.roles)
    if not type(document).objects.for_user(actor).filter(pk=document.pk).exists():
        raise DocumentError(_("Bạn không có quyền xử lý văn bản này."))


def check_note(transition: Transition, note: str):
    if transition.needs_note and not (note or "").strip():
        raise DocumentError(_("Cần nhập nội dung cho thao tác “%(action)s”.") % {"action": transition.label})


def target_status(transition: Transition, current: str) -> str:
    return current if transition.target == SAME else transition.target


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
    """Audit record and outbox event ``document.<direction>.<action>``; call last in the transaction."""
    side = "incoming" if isinstance(document, IncomingDocument) else "outgoing"
    after = snapshot(document)
    record(
        actor=user_or_none(actor),
        action=f"document.{side}.{action}",
        target=document,
        before=before,
        after=after,
        agency=document.agency,
    )
    publish(
        f"document.{side}.{action}",
        aggregate=document,
        payload={"agency": document.agency_id, **after},
        actor=user_or_none(actor),
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


def apply(
    document,
    direction: str,
    action: str,
    actor,
    *,
    now=None,
    note="",
    change=None,
    check=None,
    to_unit=None,
    to_user=None,
    related=(),
):
    """The one place where a transition is applied: lock, check, change, trail, audit, outbox.

    ``check(locked)`` runs on the locked row before the status changes; ``change(locked, now)`` after.
    ``related``: foreign keys ``change`` reads, fetched with the locked row (only that row is locked).
    """
    from django.db import transaction
    from django.utils import timezone

    from ..transitions import transition_for

    transition = transition_for(direction, action)
    now = now or timezone.now()
    check_note(transition, note)
    with transaction.atomic():
        rows = type(document).objects.all()
        if related:
            rows = rows.select_related(*related).select_for_update(of=("self",))
        else:
            rows = rows.select_for_update()
        locked = rows.get(pk=document.pk)
        check_allowed(locked, transition, actor)
        if check:
            check(locked)
        before = snapshot(locked)
        from_status = locked.status
        locked.status = target_status(transition, from_status)
        if change:
            change(locked, now)
        locked.save()
        log(locked, action, from_status, actor, now, note=note, to_unit=to_unit, to_user=to_user)
        audit_and_publish(locked, action, actor, before=before)
    document.refresh_from_db()
    return document
