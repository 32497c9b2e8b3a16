"""Votes in a sitting: putting an item to the vote (show of hands, named, from the phones,
secret), the count, the ballots, the outcome, appointments in up to three rounds, and the
postponement of an item that cannot be decided by videoconference.

The figures of each item come from `session.load_day`; every rule from `rules.py` (L2121-20,
L2121-21, L5211-11-1). Every change runs in a transaction, refuses with a French
`MeetingError` and records one action in the log.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit.services import log_action

from .. import rules
from ..models import (
    AgendaItem,
    Ballot,
    BallotMode,
    Choice,
    ItemKind,
    Outcome,
    Seat,
    SecretBallot,
    SecretTurnout,
    SittingMode,
    Vote,
)
from . import MeetingError
from .session import _locked, _must_be_open, _name, load_day, seats_in_office, sitting_day

APPOINTMENT_KINDS = frozenset({ItemKind.APPOINTMENT, ItemKind.ELECTION})
_urn_shuffle = random.SystemRandom()


class ItemPostponed(MeetingError):
    """The item could not be voted in this sitting and was postponed (the change is kept)."""


@dataclass(frozen=True)
class Candidate:
    """A candidate entered by name, with the birth date that decides a round-3 tie."""

    name: str
    birth_date: datetime.date | None = None


def _candidates(given, previous: Vote | None) -> list[dict]:
    """Normalise the candidates of an appointment: Persons of the space (their birth date
    comes from their record) or `Candidate`s entered by hand (birth date required)."""
    if not given and previous is not None:
        return [{**c, "votes": 0} for c in previous.candidates]
    result, names = [], set()
    for candidate in given:
        if hasattr(candidate, "last_name"):  # a Person
            name, birth = str(candidate), candidate.birth_date
        else:
            name = (candidate.name or "").strip()
            birth = candidate.birth_date
            if name and birth is None:
                raise MeetingError(
                    f"Indiquez la date de naissance de {name} : à égalité de voix au "
                    "troisième tour, le plus âgé est désigné (L2121-21)."
                )
        if not name:
            continue
        if name in names:
            raise MeetingError(f"{name} figure deux fois parmi les candidats.")
        names.add(name)
        result.append(
            {"name": name[:300], "birth_date": birth.isoformat() if birth else "", "votes": 0}
        )
    if not result:
        raise MeetingError("Une désignation demande au moins un candidat.")
    return result


def postpone_item(*, actor, item: AgendaItem, reason: str) -> AgendaItem:
    """Move an item to a later sitting held in person (L5211-11-1): a secret ballot, an
    appointment, an election or the budget primitif cannot be decided by videoconference."""
    with transaction.atomic():
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if item.votes.exists():
            raise MeetingError("Ce point a déjà été mis aux voix : il ne peut plus être reporté.")
        item.postponed = True
        item.save(update_fields=["postponed"])
        log_action(
            actor=actor,
            action="meetings.postpone_item",
            obj=item,
            space=item.sitting.body.space,
            data={"reason": reason},
        )
    return item


def _prepare_vote(*, item, public_requests, secret_requests, electronic, candidates):
    """Checks and builds the vote; returns (vote, None) or (None, reason to postpone)."""
    sitting = _locked(item.sitting)
    _must_be_open(sitting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if not item.is_voted:
        raise MeetingError("Ce point est une information : il ne donne pas lieu à un vote.")
    if item.postponed:
        raise MeetingError("Ce point est reporté à une séance ultérieure.")
    running = (
        Vote.objects.filter(item__sitting=sitting, status=Vote.Status.OPEN)
        .select_related("item")
        .first()
    )
    if running is not None:
        raise MeetingError(
            f"Le vote sur le point n° {running.item.position} est encore ouvert : "
            "clôturez-le d'abord."
        )
    appointment = item.kind in APPOINTMENT_KINDS
    previous = item.votes.order_by("-round_number").first()
    round_number = 1
    if previous is not None:
        if not appointment:
            raise MeetingError("Ce point a déjà été mis aux voix.")
        if previous.elected:
            raise MeetingError(f"{previous.elected} a déjà été désigné(e) sur ce point.")
        if previous.round_number >= 3:
            raise MeetingError("Les trois tours de la désignation ont eu lieu (L2121-21).")
        round_number = previous.round_number + 1
    loaded = load_day(sitting)
    figures = loaded.count(item)
    if not figures.may_deliberate:
        if figures.needed is None:
            raise MeetingError("L'instance n'a aucun membre en exercice : elle ne peut voter.")
        raise MeetingError(
            f"Le quorum n'est pas atteint pour ce point : {figures.taking_part} présent(s) "
            f"pour {figures.needed} requis sur {figures.members_in_office} membres en "
            "exercice (L2121-17)."
        )
    for requests in (public_requests, secret_requests):
        if requests < 0 or requests > figures.taking_part:
            raise MeetingError(
                "Le nombre de demandes est compris entre 0 et le nombre de membres présents "
                f"({figures.taking_part})."
            )
    mode = rules.ballot_mode(
        present=figures.taking_part,
        public_requests=public_requests,
        secret_requests=secret_requests,
        appointment=appointment,
    )
    if sitting.mode == SittingMode.MULTI_SITE:
        allowed, reason = rules.video_allowed(
            body_is_epci_council=sitting.body.is_council,
            item_kind=item.kind,
            secret_ballot=mode == BallotMode.SECRET,
        )
        if not allowed:
            if not sitting.body.is_council:
                raise MeetingError(reason)
            return None, reason
    vote = Vote(
        item=item,
        round_number=round_number,
        mode=mode,
        public_requests=public_requests,
        secret_requests=secret_requests,
        electronic=electronic,
        members_in_office=figures.members_in_office,
        present=figures.taking_part,
        represented=figures.represented,
        candidates=_candidates(candidates, previous) if appointment else [],
    )
    return vote, None


def open_vote(
    *,
    actor,
    item: AgendaItem,
    public_requests: int = 0,
    secret_requests: int = 0,
    electronic: bool = False,
    candidates=(),
) -> Vote:
    """Put an item to the vote. The mode follows the requests (L2121-21: public on a quarter
    of the members present, secret on a third, secret for every appointment); refused without
    quorum for the item, except at a second sitting (L2121-17). The figures of the item are
    kept on the vote. In a multi-site sitting, an item that cannot be decided remotely (secret
    ballot, appointment, election, budget primitif) is postponed to a sitting in person
    (L5211-11-1): the postponement is recorded and `ItemPostponed` says so.

    `candidates` (appointments, round 1): Persons of the space or `Candidate(name,
    birth_date)`; later rounds keep the previous round's candidates unless others are given.
    """
    with transaction.atomic():
        vote, postpone_reason = _prepare_vote(
            item=item,
            public_requests=public_requests,
            secret_requests=secret_requests,
            electronic=electronic,
            candidates=candidates,
        )
        if vote is not None:
            try:
                with transaction.atomic():
                    vote.save()
            except IntegrityError as error:
                raise MeetingError(
                    "Ce vote est déjà ouvert : il n'a pas été ouvert une seconde fois."
                ) from error
            log_action(
                actor=actor,
                action="meetings.open_vote",
                obj=vote,
                space=item.sitting.body.space,
                data={
                    "item": item.pk,
                    "round": vote.round_number,
                    "mode": vote.mode,
                    "electronic": vote.electronic,
                    "public_requests": public_requests,
                    "secret_requests": secret_requests,
                    "members_in_office": vote.members_in_office,
                    "present": vote.present,
                    "represented": vote.represented,
                    "candidates": [c["name"] for c in vote.candidates],
                },
            )
            return vote
    postpone_item(actor=actor, item=item, reason=postpone_reason)
    raise ItemPostponed(f"{postpone_reason} Le point « {item.title} » est reporté.")


def _locked_vote(vote: Vote) -> Vote:
    vote = (
        Vote.objects.select_for_update(of=("self",))
        .select_related("item__sitting__body__space")
        .get(pk=vote.pk)
    )
    if vote.status != Vote.Status.OPEN:
        raise MeetingError("Ce vote est clos : plus rien ne peut y être enregistré.")
    return vote


def _is_appointment(vote: Vote) -> bool:
    return vote.item.kind in APPOINTMENT_KINDS


def record_counts(
    *,
    actor,
    vote: Vote,
    votes_for: int = 0,
    votes_against: int = 0,
    abstentions: int = 0,
    blank: int = 0,
    president_vote: str = "",
    candidate_votes: dict[str, int] | None = None,
) -> Vote:
    """The secretary's count of a show of hands (or of a paper urn): totals may not exceed the
    voters (present and proxies exercised for the item) — in statutory weights when the body
    weighs votes. For an appointment, `candidate_votes` gives each candidate's votes."""
    with transaction.atomic():
        vote = _locked_vote(vote)
        if vote.electronic:
            raise MeetingError(
                "Ce vote se fait depuis les téléphones : le décompte est celui des bulletins."
            )
        appointment = _is_appointment(vote)
        if appointment:
            candidate_votes = candidate_votes or {}
            unknown = set(candidate_votes) - {c["name"] for c in vote.candidates}
            if unknown:
                raise MeetingError(f"{', '.join(sorted(unknown))} n'est pas candidat(e).")
            votes_for, votes_against = sum(candidate_votes.values()), 0
        numbers = [votes_for, votes_against, abstentions, blank]
        if appointment:
            numbers += list(candidate_votes.values())
        if any(n is None or n < 0 for n in numbers):
            raise MeetingError("Un nombre de voix ne peut pas être négatif.")
        if president_vote not in ("", Choice.FOR, Choice.AGAINST, Choice.ABSTAIN):
            raise MeetingError("Choisissez le vote du président : pour, contre ou abstention.")
        if vote.mode == BallotMode.SECRET:
            president_vote = ""  # a tie rejects in a secret ballot (L2121-20)
        sitting = vote.item.sitting
        figures = load_day(sitting).count(vote.item)
        total = votes_for + votes_against + abstentions + blank
        if sitting.body.weighted_votes:
            if total > figures.voting_weight:
                raise MeetingError(
                    f"Le décompte totalise {total} voix pondérées alors que les votants en "
                    f"portent {figures.voting_weight} : corrigez-le."
                )
        elif total > figures.voters:
            raise MeetingError(
                f"Le décompte totalise {total} voix pour {figures.voters} votants (présents et "
                "pouvoirs) : corrigez-le."
            )
        vote.votes_for, vote.votes_against = votes_for, votes_against
        vote.abstentions, vote.blank = abstentions, blank
        vote.president_vote = president_vote
        if appointment:
            vote.candidates = [
                {**c, "votes": candidate_votes.get(c["name"], 0)} for c in vote.candidates
            ]
        vote.save()
        log_action(
            actor=actor,
            action="meetings.record_counts",
            obj=vote,
            space=sitting.body.space,
            data={
                "for": votes_for,
                "against": votes_against,
                "abstentions": abstentions,
                "blank": blank,
                "president_vote": president_vote,
                **({"candidates": candidate_votes} if appointment else {}),
            },
        )
    return vote


