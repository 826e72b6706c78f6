"""The payment receipt as a one-page PDF (ReportLab, with the forms' Vietnamese font)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from egov.core import formatting
from egov.dossiers.forms_pdf.fonts import family


def rows(txn) -> list[tuple[str, str]]:
    dossier = txn.dossier
    paid_at = timezone.localtime(txn.paid_at).strftime("%d/%m/%Y %H:%M") if txn.paid_at else "—"
    return [
        (_("Mã giao dịch"), txn.reference),
        (_("Mã hồ sơ"), dossier.code or "—"),
        (_("Thủ tục"), dossier.procedure.name),
        (_("Người nộp"), dossier.applicant_name),
        (_("Cơ quan giải quyết"), dossier.handling_agency.name),
        (_("Số tiền"), formatting.money(txn.amount)),
        (_("Nội dung"), txn.description),
        (_("Cổng thanh toán"), txn.gateway),
        (_("Mã giao dịch tại cổng"), txn.gateway_transaction_no or "—"),
        (_("Thời điểm thanh toán"), paid_at),
    ]


def render_receipt(txn) -> bytes:
    font = family()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=14)
    title = ParagraphStyle("title", parent=body, fontSize=15, leading=19, alignment=1, spaceAfter=6 * mm)
    table = Table(
        [[Paragraph(label, body), Paragraph(str(value), body)] for label, value in rows(txn)],
        colWidths=[55 * mm, 110 * mm],
    )
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=_("Biên lai thanh toán"), leftMargin=20 * mm, rightMargin=20 * mm)
    doc.build([Paragraph(_("BIÊN LAI THANH TOÁN PHÍ, LỆ PHÍ"), title), table, Spacer(1, 6 * mm)])
    return out.getvalue()
