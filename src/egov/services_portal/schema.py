"""Application fields from a procedure's ``application_schema`` (a documented subset of JSON Schema).

Supported: an object schema with ``properties`` and ``required``; each property has ``type`` ``string``,
``number``, ``integer`` or ``boolean``; ``enum`` (a choice list), ``format: "date"`` (a date), ``title`` (the
label), ``description`` (help text), ``maxLength`` (strings), ``minimum``/``maximum`` (numbers) and
``x-prefill`` (a profile key: ``full_name``, ``id_number``, ``date_of_birth``, ``address``, ``phone``,
``email``). Anything else is ignored. A procedure without a schema gets ``DEFAULT_SCHEMA``.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.core import formatting

DEFAULT_SCHEMA = {
    "type": "object",
    "required": ["full_name", "id_number", "address"],
    "properties": {
        "full_name": {"type": "string", "title": "Họ và tên", "maxLength": 200, "x-prefill": "full_name"},
        "id_number": {"type": "string", "title": "Số định danh cá nhân", "maxLength": 20, "x-prefill": "id_number"},
        "date_of_birth": {"type": "string", "format": "date", "title": "Ngày sinh", "x-prefill": "date_of_birth"},
        "phone": {"type": "string", "title": "Số điện thoại", "maxLength": 20, "x-prefill": "phone"},
        "email": {"type": "string", "title": "Thư điện tử", "maxLength": 254, "x-prefill": "email"},
        "address": {"type": "string", "title": "Địa chỉ liên hệ", "maxLength": 300, "x-prefill": "address"},
        "request": {"type": "string", "title": "Nội dung yêu cầu", "maxLength": 2000},
    },
}


def schema_for(procedure) -> dict:
    schema = procedure.application_schema or {}
    return schema if schema.get("properties") else DEFAULT_SCHEMA


def build_fields(schema: dict) -> dict[str, forms.Field]:
    required = set(schema.get("required") or [])
    return {
        name: _field(name, prop or {}, name in required)
        for name, prop in (schema.get("properties") or {}).items()
        if isinstance(prop, dict)
    }


def _field(name: str, prop: dict, required: bool) -> forms.Field:
    common = {"label": prop.get("title") or "", "required": required, "help_text": prop.get("description", "")}
    kind = prop.get("type", "string")
    if "enum" in prop:
        choices = [("", _("— Chọn —"))] + [(str(v), str(v)) for v in prop["enum"]]
        return forms.ChoiceField(choices=choices, **common)
    if kind == "boolean":
        return forms.BooleanField(**common)
    if kind in ("number", "integer"):
        cls = forms.IntegerField if kind == "integer" else forms.DecimalField
        return cls(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **common)
    if prop.get("format") == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    max_length = prop.get("maxLength")
    widget = forms.Textarea(attrs={"rows": 3}) if (max_length or 0) > 300 else None
    return forms.CharField(max_length=max_length, widget=widget, validators=_validators(name, prop), **common)


def _validators(name: str, prop: dict) -> list:
    """The Vietnamese ID number and phone checks, for the fields named or formatted so."""
    from egov.core.validators import validate_id_number, validate_phone

    fmt = prop.get("format", "")
    if name == "id_number" or fmt == "id-number":
        return [validate_id_number]
    if name == "phone" or fmt == "phone":
        return [validate_phone]
    return []


def to_json(cleaned: dict) -> dict:
    """Form values as JSON values (dates as ISO text, decimals as numbers)."""
    out = {}
    for key, value in cleaned.items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif hasattr(value, "as_tuple"):  # Decimal
            value = int(value) if value == value.to_integral_value() else float(value)
        out[key] = value
    return out


def display_answer(prop: dict, value):
    """An answer as the citizen reads it: dates 12/05/1990, numbers 1.250.000 / 2,5, yes/no."""
    if value in (None, ""):
        return ""
    kind = prop.get("type") if isinstance(prop, dict) else None
    if isinstance(prop, dict) and prop.get("format") in ("date", "date-time"):
        return formatting.short_date(value) if prop["format"] == "date" else formatting.short_datetime(value)
    if kind == "boolean":
        return _("Có") if value else _("Không")
    if kind in ("integer", "number") and not isinstance(value, bool):
        return formatting.number(value)
    return value


def prefill(schema: dict, user) -> dict:
    """Initial values for the fields marked ``x-prefill`` from the user and their profile."""
    profile = getattr(user, "citizen_profile", None)
    source = {
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "id_number": getattr(profile, "id_number", ""),
        "date_of_birth": getattr(profile, "date_of_birth", None),
        "address": getattr(profile, "address", ""),
    }
    return {
        name: source[prop["x-prefill"]]
        for name, prop in (schema.get("properties") or {}).items()
        if isinstance(prop, dict) and prop.get("x-prefill") in source and source[prop["x-prefill"]]
    }