def _check_ballot(vote: Vote, voter_seat: Seat, choice: str, on_behalf_of, candidate: str):
    """Who may vote and how; returns the ballot's weight."""
    if choice not in Choice.values:
        raise MeetingError("Choisissez votre vote.")
    if _is_appointment(vote):
        names = {c["name"] for c in vote.candidates}
        if choice == Choice.FOR and candidate not in names:
            raise MeetingError("Choisissez un des candidats, ou votez blanc.")
        if choice != Choice.FOR and choice != Choice.BLANK:
            raise MeetingError("Dans une désignation, on vote pour un candidat, ou blanc.")
    elif candidate:
        raise MeetingError("Ce vote ne porte pas sur des candidats.")
    loaded = load_day(vote.item.sitting)
    figures = loaded.count(vote.item)
    seat_id = voter_seat.pk
    if seat_id not in figures.voting_seats:
        withdrawn = loaded.withdrawals.get(vote.item_id, set())
        if seat_id in withdrawn or any(
            f.acting_seat == seat_id and f.seat in withdrawn for f in loaded.facts()
        ):
            raise MeetingError(
                "Vous vous êtes retiré(e) de ce point : vous ne prenez pas part au vote."
            )
        raise MeetingError(
            f"{_name(voter_seat)} n'est pas enregistré(e) comme présent(e) pour ce point : "
            "le secrétaire de séance doit noter l'arrivée avant le vote."
        )
    if on_behalf_of is None:
        return loaded.weight_of(seat_id)
    if figures.proxies.get(seat_id) != on_behalf_of.pk:
        raise MeetingError(
            f"{_name(voter_seat)} n'exerce pas le pouvoir de {_name(on_behalf_of)} pour ce point."
        )
    return loaded.weight_of(on_behalf_of.pk)


