"""Login by single-use link, logout (here or everywhere), "Mon espace", public profiles."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from maillage.meetings.views.convocations import calendar_feed_url
from maillage.spaces.models import Space
from maillage.spaces.perms import abilities, roles

from . import services
from .forms import LoginLinkForm, ProfileForm
from .models import Mandate, Person


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def login(request):
    """Ask for a link by email. The answer is the same whether the address is known or not."""
    form = LoginLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_login_link(email=form.cleaned_data["email"])
        return render(request, "people/login_sent.html", {"email": form.cleaned_data["email"]})
    return render(
        request,
        "people/login.html",
        {"form": form, "proconnect": settings.PROCONNECT_ENABLED, "next": _next_url(request)},
    )


def login_link(request, token):
    """First GET shows a button (mail scanners follow links; they must not use them up)."""
    if request.method != "POST":
        return render(request, "people/login_confirm.html", {"token": token})
    try:
        user = services.use_login_link(token=token)
    except services.PeopleError as error:
        return render(request, "people/login_failed.html", {"message": str(error)}, status=400)
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, "Vous êtes connecté.")
    return redirect(settings.LOGIN_REDIRECT_URL)


@require_POST
def logout(request):
    auth_logout(request)
    messages.success(request, "Vous êtes déconnecté.")
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_POST
@login_required
def logout_everywhere(request):
    services.logout_everywhere(user=request.user)
    auth_logout(request)
    messages.success(request, "Vous êtes déconnecté sur tous vos appareils.")
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
def my_space(request):
    person = Person.objects.filter(user=request.user).first()
    mandates = (
        list(
            person.mandates.current()
            .select_related("organisation", "represents")
            .with_function_order()
            .order_by("organisation__name", "function_order", "rank")
        )
        if person
        else []
    )
    if request.user.is_superuser:
        candidates = Space.objects.all()
    elif person is not None:
        candidates = Space.objects.for_person(person)
    else:
        candidates = Space.objects.none()
    spaces = [
        (space, sorted(roles(request.user, space)), abilities(request.user, space))
        for space in candidates.select_related("organisation")
    ]
    return render(
        request,
        "people/my_space.html",
        {
            "person": person,
            "mandates": mandates,
            "spaces": spaces,
            "calendar_feed_url": calendar_feed_url(person),
        },
    )


@login_required
def edit_profile(request):
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        messages.info(request, "Votre compte n'est rattaché à aucune fiche de personne.")
        return redirect("people:my_space")
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.update_profile(actor=request.user, person=person, **form.cleaned_data)
        messages.success(request, "Votre profil est enregistré.")
        return redirect("people:my_space")
    return render(request, "people/edit_profile.html", {"form": form})


def profile(request, pk):
    """Public: name, functions and organisations; the email only if the person chose so."""
    person = get_object_or_404(Person, pk=pk)
    mandates = (
        Mandate.objects.current()
        .filter(person=person)
        .select_related("organisation", "represents")
        .with_function_order()
        .order_by("organisation__name", "function_order", "rank")
    )
    return render(request, "people/profile.html", {"person": person, "mandates": mandates})
