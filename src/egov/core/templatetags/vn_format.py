"""Template filters for Vietnamese figures, available in every template (``TEMPLATES`` builtins)::

{{ fee|money }}          200.000 đồng
{{ count|number }}       1.250.000      {{ ratio|number:1 }}  72,7
{{ ratio|percent }}      72,73 %        {{ ratio|percent:0 }} 73 %
{{ birthday|vndate }}    12/05/1990     (dates, aware datetimes, ISO text)
{{ moment|vndatetime }}  12/05/2026 08:30
"""

from django import template

from egov.core import formatting

register = template.Library()


@register.filter
def money(value, currency=formatting.CURRENCY):
    return formatting.money(value, currency)


@register.filter
def number(value, decimals=None):
    return formatting.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value, decimals=2):
    return formatting.percent(value, int(decimals))


@register.filter
def vnd(value):
    """The number alone (the unit in a column heading): ``1.500.000``."""
    return formatting.number(value, 0) if formatting.as_decimal(value) is not None else ""


@register.filter
def vndate(value):
    return formatting.short_date(value)


@register.filter
def vndatetime(value):
    return formatting.short_datetime(value)