def _save_named_ballot(vote, voter_seat, on_behalf_of, choice, candidate, weight) -> Ballot:
    """Insert the ballot, or change it if the voter (or the proxy) already voted: the unique
    constraints decide, so two simultaneous clicks never make two ballots."""
    fields = {"voter": voter_seat, "choice": choice, "candidate": candidate, "weight": weight}
    try:
        with transaction.atomic():
            return Ballot.objects.create(vote=vote, on_behalf_of=on_behalf_of, **fields)
    except IntegrityError:
        if on_behalf_of is not None:
            ballot = Ballot.objects.select_for_update().get(vote=vote, on_behalf_of=on_behalf_of)
        else:
            ballot = Ballot.objects.select_for_update().get(
                vote=vote, voter=voter_seat, on_behalf_of__isnull=True
            )
        for name, value in fields.items():
            setattr(ballot, name, value)
        ballot.save()
        return ballot


def _drop_in_urn(vote, voter_seat, on_behalf_of, choice, candidate, weight) -> None:
    """A secret ballot: the turnout says who voted, the urn what was voted, and nothing links
    them. The urn is reshuffled at every ballot (new random keys, random order) so that not
    even the storage order tells who voted what. Final once cast *(choice)*."""
    try:
        with transaction.atomic():
            SecretTurnout.objects.create(vote=vote, voter=voter_seat, on_behalf_of=on_behalf_of)
    except IntegrityError as error:
        raise MeetingError(
            "Le vote de ce pouvoir est déjà dans l'urne."
            if on_behalf_of is not None
            else "Vous avez déjà voté à ce scrutin secret : un bulletin dans l'urne est définitif."
        ) from error
    urn = list(SecretBallot.objects.filter(vote=vote).values_list("choice", "candidate", "weight"))
    urn.append((choice, candidate, weight))
    _urn_shuffle.shuffle(urn)
    SecretBallot.objects.filter(vote=vote).delete()
    SecretBallot.objects.bulk_create(
        SecretBallot(vote=vote, choice=c, candidate=name, weight=w) for c, name, w in urn
    )


