"""Space pages: public home, members, who's who; admin screens for people, RNE and journal."""

import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.access import space_view
from maillage.audit.models import ACTION_LABELS, ActionLog
from maillage.people.models import AGENT_FUNCTIONS, ELECTED_FUNCTIONS, Function, Mandate, Person
from maillage.people.services import PeopleError, preview_rne
from maillage.territories.models import Organisation

from . import perms, services
from .forms import (
    AddMembersForm,
    AddPersonForm,
    DelegationForm,
    OpenSpaceForm,
    RneUploadForm,
    SpaceForm,
)
from .models import RneImport, Space, SpaceMember, SpaceRole
from .tasks import run_rne_import

PAGE_SIZE = 50
PREVIEW_ROWS = 20
PREVIEW_ERRORS = 200


def space_list(request):
    page = Paginator(Space.objects.select_related("organisation"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "spaces/space_list.html",
        {"page": page, "can_open": perms.can_open_space(request.user)},
    )


def open_space(request):
    if not perms.can_open_space(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(
            "Ouvrir un espace est réservé au personnel de la plateforme. Demandez-le à "
            "l'équipe qui administre Maillage."
        )
    form = OpenSpaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            space = services.open_space(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                presentation=form.cleaned_data["presentation"],
                logo=form.cleaned_data["logo"],
            )
        except services.SpaceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"L'espace « {space.name} » est ouvert.")
            return redirect(space)
    return render(request, "spaces/open_space.html", {"form": form})


def _context(request, space, **extra):
    return {
        "space": space,
        "can_admin": perms.can_admin_space(request.user, space),
        "can_see_members_area": perms.can_see_members_area(request.user, space),
        **extra,
    }


@space_view()
def space_home(request, space):
    counts = {
        "members": space.members.current().count(),
        "elected": Mandate.objects.current()
        .in_space(space)
        .elected()
        .values("person")
        .distinct()
        .count(),
    }
    return render(request, "spaces/space_home.html", _context(request, space, counts=counts))


@space_view(perms.can_admin_space, need="Modifier l'espace est réservé à ses administrateurs.")
def edit_space(request, space):
    initial = {"name": space.name, "presentation": space.presentation}
    form = SpaceForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_space(actor=request.user, space=space, **form.cleaned_data)
        except services.SpaceError as error:
            form.add_error("logo", str(error))
        else:
            messages.success(request, "L'espace est enregistré.")
            return redirect(space)
    return render(request, "spaces/edit_space.html", _context(request, space, form=form))


@space_view()
def members(request, space):
    can_admin = perms.can_admin_space(request.user, space)
    form = AddMembersForm(request.POST or None) if can_admin else None
    if request.method == "POST":
        if not can_admin:
            raise PermissionDenied("Ajouter des membres est réservé aux administrateurs.")
        if form.is_valid():
            codes = re.split(r"[\s,;]+", form.cleaned_data["codes"])
            added, unknown = services.add_members(actor=request.user, space=space, codes=codes)
            if unknown:
                form.add_error(
                    "codes",
                    "Codes inconnus, rien n'a été ajouté : " + ", ".join(unknown[:50]) + ".",
                )
            else:
                messages.success(request, f"{added} organisation(s) ajoutée(s).")
                return redirect("spaces:members", space.slug)
    queryset = (
        space.members.current()
        .select_related("organisation__departement")
        .order_by("organisation__search_name")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        queryset = queryset.filter(organisation__in=Organisation.objects.search(query).values("pk"))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "spaces/members.html", _context(request, space, page=page, form=form, query=query)
    )


@space_view(perms.can_admin_space, need="Retirer un membre est réservé aux administrateurs.")
@require_POST
def end_member(request, space, member_id):
    member = get_object_or_404(SpaceMember.objects.current(), pk=member_id, space=space)
    services.end_member(actor=request.user, space=space, member=member)
    messages.success(request, f"{member.organisation.name} ne fait plus partie de l'espace.")
    return redirect("spaces:members", space.slug)


DIRECTORY_GROUPS = [
    ("", "Toutes les fonctions"),
    ("executif", "Président, vice-présidents et bureau"),
    ("communautaire", "Conseillers communautaires"),
    ("maires", "Maires et adjoints"),
    ("municipaux", "Conseillers municipaux"),
    ("agents", "Agents et référents"),
]
GROUP_FUNCTIONS = {
    "executif": [Function.PRESIDENT, Function.VICE_PRESIDENT, Function.MEMBRE_BUREAU],
    "communautaire": [
        Function.CONSEILLER_COMMUNAUTAIRE,
        Function.CONSEILLER_COMMUNAUTAIRE_SUPPLEANT,
        Function.DELEGUE_SYNDICAL,
    ],  # fmt: skip
    "maires": [Function.MAIRE, Function.ADJOINT, Function.MAIRE_DELEGUE],
    "municipaux": [Function.CONSEILLER_MUNICIPAL],
    "agents": sorted(AGENT_FUNCTIONS),
}


@space_view()
def directory(request, space):
    """Who's who: élus (public) and, for members of the space, agents and référents."""
    show_agents = perms.can_see_members_area(request.user, space)
    functions = set(ELECTED_FUNCTIONS) | (set(AGENT_FUNCTIONS) if show_agents else set())
    group = request.GET.get("fonction", "")
    if group in GROUP_FUNCTIONS:
        functions &= set(GROUP_FUNCTIONS[group])
    queryset = (
        Mandate.objects.current()
        .in_space(space)
        .filter(function__in=functions)
        .select_related("person", "organisation", "represents")
    )
    commune = request.GET.get("organisation", "").strip()
    if commune:
        queryset = queryset.filter(
            Q(organisation__insee_code=commune) | Q(organisation__siren=commune)
            | Q(represents__insee_code=commune)
        )  # fmt: skip
    name = request.GET.get("q", "").strip()[:100]
    if name:
        queryset = queryset.filter(
            Q(person__last_name__icontains=name) | Q(person__first_name__icontains=name)
        )
    queryset = queryset.with_function_order().order_by(
        "organisation__search_name",
        "function_order",
        "rank",
        "person__last_name",
        "person__first_name",
        "id",
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    organisations = (
        Organisation.objects.filter(
            Q(space_memberships__space=space, space_memberships__end_date__isnull=True)
            | Q(pk=space.organisation_id)
        )
        .distinct()
        .order_by("search_name")
        .only("name", "insee_code", "siren", "kind")
    )
    return render(
        request,
        "spaces/directory.html",
        _context(
            request,
            space,
            page=page,
            groups=DIRECTORY_GROUPS if show_agents else DIRECTORY_GROUPS[:-1],
            group=group,
            organisations=organisations,
            organisation=commune,
            query=name,
            show_agents=show_agents,
        ),
    )


@space_view(perms.can_manage_people, need="Gérer les personnes est réservé aux administrateurs.")
def people(request, space):
    form = AddPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = services.add_person(
                    actor=request.user,
                    space=space,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    function=data["function"],
                    organisation=data.get("organisation"),
                    role=data["role"],
                )
                if data["invite"]:
                    services.invite(actor=request.user, space=space, person=person)
        except services.SpaceError as error:
            form.add_error(None, str(error))
        else:
            note = " et invitée par courriel" if data["invite"] else ""
            messages.success(request, f"{person.full_name} est ajoutée{note}.")
            return redirect("spaces:people", space.slug)
    roles = (
        space.roles.current()
        .select_related("person", "organisation")
        .order_by("role", "person__last_name")
    )
    page = Paginator(roles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "spaces/people.html", _context(request, space, form=form, page=page))


@space_view(perms.can_manage_people, need="Modifier un mandat est réservé aux administrateurs.")
def edit_mandate(request, space, mandate_id):
    mandate = get_object_or_404(
        Mandate.objects.current().in_space(space).select_related("person", "organisation"),
        pk=mandate_id,
    )
    form = DelegationForm(request.POST or None, initial={"delegation": mandate.delegation})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_delegation(
                actor=request.user,
                space=space,
                mandate=mandate,
                delegation=form.cleaned_data["delegation"],
            )
        except services.SpaceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La délégation est enregistrée.")
            return redirect("spaces:directory", space.slug)
    return render(
        request, "spaces/edit_mandate.html", _context(request, space, form=form, mandate=mandate)
    )


@space_view(perms.can_manage_people, need="Inviter est réservé aux administrateurs.")
@require_POST
def invite_person(request, space, person_id):
    person = get_object_or_404(Person.objects.in_space(space), pk=person_id)
    try:
        services.invite(actor=request.user, space=space, person=person)
    except services.SpaceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Invitation envoyée à {person.full_name}.")
    return redirect("spaces:people", space.slug)


@space_view(perms.can_manage_people, need="Retirer un rôle est réservé aux administrateurs.")
@require_POST
def end_role(request, space, role_id):
    space_role = get_object_or_404(SpaceRole.objects.current(), pk=role_id, space=space)
    try:
        services.end_role(actor=request.user, space=space, space_role=space_role)
    except services.SpaceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Le rôle a pris fin.")
    return redirect("spaces:people", space.slug)


@space_view(perms.can_import_rne, need="Importer les élus est réservé aux administrateurs.")
def rne_upload(request, space):
    form = RneUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        rne_import = RneImport.objects.create(
            space=space, uploaded_by=request.user, file=upload, original_name=upload.name[:255]
        )
        return redirect("spaces:rne_import", space.slug, rne_import.pk)
    imports = space.rne_imports.select_related("uploaded_by")[:20]
    return render(
        request, "spaces/rne_upload.html", _context(request, space, form=form, imports=imports)
    )


@space_view(perms.can_import_rne, need="Importer les élus est réservé aux administrateurs.")
def rne_import(request, space, import_id):
    rne_import = get_object_or_404(RneImport, pk=import_id, space=space)
    if request.method == "POST" and rne_import.status == RneImport.Status.PREVIEW:
        rne_import.status = RneImport.Status.QUEUED
        rne_import.save(update_fields=["status"])
        transaction.on_commit(lambda: run_rne_import.enqueue(rne_import.pk))
        messages.success(request, "L'import est lancé ; cette page affichera son compte rendu.")
        return redirect("spaces:rne_import", space.slug, rne_import.pk)
    preview, file_error = None, ""
    if rne_import.status == RneImport.Status.PREVIEW:
        try:
            with rne_import.file.open("rb") as handle:
                preview = preview_rne(handle.read())
        except PeopleError as error:
            file_error = str(error)
    return render(
        request,
        "spaces/rne_import.html",
        _context(
            request,
            space,
            rne_import=rne_import,
            preview=preview,
            preview_rows=preview.rows[:PREVIEW_ROWS] if preview else [],
            preview_errors=preview.errors[:PREVIEW_ERRORS] if preview else [],
            file_error=file_error,
        ),
    )


@space_view(perms.can_view_journal, need="Le journal est réservé aux administrateurs de l'espace.")
def journal(request, space):
    queryset = ActionLog.objects.filter(space=space).select_related("actor")
    action = request.GET.get("action", "")
    if action:
        queryset = queryset.filter(action=action)
    actions = (
        ActionLog.objects.filter(space=space)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "spaces/journal.html",
        _context(
            request,
            space,
            page=page,
            actions=[(value, ACTION_LABELS.get(value, value)) for value in actions],
            action=action,
        ),
    )
