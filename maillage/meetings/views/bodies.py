"""Pages for the bodies part of sittings (see maillage/meetings/services/bodies.py): bodies and
their composition, sittings in preparation, their agenda and documents, and the sitting page
that gathers the panels of the other areas (convocations, session, acts)."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_POST

from maillage.spaces.perms import can_see_members_area

from .. import perms, rules
from ..forms_bodies import (
    AnnexForm,
    BodyForm,
    CancelSittingForm,
    ItemForm,
    SeatEndForm,
    SeatForm,
    SittingForm,
    SynthesisNoteForm,
)
from ..models import (
    COUNCIL_KINDS,
    AgendaItem,
    Annex,
    Body,
    BodyKind,
    Seat,
    SeatKind,
    Sitting,
    SittingMode,
    SittingStatus,
)
from ..services import MeetingError
from ..services import bodies as services
from ..services.convocations import cancellation_recipients
from .common import body_view, sitting_view, space_view

PAGE_SIZE = 50

NEED_ADMIN = "Définir les instances et leurs sièges est réservé aux administrateurs de l'espace."
NEED_PREPARE = "Préparer les séances est réservé aux agents et aux administrateurs de l'espace."
NEED_BODY = "Cette instance n'est visible que des membres de l'espace."
NEED_SITTING = (
    "Une séance en préparation n'est visible que des agents et des administrateurs de l'espace."
)
NEED_DOSSIER = (
    "Le dossier de la séance est réservé aux membres de l'instance, aux destinataires de la "
    "convocation, aux agents et aux administrateurs de l'espace."
)


# --- French dates -----------------------------------------------------------------------------


def french_date(day: datetime.date) -> str:
    """« mardi 1er mars 2022 »: French writes the first of the month as 1er."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{date_format(day, 'l')} {number} {date_format(day, 'F Y')}"


def french_datetime(moment: datetime.datetime) -> str:
    """« mardi 1er mars 2022 à 18 h 30 », in Paris time."""
    local = timezone.localtime(moment)
    return f"{french_date(local.date())} à {local:%H} h {local:%M}"


def _crumbs(space, *trail):
    """The breadcrumbs of a page: home, spaces, the space, then `trail` of (label, url); the
    last one is the current page (url None)."""
    return [
        ("Accueil", reverse("home")),
        ("Espaces", reverse("spaces:list")),
        (space.name, space.get_absolute_url()),
        *trail,
    ]


def _bodies_crumb(space):
    return ("Instances et séances", reverse("meetings:bodies", args=[space.slug]))


def _body_crumb(body):
    return (body.name, body.get_absolute_url())


def _sitting_crumb(sitting):
    return (
        f"Séance du {french_date(timezone.localdate(sitting.starts_at))}",
        _sitting_url(sitting),
    )


def _sitting_url(sitting):
    return reverse("meetings:sitting", args=[sitting.body.space.slug, sitting.pk])


def _can_manage(user, body):
    return perms.can_manage_bodies(user, body.space)


def _can_prepare(user, sitting):
    return perms.can_prepare_sittings(user, sitting.body.space)


def _visible_sittings(user, space):
    """The space's sittings the user may see (perms.can_view_sitting, as a query)."""
    queryset = Sitting.objects.filter(body__space=space)
    if perms.can_prepare_sittings(user, space):
        return queryset
    queryset = queryset.exclude(status=SittingStatus.DRAFT)
    if not can_see_members_area(user, space):
        queryset = queryset.filter(body__kind__in=COUNCIL_KINDS)
    return queryset


