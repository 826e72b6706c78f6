"""An IT plan as a file (XLSX or JSON, format in docs/plans.md): reading, checking every row, writing it in one
transaction (nothing is written when a row is wrong), and the XLSX export in the same format.

Sheet names, column headers and JSON keys are part of the format: they stay as written here whatever the
interface language; headers are matched ignoring case and diacritics.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from zipfile import BadZipFile

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from egov.agencies.models import Agency
from egov.attachments.archives import check_zip_bytes
from egov.search.text import normalize

from . import linked
from .models import BudgetLine, BudgetSource, ItPlan, PlanIndicator, PlanProject, PlanTask, ProjectStatus, Result
from .services import _apply_result, _log
from .values import evaluate, leading_comparison, parse_number, parse_result

JSON_FORMAT = "egov.plans/1"

PLAN_SHEET = "Kế hoạch"
PLAN_FIELDS = (
    ("code", "Mã kế hoạch"),
    ("title", "Tên kế hoạch"),
    ("document_number", "Số, ký hiệu văn bản"),
    ("document_date", "Ngày ban hành"),
    ("agency", "Cơ quan ban hành (mã định danh)"),
    ("start_year", "Từ năm"),
    ("end_year", "Đến năm"),
    ("summary", "Tóm tắt"),
)
SHEETS = {
    "indicators": (
        "Chỉ tiêu",
        (
            ("section", "Nhóm", 7),
            ("section_title", "Tên nhóm", 24),
            ("number", "STT", 6),
            ("name", "Chỉ tiêu", 60),
            ("unit", "Đơn vị tính", 10),
            ("baseline", "Hiện trạng", 16),
            ("target", "Mục tiêu", 22),
            ("comparison", "So sánh", 8),
            ("actual", "Kết quả", 16),
            ("result", "Đánh giá", 14),
            ("note", "Ghi chú đánh giá", 30),
            ("indicator", "Mã chỉ số tự động", 20),
            ("reporting_agency", "Đơn vị báo cáo (mã định danh)", 18),
        ),
    ),
    "projects": (
        "Dự án",
        (
            ("group", "Nhóm", 22),
            ("number", "STT", 6),
            ("name", "Tên dự án, nhiệm vụ", 50),
            ("objective", "Mục tiêu", 40),
            ("owner", "Đơn vị chủ trì (mã định danh)", 18),
            ("partners", "Đơn vị phối hợp", 30),
            ("deadline", "Thời hạn", 12),
            ("status", "Tình trạng", 16),
            ("progress", "Tiến độ (%)", 10),
            ("note", "Ghi chú", 30),
        ),
    ),
    "budget": (
        "Kinh phí",
        (
            ("project", "STT dự án", 10),
            ("year", "Năm", 8),
            ("source", "Nguồn vốn", 22),
            ("amount", "Kinh phí (triệu đồng)", 16),
        ),
    ),
    "tasks": (
        "Nhiệm vụ",
        (
            ("project", "STT dự án", 10),
            ("name", "Nhiệm vụ", 50),
            ("owner", "Đơn vị chủ trì (mã định danh)", 18),
            ("partners", "Đơn vị phối hợp", 30),
            ("deadline", "Thời hạn", 12),
            ("status", "Tình trạng", 16),
            ("progress", "Tiến độ (%)", 10),
        ),
    ),
}
SOURCE_WORDS = {
    "central": BudgetSource.CENTRAL, "trung uong": BudgetSource.CENTRAL, "ngan sach trung uong": BudgetSource.CENTRAL,
    "local": BudgetSource.LOCAL, "dia phuong": BudgetSource.LOCAL, "ngan sach dia phuong": BudgetSource.LOCAL,
    "other": BudgetSource.OTHER, "khac": BudgetSource.OTHER, "nguon khac": BudgetSource.OTHER,
}  # fmt: skip


@dataclass
class Row:
    values: dict
    where: str  # "Sheet Chỉ tiêu, dòng 5" or "indicators[3]"
    labels: dict = field(default_factory=dict)

    def get(self, name: str) -> str:
        value = self.values.get(name)
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def raw(self, name: str):
        return self.values.get(name)


class Issues(list):
    def add(self, row: Row | None, message: str, name: str | None = None) -> None:
        if row is None:
            self.append(message)
            return
        column = row.labels.get(name, name) if name else ""
        where = f"{row.where}, cột «{column}»" if column and row.where.startswith("Sheet") else row.where
        if column and not row.where.startswith("Sheet"):
            where = f"{row.where}, trường «{column}»"
        self.append(f"{where}: {message}")


@dataclass
class ImportResult:
    plan: ItPlan | None = None
    issues: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.issues


# --- reading ---------------------------------------------------------------------------------------------


def read_json(content: bytes, issues: Issues) -> tuple[Row | None, dict[str, list[Row]]]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        issues.add(None, _("Tệp không phải là JSON hợp lệ (UTF-8)."))
        return None, {}
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        issues.add(None, _('Tệp JSON phải có "format": "%(format)s".') % {"format": JSON_FORMAT})
        return None, {}
    plan = Row(data.get("plan") or {}, "plan")
    rows = {"indicators": [], "projects": [], "budget": [], "tasks": []}
    for s_index, section in enumerate(_list(data.get("sections"))):
        header = {"section": section.get("code", ""), "section_title": section.get("title", "")}
        for i_index, item in enumerate(_list(section.get("indicators"))):
            rows["indicators"].append(Row({**header, **item}, f"sections[{s_index + 1}].indicators[{i_index + 1}]"))
    for p_index, item in enumerate(_list(data.get("projects"))):
        where = f"projects[{p_index + 1}]"
        rows["projects"].append(Row(item, where))
        for b_index, line in enumerate(_list(item.get("budget"))):
            rows["budget"].append(Row({**line, "project": item.get("number")}, f"{where}.budget[{b_index + 1}]"))
        for t_index, task in enumerate(_list(item.get("tasks"))):
            rows["tasks"].append(Row({**task, "project": item.get("number")}, f"{where}.tasks[{t_index + 1}]"))
    return plan, rows


def _list(value) -> list:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def read_xlsx(content: bytes, issues: Issues) -> tuple[Row | None, dict[str, list[Row]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_zip_bytes(content)  # zip bombs: declared unpacked size and ratios, before openpyxl reads
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, ValueError, OSError):
        issues.add(None, _("Tệp không phải là bảng tính XLSX hợp lệ."))
        return None, {}
    try:
        sheets = {normalize(name): workbook[name] for name in workbook.sheetnames}
        plan = _read_plan_sheet(sheets.get(normalize(PLAN_SHEET)), issues)
        rows = {
            key: _read_sheet(sheets.get(normalize(title)), title, columns, issues)
            for key, (title, columns) in SHEETS.items()
        }
    finally:
        workbook.close()
    return plan, rows


def _read_plan_sheet(sheet, issues: Issues) -> Row | None:
    if sheet is None:
        issues.add(None, _("Thiếu sheet «%(sheet)s».") % {"sheet": PLAN_SHEET})
        return None
    by_label = {normalize(label): name for name, label in PLAN_FIELDS}
    values, lines = {}, {}
    for number, line in enumerate(sheet.iter_rows(values_only=True), start=1):
        if line and line[0] is not None and normalize(str(line[0])) in by_label:
            name = by_label[normalize(str(line[0]))]
            values[name] = line[1] if len(line) > 1 else None
            lines[name] = number
    return Row(values, f"Sheet {PLAN_SHEET}", {name: label for name, label in PLAN_FIELDS})


def _read_sheet(sheet, title: str, columns, issues: Issues) -> list[Row]:
    if sheet is None:
        if title == SHEETS["indicators"][0]:
            issues.add(None, _("Thiếu sheet «%(sheet)s».") % {"sheet": title})
        return []
    lines = sheet.iter_rows(values_only=True)
    header = next(lines, None) or ()
    wanted = {normalize(label): name for name, label, _w in columns}
    positions = {
        wanted[normalize(str(cell))]: i for i, cell in enumerate(header) if cell and normalize(str(cell)) in wanted
    }
    labels = {name: label for name, label, _w in columns}
    rows = []
    for number, line in enumerate(lines, start=2):
        values = {name: line[i] if i < len(line) else None for name, i in positions.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        rows.append(Row(values, f"Sheet {title}, dòng {number}", labels))
    return rows


# --- checking --------------------------------------------------------------------------------------------


def _date(row: Row, name: str, issues: Issues) -> date | None:
    raw = row.raw(name)
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = row.get(name)
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    issues.add(row, _("Ngày «%(value)s» không đúng dạng (dd/mm/yyyy hoặc yyyy-mm-dd).") % {"value": text}, name)
    return None


def _int(row: Row, name: str, issues: Issues, *, low: int, high: int, default=None) -> int | None:
    text = row.get(name)
    if not text:
        return default
    value = parse_number(text.rstrip("%"))
    if value is None or value != value.to_integral_value() or not low <= value <= high:
        issues.add(
            row,
            _("«%(value)s» phải là số nguyên từ %(low)d đến %(high)d.") % {"value": text, "low": low, "high": high},
            name,
        )
        return None
    return int(value)


def _agency(row: Row, name: str, agencies: dict, issues: Issues, *, required=False) -> Agency | None:
    code = row.get(name)
    if not code:
        if required:
            issues.add(row, _("Thiếu mã định danh cơ quan."), name)
        return None
    agency = agencies.get(code)
    if agency is None:
        issues.add(row, _("Không có cơ quan mã «%(code)s».") % {"code": code}, name)
    return agency


def _status(row: Row, issues: Issues) -> str:
    text = row.get("status")
    if not text:
        return ProjectStatus.PLANNED
    wanted = normalize(text)
    for value, label in ProjectStatus.choices:
        if text.lower() == value or wanted in (normalize(value), normalize(str(label))):
            return value
    issues.add(row, _("Tình trạng «%(value)s» không hợp lệ.") % {"value": text}, "status")
    return ProjectStatus.PLANNED


def clean_plan(row: Row | None, plan_code: str | None, agencies: dict, issues: Issues) -> dict:
    if row is None:
        return {}
    data = {name: row.get(name) for name, _label in PLAN_FIELDS}
    data["code"] = plan_code or data["code"]
    if not data["code"] or not all(c.isalnum() and c.isascii() or c in "-_" for c in data["code"]):
        issues.add(row, _("Mã kế hoạch phải có và chỉ gồm chữ không dấu, số, «-», «_»."), "code")
    if not data["title"]:
        issues.add(row, _("Thiếu tên kế hoạch."), "title")
    data["agency"] = _agency(row, "agency", agencies, issues, required=True)
    data["document_date"] = _date(row, "document_date", issues)
    data["start_year"] = _int(row, "start_year", issues, low=2000, high=2100)
    data["end_year"] = _int(row, "end_year", issues, low=2000, high=2100)
    for name in ("start_year", "end_year"):
        if not row.get(name):
            issues.add(row, _("Thiếu năm."), name)
    if data["start_year"] and data["end_year"] and data["end_year"] < data["start_year"]:
        issues.add(row, _("Năm kết thúc trước năm bắt đầu."), "end_year")
    return data


def clean_indicators(rows: list[Row], agencies: dict, issues: Issues) -> list[dict]:
    known = linked.definitions()
    section, title, seen, cleaned = "", "", {}, []
    for row in rows:
        if row.get("section") or row.get("section_title"):
            section, title = row.get("section") or section, row.get("section_title") or title
        if not row.get("name"):
            if not row.get("section_title"):
                issues.add(row, _("Thiếu tên chỉ tiêu."), "name")
            continue  # a section heading row (Nhóm, Tên nhóm)
        item = _clean_indicator(row, known, agencies, issues)
        item.update(section_code=section, section_title=title)
        key = (section, item["number"] or item["name"])
        if key in seen:
            issues.add(
                row,
                _("Trùng chỉ tiêu STT %(number)s của nhóm «%(section)s» (%(other)s).")
                % {"number": key[1], "section": section, "other": seen[key]},
                "number",
            )
        seen[key] = row.where
        cleaned.append(item)
    return cleaned


def _clean_indicator(row: Row, known: dict, agencies: dict, issues: Issues) -> dict:
    target, actual = row.get("target"), row.get("actual")
    target_value, actual_value = parse_number(target), parse_number(actual)
    raw_comparison = row.get("comparison")
    if not raw_comparison:
        comparison = leading_comparison(target) or (">=" if target_value is not None else "")
    elif raw_comparison in (">=", "<=", "=", "≥", "≤", ">", "<"):
        comparison = {"≥": ">=", "≤": "<=", ">": ">=", "<": "<="}.get(raw_comparison, raw_comparison)
    elif normalize(raw_comparison) in ("khong", "khong so sanh", "none"):
        comparison = ""
    else:
        issues.add(row, _("So sánh phải là >=, <=, = hoặc «Không»."), "comparison")
        comparison = ""
    if comparison and target_value is None:
        issues.add(
            row, _("Mục tiêu «%(value)s» không phải là số nên không so sánh được.") % {"value": target}, "target"
        )
    if comparison and actual and actual_value is None:
        issues.add(row, _("Kết quả «%(value)s» không phải là số.") % {"value": actual}, "actual")
    code = row.get("indicator")
    if code and code not in known:
        issues.add(row, _("Không có chỉ số tính tự động mã «%(code)s».") % {"code": code}, "indicator")
    result = parse_result(row.get("result"))
    if result is None:
        issues.add(row, _("Đánh giá phải là «Đạt», «Không đạt» hoặc «Chưa đánh giá»."), "result")
    automatic = evaluate(comparison, target_value, actual_value)
    if result and automatic and result != automatic:
        issues.add(
            row,
            _("Đánh giá «%(given)s» không khớp kết quả %(actual)s so với mục tiêu %(target)s.")
            % {"given": row.get("result"), "actual": actual, "target": target},
            "result",
        )
    return {
        "number": row.get("number"),
        "name": row.get("name")[:500],
        "unit": row.get("unit")[:40],
        "baseline": row.get("baseline")[:200],
        "baseline_value": parse_number(row.get("baseline")),
        "target": target[:300],
        "target_value": target_value,
        "comparison": comparison,
        "actual": actual[:300],
        "actual_value": actual_value,
        "computed_code": code,
        "reporting_agency": _agency(row, "reporting_agency", agencies, issues),
        "result": result or "",
        "result_note": row.get("note")[:500],
    }


def clean_projects(rows: dict[str, list[Row]], agencies: dict, issues: Issues) -> list[dict]:
    projects, by_number = [], {}
    for row in rows.get("projects", []):
        number = row.get("number")
        if not number:
            issues.add(row, _("Thiếu STT của dự án."), "number")
        elif number in by_number:
            issues.add(row, _("Trùng STT dự án «%(number)s».") % {"number": number}, "number")
        if not row.get("name"):
            issues.add(row, _("Thiếu tên dự án."), "name")
        item = {
            "group": row.get("group")[:200],
            "number": number,
            "name": row.get("name")[:500],
            "objective": row.get("objective"),
            "owner_agency": _agency(row, "owner", agencies, issues),
            "partners": row.get("partners")[:500],
            "deadline": _date(row, "deadline", issues),
            "status": _status(row, issues),
            "progress": _int(row, "progress", issues, low=0, high=100, default=0) or 0,
            "note": row.get("note"),
            "budget": {},
            "tasks": [],
        }
        by_number[number] = item
        projects.append(item)
    for row in rows.get("budget", []):
        project = _project_of(row, by_number, issues)
        year = _int(row, "year", issues, low=2000, high=2100)
        source = SOURCE_WORDS.get(normalize(row.get("source")))
        if source is None:
            issues.add(row, _("Nguồn vốn phải là «Trung ương», «Địa phương» hoặc «Khác»."), "source")
        amount = parse_number(row.get("amount"))
        if amount is None or amount < 0:
            issues.add(row, _("Kinh phí phải là một số không âm (triệu đồng)."), "amount")
        if project is not None and year and source:
            if (year, source) in project["budget"]:
                issues.add(row, _("Trùng kinh phí năm %(year)d, cùng nguồn vốn.") % {"year": year}, "year")
            project["budget"][(year, source)] = amount or Decimal(0)
    for row in rows.get("tasks", []):
        project = _project_of(row, by_number, issues)
        if not row.get("name"):
            issues.add(row, _("Thiếu tên nhiệm vụ."), "name")
        task = {
            "name": row.get("name")[:500],
            "owner_agency": _agency(row, "owner", agencies, issues),
            "partners": row.get("partners")[:500],
            "deadline": _date(row, "deadline", issues),
            "status": _status(row, issues),
            "progress": _int(row, "progress", issues, low=0, high=100, default=0) or 0,
        }
        if project is not None:
            project["tasks"].append(task)
    return projects


def _project_of(row: Row, by_number: dict, issues: Issues):
    number = row.get("project")
    project = by_number.get(number)
    if project is None:
        issues.add(row, _("Không có dự án STT «%(number)s» trong sheet Dự án.") % {"number": number}, "project")
    return project


# --- writing ---------------------------------------------------------------------------------------------


def import_plan(source, *, actor=None, plan_code: str | None = None, dry_run: bool = False) -> ImportResult:
    """Import a plan (header, indicator table, projects with budget and tasks) from an XLSX or JSON file (a path
    or an uploaded file). A plan already in the database (same code) gets the file's table: indicators and
    projects are matched by group and STT; an actual value entered by a unit is kept when the file has none."""
    name, content = _read_source(source)
    issues, result = Issues(), ImportResult()
    if actor is not None:
        from .services import can_manage

        if not can_manage(actor):
            result.issues = [_("Chỉ Sở/Phòng phụ trách CNTT được nhập kế hoạch.")]
            return result
    suffix = Path(name).suffix.lower()
    if suffix not in (".json", ".xlsx"):
        issues.add(None, _("Chỉ nhận tệp .xlsx hoặc .json."))
    elif len(content) > settings.EGOV_PLANS_IMPORT_MAX_BYTES:
        issues.add(None, _("Tệp quá lớn."))
    else:
        header, rows = (read_json if suffix == ".json" else read_xlsx)(content, issues)
        agencies = {a.code: a for a in Agency.objects.filter(code__in=_codes(header, rows))}
        plan = clean_plan(header, plan_code, agencies, issues)
        indicators = clean_indicators(rows.get("indicators", []), agencies, issues)
        projects = clean_projects(rows, agencies, issues)
        if header is not None and not indicators and not projects and not issues:
            issues.add(None, _("Tệp không có chỉ tiêu hay dự án nào."))
    if issues:
        result.issues = list(issues)
        return result
    result.counts = {"indicators": len(indicators), "projects": len(projects)}
    if not dry_run:
        with transaction.atomic():
            result.plan = _save(plan, indicators, projects, actor)
    return result


def _codes(header: Row | None, rows: dict) -> set[str]:
    codes = {header.get("agency")} if header else set()
    for key, name in (("indicators", "reporting_agency"), ("projects", "owner"), ("tasks", "owner")):
        codes |= {row.get(name) for row in rows.get(key, [])}
    return {c for c in codes if c}


def _read_source(source) -> tuple[str, bytes]:
    if isinstance(source, str | Path):
        path = Path(source)
        return path.name, path.read_bytes()
    if hasattr(source, "seek"):
        source.seek(0)
    return getattr(source, "name", "") or "", source.read()


def _save(data: dict, indicators: list[dict], projects: list[dict], actor) -> ItPlan:
    header = {
        k: data[k] for k in ("title", "document_number", "document_date", "agency", "start_year", "end_year", "summary")
    }
    plan, created = ItPlan.objects.update_or_create(code=data["code"], defaults=header)
    existing = {(i.section_code, i.number or i.name): i for i in plan.indicators.all()}
    keep = []
    for order, item in enumerate(indicators, start=1):
        indicator = existing.get((item["section_code"], item["number"] or item["name"])) or PlanIndicator(plan=plan)
        manual = item.pop("result")
        if not item["actual"] and indicator.actual:  # keep what a unit entered
            item["actual"], item["actual_value"] = indicator.actual, indicator.actual_value
        elif item["actual"]:
            indicator.actual_source = "imported"
        for name, value in item.items():
            setattr(indicator, name, value)
        indicator.order = order
        indicator.result = Result.NOT_MEASURED if not indicator.pk else indicator.result
        _apply_result(indicator, manual or None)
        if manual and not indicator.is_numeric:
            indicator.result = manual
        indicator.save()
        keep.append(indicator.pk)
    plan.indicators.exclude(pk__in=keep).delete()
    current = {p.number: p for p in plan.projects.all()}
    kept = []
    for order, item in enumerate(projects, start=1):
        budget, tasks = item.pop("budget"), item.pop("tasks")
        project = current.get(item["number"]) or PlanProject(plan=plan)
        for name, value in item.items():
            setattr(project, name, value)
        project.order = order
        project.save()
        kept.append(project.pk)
        project.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(project=project, year=year, source=source, amount=amount)
            for (year, source), amount in sorted(budget.items())
        )
        project.tasks.all().delete()
        PlanTask.objects.bulk_create(PlanTask(project=project, order=i, **task) for i, task in enumerate(tasks, 1))
    plan.projects.exclude(pk__in=kept).delete()
    _log(
        "plan_imported",
        plan,
        actor,
        agency=plan.agency,
        after={"code": plan.code, "created": created, "indicators": len(keep), "projects": len(kept)},
    )
    return plan


# --- export ----------------------------------------------------------------------------------------------


def export_xlsx(plan: ItPlan) -> bytes:
    """The plan in the import format: its indicator table reads like the plans' appendix tables."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PLAN_SHEET
    values = {
        "code": plan.code, "title": plan.title, "document_number": plan.document_number,
        "document_date": plan.document_date.strftime("%d/%m/%Y") if plan.document_date else "",
        "agency": plan.agency.code, "start_year": plan.start_year, "end_year": plan.end_year, "summary": plan.summary,
    }  # fmt: skip
    for name, label in PLAN_FIELDS:
        sheet.append([label, values[name]])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 32, 80
    tables = _export_rows(plan)
    for key, (title, columns) in SHEETS.items():
        sheet = workbook.create_sheet(title)
        sheet.append([label for _name, label, _width in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in tables[key]:
            sheet.append([row.get(name, "") for name, _label, _width in columns])
            if key == "indicators" and not row.get("name"):
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        for index, (_name, _label, width) in enumerate(columns, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
        sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export_rows(plan: ItPlan) -> dict[str, list[dict]]:
    tables = {"indicators": [], "projects": [], "budget": [], "tasks": []}
    section = None
    for i in plan.indicators.select_related("reporting_agency"):
        if i.section_code != section or (section is None and i.section_title):
            section = i.section_code
            tables["indicators"].append({"section": i.section_code, "section_title": i.section_title})
        tables["indicators"].append({
            "number": i.number, "name": i.name, "unit": i.unit, "baseline": i.baseline, "target": i.target,
            "comparison": i.comparison or ("Không" if i.target else ""), "actual": i.actual,
            "result": i.get_result_display(), "note": i.result_note, "indicator": i.computed_code,
            "reporting_agency": i.reporting_agency.code if i.reporting_agency else "",
        })  # fmt: skip
    projects = plan.projects.select_related("owner_agency").prefetch_related("budget_lines", "tasks__owner_agency")
    for p in projects:
        tables["projects"].append({
            "group": p.group, "number": p.number, "name": p.name, "objective": p.objective,
            "owner": p.owner_agency.code if p.owner_agency else "", "partners": p.partners,
            "deadline": p.deadline.strftime("%d/%m/%Y") if p.deadline else "", "status": p.get_status_display(),
            "progress": p.progress, "note": p.note,
        })  # fmt: skip
        for line in p.budget_lines.all():
            tables["budget"].append(
                {
                    "project": p.number,
                    "year": line.year,
                    "source": line.get_source_display(),
                    "amount": float(line.amount),
                }
            )
        for t in p.tasks.all():
            tables["tasks"].append({
                "project": p.number, "name": t.name, "owner": t.owner_agency.code if t.owner_agency else "",
                "partners": t.partners, "deadline": t.deadline.strftime("%d/%m/%Y") if t.deadline else "",
                "status": t.get_status_display(), "progress": t.progress,
            })  # fmt: skip
    return tables


def results(plan: ItPlan) -> list[dict]:
    """Each indicator with its baseline, target, actual and result (for ``egov plans results PLAN --json``)."""
    return [
        {
            "section": i.section_code,
            "number": i.number,
            "name": i.name,
            "unit": i.unit,
            "baseline": i.baseline,
            "target": i.target,
            "comparison": i.comparison,
            "actual": i.actual,
            "actual_value": f"{i.actual_value.normalize():f}" if i.actual_value is not None else None,
            "actual_source": i.actual_source,
            "computed_indicator": i.computed_code,
            "result": i.result,
            "result_label": str(i.get_result_display()),
            "note": i.result_note,
        }
        for i in plan.indicators.all()
    ]
