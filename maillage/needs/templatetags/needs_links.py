"""`{% load needs_links %}{% thread_need_links thread %}`: on a conference thread, the links
« Exprimer un besoin à partir de cet échange » and « Lancer un projet », for those allowed."""

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("needs/_thread_links.html", takes_context=True)
def thread_need_links(context, thread):
    from maillage.needs import perms
    from maillage.needs.views import project_url

    user = context["request"].user
    space = thread.space
    need_url = ""
    # The roles are already read by the thread page: no query more. The form itself refuses
    # (and says why) someone of the space who speaks for no member organisation.
    if perms.can_view_needs(user, space):
        need_url = f"{reverse('needs:create', args=[space.slug])}?discussion={thread.pk}"
    start = project_url(space, discussion=thread.pk) if perms.can_start_project(user, space) else ""
    return {"need_url": need_url, "project_url": start}
