"""Reading the numbers of plan tables ("99%", "> 80%", "1.054", "62,4 %") and evaluating a result."""

import re
from decimal import Decimal, InvalidOperation

from egov.core import formatting
from egov.search.text import normalize

from .models import Comparison, Result

_NUMBER_RE = re.compile(r"^(?P<sign>[<>≤≥=]{0,2})\s*(?P<number>-?\d[\d.,\s]*?)\s*%?$")
_THOUSANDS_RE = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_SIGNS = {">": ">=", ">=": ">=", "≥": ">=", "<": "<=", "<=": "<=", "≤": "<=", "=": "="}


def parse_number(value) -> Decimal | None:
    """The number in a cell, or None when it holds words ("Chưa có", "Hoàn thiện hệ thống") or is empty.

    Vietnamese writing: a comma is the decimal mark, dots group thousands ("1.054" is 1054, "62,4" is 62.4);
    a dot followed by other than three digits is a decimal point ("7.84")."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    match = _NUMBER_RE.match(str(value).strip().replace("\u00a0", " "))
    if not match:
        return None
    text = match["number"].replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS_RE.match(text):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def leading_comparison(value) -> str:
    """ ">=" for "> 80%" or "≥ 80", "<=" for "< 10%", "" when the text has no sign."""
    match = _NUMBER_RE.match(str(value or "").strip())
    return _SIGNS.get(match["sign"], "") if match and match["sign"] else ""


def parse_comparison(value) -> str | None:
    """The comparison column: ">=", "<=", "=" (or ≥, ≤), empty; None when unreadable."""
    text = str(value or "").strip()
    if text in _SIGNS:
        return _SIGNS[text]
    if not text:
        return ""
    return {"khong": "", "khong so sanh": "", "none": ""}.get(normalize(text))


def parse_result(value) -> str | None:
    """ "Đạt", "Đạt mục tiêu kế hoạch", "Không đạt", "Chưa đánh giá" (or the codes); "" when empty; None if unknown."""
    text = normalize(str(value or ""))
    if not text:
        return ""
    if text in Result.values:
        return text
    if text.replace(" ", "_") in Result.values:
        return text.replace(" ", "_")
    if text.startswith("khong dat"):
        return Result.NOT_ACHIEVED
    if text.startswith("chua"):
        return Result.NOT_MEASURED
    if text.startswith("dat"):
        return Result.ACHIEVED
    return None


def evaluate(comparison: str, target: Decimal | None, actual: Decimal | None) -> str | None:
    """The result of a numeric indicator, or None when it cannot be decided by numbers."""
    if not comparison or target is None or actual is None:
        return None
    passed = {
        Comparison.AT_LEAST: actual >= target,
        Comparison.AT_MOST: actual <= target,
        Comparison.EQUAL: actual == target,
    }[comparison]
    return Result.ACHIEVED if passed else Result.NOT_ACHIEVED


def format_number(value: Decimal | None) -> str:
    """Vietnamese display: "62,4", "1.054", "100"."""
    return formatting.number(value)
