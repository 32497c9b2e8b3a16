"""`{% load comments %}{% comments_for obj %}`: the comment thread of a registered object,
paginated by 50, with its form (works without JavaScript; HTMX posts inline). Shows nothing
to someone who may not read the object."""

from django import template

register = template.Library()


@register.inclusion_tag("comments/_thread.html", takes_context=True)
def comments_for(context, obj):
    from maillage.comments.views import thread_context

    return thread_context(context["request"], obj)
