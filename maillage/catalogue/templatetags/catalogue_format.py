"""`{% load catalogue_format %}`: money and quantities written the French way."""

from decimal import Decimal

from django import template

register = template.Library()

NNBSP = "\u202f"  # the narrow no-break space of French thousands


def _group(digits: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return NNBSP.join(parts)


def french_number(value, places: int = 2) -> str:
    if value is None or value == "":
        return ""
    value = Decimal(value).quantize(Decimal(1).scaleb(-places))
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):.{places}f}".partition(".")
    return f"{sign}{_group(whole)}{',' + fraction if fraction else ''}"


@register.filter
def euros(value):
    """1234.5 → « 1 234,50 € »; nothing for an unknown amount."""
    if value is None or value == "":
        return ""
    return f"{french_number(value)}\u00a0€"


@register.filter
def units(value):
    """Units without useless decimals: 12.00 → « 12 », 2.50 → « 2,5 »."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    text = french_number(value, 2)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text
