"""The XLSX form of the catalogue: sheets "Thủ tục", "Thành phần hồ sơ", "Phí", "Quy trình" linked by "Mã TTHC".

Sheet names and column headers are part of the file format (like JSON keys), so they stay Vietnamese
whatever the interface language; headers are matched ignoring case and diacritics.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from zipfile import BadZipFile

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from egov.accounts.models import Role
from egov.attachments.archives import check_zip_bytes
from egov.search.text import normalize

from ..models import Procedure, RequiredDocument
from ..records import ProcedureRecord
from .cleaning import RawProcedure, RawRow
from .issues import Issues, Location


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[tuple[str, str, int], ...]  # (field, header, width)
    required: frozenset[str]


PROCEDURES = Sheet(
    "Thủ tục",
    (
        ("code", "Mã TTHC", 14),
        ("name", "Tên thủ tục", 60),
        ("sector_code", "Mã lĩnh vực", 12),
        ("sector_name", "Tên lĩnh vực", 24),
        ("level", "Cấp thực hiện", 12),
        ("competent_authority", "Cơ quan có thẩm quyền", 30),
        ("agencies", "Cơ quan giải quyết (mã định danh)", 30),
        ("processing_time", "Thời hạn giải quyết", 10),
        ("time_unit", "Đơn vị thời hạn", 14),
        ("online_level", "Mức độ dịch vụ công trực tuyến", 16),
        ("legacy_level", "Mức độ cũ (1-4)", 8),
        ("result_types", "Kết quả", 30),
        ("legal_basis", "Căn cứ pháp lý", 40),
        ("conditions", "Yêu cầu, điều kiện", 30),
        ("is_active", "Đang áp dụng", 10),
        ("application_schema", "Biểu mẫu điện tử (JSON Schema)", 20),
    ),
    frozenset(
        {"code", "name", "sector_code", "sector_name", "level", "competent_authority", "agencies"}
        | {"processing_time", "time_unit", "online_level"}
    ),
)
DOCUMENTS = Sheet(
    "Thành phần hồ sơ",
    (
        ("procedure", "Mã TTHC", 14),
        ("order", "STT", 6),
        ("name", "Tên giấy tờ", 60),
        ("form", "Hình thức", 18),
        ("count", "Số lượng", 8),
        ("is_mandatory", "Bắt buộc", 8),
    ),
    frozenset({"procedure", "name"}),
)
FEES = Sheet(
    "Phí",
    (
        ("procedure", "Mã TTHC", 14),
        ("name", "Tên phí, lệ phí", 40),
        ("amount", "Mức thu (đồng)", 14),
        ("description", "Cách tính", 50),
    ),
    frozenset({"procedure", "name"}),
)
STEPS = Sheet(
    "Quy trình",
    (
        ("procedure", "Mã TTHC", 14),
        ("order", "Bước", 6),
        ("name", "Tên bước", 40),
        ("role", "Vai trò thực hiện", 18),
        ("unit_hint", "Bộ phận thực hiện", 30),
        ("duration", "Thời gian", 10),
    ),
    frozenset({"procedure", "name", "role", "duration"}),
)
CHILD_SHEETS = ((DOCUMENTS, "documents"), (FEES, "fees"), (STEPS, "steps"))
SHEET_ORDER = (PROCEDURES.title, DOCUMENTS.title, FEES.title, STEPS.title)
GUIDE_TITLE = "Hướng dẫn"


# --- reading ----------------------------------------------------------------------------------------


def read(content: bytes, issues: Issues) -> list[RawProcedure]:
    try:
        check_zip_bytes(content)  # zip bombs: declared unpacked size and ratios, before openpyxl reads
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, ValueError, OSError):
        issues.add(None, _("Tệp không phải là bảng tính XLSX hợp lệ."))
        return []
    try:
        rows = {
            sheet.title: _read_sheet(workbook, sheet, issues)
            for sheet in (PROCEDURES, *(sheet for sheet, _attribute in CHILD_SHEETS))
        }
    finally:
        workbook.close()
    if any(value is None for value in rows.values()):
        return []
    return _link(rows, issues)


def _read_sheet(workbook, sheet: Sheet, issues: Issues) -> list[RawRow] | None:
    worksheet = next((ws for ws in workbook.worksheets if normalize(ws.title) == normalize(sheet.title)), None)
    if worksheet is None:
        issues.add(None, _("Thiếu sheet «%(sheet)s».") % {"sheet": sheet.title})
        return None
    lines = worksheet.iter_rows(values_only=True)
    fields = _header(next(lines, ()), sheet, issues)
    if fields is None:
        return None
    labels = {field: header for field, header, _width in sheet.columns}
    rows = []
    for number, line in enumerate(lines, start=2):
        values = {fields[i]: value for i, value in enumerate(line) if i in fields}
        if any(value is not None and str(value).strip() for value in values.values()):
            rows.append(RawRow(values, Location(sheet=sheet.title, row=number, labels=labels)))
    return rows


def _header(line, sheet: Sheet, issues: Issues) -> dict[int, str] | None:
    """Column index -> field, from the header row; None when a required column is missing."""
    by_header = {normalize(header): field for field, header, _width in sheet.columns}
    fields = {}
    for index, cell in enumerate(line):
        field = by_header.get(normalize(str(cell))) if cell is not None else None
        if field and field not in fields.values():
            fields[index] = field
    missing = [
        header for field, header, _width in sheet.columns if field in sheet.required and field not in fields.values()
    ]
    for header in missing:
        issues.add(Location(sheet=sheet.title, row=1), _("Thiếu cột «%(column)s».") % {"column": header})
    return None if missing else fields


def _link(rows: dict[str, list[RawRow]], issues: Issues) -> list[RawProcedure]:
    """Procedures in sheet order, each with the rows of the other sheets that carry its code."""
    procedures = [RawProcedure(row) for row in rows[PROCEDURES.title]]
    by_code = {}
    for raw in procedures:
        by_code.setdefault(_text(raw.row.values.get("code")), raw)
    for sheet, attribute in CHILD_SHEETS:
        for row in rows[sheet.title]:
            code = _text(row.values.get("procedure"))
            target = by_code.get(code) if code else None
            if target is None:
                message = (
                    _("Mã TTHC «%(code)s» không có trong sheet «%(sheet)s».")
                    % {"code": code, "sheet": PROCEDURES.title}
                    if code
                    else _("Không được để trống.")
                )
                issues.add(row.location, message, "procedure")
            else:
                getattr(target, attribute).append(row)
    return procedures


def _text(value) -> str:
    return str(value).strip() if value is not None else ""


# --- writing ----------------------------------------------------------------------------------------


def write(records: list[ProcedureRecord]) -> bytes:
    with translation.override("vi"):
        workbook = Workbook()
        workbook.remove(workbook.active)
        _sheet(workbook, PROCEDURES, (_procedure_row(r) for r in records))
        _sheet(workbook, DOCUMENTS, (_document_row(r, d) for r in records for d in r.documents))
        _sheet(workbook, FEES, ((r.code, f.name, _number(f.amount), f.description) for r in records for f in r.fees))
        _sheet(workbook, STEPS, (_step_row(r, s) for r in records for s in r.steps))
        _guide(workbook)
        output = BytesIO()
        workbook.save(output)
    return output.getvalue()


def _sheet(workbook, sheet: Sheet, rows) -> None:
    worksheet = workbook.create_sheet(sheet.title)
    worksheet.append([header for _field, header, _width in sheet.columns])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, (_field, _header, width) in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.freeze_panes = "A2"
    for row in rows:
        worksheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        for cell in worksheet[worksheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a text, never a formula
            if cell.column == 1:  # codes stay text in Excel: "1.000010" must not become the number 1.00001
                cell.number_format = "@"


def _label(choices, value) -> str:
    return str(dict(choices)[value])


def _yes_no(value: bool) -> str:
    return "Có" if value else "Không"


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _procedure_row(r: ProcedureRecord) -> tuple:
    return (
        r.code,
        r.name,
        r.sector_code,
        r.sector_name,
        _label(Procedure.Level.choices, r.level),
        r.competent_authority,
        "; ".join(r.agencies),
        _number(r.processing_time),
        _label(Procedure.TimeUnit.choices, r.time_unit),
        _label(Procedure.OnlineLevel.choices, r.online_level),
        r.legacy_level,
        r.result_types,
        r.legal_basis,
        r.conditions,
        _yes_no(r.is_active),
        json.dumps(r.application_schema, ensure_ascii=False) if r.application_schema else None,
    )


def _document_row(r: ProcedureRecord, d) -> tuple:
    form = _label(RequiredDocument.Form.choices, d.form)
    return (r.code, d.order, d.name, form, d.count, _yes_no(d.is_mandatory))


def _step_row(r: ProcedureRecord, s) -> tuple:
    return (r.code, s.order, s.name, _label(Role.choices, s.role), s.unit_hint, _number(s.duration))


def _guide(workbook) -> None:
    """A last sheet listing the values each choice column accepts (ignored on import)."""
    worksheet = workbook.create_sheet(GUIDE_TITLE)
    worksheet.append(["Cột", "Giá trị được chấp nhận"])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    choices = (
        ("Thủ tục — Cấp thực hiện", Procedure.Level.choices),
        ("Thủ tục — Đơn vị thời hạn", Procedure.TimeUnit.choices),
        ("Thủ tục — Mức độ dịch vụ công trực tuyến", Procedure.OnlineLevel.choices),
        ("Thành phần hồ sơ — Hình thức", RequiredDocument.Form.choices),
        ("Quy trình — Vai trò thực hiện", Role.choices),
    )
    for column, values in choices:
        worksheet.append([column, "; ".join(str(label) for _value, label in values)])
    worksheet.append(["Thủ tục — Cơ quan giải quyết", "Mã định danh cơ quan, cách nhau bởi dấu chấm phẩy (;)"])
    worksheet.append(["Thời hạn giải quyết, Thời gian", "Số, tối đa một chữ số thập phân (0,5)"])
    worksheet.append(["Đang áp dụng, Bắt buộc", "Có; Không"])
    worksheet.column_dimensions["A"].width = 45
    worksheet.column_dimensions["B"].width = 100
