"""Pages of the commissions open to municipal councillors: the list, a commission, asking to
join and following, the decisions, a sitting's dossier for followers and replacements, the
mayor's naming of a replacement, one's attendance history, and the admin's settings."""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from maillage.access import deny as _deny
from maillage.access import space_view
from maillage.meetings.models import (
    Annex,
    Body,
    Seat,
    SeatKind,
    Sitting,
    SittingMode,
    SittingStatus,
)
from maillage.meetings.perms import can_prepare_sittings, current_seat
from maillage.people.models import Person
from maillage.spaces.perms import can_admin_space, person_of

from . import history, perms, queries, services
from .forms import DecisionForm, JoinRequestForm, ReplacementForm, SettingsForm
from .models import OPENABLE_KINDS, Follow, JoinRequest, Replacement

PAGE_SIZE = 50
NEXT_SITTINGS = 3

NEED_MEMBERS = "Les commissions sont visibles des élus, agents et référents de l'espace."
NEED_COUNCILLOR = (
    "Demander à siéger ou suivre une commission est réservé aux conseillers municipaux des "
    "communes membres (maire, adjoint, conseiller municipal), sans siège dans la commission, "
    "et à une commission ouverte aux conseillers municipaux."
)
NEED_FOLLOW = "Suivre une commission est réservé aux conseillers municipaux des communes membres."
NEED_ADMIN = "Les réglages d'une commission sont réservés aux administrateurs de l'espace."
NEED_DECIDE = (
    "Accepter ou refuser une demande est réservé aux administrateurs de l'espace et au "
    "président de la commission."
)
NEED_SITTING = (
    "Le dossier d'une séance de commission est réservé à ses membres, aux conseillers qui la "
    "suivent, au remplaçant désigné pour cette séance, aux agents et aux administrateurs."
)
NEED_MAYOR = (
    "Désigner un remplaçant pour une séance est réservé au maire d'une commune membre "
    "(L5211-40-1), pour une séance convoquée."
)
NEED_REQUESTER = "Seule la personne qui a fait la demande peut la retirer."
NEED_CANCEL = "Retirer un remplacement est réservé au maire qui l'a désigné et aux administrateurs."


# --- Loading and checking ---------------------------------------------------------------------


def commission_view(permission, need):
    """Load `slug` and `body_id` (a body that may be opened to councillors)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, body_id, *args, **kwargs):
            body = get_object_or_404(
                Body.objects.select_related("space__organisation"),
                pk=body_id,
                space__slug=slug,
                kind__in=OPENABLE_KINDS,
            )
            if not permission(request.user, body):
                return _deny(request, need)
            return view(request, body, *args, **kwargs)

        return wrapper

    return decorator


def sitting_view(permission, need):
    """Load `slug`, `body_id` and `sitting_id`: a sitting of that body."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, slug, body_id, sitting_id, *args, **kwargs):
            sitting = get_object_or_404(
                Sitting.objects.select_related("body__space__organisation"),
                pk=sitting_id,
                body_id=body_id,
                body__space__slug=slug,
                body__kind__in=OPENABLE_KINDS,
            )
            if not permission(request.user, sitting):
                return _deny(request, need)
            return view(request, sitting, *args, **kwargs)

        return wrapper

    return decorator


def _crumbs(space, *trail):
    return [
        ("Accueil", reverse("home")),
        ("Espaces", reverse("spaces:list")),
        (space.name, space.get_absolute_url()),
        ("Commissions", reverse("commissions:list", args=[space.slug])),
        *trail,
    ]


def _body_crumb(body):
    return (body.name, reverse("commissions:detail", args=[body.space.slug, body.pk]))


def _detail_url(body):
    return reverse("commissions:detail", args=[body.space.slug, body.pk])


def _sitting_url(sitting):
    return reverse(
        "commissions:sitting", args=[sitting.body.space.slug, sitting.body_id, sitting.pk]
    )


