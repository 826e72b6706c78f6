"""Incoming and outgoing registers (sổ đăng ký văn bản) with the Decree 30 columns, as XLSX."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IncomingDocument, OutgoingDocument


def incoming_rows(documents):
    yield [
        _("Ngày đến"),
        _("Số đến"),
        _("Tác giả"),
        _("Số, ký hiệu"),
        _("Ngày tháng văn bản"),
        _("Tên loại và trích yếu nội dung"),
        _("Đơn vị hoặc người nhận"),
        _("Ngày chuyển"),
        _("Ký nhận"),
        _("Ghi chú"),
    ]
    for d in documents:
        lead = next((a for a in d.assignments.all() if a.kind == "lead"), None)
        yield [
            _local_date(d.arrival_date),
            d.arrival_number,
            d.issuer_name,
            d.notation,
            _date(d.document_date),
            f"{d.document_type.name}: {d.subject}",
            str(d.lead_user or d.lead_unit or ""),
            _local_date(lead.assigned_at) if lead else "",
            "",
            d.get_status_display() if d.status == "recalled" else "",
        ]


def outgoing_rows(documents):
    yield [
        _("Số, ký hiệu văn bản"),
        _("Ngày tháng văn bản"),
        _("Tên loại và trích yếu nội dung"),
        _("Người ký"),
        _("Nơi nhận văn bản"),
        _("Đơn vị, người nhận bản lưu"),
        _("Số lượng bản"),
        _("Ngày chuyển"),
        _("Ký nhận"),
        _("Ghi chú"),
    ]
    for d in documents:
        recipients = [x.recipient_name for x in d.dispatches.all()]
        yield [
            d.notation,
            _date(d.document_date),
            f"{d.document_type.name}: {d.subject}",
            d.signer_name,
            "; ".join(recipients),
            ", ".join(d.archive_list) or str(d.drafting_unit or ""),
            len(recipients),
            _local_date(d.issued_at),
            "",
            _("Đã thu hồi") if d.recalled_at else "",
        ]


def register_xlsx(kind: str, documents, *, title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    rows = incoming_rows(documents) if kind == "incoming" else outgoing_rows(documents)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_documents(kind: str, user, year: int):
    """The registered documents of ``year`` that ``user`` may see, in register order."""
    if kind == "incoming":
        return (
            IncomingDocument.objects.for_user(user)
            .filter(register__year=year)
            .select_related("document_type", "lead_unit", "lead_user")
            .prefetch_related("assignments")
            .order_by("register__is_secret", "arrival_number")
        )
    return (
        OutgoingDocument.objects.for_user(user)
        .filter(register__year=year)
        .select_related("document_type", "drafting_unit")
        .prefetch_related("dispatches")
        .order_by("register__is_secret", "sequence")
    )


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _local_date(value):
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


# --- PDF -------------------------------------------------------------------------------------------------

FONT_FILES = (
    # The serif bundled with the one-stop forms (Vietnamese coverage), then the system's DejaVu Serif.
    ("egov.dossiers", "forms_pdf/data/fonts/DejaVuSerifCondensed.ttf"),
    (None, "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
)
PDF_CHUNK = 40  # rows per table: ReportLab re-measures one long table at every page break


def _font() -> str:
    """A TrueType font with the Vietnamese letters, registered once per process."""
    import importlib.util
    from pathlib import Path

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "EgovDocuments" in pdfmetrics.getRegisteredFontNames():
        return "EgovDocuments"
    for package, relative in FONT_FILES:
        spec = importlib.util.find_spec(package) if package else None
        path = Path(spec.submodule_search_locations[0]) / relative if spec else Path(relative)
        if path.exists():
            pdfmetrics.registerFont(TTFont("EgovDocuments", str(path)))
            return "EgovDocuments"
    raise RuntimeError("No TrueType font with Vietnamese letters found for the register PDF.")


def register_pdf(kind: str, documents, *, title: str, agency_name: str = "") -> bytes:
    """The register as an A4 landscape PDF with the Decree 30 columns (header row repeated on every page)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    cell = ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9)
    heading = ParagraphStyle("heading", fontName=font, fontSize=14, leading=18, alignment=1)
    rows = incoming_rows(documents) if kind == "incoming" else outgoing_rows(documents)
    header = [Paragraph(_escape(str(h)), cell) for h in next(rows)]
    buffer = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(
        buffer, pagesize=page, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm
    )
    doc.title = title
    width = page[0] - 24 * mm
    widths = [width * w for w in (0.08, 0.06, 0.13, 0.1, 0.08, 0.25, 0.11, 0.07, 0.05, 0.07)]
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ]
    )
    story = [Paragraph(_escape(title.upper()), heading)]
    if agency_name:
        story.append(Paragraph(_escape(agency_name), ParagraphStyle("sub", parent=heading, fontSize=10)))
    story.append(Spacer(1, 4 * mm))
    chunk = []
    for row in rows:
        chunk.append([Paragraph(_escape("" if v is None else str(v)), cell) for v in row])
        if len(chunk) == PDF_CHUNK:
            story.append(Table([header, *chunk], colWidths=widths, repeatRows=1, style=style))
            chunk = []
    if chunk or len(story) <= 3:
        story.append(Table([header, *chunk], colWidths=widths, repeatRows=1, style=style))
    doc.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
