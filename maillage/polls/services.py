"""Every change to polls: opening one, answering (one stance per person, replaced until the
close), closing (at the date or early), the outcome, and turning a date poll into a sitting.

Every function takes keyword-only arguments and the acting user as `actor`, runs in a
transaction, records the action in the log, and raises `PollError` with a French message that
a screen shows as it is. The results come from the pure functions of `rules.py`.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.meetings.models import Body, Seat
from maillage.meetings.services import MeetingError
from maillage.meetings.services import bodies as meetings_bodies
from maillage.notifications.models import Kind
from maillage.notifications.services import notify
from maillage.people.models import Person
from maillage.spaces.perms import person_of

from . import perms, rules
from .models import Audience, Invitee, Option, Poll, PollKind, PollStatus, Stance, StanceValue
from .results import compute_results, load_stances

MAX_OPTIONS = 20
MIN_OPTIONS = 2
MAX_DURATION = datetime.timedelta(days=366)


class PollError(Exception):
    """A change refused; the message is in French and shown as it is."""


# --- Audience -----------------------------------------------------------------------------------


def audience_people(poll: Poll):
    """The people the poll asks (a Person queryset)."""
    if poll.audience == Audience.SPACE:
        return Person.objects.in_space(poll.space)
    if poll.audience == Audience.BODY:
        seated = Seat.objects.current().filter(body_id=poll.body_id).values("person_id")
        return Person.objects.filter(pk__in=seated)
    return Person.objects.filter(pk__in=poll.invitee_rows.values("person_id"))


# --- Opening ------------------------------------------------------------------------------------


def create_poll(
    *,
    actor,
    space,
    kind: str,
    title: str,
    description: str = "",
    closes_at: datetime.datetime | None,
    audience: str,
    body: Body | None = None,
    invitees=(),
    hide_results: bool = False,
    options=(),
    dates=(),
    dot_budget: int | None = None,
) -> Poll:
    """Open a poll in the space and notify its audience. `options` are labels (ranked, dot,
    score polls); `dates` are aware datetimes (date polls); a consent poll has none: the
    question and its presentation are the proposal."""
    if kind not in PollKind.values:
        raise PollError("Choisissez le type de sondage.")
    title = (title or "").strip()
    if not title:
        raise PollError("Écrivez la question posée.")
    now = timezone.now()
    if closes_at is None:
        raise PollError("Indiquez la date et l'heure de clôture.")
    if closes_at <= now:
        raise PollError("La clôture doit être dans le futur.")
    if closes_at > now + MAX_DURATION:
        raise PollError("Un sondage dure au plus un an.")
    if audience not in Audience.values:
        raise PollError("Choisissez qui répond au sondage.")
    if body is not None and body.space_id != space.pk:
        raise PollError("Cette instance n'est pas de l'espace.")
    if audience == Audience.BODY and body is None:
        raise PollError("Choisissez l'instance dont les membres répondent.")
    if audience == Audience.BODY and not Seat.objects.current().filter(body=body).exists():
        raise PollError(f"L'instance « {body.name} » n'a aucun membre en fonctions.")
    invitees = list(dict.fromkeys(invitees)) if audience == Audience.LIST else []
    if audience == Audience.LIST:
        if not invitees:
            raise PollError("Choisissez au moins une personne à interroger.")
        in_space = set(
            Person.objects.in_space(space)
            .filter(pk__in=[p.pk for p in invitees])
            .values_list("pk", flat=True)
        )
        outside = [p.full_name for p in invitees if p.pk not in in_space]
        if outside:
            raise PollError(
                "Ces personnes ne sont pas de l'espace : " + ", ".join(outside[:10]) + "."
            )
    rows = _option_rows(kind=kind, options=options, dates=dates, closes_at=closes_at)
    if kind == PollKind.DOTS:
        if not dot_budget or dot_budget < 1 or dot_budget > rules.DOT_BUDGET_MAX:
            raise PollError(
                f"Indiquez le nombre de points que chacun répartit (1 à {rules.DOT_BUDGET_MAX})."
            )
    else:
        dot_budget = None
    if kind != PollKind.DATE and audience != Audience.BODY:
        body = None  # only a date poll links to a body without asking its members
    with transaction.atomic():
        poll = Poll.objects.create(
            space=space,
            kind=kind,
            title=title,
            description=(description or "").strip(),
            created_by=actor if getattr(actor, "pk", None) else None,
            author=person_of(actor),
            audience=audience,
            body=body,
            closes_at=closes_at,
            hide_results=hide_results,
            dot_budget=dot_budget,
        )
        Option.objects.bulk_create(
            Option(poll=poll, position=i, label=label, starts_at=when)
            for i, (label, when) in enumerate(rows, start=1)
        )
        Invitee.objects.bulk_create(Invitee(poll=poll, person=p) for p in invitees)
        log_action(
            actor=actor,
            action="polls.create",
            obj=poll,
            space=space,
            data={"kind": kind, "audience": audience, "options": len(rows)},
        )
        notify(
            recipients=audience_people(poll),
            kind=Kind.POLL,
            title=f"Nouveau sondage : {title}",
            body=f"Répondez avant le {timezone.localtime(closes_at):%d/%m/%Y à %H:%M}.",
            url=poll.get_absolute_url(),
            space=space,
            exclude=poll.author,
        )
    return poll


def _option_rows(*, kind, options, dates, closes_at):
    if kind == PollKind.CONSENT:
        return []
    if kind == PollKind.DATE:
        dates = sorted(set(dates))
        if len(dates) < 1:
            raise PollError("Proposez au moins une date.")
        if len(dates) > MAX_OPTIONS:
            raise PollError(f"Proposez au plus {MAX_OPTIONS} dates.")
        if any(when <= closes_at for when in dates):
            raise PollError(
                "Chaque date proposée doit être après la clôture du sondage : on choisit la "
                "date avant de convoquer."
            )
        return [(_date_label(when), when) for when in dates]
    labels = [label.strip() for label in options if label and label.strip()]
    if len({label.casefold() for label in labels}) != len(labels):
        raise PollError("Deux options portent le même texte.")
    if len(labels) < MIN_OPTIONS:
        raise PollError(f"Proposez au moins {MIN_OPTIONS} options, une par ligne.")
    if len(labels) > MAX_OPTIONS:
        raise PollError(f"Proposez au plus {MAX_OPTIONS} options.")
    if any(len(label) > 200 for label in labels):
        raise PollError("Une option tient en 200 caractères au plus.")
    return [(label, None) for label in labels]


DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip


def _date_label(when: datetime.datetime) -> str:
    local = timezone.localtime(when)
    day = "1er" if local.day == 1 else str(local.day)
    return (
        f"{DAYS[local.weekday()]} {day} {MONTHS[local.month - 1]} {local.year} "
        f"à {local:%H} h {local:%M}"
    )


# --- Answering ----------------------------------------------------------------------------------


def submit_stance(
    *, actor, poll: Poll, consent: str = "", reason: str = "", values: dict | None = None
) -> tuple[Stance, bool]:
    """Record the actor's stance, or replace it: one per poll and person, changeable until
    the close. `values` maps an option's id to its rank (None: unranked), points, score (None:
    no opinion) or date answer (rules.YES / IF_NEEDED / NO). Returns (stance, updated)."""
    person = person_of(actor)
    if person is None or not perms.in_audience(actor, poll):
        raise PollError(
            "Ce sondage ne s'adresse pas à vous : seules les personnes interrogées y répondent."
        )
    values = dict(values or {})
    option_ids = list(poll.options.order_by("position").values_list("pk", flat=True))
    error = _check_values(poll, option_ids, consent, reason, values)
    if error:
        raise PollError(error)
    rows = {o: v for o, v in values.items() if v is not None and poll.kind != PollKind.CONSENT}
    if poll.kind == PollKind.DOTS:
        rows = {o: v for o, v in rows.items() if v}
    try:
        with transaction.atomic():
            locked = Poll.objects.select_for_update().get(pk=poll.pk)
            _check_open(locked)
            stance = Stance.objects.filter(poll=poll, person=person).first()
            updated = stance is not None
            if stance is None:
                try:
                    with transaction.atomic():
                        stance = Stance.objects.create(
                            poll=poll, person=person, consent=consent, reason=reason.strip()
                        )
                except IntegrityError:
                    # Two submissions at once: the other one created the row; this one
                    # replaces it, as a change would.
                    stance = Stance.objects.get(poll=poll, person=person)
                    updated = True
            if updated:
                stance.consent = consent
                stance.reason = reason.strip()
                stance.save(update_fields=["consent", "reason", "updated_at"])
                stance.values.all().delete()
            StanceValue.objects.bulk_create(
                StanceValue(stance=stance, option_id=o, value=v) for o, v in rows.items()
            )
            log_action(
                actor=actor,
                action="polls.change_stance" if updated else "polls.answer",
                obj=poll,
                space=poll.space,
            )
    except IntegrityError as error:
        raise PollError(
            "Votre réponse n'a pas pu être enregistrée (deux envois au même moment) : "
            "vérifiez-la et envoyez-la de nouveau."
        ) from error
    return stance, updated


def _check_open(poll: Poll) -> None:
    if poll.status != PollStatus.OPEN or poll.closes_at <= timezone.now():
        since = timezone.localtime(poll.closed_at or poll.closes_at)
        raise PollError(
            f"Le sondage est clos depuis le {since:%d/%m/%Y à %H:%M} : "
            "les réponses ne sont plus acceptées."
        )


def _check_values(poll, option_ids, consent, reason, values) -> str | None:
    if poll.kind == PollKind.CONSENT:
        return rules.check_consent(consent, reason)
    if set(values) - set(option_ids):
        return "Cette réponse porte sur une option qui n'est pas dans le sondage."
    if poll.kind == PollKind.RANKED:
        return rules.check_ranking(option_ids, values)
    if poll.kind == PollKind.DOTS:
        return rules.check_dots(option_ids, {o: v or 0 for o, v in values.items()}, poll.dot_budget)
    if poll.kind == PollKind.SCORE:
        return rules.check_scores(option_ids, values)
    return rules.check_dates(option_ids, values)


# --- Results ---------------------------------------------------------------------------------


def best_date(poll: Poll) -> Option | None:
    """The best date of a date poll by rules.date_result (None without any answer)."""
    options = list(poll.options.order_by("position"))
    stances = load_stances(poll)
    return next(
        (o for o in options if o.pk == compute_results(poll, options, stances).best_option),
        None,
    )


# --- Closing ------------------------------------------------------------------------------------


def close_poll(*, actor, poll: Poll, automatic: bool = False) -> Poll:
    """Close the poll (early by its author, agents or admins; or at its date, `automatic`),
    set a date poll's chosen date to the best one, and tell the audience."""
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if locked.status == PollStatus.CLOSED:
            if automatic:
                return locked
            raise PollError("Ce sondage est déjà clos.")
        now = timezone.now()
        locked.status = PollStatus.CLOSED
        locked.closed_at = min(now, locked.closes_at) if automatic else now
        locked.closed_by = actor if getattr(actor, "pk", None) else None
        if locked.kind == PollKind.DATE:
            locked.chosen_option = best_date(locked)
        locked.save(update_fields=["status", "closed_at", "closed_by", "chosen_option"])
        log_action(
            actor=actor,
            action="polls.close",
            obj=locked,
            space=locked.space,
            data={"automatic": automatic},
        )
        notify(
            recipients=audience_people(locked),
            kind=Kind.POLL,
            title=f"Sondage clos : {locked.title}",
            body="Les résultats sont consultables.",
            url=locked.get_absolute_url(),
            space=locked.space,
        )
    poll.__dict__.update(
        {k: getattr(locked, k) for k in ("status", "closed_at", "closed_by_id", "chosen_option_id")}
    )
    return locked


