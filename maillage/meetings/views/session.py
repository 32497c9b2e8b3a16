"""Pages of the day of a sitting (see maillage/meetings/services/session.py): the secretary's
holding page (attendance, live quorum for each item, votes), the failed quorum, and the
members' voting page on their phones.

Every form works without JavaScript (a full page reload after each change); with HTMX the live
figures refresh every 5 seconds and after each attendance change.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.templatetags.french import date_fr

from .. import perms
from ..forms_session import (
    AttendanceForm,
    CountsForm,
    NamedBallotForm,
    OpenVoteForm,
    QuorumFailureForm,
    WithdrawalForm,
)
from ..models import (
    AgendaItem,
    Ballot,
    BallotMode,
    Choice,
    Presence,
    Seat,
    SecretTurnout,
    Sitting,
    SittingStatus,
    Vote,
)
from ..services import MeetingError
from ..services import session as services
from ..services import votes as voting
from .common import sitting_view

NEED_RUN = (
    "Tenir la séance (présences, votes) est réservé aux agents, aux administrateurs de "
    "l'espace et au secrétaire de séance."
)
NEED_VOTE = (
    "Voter est réservé aux membres de l'instance ayant voix délibérative, pendant une séance "
    "ouverte."
)
CHOICE_LABELS = dict(Choice.choices)
PRESENCE_BUTTONS = [
    (Presence.PRESENT, "Présent"),
    (Presence.EXCUSED, "Excusé"),
    (Presence.ABSENT, "Absent"),
]


# --- Shared pieces ----------------------------------------------------------------------------


def _urls(sitting):
    args = [sitting.body.space.slug, sitting.pk]
    return {
        "hold_url": reverse("meetings:hold", args=args),
        "vote_url": reverse("meetings:vote", args=args),
        "sitting_url": reverse("meetings:sitting", args=args),
    }


def _crumbs(sitting, current):
    space, body = sitting.body.space, sitting.body
    return [
        ("Accueil", reverse("home")),
        ("Espaces", reverse("spaces:list")),
        (space.name, space.get_absolute_url()),
        (body.name, body.get_absolute_url()),
        (f"Séance du {date_fr(services.sitting_day(sitting))}", _urls(sitting)["sitting_url"]),
        (current, None),
    ]


def _status_text(row, day) -> str:
    """The attendance of a member in words (never a colour alone)."""
    if row is None:
        return "Non renseigné"
    text = row.get_status_display()
    if row.status == Presence.REPLACED and row.replaced_by_id in day.voting_seats:
        text = f"Remplacé par {day.voting_seats[row.replaced_by_id].person}"
    elif row.status == Presence.REPRESENTED and row.proxy_holder_id in day.voting_seats:
        text = f"Représenté : pouvoir à {day.voting_seats[row.proxy_holder_id].person}"
    if row.arrived_at_item:
        text += f", arrivé au point {row.arrived_at_item}"
    if row.left_after_item:
        text += f", parti après le point {row.left_after_item}"
    return text


def _may_open_vote(sitting, item, item_votes, running) -> bool:
    if sitting.status != SittingStatus.OPEN or running is not None:
        return False
    if not item.is_voted or item.postponed:
        return False
    if not item_votes:
        return True
    last = item_votes[-1]
    return item.kind in voting.APPOINTMENT_KINDS and not last.elected and last.round_number < 3


def _live_context(sitting, day):
    """The live figures: the opening and each item, with their votes."""
    opening = day.count()
    votes: dict[int, list[Vote]] = {}
    for vote in Vote.objects.filter(item__sitting=sitting).order_by("round_number"):
        votes.setdefault(vote.item_id, []).append(vote)
    running = next((v for vs in votes.values() for v in vs if v.status == Vote.Status.OPEN), None)
    rows = []
    for item in day.items:
        item_votes = votes.get(item.pk, [])
        rows.append(
            {
                "item": item,
                "figures": day.count(item),
                "votes": item_votes,
                "may_open_vote": _may_open_vote(sitting, item, item_votes, running),
                "withdrawn": [
                    day.voting_seats[pk].person
                    for pk in day.withdrawals.get(item.pk, ())
                    if pk in day.voting_seats
                ],
            }
        )
    return {
        "opening": opening,
        "item_rows": rows,
        "running_vote": running,
        "any_vote": bool(votes),
    }


def _grid(day):
    return [
        {
            "seat": seat,
            "row": day.attendances.get(seat.pk),
            "text": _status_text(day.attendances.get(seat.pk), day),
        }
        for seat in day.titulaires.values()
    ]


def _attendance_initial(day, selected: str) -> dict | None:
    """The detailed form opened from a member's « Autre… » link shows what is recorded."""
    if not selected.isdigit() or int(selected) not in day.titulaires:
        return None
    row = day.attendances.get(int(selected))
    initial = {"seat": int(selected)}
    if row is not None:
        initial.update(
            status=row.status,
            replaced_by=row.replaced_by_id,
            proxy_holder=row.proxy_holder_id,
            arrived_at_item=row.arrived_at_item,
            left_after_item=row.left_after_item,
        )
    return initial


