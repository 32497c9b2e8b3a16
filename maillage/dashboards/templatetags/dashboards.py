"""Numbers as a French reader writes them, on the dashboards' pages."""

from decimal import Decimal

from django import template

from maillage.dashboards.charts import number_fr

register = template.Library()


@register.filter
def nombre(value):
    """1 234 or 1 234,50 (thin spaces between thousands, decimal comma)."""
    if value is None or value == "":
        return "—"
    return number_fr(value)


@register.filter
def euros(value):
    """An amount in euros, always with its cents: 1 234,50 €."""
    if value is None:
        return "—"
    whole, _, cents = f"{Decimal(value):,.2f}".partition(".")
    return f"{whole.replace(',', chr(0x202F))},{cents}\u00a0€"


@register.simple_tag(takes_context=True)
def own_members(context, space):
    """The member organisations of `space` that are the reader's own (a mayor's commune, a
    référent's commune): « Mon espace » links them to « Ma commune dans l'interco »."""
    from maillage.dashboards.member import own_members as own

    user = context.get("user")
    if user is None or not user.is_authenticated:
        return []
    return own(user, space)