def close_due_polls(*, now=None, space=None) -> int:
    """Close every open poll whose date has passed (the `close_polls` command, and the first
    view after the date, so that a poll is never closed late). Returns how many."""
    due = Poll.objects.due(now).select_related("space")
    if space is not None:
        due = due.filter(space=space)
    closed = 0
    for poll in due:
        close_poll(actor=None, poll=poll, automatic=True)
        closed += 1
    return closed


def close_if_due(poll: Poll) -> None:
    if poll.status == PollStatus.OPEN and poll.closes_at <= timezone.now():
        close_poll(actor=None, poll=poll, automatic=True)


# --- Outcome ------------------------------------------------------------------------------------


def write_outcome(*, actor, poll: Poll, text: str, chosen_option: Option | None = None) -> Poll:
    """Write (or correct) the outcome statement of a closed poll, shown at the top of its
    page; for a date poll, also the date chosen (by default the best one). The audience is
    told when the outcome is first published."""
    text = (text or "").strip()
    if not text:
        raise PollError("Écrivez la conclusion du sondage.")
    if len(text) > 10000:
        raise PollError("La conclusion tient en 10 000 caractères au plus.")
    with transaction.atomic():
        locked = Poll.objects.select_for_update().get(pk=poll.pk)
        if locked.status != PollStatus.CLOSED:
            raise PollError("La conclusion s'écrit une fois le sondage clos.")
        fields = ["outcome", "outcome_at"]
        if locked.kind == PollKind.DATE and chosen_option is not None:
            if chosen_option.poll_id != locked.pk:
                raise PollError("Cette date n'est pas proposée par le sondage.")
            if locked.sitting_id and chosen_option.pk != locked.chosen_option_id:
                raise PollError(
                    "La séance est déjà créée à la date retenue : modifiez la séance elle-même."
                )
            locked.chosen_option = chosen_option
            fields.append("chosen_option")
        first = not locked.outcome
        locked.outcome = text
        locked.outcome_at = timezone.now()
        locked.save(update_fields=fields)
        log_action(
            actor=actor, action="polls.outcome", obj=locked, space=locked.space,
            data={"first": first, "chosen_option": locked.chosen_option_id},
        )  # fmt: skip
        if first:
            notify(
                recipients=audience_people(locked),
                kind=Kind.POLL,
                title=f"Conclusion du sondage : {locked.title}",
                url=locked.get_absolute_url(),
                space=locked.space,
                exclude=person_of(actor),
            )
    return locked


