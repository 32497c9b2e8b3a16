"""Pages for the convocations part of sittings (see maillage/meetings/services/convocations.py):
sending and tracking (agents), the dossier link (recipients, by its secret), replies and
proxies (members), calendars."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.spaces.perms import person_of

from .. import perms
from ..forms_convocations import PaperForm, ReplyForm, SendForm
from ..models import (
    Annex,
    Answer,
    CalendarFeed,
    Channel,
    Convocation,
    RecipientReason,
    Reply,
    Seat,
    SittingStatus,
)
from ..services import MeetingError, calendars
from ..services import convocations as services
from .common import sitting_view

PAGE_SIZE = 50
PREPARERS_ONLY = (
    "Envoyer et suivre les convocations est réservé aux agents et aux administrateurs de l'espace."
)


def _can_prepare(user, sitting) -> bool:
    return perms.can_prepare_sittings(user, sitting.body.space)


def sitting_url(sitting) -> str:
    """The sitting page (bodies area), or the convocations page while it does not exist."""
    try:
        return sitting.get_absolute_url()
    except NoReverseMatch:
        return reverse("meetings:convocations", args=[sitting.body.space.slug, sitting.pk])


def _link_not_found(request):
    return render(request, "meetings/convocations/link_not_found.html", status=404)


# --- The panel of the sitting page -------------------------------------------------------------


def _send_phase(sitting) -> str:
    """« ordinary » while the delay holds, « urgency » when only an urgency can still convene,
    « too_late » when even one clear day is no longer possible."""
    today = timezone.localdate()
    if today <= services.deadline(sitting):
        return "ordinary"
    if not sitting.urgent and today <= services.urgent_deadline(sitting):
        return "urgency"
    return "too_late"


def tracking(sitting) -> dict:
    """Counts of the convocations and replies of a sitting, in a constant number of queries."""
    counts = sitting.convocations.aggregate(
        total=Count("id"),
        sent=Count("id", filter=Q(sent_at__isnull=False)),
        by_email=Count("id", filter=Q(channel=Channel.EMAIL)),
        delivered=Count("id", filter=Q(delivered_at__isnull=False)),
        opened=Count("id", filter=Q(opened_at__isnull=False)),
        acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False)),
        paper_pending=Count("id", filter=Q(channel=Channel.PAPER, sent_at__isnull=True)),
        copies=Count("id", filter=Q(reason=RecipientReason.COPY)),
    )
    answers = dict(
        Reply.objects.filter(sitting=sitting)
        .values_list("answer")
        .annotate(n=Count("id"))
        .values_list("answer", "n")
    )
    return {
        "counts": counts,
        "replies": {
            "present": answers.get(Answer.PRESENT, 0),
            "absent": answers.get(Answer.ABSENT, 0),
            "proxy": answers.get(Answer.PROXY, 0),
        },
    }


def _recipient_summary(sitting) -> dict:
    everyone = services.recipients(sitting)
    by_reason = {reason: 0 for reason in RecipientReason.values}
    for recipient in everyone:
        by_reason[recipient.reason] += 1
    without_email = [r for r in everyone if not r.person.email and r.reason != RecipientReason.COPY]
    already = set(sitting.convocations.values_list("person_id", flat=True))
    return {
        "total": len(everyone),
        "missing": sum(1 for r in everyone if r.person.pk not in already),
        "members": by_reason[RecipientReason.MEMBER],
        "substitutes": by_reason[RecipientReason.SUBSTITUTE],
        "invited": by_reason[RecipientReason.INVITED],
        "copies": by_reason[RecipientReason.COPY],
        "copies_without_email": sum(
            1 for r in everyone if not r.person.email and r.reason == RecipientReason.COPY
        ),
        "without_email": without_email[:20],
        "without_email_count": len(without_email),
    }


def panel_context(request, sitting) -> dict:
    """What the sitting page (views/bodies.py) shows of this area, rendered by the template
    `meetings/convocations/_sitting_panel.html`. Everything is under one key,
    `convocations_panel`, so that it mixes with the other areas' context."""
    user = request.user
    can_prepare = _can_prepare(user, sitting)
    panel = {
        "sitting": sitting,
        "can_prepare": can_prepare,
        "can_reply": perms.can_reply(user, sitting),
        "can_view": perms.can_view_sitting(user, sitting),
        "when": services.french_when(sitting.starts_at),
    }
    if can_prepare:
        panel.update(tracking(sitting))
        panel["deadline"] = services.deadline(sitting)
        panel["urgent_deadline"] = services.urgent_deadline(sitting)
        panel["phase"] = _send_phase(sitting)
        if sitting.status == SittingStatus.DRAFT:
            panel["recipients"] = _recipient_summary(sitting)
            if panel["counts"]["total"]:
                panel["problems"] = services.convening_problems(sitting)
            panel["form"] = SendForm()
    return {"convocations_panel": panel}


