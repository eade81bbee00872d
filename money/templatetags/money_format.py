from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def dollars(value) -> str:
    """$12,345 (whole dollars; negative as −$12,345)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "−" if amount < 0 else ""
    return f"{sign}${abs(amount):,.0f}"


@register.filter
def shares(value) -> str:
    """Shares without trailing zeros: 5, 12.5."""
    amount = Decimal(value).normalize()
    return f"{amount:,f}" if amount != amount.to_integral() else f"{amount:,.0f}"
