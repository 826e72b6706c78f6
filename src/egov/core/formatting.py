"""Numbers, money, percentages and dates written the Vietnamese way: 1.250.000 đồng, 72,73 %, 12/05/1990.

One implementation for the templates (the ``money``, ``number``, ``percent``, ``vndate`` and ``vndatetime``
filters, loaded on every template as builtins) and for text built in Python (notifications, PDFs, notes).
These never depend on the active language's format settings: a figure means the same on every page.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

CURRENCY = "đồng"


def as_decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def number(value, decimals: int | None = None) -> str:
    """``1250000`` → ``1.250.000``; ``72.7272`` with ``decimals=2`` → ``72,73``; trailing zeros dropped when
    ``decimals`` is None (``15.50`` → ``15,5``). Not a number: returned as text (``""`` for None)."""
    amount = as_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    if decimals is not None:
        amount = amount.quantize(Decimal(1).scaleb(-decimals))
    elif amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    else:
        amount = amount.normalize()
    sign = "-" if amount < 0 else ""
    whole, _dot, fraction = f"{abs(amount):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def money(value, currency: str = CURRENCY) -> str:
    """``200000`` → ``200.000 đồng`` (whole đồng; "" for None)."""
    amount = as_decimal(value)
    if amount is None:
        return ""
    return f"{number(amount, 0)} {currency}".strip()


def percent(value, decimals: int = 2) -> str:
    """``72.7272`` → ``72,73 %``, ``50`` → ``50,00 %`` (fixed decimals: a column lines up; a space before the
    sign, as Vietnamese writes it)."""
    amount = as_decimal(value)
    if amount is None:
        return ""
    return f"{number(amount, decimals)} %"


def _as_date(value):
    if isinstance(value, str):
        value = parse_datetime(value) or parse_date(value) or value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
    return value


def short_date(value) -> str:
    """A date, an aware datetime (in Viet Nam time) or ISO text → ``12/05/1990``; anything else unchanged."""
    value = _as_date(value)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def short_datetime(value) -> str:
    """``12/05/2026 08:30`` (Viet Nam time)."""
    value = _as_date(value)
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    return short_date(value)
