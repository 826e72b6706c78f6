"""What the pages show next to a dossier: its status badge and its deadline flag (no query)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from egov.core import formatting

from ..labels import ACTION_LABELS, action_label, paper_form_label  # noqa: F401 (re-exported)
from ..models import Outcome
from ..transitions import CLOCK_RUNNING, FINAL, Status

STATUS_BADGES = {
    Status.NEW: "badge-info",
    Status.RECEIVED: "badge-info",
    Status.TRANSFERRED: "badge-info",
    Status.SUPPLEMENT_REQUESTED: "badge-warning",
    Status.AWAITING_PAYMENT: "badge-warning",
    Status.RESULT_READY: "badge-success",
    Status.RETURNED: "badge-success",
    Status.REFUSED: "badge-muted",
    Status.WITHDRAWN: "badge-muted",
    Status.STOPPED: "badge-muted",
}
OUTCOME_BADGES = {Outcome.EARLY: "badge-success", Outcome.ON_TIME: "badge-success", Outcome.LATE: "badge-error"}


@dataclass(frozen=True)
class Flag:
    label: str
    badge: str


OVERDUE = Flag(_("Quá hạn"), "badge-error")
DUE_SOON = Flag(_("Sắp đến hạn"), "badge-warning")
ON_SCHEDULE = Flag(_("Trong hạn"), "badge-muted")
PAUSED = Flag(_("Tạm dừng tính hạn"), "badge-muted")


def deadline_flag(dossier, now, soon_until) -> Flag | None:
    """Early / on time / late once there is a result; overdue or due soon while the clock runs."""
    if dossier.outcome:
        return Flag(Outcome(dossier.outcome).label, OUTCOME_BADGES[dossier.outcome])
    if dossier.status in FINAL or dossier.due_at is None:
        return None
    if dossier.status not in CLOCK_RUNNING:
        return PAUSED
    if dossier.due_at < now:
        return OVERDUE
    if dossier.due_at < soon_until:
        return DUE_SOON
    return ON_SCHEDULE


def money(amount) -> str:
    """``200000`` -> ``200.000`` (Vietnamese grouping, whatever the locale's formats say)."""
    return formatting.number(amount or 0, 0)


def decorate(dossiers, now, soon_until):
    """Set ``status_badge``, ``flag`` and ``fee_display`` on each dossier of a page (already fetched)."""
    for dossier in dossiers:
        dossier.status_badge = STATUS_BADGES.get(dossier.status, "badge-info")
        dossier.flag = deadline_flag(dossier, now, soon_until)
        dossier.fee_display = money(dossier.fee_total)
    return dossiers


def decorate_timeline(handovers):
    for handover in handovers:
        handover.action_label = action_label(handover.action)
        handover.outcome_badge = OUTCOME_BADGES.get(handover.outcome, "")
    return handovers


def decorate_papers(papers):
    for paper in papers:
        paper.form_label = paper_form_label(paper.form)
    return papers