def _hold_context(request, sitting, **forms):
    day = services.load_day(sitting)
    live = _live_context(sitting, day)
    context = {
        "space": sitting.body.space,
        "body": sitting.body,
        "sitting": sitting,
        "day": day,
        "grid": _grid(day),
        "crumbs": _crumbs(sitting, "Tenue de la séance"),
        "is_open": sitting.status == SittingStatus.OPEN,
        "may_open": sitting.status == SittingStatus.CONVENED,
        "today_is_the_day": services.sitting_day(sitting) == timezone.localdate(),
        "presence_buttons": PRESENCE_BUTTONS,
        **live,
        **_urls(sitting),
    }
    context["may_declare_failure"] = (
        context["is_open"]
        and not sitting.is_second_convocation
        and not live["opening"].reached
        and not live["any_vote"]
    )
    if sitting.status == SittingStatus.OPEN:
        context["attendance_form"] = forms.get("attendance_form") or AttendanceForm(
            day=day, initial=_attendance_initial(day, request.GET.get("membre", ""))
        )
        context["withdrawal_form"] = forms.get("withdrawal_form") or WithdrawalForm(day=day)
    if sitting.status == SittingStatus.CLOSED:
        context["second_sitting"] = Sitting.objects.filter(quorum_failed_for=sitting).first()
    return context


def _quick_row(request, sitting, seat_id, error):
    """With HTMX, a quick button of the grid gets its row back, and the live figures are told
    to refresh (`attendance-changed`)."""
    day = services.load_day(sitting)
    line = next((line for line in _grid(day) if line["seat"].pk == seat_id), None)
    response = render(
        request,
        "meetings/session/_hold_row.html",
        {
            "line": line,
            "error": error,
            "sitting": sitting,
            "presence_buttons": PRESENCE_BUTTONS,
            **_urls(sitting),
        },
    )
    response["HX-Trigger"] = "attendance-changed"
    return response


def _back_to_hold(sitting):
    return redirect("meetings:hold", sitting.body.space.slug, sitting.pk)


# --- The holding page -------------------------------------------------------------------------


@sitting_view(perms.can_run_sitting, need=NEED_RUN)
def hold(request, sitting):
    context = _hold_context(request, sitting)
    if request.htmx and request.htmx.target == "session-live":
        return render(request, "meetings/session/_hold_live.html", context)
    return render(request, "meetings/session/hold.html", context)


@sitting_view(perms.can_run_sitting, need=NEED_RUN)
@require_POST
def hold_open(request, sitting):
    try:
        services.open_sitting(actor=request.user, sitting=sitting)
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "La séance est ouverte. La feuille de présence est pré-remplie d'après les "
            "réponses aux convocations : vérifiez-la.",
        )
    return _back_to_hold(sitting)