def cast_ballot(
    *,
    actor,
    vote: Vote,
    voter_seat: Seat,
    choice: str,
    on_behalf_of: Seat | None = None,
    candidate: str = "",
) -> None:
    """A member votes from their phone, in their own name or for the proxy they exercise. The
    voter must be present for the item (a suppléant sitting for a titulaire votes in their
    place) and not withdrawn. An ordinary or public vote may be changed until the vote closes;
    a secret ballot is final. The log says « a voté », never what, for a secret ballot."""
    with transaction.atomic():
        vote = _locked_vote(vote)
        if not vote.electronic:
            raise MeetingError(
                "Ce vote ne se fait pas depuis les téléphones : le secrétaire de séance le "
                "décompte."
            )
        weight = _check_ballot(vote, voter_seat, choice, on_behalf_of, candidate)
        secret = vote.mode == BallotMode.SECRET
        if secret:
            _drop_in_urn(vote, voter_seat, on_behalf_of, choice, candidate, weight)
        else:
            _save_named_ballot(vote, voter_seat, on_behalf_of, choice, candidate, weight)
        data = {"vote": vote.pk, "voter": voter_seat.pk, "secret": secret}
        if on_behalf_of is not None:
            data["on_behalf_of"] = on_behalf_of.pk
        if not secret:
            data.update(choice=choice, candidate=candidate)
        log_action(
            actor=actor,
            action="meetings.cast_ballot",
            obj=vote,
            space=vote.item.sitting.body.space,
            data=data,
        )


def record_named_ballot(
    *,
    actor,
    vote: Vote,
    seat: Seat,
    choice: str,
    on_behalf_of: Seat | None = None,
    candidate: str = "",
) -> Ballot:
    """The secretary records a member's vote by name (a public vote, or a member without a
    phone); not for a secret ballot."""
    with transaction.atomic():
        vote = _locked_vote(vote)
        if vote.mode == BallotMode.SECRET:
            raise MeetingError("Un scrutin secret ne s'enregistre pas nom par nom.")
        weight = _check_ballot(vote, seat, choice, on_behalf_of, candidate)
        ballot = _save_named_ballot(vote, seat, on_behalf_of, choice, candidate, weight)
        log_action(
            actor=actor,
            action="meetings.record_ballot",
            obj=vote,
            space=vote.item.sitting.body.space,
            data={
                "voter": seat.pk,
                "member": _name(seat),
                "on_behalf_of": on_behalf_of.pk if on_behalf_of else None,
                "choice": choice,
                "candidate": candidate,
            },
        )
    return ballot


