"""Pages for the acts part of sittings (see maillage/meetings/services/acts.py): deliberations,
the register, the list of a sitting's deliberations and its PDF, the public acts page and its
SCDL export, the copies to municipal councillors. The minutes and their PDFs are in
`views/minutes.py`."""

import csv

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import perms, rules
from ..forms_acts import (
    ActsFilterForm,
    CorrectionForm,
    DeliberationForm,
)
from ..models import Body, Deliberation, Dispatch, Matter, Minutes, Seat, SittingStatus
from ..pdf import pdf_response
from ..services import MeetingError
from ..services import acts as services
from ..services.minutes import chair_name, deliberation_rounds
from .common import _deny, sitting_view, space_view

PAGE_SIZE = 50

NEED_PUBLISH = "Les actes non publiés sont réservés aux agents et aux administrateurs de l'espace."
NEED_REGISTER = "Le registre des délibérations est tenu par les agents et les administrateurs."
NEED_LIST = (
    "La liste des délibérations de cette séance n'est pas encore publiée : seuls les agents et "
    "les administrateurs de l'espace la voient."
)

SCDL_COLUMNS = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
]


def _crumbs(space, *trail):
    """Breadcrumbs: home, spaces, the space, then `trail` of (label, url), the last current."""
    return [
        ("Accueil", reverse("home")),
        ("Espaces", reverse("spaces:list")),
        (space.name, space.get_absolute_url()),
        *trail,
    ]


def _sitting_crumb(sitting):
    day = services.sitting_day(sitting)
    return (f"{sitting.body.name} — séance du {day:%d/%m/%Y}", sitting.get_absolute_url())


def _acts_crumb(space):
    return ("Actes", reverse("meetings:acts", args=[space.slug]))


def _deadline_state(deadline, done_at) -> dict:
    """A legal deadline, whether it is met, missed, or still to meet."""
    today = timezone.localdate()
    if done_at is not None:
        late = timezone.localdate(done_at) > deadline
    else:
        late = today > deadline
    return {"deadline": deadline, "done_at": done_at, "late": late}


def _get_deliberation(space, number):
    parsed = services.parse_number(number)
    if parsed is None:
        raise Http404("Numéro de délibération invalide.")
    return get_object_or_404(
        Deliberation.objects.select_related(
            "space__organisation", "item__sitting__body", "item__sitting__secretary", "corrects"
        ),
        space=space,
        year=parsed[0],
        sequence=parsed[1],
    )


