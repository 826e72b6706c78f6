"""The JSON form of the catalogue: ``{"format": ..., "comment": ..., "procedures": [...]}`` (or the bare list)."""

import json
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..records import ProcedureRecord
from .cleaning import RawProcedure, RawRow
from .issues import Issues, Location

FORMAT = "egov.procedures/1"
PROCEDURE_KEYS = frozenset(
    {
        "code",
        "name",
        "sector",
        "level",
        "competent_authority",
        "agencies",
        "processing_time",
        "time_unit",
        "online_level",
        "legacy_level",
        "result_types",
        "legal_basis",
        "conditions",
        "is_active",
        "application_schema",
        "required_documents",
        "fees",
        "steps",
        "comment",
    }
)
CHILD_KEYS = {
    "required_documents": frozenset({"order", "name", "form", "count", "is_mandatory", "comment"}),
    "fees": frozenset({"name", "amount", "description", "comment"}),
    "steps": frozenset({"order", "name", "role", "unit_hint", "duration", "comment"}),
}
CHILD_NAMES = {
    "required_documents": gettext_lazy("thành phần hồ sơ thứ %(n)d"),
    "fees": gettext_lazy("phí, lệ phí thứ %(n)d"),
    "steps": gettext_lazy("bước thứ %(n)d"),
}


def read(content: bytes, issues: Issues) -> list[RawProcedure]:
    try:
        data = json.loads(content.decode("utf-8-sig"), parse_float=Decimal)
    except UnicodeDecodeError:
        issues.add(None, _("Tệp JSON phải được mã hóa UTF-8."))
        return []
    except json.JSONDecodeError as exc:
        issues.add(
            None, _("Tệp JSON không hợp lệ (dòng %(line)d, cột %(col)d).") % {"line": exc.lineno, "col": exc.colno}
        )
        return []
    items = data.get("procedures") if isinstance(data, dict) else data
    if not isinstance(items, list):
        issues.add(None, _("Tệp JSON phải là danh sách thủ tục, hoặc một đối tượng có khóa «procedures»."))
        return []
    return [raw for raw in (read_procedure(item, index, issues) for index, item in enumerate(items, 1)) if raw]


def read_procedure(item, index: int, issues: Issues) -> RawProcedure | None:
    """The raw rows of one procedure object (``index`` numbers it in messages; 0 for a lone object)."""
    code = item.get("code") if isinstance(item, dict) else None
    path = _("Thủ tục thứ %(n)d") % {"n": index} if index else _("Thủ tục")
    if isinstance(code, str) and code.strip():
        path = f"{path} ({code.strip()})"
    location = Location(path=path, labels={"sector_code": "sector.code", "sector_name": "sector.name"})
    if not isinstance(item, dict):
        issues.add(location, _("Phải là một đối tượng JSON."))
        return None
    _unknown_keys(item, PROCEDURE_KEYS, location, issues)
    values = {key: value for key, value in item.items() if key not in CHILD_KEYS and key != "sector"}
    sector = item.get("sector")
    if sector is not None and not isinstance(sector, dict):
        issues.add(location, _('Phải là đối tượng {"code": ..., "name": ...}.'), "sector")
    elif sector:
        values |= {"sector_code": sector.get("code"), "sector_name": sector.get("name")}
    raw = RawProcedure(RawRow(values, location))
    raw.documents = _children(item, "required_documents", path, issues)
    raw.fees = _children(item, "fees", path, issues)
    raw.steps = _children(item, "steps", path, issues)
    return raw


def _children(item: dict, key: str, path: str, issues: Issues) -> list[RawRow]:
    children = item.get(key) or []
    if not isinstance(children, list):
        issues.add(Location(path=path), _("Phải là một danh sách."), key)
        return []
    rows = []
    for position, child in enumerate(children, 1):
        location = Location(path=f"{path}, {CHILD_NAMES[key] % {'n': position}}")
        if not isinstance(child, dict):
            issues.add(location, _("Phải là một đối tượng JSON."))
            continue
        _unknown_keys(child, CHILD_KEYS[key], location, issues)
        rows.append(RawRow(dict(child), location))
    return rows


def _unknown_keys(item: dict, allowed: frozenset, location: Location, issues: Issues) -> None:
    for key in sorted(set(item) - allowed):
        issues.add(location, _("Trường không được hỗ trợ (xem docs/procedures-format.md)."), key)


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def procedure_dict(record: ProcedureRecord) -> dict:
    """One procedure in the JSON format."""
    return {
        "code": record.code,
        "name": record.name,
        "sector": {"code": record.sector_code, "name": record.sector_name},
        "level": record.level,
        "competent_authority": record.competent_authority,
        "agencies": list(record.agencies),
        "processing_time": _number(record.processing_time),
        "time_unit": record.time_unit,
        "online_level": record.online_level,
        "legacy_level": record.legacy_level,
        "result_types": record.result_types,
        "legal_basis": record.legal_basis,
        "conditions": record.conditions,
        "is_active": record.is_active,
        "application_schema": record.application_schema,
        "required_documents": [
            {"order": d.order, "name": d.name, "form": d.form, "count": d.count, "is_mandatory": d.is_mandatory}
            for d in record.documents
        ],
        "fees": [{"name": f.name, "amount": _number(f.amount), "description": f.description} for f in record.fees],
        "steps": [
            {
                "order": s.order,
                "name": s.name,
                "role": s.role,
                "unit_hint": s.unit_hint,
                "duration": _number(s.duration),
            }
            for s in record.steps
        ],
    }


def write(records: list[ProcedureRecord]) -> bytes:
    document = {"format": FORMAT, "procedures": [procedure_dict(record) for record in records]}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
