"""Reactions to document events: tell the people who must act now, in the system's notifications.

Handlers run in the outbox dispatcher's transaction, so a retried delivery never notifies twice.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from egov.accounts.models import Role, User
from egov.events.registry import subscriber
from egov.notifications.services import notify_user

from .models import IncomingDocument, OutgoingDocument, clearance_of
from .services import current_reviewer_role


@subscriber("document.incoming.arrive", name="documents.notify_clerks")
def notify_clerks(event):
    """A document arrived through the platform: the recipient agency's clerks must register it."""
    document = IncomingDocument.objects.filter(pk=event.aggregate_id).first()
    if document is None:
        return
    title = _("Văn bản đến chờ vào sổ: %(notation)s") % {"notation": document.notation}
    _notify(_staff(document.agency, Role.CLERK), document, title, "incoming")


@subscriber("document.incoming.present", name="documents.notify_leaders")
def notify_leaders(event):
    document = IncomingDocument.objects.filter(pk=event.aggregate_id).first()
    if document is None:
        return
    title = _("Văn bản chờ phân công: %(notation)s") % {"notation": document.notation}
    _notify(_staff(document.agency, Role.AGENCY_LEADER), document, title, "incoming")


@subscriber("document.incoming.assign", "document.incoming.reassign", name="documents.notify_handler")
def notify_handler(event):
    document = IncomingDocument.objects.select_related("lead_user").filter(pk=event.aggregate_id).first()
    if document is None or document.lead_user is None:
        return
    title = _("Văn bản được giao xử lý: %(notation)s") % {"notation": document.notation}
    _notify([document.lead_user], document, title, "incoming")


@subscriber("document.incoming.register", name="documents.notify_sender")
def notify_sender(event):
    """A copy sent through the platform was registered: its drafter learns when and under which arrival number."""
    document = (
        IncomingDocument.objects.select_related("agency", "origin__author")
        .filter(pk=event.aggregate_id, origin__isnull=False)
        .first()
    )
    if document is None:
        return
    title = _("%(agency)s đã vào sổ văn bản %(notation)s, số đến %(number)s") % {
        "agency": document.agency.name,
        "notation": document.notation,
        "number": document.arrival_number,
    }
    _notify([document.origin.author], document.origin, title, "outgoing")


@subscriber("document.incoming.finish_part", name="documents.notify_lead_of_part")
def notify_lead_of_part(event):
    """A cooperating unit finished its part: the lead handler (or the lead unit's heads) can now conclude."""
    document = IncomingDocument.objects.select_related("lead_user", "lead_unit").filter(pk=event.aggregate_id).first()
    if document is None or document.lead_unit is None:
        return
    title = _("Đơn vị phối hợp đã hoàn thành phần việc: %(notation)s") % {"notation": document.notation}
    users = [document.lead_user] if document.lead_user else _staff(document.lead_unit, Role.DEPARTMENT_HEAD)
    _notify(users, document, title, "incoming")


@subscriber("document.outgoing.submit_for_review", "document.outgoing.approve_step", name="documents.notify_reviewer")
def notify_reviewer(event):
    document = OutgoingDocument.objects.select_related("document_type").filter(pk=event.aggregate_id).first()
    role = current_reviewer_role(document) if document else None
    if role is None:
        return
    unit = document.drafting_unit if role == Role.DEPARTMENT_HEAD else document.agency
    title = _("Dự thảo chờ duyệt: %(subject)s") % {"subject": document.subject[:100]}
    _notify(_staff(unit, role), document, title, "outgoing")


def _staff(unit, role):
    in_unit = User.objects.filter(is_active=True, roles__role=role)
    if unit.is_department:
        return in_unit.filter(official__department=unit)
    return in_unit.filter(official__agency=unit)


def _notify(users, document, title, direction):
    url = reverse(f"documents:{direction}-detail", args=[document.pk])
    for user in users:
        if clearance_of(user) >= document.secrecy:
            notify_user(user, title, document.subject, url)
