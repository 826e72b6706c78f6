"""Sổ theo dõi hồ sơ: the dossiers received in a period, as XLSX and as an A4 landscape PDF.

One query (procedure and agencies joined), rows streamed with ``iterator``. The PDF lays the rows out
in tables of ``CHUNK`` rows under a column header drawn on every page, so the layout time grows
linearly with the number of rows (one long table would be re-measured at every page break).
"""

from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate, Paragraph, Table, TableStyle

from ..models import Dossier, Outcome
from ..transitions import Status
from . import templates
from .layout import Styles, document, edition_text, grid_style, plain
from .templates import Values, fill, markup
from .values import day, local, text

CHUNK = 40
CELL_PADDING = 2  # the left and right padding of ``layout.grid_style``
FORMATS = {"datetime": lambda moment: f"{day(moment)}\n{local(moment):%H:%M}", "date": day}
XLSX_FORMATS = {"datetime": "dd/mm/yyyy hh:mm", "date": "dd/mm/yyyy"}


def register_rows(queryset, period_start, period_end):
    """The register's rows (dicts keyed by the column fields of ``register.json``), oldest first."""
    start, end = _bounds(period_start, period_end)
    dossiers = (
        queryset.filter(received_at__gte=start, received_at__lt=end)
        .select_related("procedure", "handling_agency", "receiving_agency")
        .order_by("received_at", "id")
    )
    # Labels resolved once: get_FOO_display() translates every choice of the field at each call.
    labels = {
        "status": {value: str(label) for value, label in Status.choices},
        "outcome": {value: str(label) for value, label in Outcome.choices},
        "rescheduled": str(Dossier._meta.get_field("rescheduled").verbose_name).capitalize(),
    }
    for n, dossier in enumerate(dossiers.iterator(chunk_size=500), start=1):
        yield _row(n, dossier, labels)


def register_xlsx(queryset, period_start, period_end, *, agency=None) -> bytes:
    """The register as a spreadsheet (write-only workbook: rows are streamed, not held)."""
    with translation.override("vi"):
        template = templates.load("register")
        columns = template["columns"]
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(template.get("sheet_title", "Sổ theo dõi hồ sơ")[:31])
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column["width"] * 1.6
        for line in _title_lines(template, period_start, period_end, agency):
            sheet.append([_bold(sheet, line)])
        sheet.append([])
        sheet.append([_bold(sheet, column["label"], wrap=True) for column in columns])
        for row in register_rows(queryset, period_start, period_end):
            sheet.append([_xlsx_cell(sheet, column, row[column["field"]]) for column in columns])
        buffer = BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def register_pdf(queryset, period_start, period_end, *, agency=None) -> bytes:
    with translation.override("vi"):
        common = templates.load("common")
        template = templates.load("register")
        page = template.get("page", {})
        styles = Styles(common, page)
        buffer = BytesIO()
        title = _title_lines(template, period_start, period_end, agency)
        doc = document(buffer, page, title=" ".join(title), cls=BaseDocTemplate)
        _PageLayout(doc, styles, template, title).install()
        columns = template["columns"]
        widths = _widths(columns, doc.width)
        style = _table_style(columns, styles)
        story = [NextPageTemplate("rest")]
        chunk = []
        for row in register_rows(queryset, period_start, period_end):
            chunk.append([_pdf_cell(column, row, styles, width) for column, width in zip(columns, widths, strict=True)])
            if len(chunk) == CHUNK:
                story.append(_table(chunk, widths, style))
                chunk = []
        if chunk:
            story.append(_table(chunk, widths, style))
        if len(story) == 1:
            story.append(Paragraph(markup(template.get("empty", "")), styles.body))
        doc.build(story)
        return buffer.getvalue()


# --- rows -----------------------------------------------------------------------------------------------


def _bounds(period_start, period_end) -> tuple[datetime, datetime]:
    """Local midnight of the first day to local midnight after the last (both days included)."""
    first, last = _as_date(period_start), _as_date(period_end)
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), zone)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone)
    return start, end


def _as_date(value) -> date:
    return local(value).date() if isinstance(value, datetime) else value


def _row(n: int, dossier: Dossier, labels: dict) -> dict:
    status = labels["status"].get(dossier.status, dossier.status)
    notes = [status] if dossier.status != Status.RETURNED else []
    if dossier.rescheduled:
        notes.append(labels["rescheduled"])
    contact = ", ".join(filter(None, [dossier.applicant_address, dossier.applicant_phone]))
    return {
        "no": n,
        "code": dossier.code or "",
        "applicant": text(dossier.applicant_name),
        "id_number": dossier.applicant_id_number,
        "contact": text(contact),
        "procedure": text(dossier.procedure.name),
        "procedure_code": dossier.procedure.code,
        "receiving_agency": dossier.receiving_agency.name,
        "handled_by": dossier.handling_agency.name,
        "received_at": local(dossier.received_at),
        "due_at": local(dossier.due_at),
        "result_at": local(dossier.result_at),
        "returned_at": local(dossier.returned_at),
        "outcome": labels["outcome"].get(dossier.outcome, ""),
        "status": status,
        "register_number": dossier.register_number,
        "note": "; ".join(notes),
    }