def _next_url(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _current_seats():
    return Prefetch(
        "seats",
        queryset=Seat.objects.current()
        .select_related("person", "organisation")
        .order_by("-is_chair", "kind", "person__last_name", "person__first_name"),
        to_attr="current_seats",
    )


def _next_sittings():
    return Prefetch(
        "sittings",
        queryset=Sitting.objects.filter(
            starts_at__gte=timezone.now(),
            status__in=[SittingStatus.CONVENED, SittingStatus.OPEN],
        ).order_by("starts_at"),
        to_attr="next_sittings",
    )


def _my_links(person, body_ids):
    """What the person has with these bodies, in two queries: followed ids, pending requests."""
    if person is None:
        return set(), {}
    followed = set(
        Follow.objects.filter(person=person, body_id__in=body_ids).values_list("body_id", flat=True)
    )
    pending = {
        r.body_id: r
        for r in JoinRequest.objects.pending().filter(person=person, body_id__in=body_ids)
    }
    return followed, pending


def _describe(body, person, followed, pending, councillor):
    """The person's situation in a body, for the cards: seat, following, request, actions."""
    seat = next((s for s in body.current_seats if person and s.person_id == person.pk), None)
    opened = queries.is_open(body)
    return {
        "body": body,
        "settings": queries.settings_of(body),
        "opened": opened,
        "seat": seat,
        "following": body.pk in followed,
        "pending": pending.get(body.pk),
        "can_join": councillor and opened and seat is None and body.pk not in pending,
        "can_follow": councillor and seat is None,
        "can_see_sittings": seat is not None or body.pk in followed,
        "titulaires": sum(1 for s in body.current_seats if s.kind == SeatKind.TITULAIRE),
    }


# --- The list ---------------------------------------------------------------------------------


@space_view(perms.can_view_commissions, NEED_MEMBERS)
def commission_list(request, space):
    person = person_of(request.user)
    bodies = (
        queries.listed_bodies(space)
        .select_related("space", "commission_settings")
        .prefetch_related(_current_seats(), _next_sittings())
        .order_by("name")
    )
    page = Paginator(bodies, PAGE_SIZE).get_page(request.GET.get("page"))
    followed, pending = _my_links(person, [b.pk for b in page])
    councillor = perms.is_municipal_councillor(request.user, space)
    cards = [_describe(b, person, followed, pending, councillor) for b in page]
    can_admin = can_admin_space(request.user, space)
    closed = []
    if can_admin:
        closed = list(
            Body.objects.filter(space=space, kind__in=OPENABLE_KINDS)
            .exclude(pk__in=queries.listed_bodies(space).values("pk"))
            .order_by("name")
        )
    return render(
        request,
        "commissions/list.html",
        {
            "space": space,
            "page": page,
            "cards": cards,
            "councillor": councillor,
            "communes": perms.councillor_communes(request.user, space),
            "can_admin": can_admin,
            "closed_bodies": closed,
            "next_count": NEXT_SITTINGS,
            "crumbs": _crumbs(space)[:-1] + [("Commissions", None)],
        },
    )


# --- One commission ---------------------------------------------------------------------------


@commission_view(perms.can_view_commission, NEED_MEMBERS)
def commission_detail(request, body):
    space = body.space
    person = person_of(request.user)
    body = (
        Body.objects.select_related("space__organisation", "commission_settings")
        .prefetch_related(_current_seats())
        .get(pk=body.pk)
    )
    followed, pending = _my_links(person, [body.pk])
    councillor = perms.is_municipal_councillor(request.user, space)
    card = _describe(body, person, followed, pending, councillor)
    sittings = (
        Sitting.objects.filter(body=body).exclude(status=SittingStatus.DRAFT).order_by("-starts_at")
    )
    page = Paginator(sittings, PAGE_SIZE).get_page(request.GET.get("page"))
    can_decide = perms.can_decide_requests(request.user, body)
    requests = []
    if can_decide:
        requests = list(
            JoinRequest.objects.pending()
            .filter(body=body)
            .select_related("person", "commune")
            .order_by("created_at")
        )
    mayor_communes = perms.mayor_communes(request.user, space)
    can_replace = perms.can_name_replacement(request.user, body) and any(
        s.organisation_id in {c.pk for c in mayor_communes} for s in body.current_seats
    )
    can_see_dossier = card["can_see_sittings"] or can_prepare_sittings(request.user, space)
    return render(
        request,
        "commissions/detail.html",
        {
            "space": space,
            "body": body,
            "card": card,
            "page": page,
            "now": timezone.now(),
            "requests": requests,
            "can_decide": can_decide,
            "can_admin": perms.can_admin_commission(request.user, body),
            "can_replace": can_replace,
            "can_see_dossier": can_see_dossier,
            "decision_form": DecisionForm(),
            "crumbs": _crumbs(space, (body.name, None)),
        },
    )


@commission_view(perms.can_ask_to_join, NEED_COUNCILLOR)
def join(request, body):
    space = body.space
    person = person_of(request.user)
    communes = perms.councillor_communes(request.user, space)
    pending = JoinRequest.objects.pending().filter(person=person, body=body).first()
    form = JoinRequestForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_to_join(
                actor=request.user,
                person=person,
                body=body,
                commune=form.cleaned_data["commune"],
                message=form.cleaned_data["message"],
            )
        except services.CommissionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Votre demande est envoyée : l'administrateur de l'espace ou le président de "
                "la commission vous répondra.",
            )
            return redirect(_detail_url(body))
    return render(
        request,
        "commissions/join.html",
        {
            "space": space,
            "body": body,
            "form": form,
            "pending": pending,
            "settings": queries.settings_of(body),
            "crumbs": _crumbs(space, _body_crumb(body), ("Demander à siéger", None)),
        },
    )


