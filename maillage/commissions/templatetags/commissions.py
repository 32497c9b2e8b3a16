"""Template filters of the commissions pages."""

from django import template

from maillage.commissions.rules import STATUS_WORDS

register = template.Library()


@register.filter
def status_word(sitting):
    """The sitting's state in words that fit a sentence: « convoquée », « close »…"""
    return STATUS_WORDS.get(sitting.status, sitting.status)
