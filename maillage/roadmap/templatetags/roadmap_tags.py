"""Template filters of the steering pages."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value) -> str:
    """12500.5 → "12 500,50": French grouping (narrow no-break space) and decimal comma."""
    amount = Decimal(str(value or 0)).quantize(Decimal("0.01"))
    whole, _, cents = f"{amount:,.2f}".partition(".")
    return whole.replace(",", "\u202f") + "," + cents