def _title_lines(template, period_start, period_end, agency) -> list[str]:
    """Plain-text title lines: the agency (if given), the title, then the period."""
    values = Values({"period_start": day(_as_date(period_start)), "period_end": day(_as_date(period_end))})
    lines = [text(agency.name).upper()] if agency is not None else []
    lines.append(plain(edition_text(templates.load("common"), template["title"])))
    lines.extend(plain(fill(line, values)) for line in template.get("subtitle", []))
    return lines


# --- xlsx -----------------------------------------------------------------------------------------------


def _bold(sheet, value, wrap=False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    return cell


def _xlsx_cell(sheet, column: dict, value):
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))  # Excel has no time zones: local time
        cell.number_format = XLSX_FORMATS[column.get("format", "datetime")]
        return cell
    if isinstance(value, int) or value is None:
        return value
    return str(value) or None


# --- pdf ------------------------------------------------------------------------------------------------


def _widths(columns, width) -> list[float]:
    total = sum(column["width"] for column in columns)
    return [width * column["width"] / total for column in columns]


def _pdf_cell(column: dict, row: dict, styles: Styles, width: float) -> str:
    """Plain text, wrapped here to the column width: a Paragraph per cell would cost ten times more."""
    value = row[column["field"]]
    if column.get("format") and value is not None:
        value = FORMATS[column["format"]](value)
    value = "" if value is None else str(value)
    if column.get("wrap"):
        return "\n".join(simpleSplit(value, styles.font, styles.cell.fontSize, width - 2 * CELL_PADDING))
    return value


def _table_style(columns, styles: Styles) -> TableStyle:
    # No top border: the row above (the previous chunk or the page's column header) draws it.
    lines = [
        ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("LINEBEFORE", (0, 0), (0, -1), 0.5, colors.black),
        ("LINEAFTER", (-1, 0), (-1, -1), 0.5, colors.black),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.black),
    ]
    style = TableStyle([*lines, *(cmd for cmd in grid_style().getCommands() if cmd[0] != "GRID")])
    style.add("FONT", (0, 0), (-1, -1), styles.font, styles.cell.fontSize, styles.cell.leading)
    for index, column in enumerate(columns):
        if column.get("align") == "center":
            style.add("ALIGN", (index, 0), (index, -1), "CENTER")
    return style


def _table(rows, widths, style: TableStyle) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(style)
    return table


def _title_paragraph(line: str, index: int, title_index: int, styles: Styles) -> Paragraph:
    """The agency and the title in bold, the title larger; the period below in normal text."""
    if index > title_index:
        return Paragraph(markup(line), styles.center)
    return Paragraph(f"<b>{markup(line)}</b>", styles.title if index == title_index else styles.center)


class _PageLayout:
    """Page templates: the title on the first page, the column header and page number on every page."""

    def __init__(self, doc: BaseDocTemplate, styles: Styles, template: dict, title: list[str]):
        self.doc, self.styles, self.template = doc, styles, template
        title_index = len(title) - len(template.get("subtitle", [])) - 1
        self.title = [_title_paragraph(line, i, title_index, styles) for i, line in enumerate(title)]
        labels = [Paragraph(f"<b>{markup(col['label'])}</b>", styles.small_center) for col in template["columns"]]
        self.header = Table([labels], colWidths=_widths(template["columns"], doc.width))
        self.header.setStyle(grid_style())
        self.header_height = self.header.wrap(doc.width, doc.height)[1]
        self.title_height = sum(p.wrap(doc.width, doc.height)[1] + p.style.spaceAfter for p in self.title)

    def install(self):
        doc = self.doc
        first = self._frame("first", doc.height - self.title_height - self.header_height)
        rest = self._frame("rest", doc.height - self.header_height)
        doc.addPageTemplates(
            [
                PageTemplate(id="first", frames=[first], onPage=self._first_page),
                PageTemplate(id="rest", frames=[rest], onPage=self._page),
            ]
        )

    def _frame(self, name, height) -> Frame:
        doc = self.doc
        return Frame(
            doc.leftMargin,
            doc.bottomMargin,
            doc.width,
            height,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def _first_page(self, canvas, doc):
        y = doc.bottomMargin + doc.height
        for paragraph in self.title:
            y -= paragraph.wrap(doc.width, doc.height)[1]
            paragraph.drawOn(canvas, doc.leftMargin, y)
            y -= paragraph.style.spaceAfter
        self._draw_header(canvas, doc, y)

    def _page(self, canvas, doc):
        self._draw_header(canvas, doc, doc.bottomMargin + doc.height)

    def _draw_header(self, canvas, doc, top):
        self.header.drawOn(canvas, doc.leftMargin, top - self.header_height)
        label = fill(self.template.get("page_label", "Trang {page}"), Values({"page": doc.page}))
        canvas.setFont(self.styles.font, self.styles.small.fontSize)
        canvas.drawRightString(doc.leftMargin + doc.width, doc.bottomMargin / 2, label)
