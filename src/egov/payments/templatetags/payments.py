from django import template

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """200000 → "200.000" (Vietnamese thousands separator), whatever the number format settings."""
    try:
        return f"{int(amount):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