def _upcoming_first(queryset):
    """Upcoming sittings first, soonest first; then past ones, latest first."""
    now = timezone.now()
    return queryset.annotate(
        is_past=Case(
            When(starts_at__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    ).order_by(
        "is_past",
        Case(When(starts_at__gte=now, then=F("starts_at"))).asc(nulls_last=True),
        F("starts_at").desc(),
        "pk",
    )


def _with_when(page):
    for sitting in page:
        sitting.when = french_datetime(sitting.starts_at)
    return page


# --- Bodies -----------------------------------------------------------------------------------


@space_view()
def bodies(request, space):
    members_area = can_see_members_area(request.user, space) or request.user.is_superuser
    queryset = Body.objects.filter(space=space)
    if not members_area:
        queryset = queryset.filter(kind__in=COUNCIL_KINDS)
    queryset = queryset.annotate(
        seat_count=Count("seats", filter=Q(seats__end_date__isnull=True))
    ).order_by("name")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/bodies/body_list.html",
        {
            "space": space,
            "page": page,
            "crumbs": _crumbs(space, ("Instances et séances", None)),
            "can_manage": perms.can_manage_bodies(request.user, space),
            "can_prepare": perms.can_prepare_sittings(request.user, space),
            "conference": services.conference_of_mayors_status(space) if space.is_epci else None,
        },
    )


def _body_form_view(request, space, body=None):
    initial = {"kind": request.GET.get("type", "")}
    if body is not None:
        initial = {
            "kind": body.kind,
            "name": body.name,
            "description": body.description,
            "weighted_votes": body.weighted_votes,
        }
    form = BodyForm(request.POST or None, space=space, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if body is None:
                body = services.create_body(actor=request.user, space=space, **form.cleaned_data)
                messages.success(request, f"L'instance « {body.name} » est créée.")
            else:
                services.update_body(actor=request.user, body=body, **form.cleaned_data)
                messages.success(request, f"L'instance « {body.name} » est enregistrée.")
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            return redirect(body)
    trail = [_bodies_crumb(space)]
    if body is not None:
        trail += [_body_crumb(body), ("Modifier", None)]
    else:
        trail.append(("Nouvelle instance", None))
    return render(
        request,
        "meetings/bodies/body_form.html",
        {"space": space, "body": body, "form": form, "crumbs": _crumbs(space, *trail)},
    )


@space_view(perms.can_manage_bodies, need=NEED_ADMIN)
def body_new(request, space):
    return _body_form_view(request, space)


@body_view(_can_manage, need=NEED_ADMIN)
def body_edit(request, body):
    return _body_form_view(request, body.space, body)


@body_view(perms.can_view_body, need=NEED_BODY)
def body_detail(request, body):
    space = body.space
    seats = list(
        Seat.objects.current()
        .filter(body=body)
        .select_related("person", "organisation", "substitute_for__person")
        .order_by("-is_chair", "person__last_name", "person__first_name", "pk")
    )
    groups = [
        (label, [seat for seat in seats if seat.kind == kind])
        for kind, label in (
            (SeatKind.TITULAIRE, "Titulaires"),
            (SeatKind.SUPPLEANT, "Suppléants"),
            (SeatKind.INVITE, "Invités sans voix délibérative"),
        )
    ]
    sittings = _upcoming_first(_visible_sittings(request.user, space).filter(body=body))
    page = _with_when(Paginator(sittings, PAGE_SIZE).get_page(request.GET.get("page")))
    can_manage = perms.can_manage_bodies(request.user, space)
    return render(
        request,
        "meetings/bodies/body_detail.html",
        {
            "space": space,
            "body": body,
            "groups": groups,
            "seat_count": len(seats),
            "with_substitutes": {seat.substitute_for_id for seat in seats} - {None},
            "page": page,
            "crumbs": _crumbs(space, _bodies_crumb(space), (body.name, None)),
            "can_manage": can_manage,
            "can_prepare": perms.can_prepare_sittings(request.user, space),
            "end_form": SeatEndForm(initial={"end_date": timezone.localdate()})
            if can_manage
            else None,
            "conference": services.conference_of_mayors_status(space)
            if body.kind == BodyKind.CONFERENCE_MAIRES and space.is_epci
            else None,
            "single_place_missing": _single_place_missing(body),
        },
    )


def _single_place_missing(body) -> bool:
    """L5211-11-1: a council sitting by videoconference holds at least one sitting in a single
    place each semester (one query, for councils only)."""
    if not body.is_council:
        return False
    today = timezone.localdate()
    start, end = rules.semester_of(today)
    sittings = (
        body.sittings.exclude(status=SittingStatus.CANCELLED)
        .filter(starts_at__date__gte=start, starts_at__date__lte=end)
        .values_list("starts_at", "mode")
    )
    return rules.single_place_sitting_missing(
        sittings=[
            (timezone.localdate(when), mode == SittingMode.MULTI_SITE) for when, mode in sittings
        ],
        today=today,
    )


@body_view(_can_manage, need=NEED_ADMIN)
def seat_new(request, body):
    space = body.space
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()[:100]
    form = SeatForm(request.POST or None, body=body, query=query)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seat = services.add_seat(
                actor=request.user,
                body=body,
                person=data["person"],
                kind=data["kind"],
                organisation=data["organisation"],
                substitute_for=data["substitute_for"],
                weight=data["weight"] if data["weight"] is not None else 1,
                is_chair=data["is_chair"],
                start_date=data["start_date"],
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{seat.person.full_name} siège désormais ({seat.get_kind_display().lower()}).",
            )
            return redirect(body)
    return render(
        request,
        "meetings/bodies/seat_form.html",
        {
            "space": space,
            "body": body,
            "form": form,
            "query": query,
            "crumbs": _crumbs(
                space, _bodies_crumb(space), _body_crumb(body), ("Nouveau siège", None)
            ),
        },
    )


@body_view(_can_manage, need=NEED_ADMIN)
@require_POST
def seat_end(request, body, seat_id):
    seat = get_object_or_404(Seat.objects.select_related("person"), pk=seat_id, body=body)
    form = SeatEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez une date de fin valide, par exemple 31/12/2026.")
        return redirect(body)
    substitutes = [s.person.full_name for s in seat.substitutes.current().select_related("person")]
    try:
        services.end_seat(actor=request.user, seat=seat, end_date=form.cleaned_data["end_date"])
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        message = f"Le siège de {seat.person.full_name} a pris fin."
        if len(substitutes) == 1:
            message += (
                f" Le siège de son suppléant, {substitutes[0]}, prend fin à la même date : un "
                "suppléant ne remplace que ce titulaire (L5211-6)."
            )
        elif substitutes:
            message += (
                f" Les sièges de ses suppléants, {', '.join(substitutes)}, prennent fin à la "
                "même date : un suppléant ne remplace que ce titulaire (L5211-6)."
            )
        messages.success(request, message)
    return redirect(body)


# --- Sittings ---------------------------------------------------------------------------------


def _sitting_form_view(request, body, sitting=None):
    space = body.space
    initial = {"place": "", "mode": SittingMode.IN_PERSON}
    if sitting is not None:
        local = timezone.localtime(sitting.starts_at)
        initial = {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "place": sitting.place,
            "mode": sitting.mode,
            "video_url": sitting.video_url,
            "secretary": sitting.secretary_id,
        }
    form = SittingForm(request.POST or None, body=body, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "starts_at": form.starts_at(),
            "place": data["place"],
            "mode": data["mode"],
            "video_url": data["video_url"],
            "secretary": data["secretary"],
        }
        try:
            if sitting is None:
                sitting = services.create_sitting(actor=request.user, body=body, **fields)
                messages.success(request, "La séance est créée, en préparation.")
            else:
                services.update_sitting(actor=request.user, sitting=sitting, **fields)
                messages.success(request, "La séance est enregistrée.")
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            return redirect(_sitting_url(sitting))
    trail = [_bodies_crumb(space), _body_crumb(body)]
    if sitting is None:
        trail.append(("Nouvelle séance", None))
    else:
        trail += [_sitting_crumb(sitting), ("Modifier", None)]
    return render(
        request,
        "meetings/bodies/sitting_form.html",
        {
            "space": space,
            "body": body,
            "sitting": sitting,
            "form": form,
            "clear_days": rules.required_clear_days(epci=True, population=None),
            "crumbs": _crumbs(space, *trail),
        },
    )


@body_view(lambda user, body: perms.can_prepare_sittings(user, body.space), need=NEED_PREPARE)
def sitting_new(request, body):
    return _sitting_form_view(request, body)


@sitting_view(_can_prepare, need=NEED_PREPARE)
def sitting_edit(request, sitting):
    if sitting.status != SittingStatus.DRAFT:
        messages.error(
            request,
            f"La séance est {sitting.get_status_display().lower()} : elle ne se modifie plus.",
        )
        return redirect(_sitting_url(sitting))
    return _sitting_form_view(request, sitting.body, sitting)


def _cancelled_message(sitting) -> str:
    """Who was told of the cancellation by email, and who must be told by another means."""
    by_email, by_hand = cancellation_recipients(sitting)
    message = "La séance est annulée."
    if len(by_email) == 1:
        message += " La personne convoquée en est avertie par courriel, avec le motif."
    elif by_email:
        message += (
            f" Les {len(by_email)} personnes convoquées en sont averties par courriel, avec le "
            "motif."
        )
    if by_hand:
        names = ", ".join(c.person.full_name for c in by_hand)
        message += f" Sans adresse électronique, à prévenir par un autre moyen : {names}."
    return message


@sitting_view(_can_prepare, need=NEED_PREPARE)
def sitting_cancel(request, sitting):
    form = CancelSittingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_sitting(
                actor=request.user, sitting=sitting, reason=form.cleaned_data["reason"]
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _cancelled_message(sitting))
            return redirect(_sitting_url(sitting))
    space = sitting.body.space
    return render(
        request,
        "meetings/bodies/sitting_cancel.html",
        {
            "space": space,
            "sitting": sitting,
            "when": french_datetime(sitting.starts_at),
            "convened": sitting.convocations.filter(sent_at__isnull=False).exists(),
            "form": form,
            "crumbs": _crumbs(
                space,
                _bodies_crumb(space),
                _body_crumb(sitting.body),
                _sitting_crumb(sitting),
                ("Annuler", None),
            ),
        },
    )


@space_view()
def sittings(request, space):
    visible = _visible_sittings(request.user, space)
    body_ids = visible.values("body_id")
    body_choices = list(Body.objects.filter(pk__in=body_ids).order_by("name").only("name"))
    chosen = request.GET.get("instance", "")
    if chosen.isdigit():
        visible = visible.filter(body_id=int(chosen))
    queryset = _upcoming_first(visible.select_related("body"))
    page = _with_when(Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")))
    return render(
        request,
        "meetings/bodies/sitting_list.html",
        {
            "space": space,
            "page": page,
            "bodies": body_choices,
            "chosen": chosen,
            "crumbs": _crumbs(space, _bodies_crumb(space), ("Séances", None)),
        },
    )


def _deadline(sitting):
    day = rules.convocation_deadline(timezone.localdate(sitting.starts_at), sitting.clear_days)
    return {
        "day": day,
        "text": f"à envoyer au plus tard le {french_date(day)} ({sitting.clear_days} jours francs)",
        "passed": timezone.localdate() > day,
    }


@sitting_view(perms.can_view_sitting, need=NEED_SITTING)
def sitting_detail(request, sitting):
    from . import acts, convocations, session

    space = sitting.body.space
    body = sitting.body
    can_dossier = perms.can_view_dossier(request.user, sitting)
    items = list(
        sitting.items.select_related("rapporteur").prefetch_related(
            Prefetch("annexes", queryset=Annex.objects.order_by("title"))
        )
    )
    sitting_annexes = list(sitting.annexes.filter(item__isnull=True).order_by("title"))
    can_prepare = perms.can_prepare_sittings(request.user, space)
    is_draft = sitting.status == SittingStatus.DRAFT
    context = {
        "space": space,
        "body": body,
        "sitting": sitting,
        "when": french_datetime(sitting.starts_at),
        "deadline": _deadline(sitting),
        "items": items,
        "sitting_annexes": sitting_annexes,
        "can_view_dossier": can_dossier,
        "can_prepare": can_prepare,
        "is_draft": is_draft,
        "can_cancel": can_prepare
        and sitting.status in (SittingStatus.DRAFT, SittingStatus.CONVENED),
        "cancel_form": CancelSittingForm(),
        "crumbs": _crumbs(
            space,
            _bodies_crumb(space),
            _body_crumb(body),
            (_sitting_crumb(sitting)[0], None),
        ),
    }
    for module in (convocations, session, acts):
        context.update(module.panel_context(request, sitting))
    return render(request, "meetings/bodies/sitting_detail.html", context)


# --- Agenda -----------------------------------------------------------------------------------


def _draft_only(request, sitting):
    """Once convened, the agenda and the dossier are fixed: a redirect with the reason."""
    if sitting.status == SittingStatus.DRAFT:
        return None
    messages.error(
        request,
        f"La séance est {sitting.get_status_display().lower()} : l'ordre du jour et le dossier "
        "sont arrêtés depuis l'envoi de la convocation.",
    )
    return redirect(_sitting_url(sitting))


def _item_form_view(request, sitting, item=None):
    stop = _draft_only(request, sitting)
    if stop:
        return stop
    if item is None and sitting.is_second_convocation:
        messages.error(
            request,
            "Une seconde séance après un quorum non atteint délibère sur le même ordre du jour "
            "(L2121-17) : aucun point ne peut y être ajouté.",
        )
        return redirect(_sitting_url(sitting) + "#ordre-du-jour")
    form = ItemForm(request.POST or None, instance=item, sitting=sitting)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if item is None:
                services.add_item(actor=request.user, sitting=sitting, **fields)
                messages.success(request, "Le point est ajouté à l'ordre du jour.")
            else:
                services.update_item(actor=request.user, item=item, **fields)
                messages.success(request, "Le point est enregistré.")
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            return redirect(_sitting_url(sitting) + "#ordre-du-jour")
    space = sitting.body.space
    return render(
        request,
        "meetings/bodies/item_form.html",
        {
            "space": space,
            "sitting": sitting,
            "item": item,
            "form": form,
            "multi_site": sitting.mode == SittingMode.MULTI_SITE,
            "crumbs": _crumbs(
                space,
                _bodies_crumb(space),
                _body_crumb(sitting.body),
                _sitting_crumb(sitting),
                ("Nouveau point" if item is None else "Modifier le point", None),
            ),
        },
    )


def _item_of(sitting, item_id):
    return get_object_or_404(AgendaItem, pk=item_id, sitting=sitting)


@sitting_view(_can_prepare, need=NEED_PREPARE)
def item_new(request, sitting):
    return _item_form_view(request, sitting)


@sitting_view(_can_prepare, need=NEED_PREPARE)
def item_edit(request, sitting, item_id):
    return _item_form_view(request, sitting, _item_of(sitting, item_id))


@sitting_view(_can_prepare, need=NEED_PREPARE)
@require_POST
def item_delete(request, sitting, item_id):
    item = _item_of(sitting, item_id)
    item.sitting = sitting
    try:
        services.delete_item(actor=request.user, item=item)
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Le point « {item.title} » est retiré de l'ordre du jour.")
    return redirect(_sitting_url(sitting) + "#ordre-du-jour")


@sitting_view(_can_prepare, need=NEED_PREPARE)
@require_POST
def item_move(request, sitting, item_id):
    item = _item_of(sitting, item_id)
    item.sitting = sitting
    try:
        services.move_item(
            actor=request.user, item=item, direction=request.POST.get("direction", "")
        )
    except MeetingError as error:
        messages.error(request, str(error))
    return redirect(_sitting_url(sitting) + "#ordre-du-jour")


# --- Documents --------------------------------------------------------------------------------


@sitting_view(_can_prepare, need=NEED_PREPARE)
def annex_new(request, sitting):
    stop = _draft_only(request, sitting)
    if stop:
        return stop
    initial = {"item": request.GET.get("point")} if request.GET.get("point", "").isdigit() else {}
    form = AnnexForm(request.POST or None, request.FILES or None, sitting=sitting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_annex(actor=request.user, sitting=sitting, **form.cleaned_data)
        except MeetingError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, "L'annexe est jointe au dossier de la séance.")
            return redirect(_sitting_url(sitting) + "#dossier")
    return _document_page(request, sitting, form, "Joindre une annexe")


@sitting_view(_can_prepare, need=NEED_PREPARE)
def synthesis_note_upload(request, sitting):
    stop = _draft_only(request, sitting)
    if stop:
        return stop
    form = SynthesisNoteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_synthesis_note(
                actor=request.user, sitting=sitting, file=form.cleaned_data["file"]
            )
        except MeetingError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, "La note explicative de synthèse est déposée.")
            return redirect(_sitting_url(sitting) + "#dossier")
    return _document_page(request, sitting, form, "Déposer la note explicative de synthèse")


def _document_page(request, sitting, form, title):
    space = sitting.body.space
    return render(
        request,
        "meetings/bodies/document_form.html",
        {
            "space": space,
            "sitting": sitting,
            "form": form,
            "title": title,
            "crumbs": _crumbs(
                space,
                _bodies_crumb(space),
                _body_crumb(sitting.body),
                _sitting_crumb(sitting),
                (title, None),
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


@sitting_view(perms.can_view_dossier, need=NEED_DOSSIER)
def annex_file(request, sitting, annex_id):
    annex = get_object_or_404(Annex, pk=annex_id, sitting=sitting)
    return _pdf_response(annex.file, f"{annex.title[:80]}.pdf")


@sitting_view(perms.can_view_dossier, need=NEED_DOSSIER)
def synthesis_note_file(request, sitting):
    return _pdf_response(
        sitting.synthesis_note, f"Note de synthèse {sitting.starts_at:%Y-%m-%d}.pdf"
    )


SPACE = "espaces/<slug:slug>/"
BODY = SPACE + "instances/<int:body_id>/"
SITTING = SPACE + "seances/<int:sitting_id>/"

urlpatterns = [
    path(SPACE + "instances/", bodies, name="bodies"),
    path(SPACE + "instances/nouvelle/", body_new, name="body_new"),
    path(BODY, body_detail, name="body"),
    path(BODY + "modifier/", body_edit, name="body_edit"),
    path(BODY + "sieges/nouveau/", seat_new, name="seat_new"),
    path(BODY + "sieges/<int:seat_id>/fin/", seat_end, name="seat_end"),
    path(BODY + "seances/nouvelle/", sitting_new, name="sitting_new"),
    path(SPACE + "seances/", sittings, name="sittings"),
    path(SITTING, sitting_detail, name="sitting"),
    path(SITTING + "modifier/", sitting_edit, name="sitting_edit"),
    path(SITTING + "annuler/", sitting_cancel, name="sitting_cancel"),
    path(SITTING + "points/nouveau/", item_new, name="item_new"),
    path(SITTING + "points/<int:item_id>/modifier/", item_edit, name="item_edit"),
    path(SITTING + "points/<int:item_id>/supprimer/", item_delete, name="item_delete"),
    path(SITTING + "points/<int:item_id>/deplacer/", item_move, name="item_move"),
    path(SITTING + "annexes/nouvelle/", annex_new, name="annex_new"),
    path(SITTING + "annexes/<int:annex_id>/", annex_file, name="annex"),
    path(SITTING + "note/", synthesis_note_file, name="synthesis_note"),
    path(SITTING + "note/deposer/", synthesis_note_upload, name="synthesis_note_upload"),
]