@sitting_view(perms.can_run_sitting, need=NEED_RUN)
@require_POST
def hold_attendance(request, sitting):
    day = services.load_day(sitting)
    form = AttendanceForm(request.POST, day=day)
    error = None if form.is_valid() else "Saisie incomplète : choisissez le membre et sa présence."
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_attendance(
                actor=request.user,
                sitting=sitting,
                seat=day.titulaires[data["seat"]],
                status=data["status"],
                replaced_by=form.seat_of("replaced_by"),
                proxy_holder=form.seat_of("proxy_holder"),
                arrived_at_item=data["arrived_at_item"],
                left_after_item=data["left_after_item"],
            )
        except MeetingError as refusal:
            error = str(refusal)
            form.add_error(None, error)
    if request.htmx and "quick" in request.POST:
        seat_id = request.POST.get("seat", "")
        return _quick_row(request, sitting, int(seat_id) if seat_id.isdigit() else None, error)
    if form.is_valid() and error is None:
        member = day.titulaires[form.cleaned_data["seat"]].person
        messages.success(request, f"Présence de {member} enregistrée.")
        return _back_to_hold(sitting)
    return render(
        request,
        "meetings/session/hold.html",
        _hold_context(request, sitting, attendance_form=form),
    )


@sitting_view(perms.can_run_sitting, need=NEED_RUN)
@require_POST
def hold_withdrawal(request, sitting):
    day = services.load_day(sitting)
    form = WithdrawalForm(request.POST, day=day)
    if form.is_valid():
        item = next(i for i in day.items if i.pk == form.cleaned_data["item"])
        seat = day.voting_seats[form.cleaned_data["seat"]]
        try:
            services.record_withdrawal(
                actor=request.user, item=item, seat=seat, reason=form.cleaned_data["reason"]
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{seat.person} se retire du point {item.position}.")
            return _back_to_hold(sitting)
    return render(
        request,
        "meetings/session/hold.html",
        _hold_context(request, sitting, withdrawal_form=form),
    )


@sitting_view(perms.can_run_sitting, need=NEED_RUN)
def hold_quorum_failure(request, sitting):
    earliest = services.second_sitting_earliest_day()
    form = QuorumFailureForm(
        request.POST or None, initial={"day": earliest, "time": "18:00", "place": sitting.place}
    )
    if request.method == "POST" and form.is_valid():
        try:
            second = services.record_quorum_failure(
                actor=request.user,
                sitting=sitting,
                starts_at=form.starts_at(),
                place=form.cleaned_data["place"],
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Le quorum n'est pas atteint : la séance est close et une seconde séance est "
                "préparée sur le même ordre du jour. Convoquez-la.",
            )
            return redirect("meetings:sitting", sitting.body.space.slug, second.pk)
    day = services.load_day(sitting)
    return render(
        request,
        "meetings/session/quorum_failure.html",
        {
            "space": sitting.body.space,
            "sitting": sitting,
            "form": form,
            "opening": day.count(),
            "earliest": earliest,
            "crumbs": _crumbs(sitting, "Quorum non atteint"),
            **_urls(sitting),
        },
    )


@sitting_view(perms.can_run_sitting, need=NEED_RUN)
@require_POST
def hold_close(request, sitting):
    try:
        services.close_sitting(actor=request.user, sitting=sitting)
    except MeetingError as error:
        messages.error(request, str(error))
        return _back_to_hold(sitting)
    messages.success(request, "La séance est close.")
    return redirect("meetings:sitting", sitting.body.space.slug, sitting.pk)


# --- Votes, on the secretary's side -----------------------------------------------------------


@sitting_view(perms.can_run_sitting, need=NEED_RUN)
def hold_open_vote(request, sitting, item_id):
    item = get_object_or_404(AgendaItem, pk=item_id, sitting=sitting)
    day = services.load_day(sitting)
    form = OpenVoteForm(request.POST or None, day=day, item=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = voting.open_vote(
                actor=request.user,
                item=item,
                public_requests=data.get("public_requests") or 0,
                secret_requests=data.get("secret_requests") or 0,
                electronic=data["electronic"],
                candidates=form.candidates(),
            )
        except voting.ItemPostponed as postponed:
            messages.warning(request, str(postponed))
            return _back_to_hold(sitting)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Le vote sur le point {item.position} est ouvert.")
            return redirect("meetings:hold_vote", sitting.body.space.slug, sitting.pk, vote.pk)
    return render(
        request,
        "meetings/session/open_vote.html",
        {
            "space": sitting.body.space,
            "sitting": sitting,
            "item": item,
            "form": form,
            "figures": day.count(item),
            "crumbs": _crumbs(sitting, f"Mettre aux voix le point {item.position}"),
            **_urls(sitting),
        },
    )


def _vote_context(request, sitting, vote, **forms):
    day = services.load_day(sitting)
    figures = day.count(vote.item)
    secret = vote.mode == BallotMode.SECRET
    if secret:
        turnout = SecretTurnout.objects.filter(vote=vote).count()
        ballots = []
    else:
        ballots = list(
            Ballot.objects.filter(vote=vote).select_related("voter__person", "on_behalf_of__person")
        )
        turnout = len(ballots)
    is_open = vote.status == Vote.Status.OPEN
    context = {
        "space": sitting.body.space,
        "sitting": sitting,
        "vote": vote,
        "item": vote.item,
        "figures": figures,
        "secret": secret,
        "turnout": turnout,
        # Names are shown for a public vote only (they go into the minutes, L2121-21).
        "named_ballots": ballots if vote.mode == BallotMode.PUBLIC else [],
        "is_open": is_open,
        "crumbs": _crumbs(sitting, f"Vote sur le point {vote.item.position}"),
        **_urls(sitting),
    }
    if is_open and not vote.electronic:
        context["counts_form"] = forms.get("counts_form") or CountsForm(
            vote=vote,
            initial={
                "votes_for": vote.votes_for,
                "votes_against": vote.votes_against,
                "abstentions": vote.abstentions,
                "blank": vote.blank,
                "president_vote": vote.president_vote,
            },
        )
    if is_open and not secret:
        context["ballot_form"] = forms.get("ballot_form") or NamedBallotForm(
            day=day, vote=vote, figures=figures
        )
    return context


def _vote_of(sitting, vote_id):
    return get_object_or_404(Vote.objects.select_related("item"), pk=vote_id, item__sitting=sitting)


@sitting_view(perms.can_run_sitting, need=NEED_RUN)
def hold_vote(request, sitting, vote_id):
    vote = _vote_of(sitting, vote_id)
    context = _vote_context(request, sitting, vote)
    if request.htmx and request.htmx.target == "vote-live":
        return render(request, "meetings/session/_vote_live.html", context)
    return render(request, "meetings/session/hold_vote.html", context)


@sitting_view(perms.can_run_sitting, need=NEED_RUN)
@require_POST
def hold_counts(request, sitting, vote_id):
    vote = _vote_of(sitting, vote_id)
    form = CountsForm(request.POST, vote=vote)
    if form.is_valid():
        try:
            voting.record_counts(actor=request.user, vote=vote, **form.counts())
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le décompte est enregistré.")
            return redirect("meetings:hold_vote", sitting.body.space.slug, sitting.pk, vote.pk)
    return render(
        request,
        "meetings/session/hold_vote.html",
        _vote_context(request, sitting, vote, counts_form=form),
    )


@sitting_view(perms.can_run_sitting, need=NEED_RUN)
@require_POST
def hold_ballot(request, sitting, vote_id):
    vote = _vote_of(sitting, vote_id)
    day = services.load_day(sitting)
    form = NamedBallotForm(request.POST, day=day, vote=vote, figures=day.count(vote.item))
    if form.is_valid():
        data = form.cleaned_data
        try:
            voting.record_named_ballot(
                actor=request.user,
                vote=vote,
                seat=form.seat_of("seat"),
                choice=data["choice"],
                on_behalf_of=form.seat_of("on_behalf_of"),
                candidate=data.get("candidate", ""),
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Vote de {form.seat_of('seat').person} enregistré.")
            return redirect("meetings:hold_vote", sitting.body.space.slug, sitting.pk, vote.pk)
    return render(
        request,
        "meetings/session/hold_vote.html",
        _vote_context(request, sitting, vote, ballot_form=form),
    )


@sitting_view(perms.can_run_sitting, need=NEED_RUN)
@require_POST
def hold_close_vote(request, sitting, vote_id):
    vote = _vote_of(sitting, vote_id)
    try:
        vote = voting.close_vote(actor=request.user, vote=vote)
    except MeetingError as error:
        messages.error(request, str(error))
        return redirect("meetings:hold_vote", sitting.body.space.slug, sitting.pk, vote.pk)
    if vote.elected:
        messages.success(request, f"Vote clos : {vote.elected} est désigné(e).")
    elif vote.candidates:
        messages.success(request, "Vote clos : personne n'a la majorité requise à ce tour.")
    else:
        messages.success(
            request, f"Vote clos : la délibération est {vote.get_outcome_display().lower()}."
        )
    return _back_to_hold(sitting)


# --- The members' voting page -----------------------------------------------------------------


def _ballot_blocks(vote, seat, figures):
    """One block per ballot the member casts: their own, and the proxy they exercise."""
    blocks = [{"on_behalf_of": None, "label": "Votre vote"}]
    giver = figures.proxies.get(seat.pk)
    if giver is not None:
        person = Seat.objects.select_related("person").get(pk=giver).person
        blocks.append({"on_behalf_of": giver, "label": f"Pour le pouvoir de {person}"})
    if vote.mode == BallotMode.SECRET:
        done = set(
            SecretTurnout.objects.filter(vote=vote, voter=seat).values_list(
                "on_behalf_of", flat=True
            )
        )
        for block in blocks:
            block["secret_done"] = block["on_behalf_of"] in done
    else:
        current = {
            b.on_behalf_of_id: b for b in Ballot.objects.filter(vote=vote).filter(voter=seat)
        }
        for block in blocks:
            ballot = current.get(block["on_behalf_of"])
            block["current"] = (ballot.candidate or CHOICE_LABELS[ballot.choice]) if ballot else ""
    return blocks


def _choices_for(vote):
    if vote.item.kind in voting.APPOINTMENT_KINDS:
        return [(Choice.FOR, c["name"], c["name"]) for c in vote.candidates] + [
            (Choice.BLANK, "", "Blanc")
        ]
    choices = [
        (Choice.FOR, "", "Pour"),
        (Choice.AGAINST, "", "Contre"),
        (Choice.ABSTAIN, "", "Abstention"),
    ]
    if vote.mode == BallotMode.SECRET:
        choices.append((Choice.BLANK, "", "Blanc ou nul"))
    return choices


@sitting_view(perms.can_cast_vote, need=NEED_VOTE)
def vote(request, sitting):
    seat = perms.current_seat(request.user, sitting.body)
    running = (
        Vote.objects.filter(item__sitting=sitting, status=Vote.Status.OPEN)
        .select_related("item")
        .first()
    )
    if request.method == "POST":
        if running is None or str(running.pk) != request.POST.get("vote"):
            messages.error(request, "Ce vote est clos : votre vote n'a pas été pris en compte.")
            return redirect("meetings:vote", sitting.body.space.slug, sitting.pk)
        candidate = request.POST.get("candidate", "")
        giver = request.POST.get("on_behalf_of", "")
        on_behalf_of = None
        if giver.isdigit():
            on_behalf_of = services.load_day(sitting).voting_seats.get(int(giver))
        try:
            voting.cast_ballot(
                actor=request.user,
                vote=running,
                voter_seat=seat,
                # A candidate's button sends the name: a vote for them (L2121-21).
                choice=request.POST.get("choice") or (Choice.FOR if candidate else ""),
                on_behalf_of=on_behalf_of,
                candidate=candidate,
            )
        except MeetingError as error:
            messages.error(request, str(error))
        else:
            if running.mode == BallotMode.SECRET:
                messages.success(request, "Votre bulletin est dans l'urne.")
            else:
                messages.success(
                    request,
                    "Votre vote est enregistré ; vous pouvez le changer jusqu'à la clôture.",
                )
        return redirect("meetings:vote", sitting.body.space.slug, sitting.pk)
    context = {
        "space": sitting.body.space,
        "sitting": sitting,
        "seat": seat,
        "running_vote": running,
        "crumbs": _crumbs(sitting, "Voter"),
        **_urls(sitting),
    }
    if running is not None and running.electronic:
        figures = services.load_day(sitting).count(running.item)
        context["may_vote"] = seat.pk in figures.voting_seats
        if context["may_vote"]:
            context["blocks"] = _ballot_blocks(running, seat, figures)
            context["choices"] = _choices_for(running)
    if request.htmx and request.htmx.target == "vote-screen":
        return render(request, "meetings/session/_vote_screen.html", context)
    return render(request, "meetings/session/vote.html", context)


# --- The panel of the sitting page ------------------------------------------------------------


def panel_context(request, sitting) -> dict:
    """What the sitting page (views/bodies.py) shows of this area, rendered by the template
    `meetings/session/_sitting_panel.html`: « Tenir la séance » for those who may, « Voter »
    for members while a vote is open. Keys are prefixed `session_`."""
    can_run = perms.can_run_sitting(request.user, sitting)
    voting = (
        sitting.status == SittingStatus.OPEN
        and perms.can_cast_vote(request.user, sitting)
        and Vote.objects.filter(item__sitting=sitting, status=Vote.Status.OPEN).exists()
    )
    holdable = sitting.status in (SittingStatus.CONVENED, SittingStatus.OPEN, SittingStatus.CLOSED)
    return {
        "session_can_run": can_run and holdable,
        "session_can_vote": voting,
        "session_second_sitting": (
            Sitting.objects.filter(quorum_failed_for=sitting).first()
            if sitting.status == SittingStatus.CLOSED and sitting.quorum_at_opening is False
            else None
        ),
        **{f"session_{key}": url for key, url in _urls(sitting).items()},
    }


SITTING = "espaces/<slug:slug>/seances/<int:sitting_id>/"
HOLD = SITTING + "tenue/"

urlpatterns = [
    path(HOLD, hold, name="hold"),
    path(HOLD + "ouvrir/", hold_open, name="hold_open"),
    path(HOLD + "presences/", hold_attendance, name="hold_attendance"),
    path(HOLD + "retraits/", hold_withdrawal, name="hold_withdrawal"),
    path(HOLD + "quorum-non-atteint/", hold_quorum_failure, name="hold_quorum_failure"),
    path(HOLD + "clore/", hold_close, name="hold_close"),
    path(HOLD + "points/<int:item_id>/vote/", hold_open_vote, name="hold_open_vote"),
    path(HOLD + "votes/<int:vote_id>/", hold_vote, name="hold_vote"),
    path(HOLD + "votes/<int:vote_id>/decompte/", hold_counts, name="hold_counts"),
    path(HOLD + "votes/<int:vote_id>/bulletins/", hold_ballot, name="hold_ballot"),
    path(HOLD + "votes/<int:vote_id>/clore/", hold_close_vote, name="hold_close_vote"),
    path(SITTING + "voter/", vote, name="vote"),
]
