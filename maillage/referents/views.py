"""Pages of the référents: the directory the members search (name, organisation, commune,
service), each référent's page « ce qui me concerne », the shortcut to one's own, and the
services a référent answers for (space admins)."""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from maillage.access import deny, space_view
from maillage.catalogue.models import Service
from maillage.spaces.models import SpaceRole
from maillage.spaces.perms import person_of
from maillage.territories.models import Organisation
from maillage.territories.rules import normalize

from . import perms, services
from .concerns import concerns
from .forms import DirectoryForm, ServicesForm
from .models import ServiceReferent

PAGE_SIZE = 50


def role_view(permission, need=""):
    """Load `slug` and `role_id` (a current référent role of the space)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, role_id, *args, **kwargs):
            role = get_object_or_404(
                services.current_referent_roles_all().select_related(
                    "space__organisation", "person", "organisation"
                ),
                pk=role_id,
                space__slug=slug,
            )
            if not permission(request.user, role):
                return deny(request, need)
            return view(request, role, *args, **kwargs)

        return wrapper

    return decorator


def directory_queryset(space, *, q="", organisation=None, commune="", service=None):
    queryset = (
        services.current_referent_roles(space)
        .select_related("person", "organisation")
        .prefetch_related(
            Prefetch(
                "service_assignments",
                queryset=ServiceReferent.objects.current().select_related("service"),
                to_attr="current_services",
            )
        )
    )
    words = normalize(q or "").split()
    if words:
        # Accents, case and hyphens do not matter (« helene » finds Hélène): the names of the
        # space's référents (hundreds at most) are compared in Python, one query.
        names = services.current_referent_roles(space).values_list(
            "pk", "person__first_name", "person__last_name"
        )
        matching = [
            pk
            for pk, first, last in names
            if all(word in normalize(f"{first} {last}") for word in words)
        ]
        queryset = queryset.filter(pk__in=matching)
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    commune = (commune or "").strip()
    if commune:
        queryset = queryset.filter(
            Q(organisation__search_name__contains=normalize(commune))
            | Q(organisation__insee_code=commune)
        )
    if service is not None:
        queryset = queryset.filter(
            Exists(ServiceReferent.objects.current().filter(role=OuterRef("pk"), service=service))
        )
    return queryset.order_by("organisation__name", "person__last_name", "person__first_name", "pk")


@space_view(perms.can_view_directory, need=perms.NEED_DIRECTORY)
def directory(request, space):
    organisations = Organisation.objects.filter(
        pk__in=space.members.current().values("organisation_id")
    ).order_by("name")
    catalogue = Service.objects.in_space(space).order_by("name")
    form = DirectoryForm(request.GET or None, organisations=organisations, services=catalogue)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(
        directory_queryset(
            space,
            q=data.get("q", ""),
            organisation=data.get("organisation"),
            commune=data.get("commune", ""),
            service=data.get("service"),
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    person = person_of(request.user)
    mine = services.current_referent_roles(space).filter(person=person).first() if person else None
    return render(
        request,
        "referents/directory.html",
        {
            "space": space,
            "form": form,
            "page": page,
            "filtered": any(data.values()) if data else False,
            "mine": mine,
            "can_manage": perms.can_manage_referents(request.user, space),
            "can_see_pages": perms.can_view_concerns(request.user, SpaceRole(space=space)),
        },
    )


@space_view()
def my_page(request, space):
    person = person_of(request.user)
    role = services.current_referent_roles(space).filter(person=person).first() if person else None
    if role is None:
        return deny(request, perms.NEED_MINE)
    return redirect("referents:concerns", space.slug, role.pk)


@role_view(perms.can_view_concerns, need=perms.NEED_CONCERNS)
def concerns_page(request, role):
    blocks = concerns(role)
    person = person_of(request.user)
    return render(
        request,
        "referents/concerns.html",
        {
            "space": role.space,
            "role": role,
            "blocks": blocks,
            "is_me": person is not None and person.pk == role.person_id,
            "can_manage": perms.can_manage_referents(request.user, role.space),
        },
    )


@role_view(lambda user, role: perms.can_manage_referents(user, role.space), perms.NEED_MANAGE)
def role_services(request, role):
    catalogue = Service.objects.in_space(role.space).order_by("name")
    current = [a.service for a in role.service_assignments.current().select_related("service")]
    form = ServicesForm(request.POST or None, services=catalogue, initial={"services": current})
    if request.method == "POST" and form.is_valid():
        try:
            added, ended = services.set_services(
                actor=request.user, role=role, services=list(form.cleaned_data["services"])
            )
        except services.ReferentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Services enregistrés : {added} ajouté{'s' if added > 1 else ''}, "
                f"{ended} retiré{'s' if ended > 1 else ''}.",
            )
            return redirect("referents:concerns", role.space.slug, role.pk)
    return render(
        request, "referents/services_form.html", {"space": role.space, "role": role, "form": form}
    )


prefix = "espaces/<slug:slug>/referents/"
urlpatterns = [
    path(prefix, directory, name="directory"),
    path(f"{prefix}moi/", my_page, name="mine"),
    path(f"{prefix}<int:role_id>/", concerns_page, name="concerns"),
    path(f"{prefix}<int:role_id>/services/", role_services, name="services"),
]
