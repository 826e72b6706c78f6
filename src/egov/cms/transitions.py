"""Publication of the portal's records (legal documents, gazette issues, procurement items).

Pages have Wagtail's own workflow (drafts, moderation, scheduling); these records have this table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import Role
from egov.core.transitions import Transition, TransitionTable, can, transition  # noqa: F401 (re-exported)


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa đăng")
    PUBLISHED = "published", _("Đã đăng")
    WITHDRAWN = "withdrawn", _("Đã gỡ")


# Who publishes records on the portal: the agency's office (văn thư), its leaders and administrators.
PUBLISHERS = frozenset({Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN, Role.AGENCY_LEADER, Role.CLERK})

TRANSITIONS = TransitionTable(
    transition(
        "publish",
        _("Đăng lên cổng"),
        [PublicationStatus.DRAFT, PublicationStatus.WITHDRAWN],
        PublicationStatus.PUBLISHED,
        PUBLISHERS,
    ),
    transition("withdraw", _("Gỡ khỏi cổng"), [PublicationStatus.PUBLISHED], PublicationStatus.WITHDRAWN, PUBLISHERS),
)


transition_for = TRANSITIONS.__getitem__
allowed = TRANSITIONS.available_actions