def deliberation_view(view):
    """Load the space and the deliberation of the URL; one sees it per
    `perms.can_view_deliberation`."""

    @space_view()
    def wrapper(request, space, number, *args, **kwargs):
        deliberation = _get_deliberation(space, number)
        if not perms.can_view_deliberation(request.user, deliberation):
            return _deny(request, NEED_PUBLISH)
        return view(request, space, deliberation, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# --- Deliberations -----------------------------------------------------------------------------


@deliberation_view
def deliberation(request, space, deliberation):
    can_publish = perms.can_publish_acts(request.user, space)
    sitting = deliberation.item.sitting
    corrections = deliberation.corrections.order_by("year", "sequence")
    if not can_publish:
        corrections = corrections.filter(published_at__isnull=False)
    corrects = deliberation.corrects
    if corrects is not None and not perms.can_view_deliberation(request.user, corrects):
        corrects = None
    context = {
        "space": space,
        "deliberation": deliberation,
        "sitting": sitting,
        "chair": chair_name(sitting.body, deliberation.decided_on),
        "rounds": deliberation_rounds(deliberation),
        "corrections": list(corrections),
        "corrects": corrects,
        "can_publish": can_publish,
        "publication": _deadline_state(
            rules.publication_deadline(deliberation.decided_on), deliberation.published_at
        ),
        "correction_form": CorrectionForm() if can_publish else None,
        "crumbs": _crumbs(
            space, _acts_crumb(space), (f"Délibération n° {deliberation.number}", None)
        ),
    }
    return render(request, "meetings/acts/deliberation.html", context)


@deliberation_view
def deliberation_edit(request, space, deliberation):
    if not perms.can_publish_acts(request.user, space):
        return _deny(request, NEED_PUBLISH)
    form = DeliberationForm(
        request.POST or None, initial={"title": deliberation.title, "text": deliberation.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_deliberation(
                actor=request.user,
                deliberation=deliberation,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"La délibération n° {deliberation.number} est enregistrée.")
            return redirect(deliberation)
    context = {
        "space": space,
        "deliberation": deliberation,
        "form": form,
        "crumbs": _crumbs(
            space,
            _acts_crumb(space),
            (f"Délibération n° {deliberation.number}", deliberation.get_absolute_url()),
            ("Modifier", None),
        ),
    }
    return render(request, "meetings/acts/deliberation_edit.html", context)


@deliberation_view
@require_POST
def deliberation_correct(request, space, deliberation):
    """`deliberation` is the correcting act; the form names the act it corrects."""
    if not perms.can_publish_acts(request.user, space):
        return _deny(request, NEED_PUBLISH)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        parsed = services.parse_number(form.cleaned_data["number"])
        corrected = (
            Deliberation.objects.filter(space=space, year=parsed[0], sequence=parsed[1])
            .select_related("item__sitting")
            .first()
            if parsed
            else None
        )
        if corrected is None:
            messages.error(
                request, f"Aucune délibération n° « {form.cleaned_data['number']} » dans l'espace."
            )
        else:
            try:
                services.correct_deliberation(
                    actor=request.user, deliberation=corrected, item=deliberation.item
                )
            except MeetingError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    f"La délibération n° {deliberation.number} rectifie la délibération "
                    f"n° {corrected.number}.",
                )
    else:
        messages.error(request, "Indiquez le numéro de la délibération rectifiée.")
    return redirect(deliberation)


# --- Register ----------------------------------------------------------------------------------


def _years(queryset):
    return list(queryset.order_by("-year").values_list("year", flat=True).distinct())


def _add_chairs(deliberations) -> None:
    """Set `chair_name` on each deliberation: who chaired its body on the day, looked up in
    one query for the whole page (the chair's seat is dated)."""
    deliberations = list(deliberations)
    body_ids = {d.item.sitting.body_id for d in deliberations}
    chairs: dict[int, list[Seat]] = {}
    for seat in Seat.objects.filter(body_id__in=body_ids, is_chair=True).select_related("person"):
        chairs.setdefault(seat.body_id, []).append(seat)
    for deliberation in deliberations:
        day = deliberation.decided_on
        seats = [
            seat
            for seat in chairs.get(deliberation.item.sitting.body_id, [])
            if (seat.start_date is None or seat.start_date <= day)
            and (seat.end_date is None or seat.end_date >= day)
        ]
        deliberation.chair_name = seats[0].person.full_name if seats else ""


@space_view(perms.can_publish_acts, need=NEED_REGISTER)
def register(request, space):
    """The register of deliberations (L2121-23): by date then number, each signed by the
    chair and the secretary of its sitting."""
    all_acts = Deliberation.objects.filter(space=space)
    bodies = Body.objects.filter(
        space=space, sittings__items__deliberation__isnull=False
    ).distinct()
    form = ActsFilterForm(
        request.GET or None, years=_years(all_acts), bodies=bodies, with_matter=False
    )
    queryset = all_acts
    if form.is_valid():
        if form.cleaned_data["annee"]:
            queryset = queryset.filter(year=form.cleaned_data["annee"])
        if form.cleaned_data["instance"]:
            queryset = queryset.filter(item__sitting__body=form.cleaned_data["instance"])
    queryset = queryset.select_related("item__sitting__body", "item__sitting__secretary").order_by(
        "decided_on", "year", "sequence"
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    _add_chairs(page.object_list)
    context = {
        "space": space,
        "form": form,
        "page": page,
        "crumbs": _crumbs(space, _acts_crumb(space), ("Registre des délibérations", None)),
    }
    return render(request, "meetings/acts/register.html", context)


# --- List of a sitting's deliberations ---------------------------------------------------------


def _list_context(request, sitting):
    space = sitting.body.space
    can_publish = perms.can_publish_acts(request.user, space)
    deliberations = Deliberation.objects.filter(item__sitting=sitting).select_related(
        "item", "corrects"
    )
    if not can_publish:
        deliberations = deliberations.filter(published_at__isnull=False)
    deliberations = list(deliberations.order_by("sequence"))
    published_at = min(
        (d.published_at for d in deliberations if d.published_at is not None), default=None
    )
    all_published = bool(deliberations) and all(d.published_at for d in deliberations)
    day = services.sitting_day(sitting)
    return {
        "space": space,
        "sitting": sitting,
        "body": sitting.body,
        "day": day,
        "chair": chair_name(sitting.body, day),
        "deliberations": deliberations,
        "can_publish": can_publish,
        "all_published": all_published,
        "publication": _deadline_state(
            rules.publication_deadline(day), published_at if all_published else None
        ),
        "crumbs": _crumbs(space, _sitting_crumb(sitting), ("Liste des délibérations", None)),
    }


@sitting_view(perms.can_view_deliberation_list, need=NEED_LIST)
def sitting_list(request, sitting):
    return render(request, "meetings/acts/sitting_list.html", _list_context(request, sitting))


@sitting_view(perms.can_view_deliberation_list, need=NEED_LIST)
def sitting_list_pdf(request, sitting):
    context = _list_context(request, sitting)
    name = f"liste-deliberations-{context['day']:%Y-%m-%d}.pdf"
    return pdf_response(request, "meetings/acts/print/sitting_list.html", context, name)


@sitting_view(lambda user, sitting: perms.can_publish_acts(user, sitting.body.space), NEED_PUBLISH)
@require_POST
def publish_deliberations(request, sitting):
    try:
        published = services.publish_deliberations(actor=request.user, sitting=sitting)
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{len(published)} délibération(s) publiée(s) : la liste est en ligne.",
        )
    return redirect(sitting)


# --- Public acts and their SCDL export ---------------------------------------------------------


@space_view()
def acts(request, space):
    """The published deliberations and minutes of the space, for everyone, newest first."""
    published = Deliberation.objects.filter(space=space).published()
    bodies = Body.objects.filter(
        space=space, sittings__items__deliberation__published_at__isnull=False
    ).distinct()
    form = ActsFilterForm(request.GET or None, years=_years(published), bodies=bodies)
    deliberations = published
    minutes = Minutes.objects.filter(sitting__body__space=space, published_at__isnull=False)
    if form.is_valid():
        year, body, matter = (form.cleaned_data[key] for key in ("annee", "instance", "matiere"))
        if year:
            deliberations = deliberations.filter(year=year)
            minutes = minutes.filter(sitting__starts_at__year=year)
        if body:
            deliberations = deliberations.filter(item__sitting__body=body)
            minutes = minutes.filter(sitting__body=body)
        if matter:
            deliberations = deliberations.filter(matter=matter)
    deliberations = deliberations.select_related("item__sitting__body").order_by(
        "-decided_on", "-year", "-sequence"
    )
    minutes = minutes.select_related("sitting__body").order_by("-sitting__starts_at")
    context = {
        "space": space,
        "form": form,
        "page": Paginator(deliberations, PAGE_SIZE).get_page(request.GET.get("page")),
        "minutes_page": Paginator(minutes, PAGE_SIZE).get_page(request.GET.get("pv")),
        "can_publish": perms.can_publish_acts(request.user, space),
        "crumbs": _crumbs(space, ("Actes", None)),
    }
    return render(request, "meetings/acts/acts.html", context)


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a stream."""

    def write(self, value):
        return value


def scdl_rows(space):
    """The SCDL « Délibérations » rows of the space's published acts, one at a time.

    COLL_SIRET stays empty: Maillage knows the organisation's SIREN, not the SIRET of its
    establishment *(choice)*; PREF_ID and PREF_DATE too, as acts are not yet transmitted to
    the prefecture from Maillage. VOTE_EFFECTIF counts the members in office, VOTE_REEL the
    members present and represented."""
    organisation = space.organisation
    siret = getattr(organisation, "siret", "") or ""
    base = settings.SITE_URL
    queryset = (
        Deliberation.objects.filter(space=space)
        .published()
        .select_related("item")
        .order_by("decided_on", "year", "sequence")
    )
    for deliberation in queryset.iterator(chunk_size=500):
        item = deliberation.item
        yield [
            organisation.name,
            siret,
            deliberation.number,
            deliberation.decided_on.isoformat(),
            deliberation.matter,
            Matter(deliberation.matter).label if deliberation.matter else "",
            deliberation.title,
            item.budget_year or "",
            item.budget_name,
            "",
            "",
            deliberation.members_in_office,
            deliberation.present + deliberation.represented,
            deliberation.votes_for,
            deliberation.votes_against,
            deliberation.abstentions,
            base + reverse("meetings:deliberation", args=[space.slug, deliberation.number]),
        ]


@space_view()
def acts_csv(request, space):
    """The SCDL « Délibérations » export of the published acts, streamed."""
    writer = csv.writer(_Echo(), delimiter=",", lineterminator="\r\n")

    def lines():
        yield writer.writerow(SCDL_COLUMNS)
        for row in scdl_rows(space):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deliberations-{space.slug}.csv"'
    return response


# --- Copies to municipal councillors (L5211-40-2) ---------------------------------------------


@sitting_view(lambda user, sitting: perms.can_publish_acts(user, sitting.body.space), NEED_PUBLISH)
@require_POST
def send_dispatch(request, sitting, document):
    if document not in Dispatch.Document.values:
        raise Http404("Document inconnu.")
    try:
        dispatch = services.send_dispatch(actor=request.user, sitting=sitting, document=document)
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{dispatch.get_document_display()} envoyé à {dispatch.recipients} conseiller(s) "
            "municipal(aux).",
        )
    return redirect(sitting)


# --- The sitting page's panel ------------------------------------------------------------------


def panel_context(request, sitting) -> dict:
    """What the sitting page (views/bodies.py) shows of this area, rendered by the template
    `meetings/acts/_sitting_panel.html`. Owned by the acts area. Everything sits under the
    `acts` key."""
    space = sitting.body.space
    can_publish = perms.can_publish_acts(request.user, space)
    closed = sitting.status == SittingStatus.CLOSED
    deliberations = Deliberation.objects.filter(item__sitting=sitting).order_by("sequence")
    if not can_publish:
        deliberations = deliberations.filter(published_at__isnull=False)
    deliberations = list(deliberations)
    day = services.sitting_day(sitting)
    all_published = bool(deliberations) and all(d.published_at for d in deliberations)
    minutes = Minutes.objects.filter(sitting=sitting).first() if closed else None
    minutes_publication = None
    if minutes is not None and minutes.approved_on is not None:
        minutes_publication = _deadline_state(
            rules.publication_deadline(minutes.approved_on), minutes.published_at
        )
    return {
        "acts": {
            "is_deliberative": sitting.body.is_deliberative,
            "closed": closed,
            "can_publish": can_publish,
            "deliberations": deliberations,
            "unpublished": [d for d in deliberations if d.published_at is None],
            "publication": _deadline_state(
                rules.publication_deadline(day),
                min((d.published_at for d in deliberations), default=None)
                if all_published
                else None,
            )
            if closed and deliberations
            else None,
            "can_view_list": bool(deliberations),
            "minutes": minutes,
            "minutes_publication": minutes_publication,
            "can_view_minutes": closed and perms.can_view_minutes(request.user, sitting),
            "can_view_convocation": sitting.status != SittingStatus.DRAFT
            and perms.can_view_dossier(request.user, sitting),
            "dispatches": services.dispatch_states(sitting) if can_publish else [],
        }
    }


SPACE = "espaces/<slug:slug>/"
SITTING = SPACE + "seances/<int:sitting_id>/"
DELIBERATION = SPACE + "deliberations/<str:number>/"

urlpatterns = [
    path(SPACE + "actes/", acts, name="acts"),
    path(SPACE + "actes/deliberations.csv", acts_csv, name="acts_csv"),
    path(SPACE + "registre/", register, name="register"),
    path(DELIBERATION, deliberation, name="deliberation"),
    path(DELIBERATION + "modifier/", deliberation_edit, name="deliberation_edit"),
    path(DELIBERATION + "rectification/", deliberation_correct, name="deliberation_correct"),
    path(SITTING + "liste/", sitting_list, name="sitting_list"),
    path(SITTING + "liste.pdf", sitting_list_pdf, name="sitting_list_pdf"),
    path(SITTING + "liste/publier/", publish_deliberations, name="publish_deliberations"),
    path(SITTING + "envois/<str:document>/", send_dispatch, name="send_dispatch"),
]
