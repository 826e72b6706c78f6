"""Turning a form template (data) and a form's values into a PDF with ReportLab platypus.

A template is a page description, a title and a list of blocks; each block kind has a builder here:
``code`` (dossier code with Code128 barcode and QR code), ``text`` (lines of markup), ``table`` (rows
supplied by the form under the block's ``rows`` key, cells from column templates), ``signatures`` and
``spacer``. The header (agency, national motto, place and date) and the title are on every form.
"""

import re
from dataclasses import dataclass, field
from io import BytesIO

# The flowable barcodes draw straight on the canvas: several times faster than the Drawing widgets.
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import fonts, templates
from .templates import Values, fill

PAGE_SIZES = {"A4": A4, "A5": A5}


@dataclass
class Form:
    """What a form function hands to ``render``: its template name, values and table rows."""

    template: str
    values: dict
    code: str | None = None
    tables: dict[str, list[dict]] = field(default_factory=dict)


class Styles:
    """Paragraph styles derived from the template's font and size settings (built per render: cheap)."""

    def __init__(self, common: dict, page: dict):
        self.font = fonts.family()
        size = page.get("font_size", common["font_size"])
        leading = size * common.get("leading_ratio", 1.3)
        small = page.get("small_size", common["small_size"])
        self.body = ParagraphStyle("body", fontName=self.font, fontSize=size, leading=leading, alignment=TA_JUSTIFY)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=small, leading=small * 1.25)
        self.cell = ParagraphStyle("cell", parent=self.small, alignment=TA_LEFT)
        self.left = ParagraphStyle("left", parent=self.body, alignment=TA_LEFT)
        self.center = ParagraphStyle("center", parent=self.body, alignment=TA_CENTER)
        self.small_center = ParagraphStyle("small_center", parent=self.small, alignment=TA_CENTER)
        self.title = ParagraphStyle(
            "title", parent=self.center, fontSize=size + 2, leading=(size + 2) * 1.3, spaceBefore=6, spaceAfter=4
        )

    def for_line(self, style: str | None) -> ParagraphStyle:
        styles = {"left": self.left, "center": self.center, "small": self.small, "small_center": self.small_center}
        return styles.get(style, self.body)


def render(form: Form) -> bytes:
    common = templates.load("common")
    template = templates.load(form.template)
    page = template.get("page", {})
    styles = Styles(common, page)
    values = Values(
        {**form.values, "form_number": form_number(common, template), "code": form.code or ""},
        blank=common.get("blank", "…"),
    )
    template = {**template, "title": edition_text(common, template["title"])}
    buffer = BytesIO()
    doc = document(buffer, page, title=plain(fill(template["title"], values)))
    story = header(common, template, values, styles, doc.width)
    for block in template.get("blocks", []):
        story.extend(_builder(block)(block, form, values, styles, doc.width, common))
    story.extend(Paragraph(fill(note, values), styles.small) for note in template.get("footnotes", []))
    doc.build(story)
    return buffer.getvalue()


def _builder(block: dict):
    try:
        return BLOCKS[block.get("kind")]
    except KeyError:
        raise ImproperlyConfigured(
            _("Mẫu biểu có khối “%(kind)s” không hợp lệ; các loại khối: %(kinds)s.")
            % {"kind": block.get("kind"), "kinds": ", ".join(BLOCKS)}
        )


def document(buffer, page: dict, *, title: str, cls=SimpleDocTemplate) -> SimpleDocTemplate:
    size = PAGE_SIZES[page.get("size", "A5")]
    if page.get("landscape"):
        size = landscape(size)
    top, right, bottom, left = (value * mm for value in page.get("margins_mm", [10, 12, 10, 15]))
    return cls(
        buffer,
        pagesize=size,
        topMargin=top,
        rightMargin=right,
        bottomMargin=bottom,
        leftMargin=left,
        title=title,
        author="egov",
    )


def form_number(common: dict, template: dict) -> str:
    return edition_text(common, template.get("form_number", ""))


def edition_text(common: dict, value) -> str:
    """A text that may differ between circulars: a string, or an object keyed by edition (``tt03_2025``)."""
    return value.get(common["edition"], "") if isinstance(value, dict) else str(value)


def plain(markup_text: str) -> str:
    return re.sub(r"<[^>]+>", "", markup_text)


# --- header ---------------------------------------------------------------------------------------------


def header(common: dict, template: dict, values: Values, styles: Styles, width: float) -> list:
    """Agency (left) and national motto (right), the place and date line, the form number and the title."""
    left = [Paragraph(line, styles.small_center) for line in lines(common["agency_lines"], values)]
    right = [Paragraph(line, styles.small_center) for line in common["motto"]]
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), *_no_padding()]))
    story = []
    if common.get("show_form_number", True) and values["form_number"] != values.blank:
        number_style = ParagraphStyle("number", parent=styles.small, alignment=TA_RIGHT)
        story.append(Paragraph(fill(common["form_number_line"], values), number_style))
    story.append(table)
    if template.get("date_line", True):
        date_style = ParagraphStyle("date", parent=styles.small, alignment=TA_RIGHT, spaceBefore=4)
        story.append(Paragraph(fill(common["date_line"], values), date_style))
    story.append(Paragraph(fill(template["title"], values), styles.title))
    story.extend(Paragraph(fill(line, values), styles.center) for line in template.get("subtitle", []))
    return story


