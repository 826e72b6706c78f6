"""From raw rows (whatever a reader found in the file) to checked ``ProcedureRecord`` objects.

Every value is checked and every problem reported with its place, so that one pass over a file gives
the whole list of what to fix. Nothing here writes to the database.
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from egov.accounts.models import Role
from egov.search.text import normalize

from ..models import Procedure, RequiredDocument, format_number
from ..records import DocumentRecord, FeeRecord, ProcedureRecord, StepRecord
from .issues import Issues, Location

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]*$")
TRUE_WORDS = frozenset({"co", "x", "true", "yes", "1", "dung", "bat buoc"})
FALSE_WORDS = frozenset({"khong", "false", "no", "0", "sai", "tu chon"})
THOUSANDS_RE = re.compile(r"^\d{1,3}([.,]\d{3})+$")
CURRENCY_RE = re.compile(r"\s*(đồng|vnđ|vnd|đ)$")
MAX_TIME = Decimal("99999.9")
MAX_AMOUNT = Decimal(10) ** 14


@dataclass
class RawRow:
    values: dict[str, Any]
    location: Location


@dataclass
class RawProcedure:
    row: RawRow
    documents: list[RawRow] = field(default_factory=list)
    fees: list[RawRow] = field(default_factory=list)
    steps: list[RawRow] = field(default_factory=list)


def _choice_map(choices) -> dict[str, str]:
    """Normalised code and label (current language and Vietnamese) -> code."""
    mapping = {}
    for value, label in choices:
        mapping[normalize(value)] = value
        mapping[normalize(str(label))] = value
        with translation.override("vi"):
            mapping[normalize(str(label))] = value
    return mapping


def _labels(choices) -> str:
    return ", ".join(str(label) for _value, label in choices)


class RowCleaner:
    """Reads typed values out of one raw row, reporting each bad one."""

    def __init__(self, row: RawRow, issues: Issues):
        self.values = row.values
        self.location = row.location
        self.issues = issues
        self.ok = True

    def error(self, name: str | None, message: str) -> None:
        self.ok = False
        self.issues.add(self.location, message, name)

    def raw(self, name: str) -> Any:
        value = self.values.get(name)
        return value.strip() if isinstance(value, str) else value

    def text(self, name: str, *, max_length: int, required: bool = False) -> str:
        value = self.raw(name)
        if value is None or value == "":
            if required:
                self.error(name, _("Không được để trống."))
            return ""
        if isinstance(value, dict | list | bool):
            self.error(name, _("Phải là văn bản."))
            return ""
        value = str(value)
        if len(value) > max_length:
            self.error(name, _("Dài tối đa %(max)d ký tự (hiện có %(len)d).") % {"max": max_length, "len": len(value)})
        return value

    def code(self, name: str, *, max_length: int = 30) -> str:
        value = self.raw(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.error(name, _("Mã phải được nhập dạng văn bản (Text) để giữ nguyên các chữ số, ví dụ 1.001193."))
            return ""
        value = self.text(name, max_length=max_length, required=True)
        if value and not CODE_RE.match(value):
            self.error(name, _("Mã «%(code)s» chỉ được gồm chữ, số, dấu chấm, gạch ngang.") % {"code": value})
        return value

    def choice(self, name: str, choices, *, default: str | None = None) -> str | None:
        value = self.raw(name)
        if value is None or value == "":
            if default is None:
                self.error(name, _("Không được để trống; chọn một trong: %(labels)s.") % {"labels": _labels(choices)})
            return default
        found = _choice_map(choices).get(normalize(str(value)))
        if found is None:
            self.error(
                name,
                _("Giá trị «%(value)s» không hợp lệ; chọn một trong: %(labels)s.")
                % {"value": value, "labels": _labels(choices)},
            )
        return found

    def decimal(self, name: str, *, required: bool = True, allow_zero: bool = False) -> Decimal | None:
        value = self.raw(name)
        if value is None or value == "":
            if required:
                self.error(name, _("Không được để trống."))
            return None
        number = _to_decimal(value)
        if number is None:
            self.error(name, _("«%(value)s» không phải là số.") % {"value": value})
        elif number < 0 or (number == 0 and not allow_zero) or number > MAX_TIME:
            self.error(name, _("Phải lớn hơn 0 và không quá %(max)s.") % {"max": format_number(MAX_TIME)})
        elif number != number.quantize(Decimal("0.1")):
            self.error(name, _("Chỉ được có một chữ số thập phân, ví dụ 0,5."))
        else:
            return number
        return None

    def integer(self, name: str, *, default: int | None, minimum: int = 1, maximum: int = 32767) -> int | None:
        value = self.raw(name)
        if value is None or value == "":
            if default is None:
                self.error(name, _("Không được để trống."))
            return default
        number = _to_decimal(value)
        if number is None or number != number.to_integral_value() or not minimum <= number <= maximum:
            self.error(
                name,
                _("«%(value)s» phải là số nguyên từ %(min)d đến %(max)d.")
                % {"value": value, "min": minimum, "max": maximum},
            )
            return None
        return int(number)

    def amount(self, name: str) -> Decimal | None:
        value = self.raw(name)
        if value is None or value == "":
            return None
        number = _to_amount(value)
        if number is None:
            self.error(
                name,
                _("Mức thu «%(value)s» phải là số tiền (đồng), ví dụ 100.000; ghi công thức vào cột «Cách tính».")
                % {"value": value},
            )
        return number

    def boolean(self, name: str, *, default: bool) -> bool:
        value = self.raw(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        word = normalize(str(value))
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.error(name, _("«%(value)s» không hợp lệ; ghi «Có» hoặc «Không».") % {"value": value})
        return default

    def codes(self, name: str) -> tuple[str, ...]:
        value = self.raw(name)
        if value is None or value == "":
            self.error(name, _("Cần ít nhất một mã cơ quan giải quyết."))
            return ()
        if isinstance(value, str):
            items = re.split(r"[;,\n]", value)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            items = value
        else:
            self.error(name, _("Phải là danh sách mã định danh cơ quan."))
            return ()
        return tuple(sorted({item.strip() for item in items if item.strip()}))

    def json_object(self, name: str) -> dict:
        value = self.raw(name)
        if value is None or value == "":
            return {}
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                self.error(name, _("Không phải JSON hợp lệ."))
                return {}
        if not isinstance(value, dict):
            self.error(name, _("Phải là một đối tượng JSON."))
            return {}
        return value


def _to_decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float | Decimal):
            number = Decimal(str(value))
        else:
            number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _to_amount(value) -> Decimal | None:
    """A sum in đồng: 100000, 100.000, "100.000 đồng"; never negative, never with a fraction."""
    if isinstance(value, str):
        text = CURRENCY_RE.sub("", value.strip().lower()).replace(" ", "")
        value = re.sub(r"[.,]", "", text) if THOUSANDS_RE.match(text) else text
    number = _to_decimal(value)
    if number is None or number < 0 or number != number.to_integral_value() or number >= MAX_AMOUNT:
        return None
    return number


def clean_procedure(raw: RawProcedure, issues: Issues) -> ProcedureRecord | None:
    """The record of one procedure, or None when any of its rows is bad (every problem is reported)."""
    row = RowCleaner(raw.row, issues)
    values = {
        "code": row.code("code"),
        "name": row.text("name", max_length=500, required=True),
        "sector_code": row.code("sector_code"),
        "sector_name": row.text("sector_name", max_length=200, required=True),
        "level": row.choice("level", Procedure.Level.choices),
        "competent_authority": row.text("competent_authority", max_length=300, required=True),
        "agencies": row.codes("agencies"),
        "processing_time": row.decimal("processing_time"),
        "time_unit": row.choice("time_unit", Procedure.TimeUnit.choices),
        "online_level": row.choice("online_level", Procedure.OnlineLevel.choices),
        "legacy_level": row.integer("legacy_level", default=0, minimum=1, maximum=4) or None,
        "result_types": row.text("result_types", max_length=500),
        "legal_basis": row.text("legal_basis", max_length=20000),
        "conditions": row.text("conditions", max_length=20000),
        "is_active": row.boolean("is_active", default=True),
        "application_schema": row.json_object("application_schema"),
    }
    documents = _clean_documents(raw.documents, issues)
    fees = _clean_fees(raw.fees, issues)
    steps = _clean_steps(raw.steps, issues)
    if not row.ok or documents is None or fees is None or steps is None:
        return None
    if not _check_total(raw, steps, values, issues):
        return None
    return ProcedureRecord(documents=documents, fees=fees, steps=steps, **values)


def _clean_documents(rows: list[RawRow], issues: Issues) -> tuple[DocumentRecord, ...] | None:
    records, ok = [], True
    for position, raw in enumerate(rows, start=1):
        row = RowCleaner(raw, issues)
        record = DocumentRecord(
            order=row.integer("order", default=position),
            name=row.text("name", max_length=500, required=True),
            form=row.choice("form", RequiredDocument.Form.choices, default=RequiredDocument.Form.ORIGINAL),
            count=row.integer("count", default=1, minimum=1),
            is_mandatory=row.boolean("is_mandatory", default=True),
        )
        ok = ok and row.ok
        records.append(record)
    return tuple(sorted(records, key=lambda d: d.order)) if ok else None


def _clean_fees(rows: list[RawRow], issues: Issues) -> tuple[FeeRecord, ...] | None:
    records, ok = [], True
    for raw in rows:
        row = RowCleaner(raw, issues)
        records.append(
            FeeRecord(
                name=row.text("name", max_length=300, required=True),
                amount=row.amount("amount"),
                description=row.text("description", max_length=500),
            )
        )
        ok = ok and row.ok
    return tuple(records) if ok else None


def _clean_steps(rows: list[RawRow], issues: Issues) -> tuple[StepRecord, ...] | None:
    records, ok, seen = [], True, {}
    for position, raw in enumerate(rows, start=1):
        row = RowCleaner(raw, issues)
        record = StepRecord(
            order=row.integer("order", default=position),
            name=row.text("name", max_length=300, required=True),
            role=row.choice("role", Role.choices),
            duration=row.decimal("duration"),
            unit_hint=row.text("unit_hint", max_length=200),
        )
        if record.order is not None and record.order in seen:
            row.error(
                "order",
                _("Bước %(order)d bị trùng (đã có ở %(first)s).")
                % {"order": record.order, "first": seen[record.order].short()},
            )
        seen.setdefault(record.order, raw.location)
        ok = ok and row.ok
        records.append(record)
    return tuple(sorted(records, key=lambda s: s.order)) if ok else None


def _check_total(raw: RawProcedure, steps, values: dict, issues: Issues) -> bool:
    """The steps' time budgets add up to the statutory time (reported on the last step's row)."""
    total = sum((step.duration for step in steps), Decimal(0))
    if not steps or total == values["processing_time"]:
        return True
    unit = dict(Procedure.TimeUnit.choices)[values["time_unit"]]
    issues.add(
        raw.steps[-1].location,
        _("Tổng thời gian các bước %(total)s khác thời hạn %(time)s %(unit)s.")
        % {"total": format_number(total), "time": format_number(values["processing_time"]), "unit": unit},
    )
    return False


def check_catalogue(
    cleaned: list[tuple[RawProcedure, ProcedureRecord | None]],
    issues: Issues,
    *,
    agencies: dict,
    allowed_agency_ids=None,
) -> None:
    """Checks across rows: duplicate codes, one name per sector, known agencies (within the user's scope)."""
    first_seen: dict[str, Location] = {}
    sector_names: dict[str, tuple[str, Location]] = {}
    for raw, record in cleaned:
        code = raw.row.values.get("code")
        if isinstance(code, str) and code.strip():
            code = code.strip()
            if code in first_seen:
                issues.add(
                    raw.row.location,
                    _("Mã TTHC %(code)s bị trùng (đã có ở %(first)s).")
                    % {"code": code, "first": first_seen[code].short()},
                    "code",
                )
            first_seen.setdefault(code, raw.row.location)
        _check_agencies(raw, agency_codes(raw), agencies, allowed_agency_ids, issues)
        if record is not None:
            _check_sector(raw, record, sector_names, issues)


def _check_sector(raw, record, sector_names, issues) -> None:
    name, where = sector_names.setdefault(record.sector_code, (record.sector_name, raw.row.location))
    if name != record.sector_name:
        issues.add(
            raw.row.location,
            _("Lĩnh vực %(code)s đã được đặt tên «%(name)s» ở %(first)s.")
            % {"code": record.sector_code, "name": name, "first": where.short()},
            "sector_name",
        )


def agency_codes(raw: RawProcedure) -> tuple[str, ...]:
    """The agency codes a procedure row names, even when other values of the row are bad."""
    return RowCleaner(raw.row, Issues()).codes("agencies")


def _check_agencies(raw, codes, agencies, allowed_agency_ids, issues) -> None:
    for code in codes:
        agency = agencies.get(code)
        if agency is None:
            issues.add(raw.row.location, _("Không có cơ quan mã %(code)s.") % {"code": code}, "agencies")
        elif allowed_agency_ids is not None and agency.pk not in allowed_agency_ids:
            issues.add(
                raw.row.location,
                _("Cơ quan %(code)s (%(name)s) nằm ngoài phạm vi quản lý của bạn.")
                % {"code": code, "name": agency.name},
                "agencies",
            )
