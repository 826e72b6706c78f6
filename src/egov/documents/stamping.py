"""The issue details printed on an issued document's PDF before it is signed (Decree 30/2020, Phụ lục I).

A draft leaves its number and date blank: "Số:      /QĐ-STP" under the agency's name, "An Khánh, ngày …
tháng … năm …" under the national motto. At issue the platform writes them on page 1: the "Số:" line becomes
"Số: 03/QĐ-STP" and the date line "An Khánh, ngày 06 tháng 4 năm 2026" (the old line is covered by a white box,
then written again in the same place and size). When the draft has no such line, the two lines are written in
the places the Decree's layout gives them. The signature is applied afterwards, so it covers these lines.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

NUMBER_LINE = re.compile(r"^\s*Số\s*:")
DATE_LINE = re.compile(r"ngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)
DEFAULT_SIZE = 13.0


@dataclass
class Line:
    text: str
    x: float
    y: float
    size: float


def decree_30_date(day: date) -> str:
    """``ngày 06 tháng 4 năm 2026``: a leading zero for days below 10 and for January and February."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_name(agency) -> str:
    """The place on the date line: the province (or commune) name without its kind (``An Khánh``)."""
    unit = getattr(agency, "administrative_unit", None)
    name = unit.name if unit else ""
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def text_lines(page) -> list[Line]:
    """The page's text lines with their position: the runs pypdf reports, joined along a baseline, split where
    a wide gap separates them (the "Số:" line and the date line share a baseline, left and right)."""
    from egov.dossiers.forms_pdf.fonts import family

    runs: list[Line] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1
        runs.append(Line(text.replace("\n", " "), x, y, (font_size or DEFAULT_SIZE) * scale))

    page.extract_text(visitor_text=visit)
    font = family()
    baselines: dict[int, list[Line]] = {}
    for run in runs:
        baselines.setdefault(round(run.y), []).append(run)
    out = []
    for parts in baselines.values():
        parts.sort(key=lambda r: r.x)
        segment, end = [], None
        for part in parts:
            if segment and part.x > end + 3 * part.size:
                out.append(_join(segment))
                segment = []
            segment.append(part)
            end = part.x + stringWidth(part.text, font, part.size)
        out.append(_join(segment))
    return out


def _join(parts: list[Line]) -> Line:
    text = " ".join(p.text.strip() for p in parts)
    return Line(text, parts[0].x, parts[0].y, max(p.size for p in parts))


def stamp_issue_details(pdf_bytes: bytes, *, notation: str, issued_on: date, place: str) -> bytes:
    """``pdf_bytes`` with the number-and-notation line and the date line written on page 1."""
    from egov.dossiers.forms_pdf.fonts import family

    reader = PdfReader(io.BytesIO(pdf_bytes))
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    lines = text_lines(first)
    top = [line for line in lines if line.y > height * 0.55]
    number_line = next((line for line in top if NUMBER_LINE.match(line.text)), None)
    date_line = next((line for line in top if DATE_LINE.search(line.text)), None)

    font = family()
    italic = font.replace("-regular", "-italic")
    buffer = io.BytesIO()
    overlay = canvas.Canvas(buffer, pagesize=(width, height))
    number_text = f"Số: {notation}"
    if number_line is not None:
        _cover(overlay, font, number_line)
        _write(overlay, font, number_text, number_line.x, number_line.y, number_line.size)
    else:
        _write(overlay, font, number_text, 56, height - 120, DEFAULT_SIZE)
    if date_line is not None:
        before = date_line.text[: date_line.text.lower().index("ngày")]
        _cover(overlay, italic, date_line)
        _write(overlay, italic, f"{before}{decree_30_date(issued_on)}", date_line.x, date_line.y, date_line.size)
    else:
        text = f"{place}, {decree_30_date(issued_on)}" if place else decree_30_date(issued_on)
        size = DEFAULT_SIZE
        x = max(width - 56 - stringWidth(text, italic, size), width / 2)
        _write(overlay, italic, text, x, height - 120, size)
    overlay.save()

    writer = PdfWriter(clone_from=reader)
    writer.pages[0].merge_page(PdfReader(io.BytesIO(buffer.getvalue())).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _cover(overlay, font: str, line: Line):
    """A white box over ``line`` (its width measured in our font, with a margin for a wider original font)."""
    size = line.size
    width = stringWidth(line.text, font, size) * 1.2 + size
    overlay.saveState()
    overlay.setFillColorRGB(1, 1, 1)
    overlay.setStrokeColorRGB(1, 1, 1)
    overlay.rect(line.x - 1, line.y - size * 0.35, width, size * 1.35, stroke=0, fill=1)
    overlay.restoreState()


def _write(overlay, font: str, text: str, x: float, y: float, size: float):
    overlay.setFont(font, size)
    overlay.drawString(x, y, text)
