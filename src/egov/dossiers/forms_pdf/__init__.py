"""The one-stop forms as PDF (and the dossier register as XLSX), from templates kept as data.

Rendering uses ReportLab platypus, already a dependency: no system libraries, a receipt in about 35 ms,
a register of thousands of rows laid out in bounded chunks, Code128 and QR codes built in. WeasyPrint
(HTML to PDF) would have made the templates HTML, but it is a new dependency bound to Pango, slower per
page, and needs a barcode library; the forms are simple enough to describe as data
(``data/forms/*.json``, see ``templates`` and ``data/README.md``).

Views call a function of ``FORMS`` (all take the dossier alone; the reason and dates default to the
dossier's record) and name the download with ``filename``.
"""

from typing import NamedTuple

from .register import register_pdf, register_xlsx
from .slips import (
    apology_pdf,
    control_slip_pdf,
    receipt_pdf,
    refusal_pdf,
    stop_notice_pdf,
    supplement_request_pdf,
)


class FormSpec(NamedTuple):
    function: object  # (dossier, ...) -> bytes
    filename: str  # pattern with {code}


FORMS: dict[str, FormSpec] = {
    "receipt": FormSpec(receipt_pdf, "giay-tiep-nhan-{code}.pdf"),
    "supplement_request": FormSpec(supplement_request_pdf, "yeu-cau-bo-sung-{code}.pdf"),
    "refusal": FormSpec(refusal_pdf, "tu-choi-tiep-nhan-{code}.pdf"),
    "apology": FormSpec(apology_pdf, "xin-loi-hen-lai-{code}.pdf"),
    "stop_notice": FormSpec(stop_notice_pdf, "dung-giai-quyet-{code}.pdf"),
    "control_slip": FormSpec(control_slip_pdf, "phieu-kiem-soat-{code}.pdf"),
}

# The hand-over actions after which a form makes sense (the receipt and control slip: any received dossier).
FORM_ACTIONS = {
    "receipt": {"receive", "accept"},
    "supplement_request": {"request_supplement"},
    "refusal": {"refuse"},
    "apology": {"apologize"},
    "stop_notice": {"stop"},
    "control_slip": {"receive", "accept", "submit_online"},
}


def filename(name: str, dossier) -> str:
    return FORMS[name].filename.format(code=dossier.code or f"ho-so-{dossier.pk}")


def available_forms(dossier, actions=None) -> list[str]:
    """The forms that can be printed for ``dossier``; pass ``actions`` (its hand-over actions) to save a query."""
    if actions is None:
        actions = set(dossier.handovers.values_list("action", flat=True))
    return [name for name, needed in FORM_ACTIONS.items() if needed & set(actions)]


__all__ = [
    "FORMS",
    "FormSpec",
    "apology_pdf",
    "available_forms",
    "control_slip_pdf",
    "filename",
    "receipt_pdf",
    "refusal_pdf",
    "register_pdf",
    "register_xlsx",
    "stop_notice_pdf",
    "supplement_request_pdf",
]