# --- Date poll → sitting ------------------------------------------------------------------------


def create_sitting_from_poll(*, actor, poll: Poll, place: str):
    """Turn a closed date poll linked to a body into a sitting in preparation at the chosen
    date (`maillage.meetings.services.bodies.create_sitting`, whose French refusals — a date
    in the past… — are passed on as they are), and record the link."""
    with transaction.atomic():
        locked = (
            Poll.objects.select_for_update(of=("self",))
            .select_related("body__space")
            .get(pk=poll.pk)
        )
        if locked.kind != PollKind.DATE:
            raise PollError("Seul un sondage de date devient une séance.")
        if locked.status != PollStatus.CLOSED:
            raise PollError("Closez le sondage avant de créer la séance.")
        if locked.body is None:
            raise PollError("Ce sondage ne concerne aucune instance : pas de séance à créer.")
        if locked.sitting_id is not None:
            raise PollError("La séance a déjà été créée à partir de ce sondage.")
        if locked.chosen_option_id is None:
            raise PollError("Choisissez d'abord la date retenue (conclusion du sondage).")
        option = Option.objects.get(pk=locked.chosen_option_id)
        try:
            sitting = meetings_bodies.create_sitting(
                actor=actor, body=locked.body, starts_at=option.starts_at, place=place or ""
            )
        except MeetingError as error:
            raise PollError(str(error)) from error
        locked.sitting = sitting
        locked.save(update_fields=["sitting"])
        log_action(
            actor=actor, action="polls.to_sitting", obj=locked, space=locked.space,
            data={"sitting": sitting.pk, "starts_at": option.starts_at.isoformat()},
        )  # fmt: skip
    poll.sitting = sitting
    return sitting
