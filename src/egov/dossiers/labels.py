"""Labels of a dossier's trail actions and papers, shared by the pages and the REST API (no view imports)."""

from django.utils.translation import gettext_lazy as _

from egov.procedures.models import RequiredDocument

from .transitions import TRANSITIONS

# The columns a dossier list reads with its rows (the inboxes and the API list).
LIST_RELATED = ("procedure__sector", "receiving_agency", "handling_agency", "current_unit", "current_handler")

ACTION_LABELS = {
    **{t.action: t.label for t in TRANSITIONS},
    "receive": _("Tiếp nhận trực tiếp"),
    "submit_online": _("Nộp trực tuyến"),
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def paper_form_label(form: str) -> str:
    return RequiredDocument.Form(form).label if form in RequiredDocument.Form.values else form