@commission_view(perms.can_view_commission, NEED_REQUESTER)
@require_POST
def withdraw(request, body, request_id):
    join_request = get_object_or_404(JoinRequest, pk=request_id, body=body)
    person = person_of(request.user)
    if person is None or join_request.person_id != person.pk:
        raise PermissionDenied(NEED_REQUESTER)
    try:
        services.withdraw_request(actor=request.user, join_request=join_request)
    except services.CommissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Votre demande est retirée.")
    return redirect(_detail_url(body))


@commission_view(perms.can_follow, NEED_FOLLOW)
@require_POST
def follow(request, body):
    person = person_of(request.user)
    try:
        following = services.toggle_follow(actor=request.user, person=person, body=body)
    except services.CommissionError as error:
        messages.error(request, str(error))
        following = perms.is_following(request.user, body)
    else:
        messages.success(
            request,
            f"Vous suivez « {body.name} » : vous recevrez l'avis de ses séances, leur dossier "
            "et le lien de visioconférence, sans voix délibérative."
            if following
            else f"Vous ne suivez plus « {body.name} ».",
        )
    if request.htmx:
        return render(
            request,
            "commissions/_follow_button.html",
            {"body": body, "space": body.space, "following": following, "flash": True},
        )
    return redirect(_next_url(request, _detail_url(body)))


# --- Decisions --------------------------------------------------------------------------------


@commission_view(perms.can_decide_requests, NEED_DECIDE)
def decide(request, body, request_id):
    space = body.space
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("person", "commune", "decided_by"),
        pk=request_id,
        body=body,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        try:
            if decision == "accepter":
                services.accept_request(actor=request.user, join_request=join_request)
                messages.success(
                    request,
                    f"{join_request.person.full_name} siège désormais dans « {body.name} » pour "
                    f"{join_request.commune.name}.",
                )
            elif decision == "refuser":
                services.refuse_request(
                    actor=request.user,
                    join_request=join_request,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, "La demande est refusée ; le demandeur est prévenu.")
            else:
                raise services.CommissionError("Choisissez d'accepter ou de refuser la demande.")
        except services.CommissionError as error:
            form.add_error(None, str(error))
        else:
            return redirect(_next_url(request, _detail_url(body)))
    settings = queries.settings_of(body)
    return render(
        request,
        "commissions/decide.html",
        {
            "space": space,
            "body": body,
            "join_request": join_request,
            "form": form,
            "settings": settings,
            "seats_of_commune": queries.seats_of_commune(body, join_request.commune),
            "crumbs": _crumbs(space, _body_crumb(body), ("Demande", None)),
        },
    )


@commission_view(perms.can_admin_commission, NEED_ADMIN)
def commission_settings(request, body):
    space = body.space
    settings = queries.settings_of(body)
    form = SettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(
                actor=request.user,
                body=body,
                open_to_councillors=form.cleaned_data["open_to_councillors"],
                max_seats_per_commune=form.cleaned_data["max_seats_per_commune"],
            )
        except services.CommissionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Les réglages de la commission sont enregistrés.")
            return redirect(reverse("commissions:settings", args=[space.slug, body.pk]))
    requests = list(
        JoinRequest.objects.pending()
        .filter(body=body)
        .select_related("person", "commune")
        .order_by("created_at")
    )
    return render(
        request,
        "commissions/settings.html",
        {
            "space": space,
            "body": body,
            "form": form,
            "requests": requests,
            "decision_form": DecisionForm(),
            "crumbs": _crumbs(space, _body_crumb(body), ("Réglages", None)),
        },
    )


# --- A sitting: agenda, dossier, remote link, replacements -------------------------------------


@sitting_view(perms.can_view_commission_sitting, NEED_SITTING)
def sitting_detail(request, sitting):
    body = sitting.body
    space = body.space
    items = list(
        sitting.items.select_related("rapporteur").prefetch_related(
            Prefetch("annexes", queryset=Annex.objects.order_by("title"))
        )
    )
    replacements = list(
        Replacement.objects.filter(sitting=sitting)
        .select_related("replaced_seat__person", "replacement", "commune", "named_by_person")
        .order_by("replaced_seat__person__last_name")
    )
    person = person_of(request.user)
    seat = current_seat(request.user, body)
    mine = next((r for r in replacements if person and r.replacement_id == person.pk), None)
    mayor_ids = {c.pk for c in perms.mayor_communes(request.user, space)}
    for replacement in replacements:
        replacement.sitting = sitting
        replacement.can_cancel = perms.can_cancel_replacement(
            request.user, replacement, mayor_ids=mayor_ids
        )
    return render(
        request,
        "commissions/sitting.html",
        {
            "space": space,
            "body": body,
            "sitting": sitting,
            "items": items,
            "sitting_annexes": list(sitting.annexes.filter(item__isnull=True).order_by("title")),
            "replacements": replacements,
            "my_replacement": mine,
            "seat": seat,
            "multi_site": sitting.mode == SittingMode.MULTI_SITE and bool(sitting.video_url),
            "can_replace": perms.can_name_replacement(request.user, body)
            and sitting.status == SittingStatus.CONVENED,
            "crumbs": _crumbs(
                space,
                _body_crumb(body),
                (f"Séance du {timezone.localtime(sitting.starts_at):%d/%m/%Y}", None),
            ),
        },
    )