def _no_padding() -> list:
    return [(f"{side}PADDING", (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]


# --- blocks -------------------------------------------------------------------------------------------------


def lines(items: list, values: Values, *, with_style: bool = False) -> list:
    """Filled lines; an item is a string or ``{"text": ..., "if": "key", "style": ...}``, skipped when the
    value ``key`` is empty."""
    filled = []
    for item in items:
        if isinstance(item, str):
            item = {"text": item}
        if "if" in item and values.get(item["if"], values.blank) == values.blank:
            continue
        line = fill(item["text"], values)
        filled.append((line, item.get("style")) if with_style else line)
    return filled


def text_block(block, form, values, styles, width, common) -> list:
    return [Paragraph(line, styles.for_line(style)) for line, style in lines(block["lines"], values, with_style=True)]


def code_block(block, form, values, styles, width, common) -> list:
    """The dossier code in words, as a Code128 barcode and as a QR code (nothing when no code is issued)."""
    label = Paragraph(fill(block.get("label", common["code_label"]), values), styles.left)
    if not form.code:
        return [label]
    options = common["barcode"]
    qr_size = options["qr_size_mm"] * mm if options.get("qr", True) else 0
    left_width = width - qr_size - (GAP if qr_size else 0)
    cells = [[label, _code128(form.code, options, left_width)] if options.get("code128", True) else [label]]
    if qr_size:
        content = common.get("qr_content", "{code}").format_map({"code": form.code})
        cells.append(QrCode(content, width=qr_size, height=qr_size, qrBorder=1, qrLevel="M"))
    table = Table([cells], colWidths=[left_width, GAP + qr_size] if qr_size else [width])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT"), *_no_padding()])
    )
    return [table, Spacer(1, 2 * mm)]


GAP = 4 * mm


def _code128(code: str, options: dict, available: float) -> Code128:
    """A Code128 barcode with the configured bar width, narrowed if the code is too long for the line."""
    bar_width = options["bar_width_mm"] * mm
    height = options["bar_height_mm"] * mm
    barcode = Code128(code, barWidth=bar_width, barHeight=height, humanReadable=False, quiet=False)
    natural = barcode.wrap(available, height)[0]
    if natural > available:
        barcode = Code128(
            code, barWidth=bar_width * available / natural, barHeight=height, humanReadable=False, quiet=False
        )
    return barcode


def table_block(block, form, values, styles, width, common) -> list:
    rows = form.tables.get(block["rows"], [])
    story = [Paragraph(fill(block["heading"], values), styles.body)] if block.get("heading") else []
    if not rows:
        if block.get("empty"):
            story.append(Paragraph(fill(block["empty"], values), styles.body))
        return story
    columns = block["columns"]
    head = [Paragraph(f"<b>{col['label']}</b>", styles.small_center) for col in columns]
    body = [[_cell(col, row, styles) for col in columns] for row in rows]
    total = sum(col["width"] for col in columns)
    table = Table([head, *body], colWidths=[width * col["width"] / total for col in columns], repeatRows=1)
    table.setStyle(grid_style())
    return [*story, Spacer(1, 2), table, Spacer(1, 3)]


def _cell(column: dict, row: dict, styles: Styles) -> Paragraph:
    style = styles.cell if column.get("align", "left") == "left" else styles.small_center
    items = column["text"] if isinstance(column["text"], list) else [column["text"]]
    return Paragraph("<br/>".join(lines(items, Values(row, blank=""))), style)


def grid_style() -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )


def signatures_block(block, form, values, styles, width, common) -> list:
    """Side-by-side signature blocks: title, hint, room to sign, name (left blank when unknown).
    A single block goes on the right half, as on paper."""
    cells = [_signature(item, values, styles, block.get("room_mm", 16)) for item in block["items"]]
    if len(cells) == 1:
        cells.insert(0, "")
    table = Table([cells], colWidths=[width / len(cells)] * len(cells))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 6)]))
    return [table]


def _signature(item: dict, values: Values, styles: Styles, room_mm: float) -> list:
    cell = [Paragraph(f"<b>{fill(item['title'], values)}</b>", styles.small_center)]
    if item.get("hint"):
        cell.append(Paragraph(f"<i>{fill(item['hint'], values)}</i>", styles.small_center))
    cell.append(Spacer(1, room_mm * mm))
    name = fill(item.get("name", ""), values)
    if name and name != values.blank:
        cell.append(Paragraph(f"<b>{name}</b>", styles.small_center))
    return cell


def spacer_block(block, form, values, styles, width, common) -> list:
    return [Spacer(1, block.get("mm", 3) * mm)]


BLOCKS = {
    "text": text_block,
    "code": code_block,
    "table": table_block,
    "signatures": signatures_block,
    "spacer": spacer_block,
}
