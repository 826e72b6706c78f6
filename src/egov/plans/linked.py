"""The bridge to the computed indicators of ``egov.reports.indicators`` (imported lazily: plans only read it)."""

from datetime import date
from decimal import Decimal


def _module():
    try:
        from egov.reports import indicators
    except ImportError:  # the reports app has no indicators yet
        return None
    return indicators


def definitions() -> dict:
    module = _module()
    return dict(module.definitions()) if module is not None else {}


def name_of(code: str) -> str:
    definition = definitions().get(code)
    return str(definition.name) if definition is not None else code


def compute(code: str, *, start: date, end: date, agency=None) -> Decimal | None:
    """The indicator's value over [start, end] (a percentage when it has a denominator), province-wide when
    ``agency`` is None; None when it cannot be computed (no data, unknown code)."""
    module = _module()
    if module is None or code not in module.definitions():
        return None
    value = module.compute(code, agency=agency, period=module.Period(start, end)).value
    return Decimal(value) if value is not None else None
