"""Staff workspace of the one-stop back office: inboxes, desk intake, dossier page and actions, statistics."""

from .detail import dossier_action, dossier_detail
from .documents import dossier_document
from .inbox import inbox, inbox_home
from .intake import intake_form, intake_start
from .stats import stats_page, stats_xlsx

__all__ = [
    "dossier_action",
    "dossier_detail",
    "dossier_document",
    "inbox",
    "inbox_home",
    "intake_form",
    "intake_start",
    "stats_page",
    "stats_xlsx",
]
