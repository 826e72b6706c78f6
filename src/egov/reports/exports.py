"""The dashboard as an XLSX workbook (openpyxl) and a PDF (ReportLab, with the forms' Vietnamese font)."""

from io import BytesIO

from django.utils.translation import gettext as _

from egov.core import formatting


def _fmt(value) -> str:
    if value is None or value.value is None:
        return "—"
    return formatting.percent(value.value) if value.is_ratio else formatting.number(value.value, 0)


def _key_rows(board) -> list[list]:
    rows = []
    for row in board.rows:
        value = row.value
        rows.append(
            [
                str(row.definition.name),
                None if value is None else value.numerator,
                None if value is None else value.denominator,
                None if value is None or value.value is None else float(value.value),
                row.definition.unit,
                None if row.target is None else float(row.target),
                {True: _("Đạt"), False: _("Chưa đạt"), None: ""}[row.met],
            ]
        )
    return rows


KEY_HEADER = ("Chỉ số", "Tử số", "Mẫu số", "Giá trị", "Đơn vị", "Mục tiêu", "Đánh giá")


def dashboard_xlsx(board) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Chỉ số")[:31]
    sheet.append([_("Bảng điều hành: %(name)s") % {"name": board.title}])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Kỳ: %(period)s") % {"period": board.period}])
    sheet.append([])
    sheet.append([_(h) for h in KEY_HEADER])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in _key_rows(board):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 60
    trends = workbook.create_sheet(_("Xu hướng")[:31])
    trends.append([_("Chỉ số"), *[p["month"].start.strftime("%m/%Y") for p in board.trends[0]["points"]]])
    for trend in board.trends:
        trends.append(
            [str(trend["definition"].name)]
            + [None if p["value"].value is None else float(p["value"].value) for p in trend["points"]]
        )
    ranking = workbook.create_sheet(_("Xếp hạng")[:31])
    ranking.append(
        [_("Hạng"), _("Cơ quan"), *[str(d.name) for d in board.ranking_columns], _("Điểm 766"), _("Xếp loại")]
    )
    for row in board.ranking:
        cells = [None if v is None or v.value is None else float(v.value) for v in row.cells]
        ranking.append([row.position, row.agency.name, *cells, float(row.index.total), row.index.grade])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dashboard_pdf(board) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from egov.dossiers.forms_pdf.fonts import family

    font = family()
    title = ParagraphStyle("title", fontName=font, fontSize=14, leading=18, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=11)
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm)
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )

    def cell(text):
        return Paragraph(str(text), body)

    key = [[cell(_(h)) for h in KEY_HEADER]]
    for row in _key_rows(board):
        key.append([cell("" if v is None else v) for v in row])
    story = [
        Paragraph(_("Bảng điều hành: %(name)s") % {"name": board.title}, title),
        Paragraph(_("Kỳ: %(period)s") % {"period": board.period}, body),
        Spacer(1, 4 * mm),
        Table(key, colWidths=[95 * mm, 22 * mm, 22 * mm, 22 * mm, 18 * mm, 22 * mm, 22 * mm], style=style),
    ]
    if board.ranking:
        ranking = [[cell(_("Hạng")), cell(_("Cơ quan")), cell(_("Điểm 766")), cell(_("Xếp loại"))]]
        for row in board.ranking:
            ranking.append([cell(row.position), cell(row.agency.name), cell(row.index.total), cell(row.index.grade)])
        story += [Spacer(1, 6 * mm), Table(ranking, colWidths=[15 * mm, 120 * mm, 30 * mm, 30 * mm], style=style)]
    document.build(story)
    return buffer.getvalue()
