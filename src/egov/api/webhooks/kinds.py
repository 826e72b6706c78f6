"""The event kinds a partner may subscribe to, and how each is read from an outbox event.

A kind names what happened in the partner's words (``dossier.status_changed``); it is fed by one or more
outbox topics (``dossier.accept``...). One outbox event may feed several kinds: approving a dossier is both
``dossier.status_changed`` and ``dossier.result_ready``. Each kind says which agency the event belongs to
(the partner only gets events of its agencies) and which fields go into ``data`` — a fixed, documented list,
never the whole internal payload.
"""

from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.utils.translation import gettext_lazy as _

TEST_KIND = "webhook.test"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    topics: tuple[str, ...]
    agency_field: str  # the payload key holding the agency id
    fields: tuple[str, ...]  # payload keys copied into ``data``
    accept: Callable[[dict], bool] = lambda payload: True

    def matches(self, topic: str, payload: dict) -> bool:
        return any(fnmatchcase(topic, pattern) for pattern in self.topics) and self.accept(payload)


DOSSIER_FIELDS = ("code", "status", "national_status", "procedure", "due_at")


def _unclassified(payload: dict) -> bool:
    """Secret documents never leave through a webhook."""
    return not payload.get("secrecy")


KINDS: tuple[Kind, ...] = (
    Kind(
        "dossier.received",
        _("Hồ sơ được tiếp nhận"),
        ("dossier.receive", "dossier.accept"),
        "handling_agency",
        DOSSIER_FIELDS,
    ),
    Kind(
        "dossier.status_changed",
        _("Hồ sơ đổi trạng thái"),
        ("dossier.*",),
        "handling_agency",
        DOSSIER_FIELDS,
        accept=lambda payload: "status" in payload,
    ),
    Kind(
        "dossier.result_ready",
        _("Hồ sơ có kết quả"),
        ("dossier.approve",),
        "handling_agency",
        DOSSIER_FIELDS,
    ),
    Kind(
        "document.arrived",
        _("Văn bản đến"),
        ("document.incoming.arrive",),
        "agency",
        ("status", "notation"),
        accept=_unclassified,
    ),
    Kind(
        "document.issued",
        _("Văn bản đi được ban hành"),
        ("document.outgoing.issue",),
        "agency",
        ("status", "notation", "signed"),
        accept=_unclassified,
    ),
    Kind(
        "feedback.answered",
        _("Phản ánh, kiến nghị được trả lời"),
        ("feedback.approve",),
        "agency",
        ("code", "status"),
    ),
)
BY_CODE = {kind.code: kind for kind in KINDS}
# Outbox topics the queue handler listens to (a superset; ``kinds_for`` decides).
TOPICS = ("dossier.*", "document.incoming.arrive", "document.outgoing.issue", "feedback.approve")


def choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in KINDS]


def kinds_for(topic: str, payload: dict) -> list[Kind]:
    if topic == "dossier.rated":  # a rating is not a step of the dossier
        return []
    return [kind for kind in KINDS if kind.matches(topic, payload)]


def data_for(kind: Kind, event, agency_code: str) -> dict:
    """The ``data`` object of a delivery: the kind's fields, the object's id, the action and the agency."""
    payload = event.payload or {}
    data = {"id": event.aggregate_id, "action": event.topic.rsplit(".", 1)[-1], "agency": agency_code}
    data.update({name: payload.get(name) for name in kind.fields if name in payload})
    return data