def _pdf_response(field, filename):
    if not field:
        raise Http404("Ce document n'a pas été déposé.")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("Ce document est introuvable.") from None
    return FileResponse(handle, content_type="application/pdf", filename=filename)


@sitting_view(perms.can_view_commission_sitting, NEED_SITTING)
def synthesis_note(request, sitting):
    return _pdf_response(
        sitting.synthesis_note, f"Note de synthèse {sitting.starts_at:%Y-%m-%d}.pdf"
    )


@sitting_view(perms.can_view_commission_sitting, NEED_SITTING)
def annex_file(request, sitting, annex_id):
    annex = get_object_or_404(Annex, pk=annex_id, sitting=sitting)
    return _pdf_response(annex.file, f"{annex.title[:80]}.pdf")


def _can_open_replacement(user, sitting):
    return sitting.status != SittingStatus.DRAFT and perms.can_name_replacement(user, sitting.body)


@sitting_view(_can_open_replacement, NEED_MAYOR)
def replacement_new(request, sitting):
    body = sitting.body
    space = body.space
    communes = perms.mayor_communes(request.user, space)
    commune_ids = [c.pk for c in communes]
    seats = (
        Seat.objects.current()
        .filter(body=body, kind=SeatKind.TITULAIRE, organisation_id__in=commune_ids)
        .select_related("person", "organisation")
        .order_by("person__last_name", "person__first_name")
    )
    seated = Seat.objects.current().filter(body=body).values("person_id")
    councillors = (
        queries.councillor_mandates(space)
        .filter(organisation_id__in=commune_ids)
        .values("person_id")
    )
    candidates = (
        Person.objects.filter(pk__in=councillors)
        .exclude(pk__in=seated)
        .order_by("last_name", "first_name")
    )
    form = ReplacementForm(request.POST or None, seats=seats, councillors=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.name_replacement(
                actor=request.user,
                sitting=sitting,
                seat=form.cleaned_data["seat"],
                replacement=form.cleaned_data["replacement"],
            )
        except services.CommissionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{form.cleaned_data['replacement'].full_name} remplacera "
                f"{form.cleaned_data['seat'].person.full_name} à cette séance ; tous deux sont "
                "prévenus.",
            )
            return redirect(_detail_url(body))
    existing = list(
        Replacement.objects.filter(sitting=sitting, commune_id__in=commune_ids).select_related(
            "replaced_seat__person", "replacement"
        )
    )
    return render(
        request,
        "commissions/replacement_form.html",
        {
            "space": space,
            "body": body,
            "sitting": sitting,
            "form": form,
            "communes": communes,
            "has_members": seats.exists(),
            "existing": existing,
            "open": sitting.status == SittingStatus.CONVENED,
            "crumbs": _crumbs(space, _body_crumb(body), ("Désigner un remplaçant", None)),
        },
    )


@sitting_view(lambda user, sitting: user.is_authenticated, NEED_CANCEL)
@require_POST
def replacement_cancel(request, sitting, replacement_id):
    replacement = get_object_or_404(
        Replacement.objects.select_related("replacement", "replaced_seat__person"),
        pk=replacement_id,
        sitting=sitting,
    )
    if not perms.can_cancel_replacement(request.user, replacement):
        raise PermissionDenied(NEED_CANCEL)
    replacement.sitting = sitting
    try:
        services.cancel_replacement(actor=request.user, replacement=replacement)
    except services.CommissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Le remplacement est retiré ; le remplaçant est prévenu.")
    return redirect(_next_url(request, _detail_url(sitting.body)))


# --- My attendance history --------------------------------------------------------------------


@space_view(perms.can_view_commissions, NEED_MEMBERS)
def my_history(request, space):
    person = person_of(request.user)
    page = Paginator(history.sittings_of(person, space), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = history.rows(person, list(page))
    return render(
        request,
        "commissions/history.html",
        {
            "space": space,
            "page": page,
            "rows": rows,
            "crumbs": _crumbs(space, ("Mes présences", None)),
        },
    )
