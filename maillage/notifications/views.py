"""My notifications, my email preferences, and unsubscribing from an email in one click."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from maillage.spaces.perms import person_of

from . import services
from .context_processors import unread_count
from .forms import PreferencesForm
from .models import Notification

PAGE_SIZE = 50


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
def notification_list(request):
    person = person_of(request.user)
    unread_only = request.GET.get("non-lues") == "1"
    queryset = Notification.objects.none()
    if person is not None:
        queryset = Notification.objects.filter(person=person).select_related("space")
        if unread_only:
            queryset = queryset.filter(read_at__isnull=True)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"person": person, "page": page, "unread_only": unread_only},
    )


@login_required
@require_POST
def mark_read(request, notification_id):
    person = person_of(request.user)
    if person is None or not services.mark_read(person=person, notification_id=notification_id):
        raise Http404("Cette notification n'existe pas ou ne vous est pas adressée.")
    if request.htmx:
        notification = Notification.objects.select_related("space").get(pk=notification_id)
        return render(
            request,
            "notifications/_mark_read_response.html",
            {"notification": notification, "unread": unread_count(request)},
        )
    return redirect(_safe_next(request, "notifications:list"))


@login_required
@require_POST
def mark_all_read(request):
    person = person_of(request.user)
    count = services.mark_all_read(person=person) if person is not None else 0
    if count:
        messages.success(request, f"{count} notification(s) marquée(s) comme lue(s).")
    else:
        messages.info(request, "Vous n'aviez aucune notification non lue.")
    return redirect("notifications:list")


@login_required
def preferences(request):
    person = person_of(request.user)
    if person is None:
        messages.info(request, "Votre compte n'est rattaché à aucune fiche de personne.")
        return redirect("people:my_space")
    form = PreferencesForm(request.POST or None, current=services.preferences_of(person))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.set_preferences(
                actor=request.user, person=person, choices=form.cleaned_data
            )
        except services.NotificationError as error:
            form.add_error(None, str(error))
        else:
            if changed:
                messages.success(request, "Vos choix de notifications sont enregistrés.")
            else:
                messages.info(request, "Rien n'a changé.")
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# The token is the proof: mail clients post here without a CSRF token (RFC 8058 one-click).
@csrf_exempt
def unsubscribe(request, token):
    """GET shows what will stop and one button; only POST changes anything, because mail
    scanners and link previews open every link of a message (a GET must not unsubscribe)."""
    try:
        person, scope = services.read_unsubscribe_token(token)
    except services.NotificationError as error:  # altered, unknown or expired
        return render(
            request, "notifications/unsubscribe_invalid.html", {"reason": error}, status=400
        )
    label = services.scope_label(person, scope)
    if request.method == "POST":
        services.unsubscribe(person=person, scope=scope)
        return render(request, "notifications/unsubscribe_done.html", {"label": label})
    return render(request, "notifications/unsubscribe.html", {"label": label, "person": person})
