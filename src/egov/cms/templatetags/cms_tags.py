"""``{% load cms_tags %}``: helpers of the portal's templates."""

from django import template

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """1500000000 → "1.500.000.000" (Vietnamese thousands separator), whatever the locale settings."""
    try:
        return f"{int(amount):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
