"""Money in French: `{{ amount|euros }}` → 12 345,67 €; `{{ diff|signed_euros }}` → +12,00 €;
`{{ share|percent }}` → 12,50 %."""

from decimal import Decimal

from django import template

register = template.Library()

NARROW_SPACE = "\u202f"


def format_euros(value, *, signed: bool = False) -> str:
    if value is None or value == "":
        return ""
    value = Decimal(value).quantize(Decimal("0.01"))
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{NARROW_SPACE.join(groups)},{cents}\u00a0€"


@register.filter
def euros(value):
    return format_euros(value)


@register.filter
def signed_euros(value):
    return format_euros(value, signed=True)


@register.filter
def percent(value):
    if value is None or value == "":
        return ""
    return f"{Decimal(value):.2f}".replace(".", ",") + "\u00a0%"
