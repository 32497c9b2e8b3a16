"""Pages of the bulletin: the list of issues, an issue (web edition), composing a draft
(saved as one goes, with a version check), the email preview, sending, the delivery figures,
and the Atom feed of the space. Public pages (subscribe, confirm, unsubscribe) are in
`public_views.py`."""

import functools
import secrets

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.access import deny, space_view
from maillage.referents.services import referents_per_service

from . import perms, services
from .audiences import audience_counts
from .emails import MEMBERS, PUBLIC, render_issue, sections_for
from .forms import IssueForm, SectionFormSet, SendForm
from .models import Audience, Delivery, Issue

PAGE_SIZE = 50


def issue_view(permission=None, need=""):
    """Load the space of `slug` and its issue `number`; a draft only for those who compose."""

    def decorator(view):
        @space_view()
        @functools.wraps(view)
        def wrapper(request, space, number, *args, **kwargs):
            issue = get_object_or_404(
                Issue.objects.select_related("space"), space=space, number=number
            )
            issue.space = space
            if not perms.can_read_issue(request.user, issue):
                return deny(request, perms.NEED_DRAFT)
            if permission is not None and not permission(request.user, space):
                return deny(request, need)
            return view(request, space, issue, *args, **kwargs)

        return wrapper

    return decorator


@space_view()
def issue_list(request, space):
    can_compose = perms.can_compose(request.user, space)
    issues = Issue.objects.filter(space=space)
    if not can_compose:
        issues = issues.sent()
    page = Paginator(issues.order_by("-number"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "bulletins/issue_list.html",
        {"space": space, "page": page, "can_compose": can_compose},
    )


@require_POST
@space_view(perms.can_compose, perms.NEED_COMPOSE)
def issue_create(request, space):
    try:
        issue = services.create_issue(actor=request.user, space=space)
    except services.BulletinError as error:
        messages.error(request, str(error))
        return redirect("bulletins:list", space.slug)
    messages.success(
        request, "Le brouillon est prêt, rempli avec ce qui s'est passé depuis le dernier numéro."
    )
    return redirect("bulletins:edit", space.slug, issue.number)


@issue_view()
def issue_detail(request, space, issue):
    members = perms.can_read_members_sections(request.user, space)
    return render(
        request,
        "bulletins/issue_detail.html",
        {
            "space": space,
            "issue": issue,
            "sections": sections_for(issue, MEMBERS if members else PUBLIC),
            "members": members,
            "can_compose": perms.can_compose(request.user, space),
        },
    )


def _section_data(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
        if data and not data.get("DELETE"):
            rows.append(data)
    return rows


@issue_view(perms.can_compose, perms.NEED_COMPOSE)
def issue_edit(request, space, issue):
    if not issue.is_draft:
        messages.info(request, "Ce numéro est envoyé : il ne se modifie plus.")
        return redirect(issue.get_absolute_url())
    initial_sections = [
        {"heading": s.heading, "body": s.body, "members_only": s.members_only}
        for s in issue.sections.all()
    ]
    if request.method == "POST":
        form = IssueForm(request.POST, instance=issue)
        formset = SectionFormSet(request.POST, prefix="rubriques")
        if form.is_valid() and formset.is_valid():
            try:
                issue = services.save_issue(
                    actor=request.user,
                    issue=issue,
                    version=form.cleaned_data["version"],
                    title=form.cleaned_data["title"],
                    introduction=form.cleaned_data["introduction"],
                    sections=_section_data(formset),
                    editor=form.cleaned_data["editor"],
                )
            except services.BulletinError as error:
                form.add_error(None, str(error))
            else:
                if request.htmx:
                    return render(request, "bulletins/_saved.html", {"issue": issue})
                messages.success(request, f"Numéro enregistré (version {issue.version}).")
                if "apercu" in request.POST:
                    return redirect("bulletins:preview", space.slug, issue.number)
                return redirect("bulletins:edit", space.slug, issue.number)
        if request.htmx:
            return render(
                request, "bulletins/_saved.html", {"issue": issue, "form": form}, status=200
            )
    else:
        form = IssueForm(
            instance=issue, initial={"version": issue.version, "editor": secrets.token_hex(8)}
        )
        formset = SectionFormSet(initial=initial_sections, prefix="rubriques")
    return render(
        request,
        "bulletins/issue_form.html",
        {"space": space, "issue": issue, "form": form, "formset": formset},
    )


@issue_view(perms.can_compose, perms.NEED_COMPOSE)
def email_preview(request, space, issue):
    edition = PUBLIC if request.GET.get("edition") == PUBLIC else MEMBERS
    issue = Issue.objects.prefetch_related("sections").get(pk=issue.pk)
    issue.space = space
    rendered = render_issue(issue, edition)
    text, html, headers = rendered.for_address(space.pk, "exemple@example.org")
    return render(
        request,
        "bulletins/email_preview.html",
        {
            "space": space,
            "issue": issue,
            "edition": edition,
            "subject": rendered.subject,
            "text": text,
            "html": html,
            "headers": headers,
        },
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _skipped(result: services.SendResult) -> str:
    """In French, who was left out of a send and why ("" if nobody)."""
    skipped = []
    if result.already:
        skipped.append(_plural(result.already, "l'avait déjà reçu", "l'avaient déjà reçu"))
    if result.unsubscribed:
        skipped.append(_plural(result.unsubscribed, "désabonné", "désabonnés"))
    if result.bounced:
        skipped.append(_plural(result.bounced, "adresse en erreur", "adresses en erreur"))
    return f" Non envoyé : {', '.join(skipped)}." if skipped else ""


@issue_view(perms.can_compose, perms.NEED_COMPOSE)
def issue_send(request, space, issue):
    form = SendForm(request.POST if request.method == "POST" else None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.send_issue(
                actor=request.user,
                issue=issue,
                audiences=form.cleaned_data["audiences"],
                services=form.cleaned_data["services"],
            )
        except services.BulletinError as error:
            form.add_error(None, str(error))
        else:
            detail = _skipped(result)
            if result.queued:
                sending = _plural(result.queued, "courriel", "courriels")
                messages.success(request, f"{sending} en cours d'envoi.{detail}")
            else:
                messages.info(request, f"Aucun nouveau destinataire : rien n'est parti.{detail}")
            return redirect("bulletins:deliveries", space.slug, issue.number)
    counts = audience_counts(space)
    choices = [(value, label, counts.get(value, 0)) for value, label in Audience.choices]
    chosen_services = {str(pk) for pk in (form["services"].value() or [])}
    service_choices = [
        (service, count, str(service.pk) in chosen_services)
        for service, count in referents_per_service(space)
    ]
    return render(
        request,
        "bulletins/issue_send.html",
        {
            "space": space,
            "issue": issue,
            "form": form,
            "choices": choices,
            "service_choices": service_choices,
        },
    )


@issue_view(perms.can_compose, perms.NEED_COMPOSE)
def deliveries(request, space, issue):
    queryset = Delivery.objects.filter(issue=issue).order_by("address")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "bulletins/deliveries.html",
        {
            "space": space,
            "issue": issue,
            "page": page,
            "figures": services.delivery_figures(issue),
        },
    )
