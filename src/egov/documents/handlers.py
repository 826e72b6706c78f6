"""Reactions to document events: tell the people who must act now, in the system's notifications and by
e-mail (queued in the notifications outbox, sent by the worker).

Handlers run in the outbox dispatcher's transaction, so a retried delivery never notifies twice.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.accounts.models import Role, User
from egov.events.registry import subscriber
from egov.notifications.services import notify_user, send_templated_email

from .models import Assignment, IncomingDocument, OutgoingDocument, clearance_of
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


ASSIGNED_TITLES = {
    Assignment.Kind.LEAD: gettext_lazy("Văn bản được giao xử lý (chủ trì): %(notation)s"),
    Assignment.Kind.COOPERATE: gettext_lazy("Văn bản được giao phối hợp xử lý: %(notation)s"),
    Assignment.Kind.INFORM: gettext_lazy("Văn bản gửi để biết: %(notation)s"),
}


@subscriber("document.incoming.assign", name="documents.notify_assigned")
def notify_assigned(event):
    """The leader assigned the document: the person chosen for each part, or, when a unit was chosen without a
    person, the unit's heads (who then give it to one of their officials) — lead, cooperating and informed."""
    document = IncomingDocument.objects.filter(pk=event.aggregate_id).first()
    if document is None:
        return
    told = set()
    for assignment in document.assignments.select_related("unit", "user").order_by("kind", "id"):
        users = [assignment.user] if assignment.user else heads_of(assignment.unit)
        users = [u for u in users if u.pk not in told]
        told.update(u.pk for u in users)
        title = ASSIGNED_TITLES[assignment.kind] % {"notation": document.notation or document.subject[:60]}
        if assignment.user is None:
            title = f"{title} ({assignment.unit.name})"
        _notify(users, document, title, "incoming")


@subscriber("document.incoming.reassign", name="documents.notify_handler")
def notify_handler(event):
    """A head gave the unit's part to one of its officials: that official."""
    document = IncomingDocument.objects.filter(pk=event.aggregate_id).first()
    entry = document.trail.filter(action="reassign").order_by("-at", "-id").first() if document else None
    if entry is None or entry.to_user is None:
        return
    title = _("Văn bản được giao xử lý: %(notation)s") % {"notation": document.notation}
    _notify([entry.to_user], document, title, "incoming")


def heads_of(unit) -> list:
    """Who answers for ``unit``: a department's heads (its staff when it has none), an organisation's leaders."""
    if unit.is_department:
        heads = list(_staff(unit, Role.DEPARTMENT_HEAD))
        return heads or list(User.objects.filter(is_active=True, official__department=unit))
    return list(_staff(unit, Role.AGENCY_LEADER))


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
    """In the system and, for users with an address, by e-mail (the notice links to the document's page)."""
    url = reverse(f"documents:{direction}-detail", args=[document.pk])
    for user in users:
        if clearance_of(user) < document.secrecy:
            continue
        notify_user(user, title, document.subject, url)
        if user.email:
            try:
                send_templated_email(
                    to=user.email,
                    template="notifications/email/notice",
                    context={"subject": title, "message": document.subject, "action_url": f"{settings.SITE_URL}{url}"},
                    reason="documents.notice",
                    related=document,
                )
            except ValidationError:
                pass  # an address the mail server cannot use; the in-system notice is there
