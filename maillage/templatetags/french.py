"""Template filters for French typography."""

from django import template
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def date_fr(value, with_year=True):
    """ "1er janvier 2018", "2 février 2018": French writes the first of the month as 1er."""
    if not value:
        return ""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {date_format(value, 'F Y' if with_year else 'F')}"


@register.filter
def markdown(value):
    """User text written in Markdown, rendered as sanitised HTML (see maillage.markup)."""
    from maillage.markup import render_markdown

    return render_markdown(value)