def _president_choice(vote: Vote) -> str | None:
    """The chair's own ballot, as "for", "against" or "abstain" (blank counts as abstain)."""
    chair = seats_in_office(vote.item.sitting.body, sitting_day(vote.item.sitting)).filter(
        is_chair=True
    )
    ballot = vote.ballots.filter(voter__in=chair, on_behalf_of__isnull=True).first()
    if ballot is None:
        return None
    return Choice.ABSTAIN.value if ballot.choice == Choice.BLANK else ballot.choice


def close_vote(*, actor, vote: Vote) -> Vote:
    """Count and decide: totals from the ballots (phones, named) or from the secretary's
    count; the outcome by `rules.vote_outcome` (a tie is decided by the president's vote,
    except in a secret ballot, L2120-20), or for an appointment the winner by
    `rules.appointment_winner` (L2121-21)."""
    with transaction.atomic():
        vote = _locked_vote(vote)
        secret = vote.mode == BallotMode.SECRET
        from_ballots = vote.electronic or (not secret and vote.ballots.exists())
        if from_ballots:
            if secret:
                rows = list(vote.secret_ballots.values_list("weight", "choice", "candidate"))
                president = None
            else:
                rows = list(vote.ballots.values_list("weight", "choice", "candidate"))
                president = _president_choice(vote)
            totals = rules.weighted_totals((weight, choice) for weight, choice, _ in rows)
            by_candidate: dict[str, int] = {}
            for weight, choice, name in rows:
                if choice == Choice.FOR and name:
                    by_candidate[name] = by_candidate.get(name, 0) + weight
        else:
            candidate_total = sum(c.get("votes", 0) for c in vote.candidates)
            if not (
                vote.votes_for + vote.votes_against + vote.abstentions + vote.blank
                or candidate_total
            ):
                raise MeetingError("Saisissez le décompte des voix avant de clore le vote.")
            totals = rules.VoteCount(
                votes_for=vote.votes_for,
                votes_against=vote.votes_against,
                abstentions=vote.abstentions,
                blank_or_spoilt=vote.blank,
            )
            president = vote.president_vote or None
            by_candidate = {c["name"]: c.get("votes", 0) for c in vote.candidates}
        if _is_appointment(vote):
            votes = {c["name"]: by_candidate.get(c["name"], 0) for c in vote.candidates}
            cast = sum(votes.values())
            birth_dates = {
                c["name"]: datetime.date.fromisoformat(c["birth_date"])
                for c in vote.candidates
                if c.get("birth_date")
            }
            try:
                winner = rules.appointment_winner(
                    round_number=vote.round_number,
                    votes=votes,
                    votes_cast=cast,
                    birth_dates=birth_dates,
                )
            except ValueError as error:
                raise MeetingError(str(error)) from error
            vote.candidates = [{**c, "votes": votes[c["name"]]} for c in vote.candidates]
            vote.votes_for, vote.votes_against = cast, 0
            vote.elected = winner or ""
            vote.outcome = Outcome.ADOPTED if winner else Outcome.REJECTED
        else:
            vote.votes_for, vote.votes_against = totals.votes_for, totals.votes_against
            vote.outcome = rules.vote_outcome(
                votes_for=totals.votes_for,
                votes_against=totals.votes_against,
                secret=secret,
                president_vote=president,
            )
        vote.abstentions, vote.blank = totals.abstentions, totals.blank_or_spoilt
        vote.president_vote = "" if secret else (president or "")
        vote.status = Vote.Status.CLOSED
        vote.closed_at = timezone.now()
        vote.save()
        log_action(
            actor=actor,
            action="meetings.close_vote",
            obj=vote,
            space=vote.item.sitting.body.space,
            data={
                "for": vote.votes_for,
                "against": vote.votes_against,
                "abstentions": vote.abstentions,
                "blank": vote.blank,
                "president_vote": vote.president_vote,
                "outcome": vote.outcome,
                "elected": vote.elected,
            },
        )
    return vote