# --- Sending and tracking (agents) -------------------------------------------------------------


@sitting_view(_can_prepare, need=PREPARERS_ONLY)
def send(request, sitting):
    """« Envoyer les convocations »: the panel's button posts here; a refusal is shown on this
    page with what was typed."""
    form = SendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.send_convocations(
                actor=request.user,
                sitting=sitting,
                urgent=form.cleaned_data["urgent"],
                urgency_reason=form.cleaned_data["urgency_reason"],
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            by_email = sum(1 for c in created if c.channel == Channel.EMAIL)
            on_paper = len(created) - by_email
            messages.success(
                request,
                f"{by_email} convocation(s) envoyée(s) par courriel"
                + (f", {on_paper} convocation(s) papier à enregistrer" if on_paper else "")
                + ".",
            )
            if sitting.status == SittingStatus.CONVENED:
                messages.success(request, "La séance est convoquée.")
            else:
                problems = services.convening_problems(sitting)
                messages.warning(
                    request,
                    "La séance n'est pas encore marquée convoquée : "
                    + " ".join(problems[:10])
                    + (f" (et {len(problems) - 10} autres)" if len(problems) > 10 else ""),
                )
            return redirect(sitting_url(sitting))
    context = panel_context(request, sitting)["convocations_panel"]
    context.update(form=form, sitting=sitting, space=sitting.body.space, back=sitting_url(sitting))
    return render(request, "meetings/convocations/send.html", context)


@sitting_view(_can_prepare, need=PREPARERS_ONLY)
def convocation_list(request, sitting):
    """Every recipient with reason, channel and times; paginated, constant query count."""
    queryset = sitting.convocations.select_related("person").order_by(
        "person__last_name", "person__first_name", "id"
    )
    pending = request.GET.get("filtre") == "papier"
    if pending:
        queryset = queryset.filter(channel=Channel.PAPER, sent_at__isnull=True)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    person_ids = [c.person_id for c in page]
    replies = {
        r.seat.person_id: r
        for r in Reply.objects.filter(
            sitting=sitting, seat__person_id__in=person_ids
        ).select_related("seat", "proxy_holder__person")
    }
    rows = [(c, replies.get(c.person_id)) for c in page]
    context = {
        "sitting": sitting,
        "space": sitting.body.space,
        "page": page,
        "rows": rows,
        "pending": pending,
        "back": sitting_url(sitting),
        "when": services.french_when(sitting.starts_at),
        **tracking(sitting),
    }
    return render(request, "meetings/convocations/list.html", context)


@sitting_view(_can_prepare, need=PREPARERS_ONLY)
def record_paper(request, sitting, convocation_id):
    convocation = get_object_or_404(
        Convocation.objects.select_related("person"), pk=convocation_id, sitting=sitting
    )
    form = PaperForm(request.POST if request.method == "POST" else None)
    status_before = sitting.status
    if request.method == "POST" and form.is_valid():
        try:
            services.record_paper_convocation(
                actor=request.user,
                convocation=convocation,
                sent_at=form.cleaned_data["sent_at"],
                note=form.cleaned_data["note"],
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"La convocation papier de {convocation.person.full_name} est enregistrée."
            )
            sitting.refresh_from_db()
            if sitting.status != status_before and sitting.status == SittingStatus.CONVENED:
                messages.success(
                    request, "Tous les membres sont convoqués à temps : la séance est convoquée."
                )
            return redirect(
                reverse("meetings:convocations", args=[sitting.body.space.slug, sitting.pk])
                + "?filtre=papier"
            )
    return render(
        request,
        "meetings/convocations/paper.html",
        {
            "sitting": sitting,
            "space": sitting.body.space,
            "convocation": convocation,
            "form": form,
            "when": services.french_when(sitting.starts_at),
        },
    )


# --- Replies (members) -------------------------------------------------------------------------


def _reply_form(request, sitting, seat):
    existing = Reply.objects.filter(sitting=sitting, seat=seat).first()
    initial = {}
    if existing is not None:
        initial = {
            "answer": existing.answer,
            "proxy_holder": existing.proxy_holder_id,
            "certified_illness": existing.certified_illness,
        }
    data = request.POST if request.method == "POST" else None
    form = ReplyForm(data, initial=initial, holders=services.proxy_holders(sitting, seat))
    return form, existing


def _handle_reply(request, form, sitting, seat, actor) -> bool:
    if not form.is_valid():
        return False
    try:
        services.reply(
            actor=actor,
            sitting=sitting,
            seat=seat,
            answer=form.cleaned_data["answer"],
            proxy_holder=form.cleaned_data.get("proxy_holder"),
            certified_illness=form.cleaned_data.get("certified_illness", False),
        )
    except MeetingError as error:
        form.add_error(None, str(error))
        return False
    messages.success(
        request,
        "Votre réponse est enregistrée. Vous pouvez la modifier jusqu'à l'ouverture de la séance.",
    )
    return True


def _reply_context(sitting, seat, existing) -> dict:
    return {
        "seat": seat,
        "existing": existing,
        "substitutes_called": services.called_substitutes(sitting, seat),
        "replacing": services.replaced_titulaire(sitting, seat),
    }


@sitting_view(
    perms.can_reply,
    need="Seuls les membres de l'instance avec voix délibérative répondent à la convocation "
    "d'une séance convoquée.",
)
def reply(request, sitting):
    seat = perms.current_seat(request.user, sitting.body)
    form, existing = _reply_form(request, sitting, seat)
    if request.method == "POST" and _handle_reply(request, form, sitting, seat, request.user):
        return redirect("meetings:reply", sitting.body.space.slug, sitting.pk)
    return render(
        request,
        "meetings/convocations/reply.html",
        {
            "sitting": sitting,
            "space": sitting.body.space,
            "form": form,
            "when": services.french_when(sitting.starts_at),
            "back": sitting_url(sitting) if perms.can_view_sitting(request.user, sitting) else "",
            **_reply_context(sitting, seat, existing),
        },
    )


# --- The dossier link (public, the token is the key) -------------------------------------------


def convocation_link(request, token):
    convocation = services.convocation_for_token(token)
    if convocation is None:
        return _link_not_found(request)
    sitting = convocation.sitting
    services.mark_opened(convocation)
    seat = (
        Seat.objects.current()
        .filter(body=sitting.body, person=convocation.person)
        .exclude(kind="invite")
        .first()
    )
    form = existing = None
    if seat is not None and sitting.status == SittingStatus.CONVENED:
        form, existing = _reply_form(request, sitting, seat)
        actor = convocation.person.user
        if request.method == "POST" and _handle_reply(request, form, sitting, seat, actor):
            return redirect("meetings:convocation_link", token)
    context = {
        "convocation": convocation,
        "sitting": sitting,
        "space": sitting.body.space,
        "token": token,
        "when": services.french_when(sitting.starts_at),
        "items": sitting.items.prefetch_related("annexes").select_related("rapporteur"),
        "sitting_annexes": sitting.annexes.filter(item__isnull=True),
        "form": form,
        **(_reply_context(sitting, seat, existing) if seat is not None else {}),
    }
    return render(request, "meetings/convocations/dossier.html", context)


def _pdf(field, filename):
    if not field:
        return None
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        return None
    return FileResponse(handle, content_type="application/pdf", filename=filename)


def convocation_annex(request, token, annex_id):
    """An annex of the dossier, for the holder of the link (who may have no account)."""
    convocation = services.convocation_for_token(token)
    annex = (
        Annex.objects.filter(pk=annex_id, sitting_id=convocation.sitting_id).first()
        if convocation
        else None
    )
    response = _pdf(annex.file, f"{annex.title[:80]}.pdf") if annex else None
    return response or _link_not_found(request)


def convocation_note(request, token):
    """The note explicative de synthèse, for the holder of the link."""
    convocation = services.convocation_for_token(token)
    sitting = convocation.sitting if convocation else None
    response = (
        _pdf(sitting.synthesis_note, f"Note de synthèse {sitting.starts_at:%Y-%m-%d}.pdf")
        if sitting
        else None
    )
    return response or _link_not_found(request)


@require_POST
def acknowledge(request, token):
    convocation = services.convocation_for_token(token)
    if convocation is None:
        return _link_not_found(request)
    actor = request.user if request.user.is_authenticated else convocation.person.user
    services.acknowledge(actor=actor, convocation=convocation)
    messages.success(request, "Merci : votre accusé de réception est enregistré.")
    return redirect("meetings:convocation_link", token)


# --- Calendars ---------------------------------------------------------------------------------


def _ics_response(content: bytes, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sittings_with_items(*sittings):
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(list(sittings), "items")
    return sittings


@sitting_view(perms.can_view_sitting, need="Cette séance n'est pas encore publiée.")
def sitting_ics(request, sitting):
    content = calendars.calendar_ics(_sittings_with_items(sitting), name=sitting.body.name)
    return _ics_response(content, f"seance-{sitting.pk}.ics")


def convocation_ics(request, token):
    convocation = services.convocation_for_token(token)
    if convocation is None:
        return _link_not_found(request)
    sitting = convocation.sitting
    content = calendars.calendar_ics(_sittings_with_items(sitting), name=sitting.body.name)
    return _ics_response(content, f"seance-{sitting.pk}.ics")


def calendar_feed(request, token):
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None:
        return _link_not_found(request)
    content = calendars.calendar_ics(
        calendars.feed_sittings(feed.person), name=f"Séances — {feed.person.full_name}"
    )
    return _ics_response(content)


@require_POST
@login_required
def calendar_feed_renew(request):
    person = person_of(request.user)
    if person is None:
        messages.info(request, "Votre compte n'est rattaché à aucune fiche de personne.")
        return redirect("people:my_space")
    calendars.renew_calendar_feed(actor=request.user, person=person)
    messages.success(
        request,
        "Votre adresse d'agenda privé est prête. Toute ancienne adresse ne fonctionne plus.",
    )
    return redirect(reverse("people:my_space") + "#agenda-title")


def calendar_feed_url(person) -> str | None:
    """The full address of the person's private feed, for « Mon espace » (None if none yet)."""
    from django.conf import settings

    feed = CalendarFeed.objects.filter(person=person).first() if person else None
    if feed is None:
        return None
    return settings.SITE_URL + reverse("meetings:calendar_feed", args=[feed.token])


SITTING = "espaces/<slug:slug>/seances/<int:sitting_id>/"

urlpatterns = [
    path(f"{SITTING}convocations/", convocation_list, name="convocations"),
    path(f"{SITTING}convocations/envoyer/", send, name="send_convocations"),
    path(
        f"{SITTING}convocations/<int:convocation_id>/papier/",
        record_paper,
        name="record_paper_convocation",
    ),
    path(f"{SITTING}reponse/", reply, name="reply"),
    path(f"{SITTING}seance.ics", sitting_ics, name="sitting_ics"),
    path("convocations/<str:token>/", convocation_link, name="convocation_link"),
    path(
        "convocations/<str:token>/accuser-reception/",
        acknowledge,
        name="convocation_acknowledge",
    ),
    path("convocations/<str:token>/seance.ics", convocation_ics, name="convocation_ics"),
    path(
        "convocations/<str:token>/annexes/<int:annex_id>/",
        convocation_annex,
        name="convocation_annex",
    ),
    path("convocations/<str:token>/note/", convocation_note, name="convocation_note"),
    path("agenda/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("mon-espace/agenda/renouveler/", calendar_feed_renew, name="calendar_feed_renew"),
]
