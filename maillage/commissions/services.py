"""Every change to commissions open to municipal councillors (L5211-40-1).

Each function takes keyword-only arguments and the acting user as `actor`, runs in a
transaction, records the action in the log, and raises `CommissionError` with a French message
that a page shows as it is. Seats are created by `maillage.meetings.services.bodies.add_seat`.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.meetings.models import Body, Seat, SeatKind, Sitting, SittingStatus
from maillage.meetings.services import MeetingError
from maillage.meetings.services.bodies import add_seat
from maillage.notifications.models import Kind
from maillage.notifications.services import notify
from maillage.people.models import Person
from maillage.spaces.models import Role

from . import queries, rules
from .models import (
    CommissionSettings,
    Follow,
    JoinRequest,
    Replacement,
    RequestStatus,
    SittingNotice,
)

MAX_SEATS_LIMIT = 100


class CommissionError(Exception):
    """A change refused; the message is in French and shown as it is."""


def _person(actor) -> Person | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    return Person.objects.filter(user=actor).first()


def _body_url(body) -> str:
    return reverse("commissions:detail", args=[body.space.slug, body.pk])


def _sitting_url(sitting) -> str:
    return reverse(
        "commissions:sitting", args=[sitting.body.space.slug, sitting.body_id, sitting.pk]
    )


def _when(sitting) -> str:
    return f"{timezone.localtime(sitting.starts_at):%d/%m/%Y à %H h %M}"


# --- Settings ---------------------------------------------------------------------------------


def update_settings(
    *, actor, body: Body, open_to_councillors: bool, max_seats_per_commune: int
) -> CommissionSettings:
    """Open a body to municipal councillors or close it, and set how many titulaires a commune
    may have in it (L5211-40-1: the representation of the communes is the council's)."""
    if body.kind not in queries.OPENABLE_KINDS:
        raise CommissionError(
            "Seuls les commissions, comités d'orientation, comités techniques et groupes de "
            "travail s'ouvrent aux conseillers municipaux."
        )
    if max_seats_per_commune is None or not 1 <= max_seats_per_commune <= MAX_SEATS_LIMIT:
        raise CommissionError(
            f"Le nombre de sièges par commune est compris entre 1 et {MAX_SEATS_LIMIT}."
        )
    with transaction.atomic():
        settings, _ = CommissionSettings.objects.select_for_update().get_or_create(body=body)
        settings.open_to_councillors = open_to_councillors
        settings.max_seats_per_commune = max_seats_per_commune
        settings.save()
        body.__dict__.pop("_commission_settings", None)
        log_action(
            actor=actor,
            action="commissions.update_settings",
            obj=body,
            space=body.space,
            data={"open": open_to_councillors, "max_seats_per_commune": max_seats_per_commune},
        )
    return settings


# --- Requests to sit --------------------------------------------------------------------------


def _deciders(body) -> list[Person]:
    """Who decides on requests: the space admins and the body's chair."""
    admins = Person.objects.filter(
        space_roles__space=body.space,
        space_roles__role=Role.ADMIN,
        space_roles__end_date__isnull=True,
    )
    people = list(admins)
    chair_id = queries.chair_person_id(body)
    if chair_id is not None:
        people.append(Person.objects.get(pk=chair_id))
    return people


def ask_to_join(*, actor, person: Person, body: Body, commune, message: str = "") -> JoinRequest:
    """A municipal councillor asks to sit in a body opened to councillors, for their commune
    (L5211-40-1). One pending request per person and body."""
    space = body.space
    if not queries.is_open(body):
        raise CommissionError(
            f"« {body.name} » n'est pas ouverte aux conseillers municipaux : vous pouvez la "
            "suivre sans siéger, ou demander son ouverture à l'administrateur de l'espace."
        )
    if commune is None:
        raise CommissionError("Choisissez la commune que vous représenteriez.")
    if not queries.is_councillor_of(person, commune, space):
        raise CommissionError(
            f"{person.full_name} n'est pas conseiller municipal de {commune.name}, commune "
            "membre de l'espace : seuls ses conseillers municipaux peuvent la représenter."
        )
    if Seat.objects.current().filter(body=body, person=person).exists():
        raise CommissionError(f"{person.full_name} siège déjà dans « {body.name} ».")
    message = (message or "").strip()
    if len(message) > 3000:
        raise CommissionError("Le message dépasse 3 000 caractères : raccourcissez-le.")
    try:
        with transaction.atomic():
            if JoinRequest.objects.pending().filter(person=person, body=body).exists():
                raise CommissionError(
                    "Vous avez déjà une demande en attente pour cette commission."
                )
            join_request = JoinRequest.objects.create(
                person=person, body=body, commune=commune, message=message
            )
            log_action(
                actor=actor,
                action="commissions.ask_to_join",
                obj=join_request,
                space=space,
                data={"body": body.pk, "commune": commune.pk},
            )
            notify(
                recipients=_deciders(body),
                kind=Kind.COMMISSION,
                title=f"{person.full_name} demande à siéger dans « {body.name} »",
                body=f"Pour la commune de {commune.name}.",
                url=reverse("commissions:decide", args=[space.slug, body.pk, join_request.pk]),
                space=space,
                exclude=person,
            )
    except IntegrityError as error:
        raise CommissionError(
            "Vous avez déjà une demande en attente pour cette commission."
        ) from error
    return join_request


def _locked_pending(join_request: JoinRequest) -> JoinRequest:
    locked = (
        JoinRequest.objects.select_for_update()
        .select_related("person", "commune", "body__space")
        .get(pk=join_request.pk)
    )
    if locked.status != RequestStatus.PENDING:
        raise CommissionError(
            f"Cette demande est déjà {locked.get_status_display().lower()} : elle n'attend "
            "plus de décision."
        )
    return locked


def withdraw_request(*, actor, join_request: JoinRequest) -> JoinRequest:
    """The requester withdraws a pending request."""
    with transaction.atomic():
        locked = _locked_pending(join_request)
        locked.status = RequestStatus.WITHDRAWN
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save()
        log_action(
            actor=actor,
            action="commissions.withdraw_request",
            obj=locked,
            space=locked.body.space,
        )
    return locked


def accept_request(*, actor, join_request: JoinRequest) -> JoinRequest:
    """Accept a request: the councillor gets a titulaire seat for their commune, unless the
    commune already has the maximum of seats set for the body (L5211-40-1, *(choice)*: 1 by
    default). The requester is notified."""
    with transaction.atomic():
        # The body's row serialises two acceptances for the same commune.
        Body.objects.select_for_update().filter(pk=join_request.body_id).first()
        locked = _locked_pending(join_request)
        body, commune, person = locked.body, locked.commune, locked.person
        if not queries.is_open(body):
            raise CommissionError(
                f"« {body.name} » n'est plus ouverte aux conseillers municipaux : rouvrez-la "
                "dans ses réglages ou refusez la demande."
            )
        if not queries.is_councillor_of(person, commune, body.space):
            raise CommissionError(
                f"{person.full_name} n'est plus conseiller municipal de {commune.name} : la "
                "demande ne peut pas être acceptée."
            )
        refusal = rules.representation_refusal(
            commune=commune.name,
            seats_of_commune=queries.seats_of_commune(body, commune),
            maximum=queries.settings_of(body).max_seats_per_commune,
        )
        if refusal:
            raise CommissionError(refusal)
        try:
            seat = add_seat(
                actor=actor,
                body=body,
                person=person,
                kind=SeatKind.TITULAIRE,
                organisation=commune,
            )
        except MeetingError as error:
            raise CommissionError(str(error)) from error
        locked.status = RequestStatus.ACCEPTED
        locked.seat = seat
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save()
        log_action(
            actor=actor,
            action="commissions.accept_request",
            obj=locked,
            space=body.space,
            data={"seat": seat.pk, "commune": commune.pk},
        )
        notify(
            recipients=[person],
            kind=Kind.COMMISSION,
            title=f"Votre demande pour « {body.name} » est acceptée",
            body=f"Vous siégez comme titulaire pour {commune.name}.",
            url=_body_url(body),
            space=body.space,
        )
    return locked


def refuse_request(*, actor, join_request: JoinRequest, reason: str) -> JoinRequest:
    """Refuse a request, with the reason the requester reads in their notification."""
    reason = (reason or "").strip()
    if not reason:
        raise CommissionError("Indiquez le motif du refus : il est transmis au demandeur.")
    if len(reason) > 3000:
        raise CommissionError("Le motif dépasse 3 000 caractères : raccourcissez-le.")
    with transaction.atomic():
        locked = _locked_pending(join_request)
        locked.status = RequestStatus.REFUSED
        locked.reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save()
        body = locked.body
        log_action(
            actor=actor,
            action="commissions.refuse_request",
            obj=locked,
            space=body.space,
            data={"reason": reason},
        )
        notify(
            recipients=[locked.person],
            kind=Kind.COMMISSION,
            title=f"Votre demande pour « {body.name} » est refusée",
            body=reason,
            url=_body_url(body),
            space=body.space,
        )
    return locked


# --- Following without a seat -----------------------------------------------------------------


def toggle_follow(*, actor, person: Person, body: Body) -> bool:
    """Follow a listed body without a seat (documents and remote link of its sittings, no
    vote), or stop following it. Returns whether the person now follows it."""
    if not queries.is_listed(body):
        raise CommissionError(f"« {body.name} » n'est pas ouverte aux conseillers municipaux.")
    with transaction.atomic():
        existing = Follow.objects.select_for_update().filter(person=person, body=body).first()
        if existing is not None:
            existing.delete()
            log_action(actor=actor, action="commissions.unfollow", obj=body, space=body.space)
            return False
        if not queries.communes_of(person, body.space):
            raise CommissionError(
                "Suivre une commission est réservé aux conseillers municipaux des communes membres."
            )
        if Seat.objects.current().filter(body=body, person=person).exists():
            raise CommissionError(
                f"Vous siégez dans « {body.name} » : vous recevez déjà ses convocations et son "
                "dossier."
            )
        try:
            with transaction.atomic():
                Follow.objects.create(person=person, body=body)
        except IntegrityError as error:
            raise CommissionError("Vous suivez déjà cette commission.") from error
        log_action(actor=actor, action="commissions.follow", obj=body, space=body.space)
    return True


def notify_followers(*, sitting: Sitting) -> int:
    """Tell the followers of a listed body that one of its sittings is convened, each once.
    Called by `manage.py notify_commission_followers` (and by the sittings' convocation when
    it calls it). Returns how many people were told."""
    body = sitting.body
    if sitting.status != SittingStatus.CONVENED or not queries.is_listed(body):
        return 0
    with transaction.atomic():
        told = SittingNotice.objects.filter(sitting=sitting).values("person_id")
        followers = list(Person.objects.filter(commission_follows__body=body).exclude(pk__in=told))
        if not followers:
            return 0
        SittingNotice.objects.bulk_create(
            [SittingNotice(sitting=sitting, person=person) for person in followers],
            ignore_conflicts=True,
        )
        notify(
            recipients=followers,
            kind=Kind.COMMISSION,
            title=f"« {body.name} » se réunit le {_when(sitting)}",
            body="L'ordre du jour et le dossier sont en ligne.",
            url=_sitting_url(sitting),
            space=body.space,
        )
        log_action(
            actor=None,
            action="commissions.notify_followers",
            obj=sitting,
            space=body.space,
            data={"people": len(followers)},
        )
    return len(followers)


def notify_followers_of_convened_sittings() -> int:
    """Every convened sitting still to come of a followed body: tell the followers not yet
    told (idempotent; a cron job or timer runs it)."""
    sittings = Sitting.objects.filter(
        status=SittingStatus.CONVENED,
        starts_at__gte=timezone.now(),
        body__follows__isnull=False,
    ).distinct()
    return sum(notify_followers(sitting=sitting) for sitting in sittings.select_related("body"))


# --- One-sitting replacement (L5211-40-1) -----------------------------------------------------


def name_replacement(
    *, actor, sitting: Sitting, seat: Seat, replacement: Person, commune=None
) -> Replacement:
    """The mayor names, for one convened sitting, a municipal councillor of the commune to
    replace a member representing it who cannot attend (L5211-40-1). `commune` (the one the
    mayor acts for) defaults to the member's commune. The replacement and the member are notified;
    the replacement gets the sitting's dossier."""
    body = sitting.body
    space = body.space
    mayor = _person(actor)
    if not queries.is_listed(body):
        raise CommissionError(f"« {body.name} » n'est pas une commission ouverte aux conseillers.")
    if seat.body_id != body.pk:
        raise CommissionError(f"{seat.person.full_name} ne siège pas dans « {body.name} ».")
    with transaction.atomic():
        sitting = (
            Sitting.objects.select_for_update().select_related("body__space").get(pk=sitting.pk)
        )
        member_commune = queries.seat_commune(seat, space)
        mayor_communes = queries.mayor_communes(mayor, space)
        if commune is None:
            commune = member_commune or (mayor_communes[0] if mayor_communes else None)
        existing = (
            Replacement.objects.filter(sitting=sitting, replaced_seat=seat)
            .select_related("replacement")
            .first()
        )
        other = (
            Replacement.objects.filter(sitting=sitting, replacement=replacement)
            .select_related("replaced_seat__person")
            .first()
        )
        facts = rules.ReplacementFacts(
            namer_is_mayor=commune is not None and commune in mayor_communes,
            commune=commune.name if commune else "la commune du membre",
            member=seat.person.full_name,
            member_commune_matches=commune is not None and member_commune == commune,
            member_is_titulaire=seat.kind == SeatKind.TITULAIRE and seat.end_date is None,
            replacement=replacement.full_name,
            replacement_is_councillor=commune is not None
            and queries.is_councillor_of(replacement, commune, space),
            replacement_is_member=Seat.objects.current()
            .filter(body=body, person=replacement)
            .exists(),
            sitting_status=sitting.status,
            already_replaced_by=existing.replacement.full_name if existing else "",
            replacement_already_replaces=other.replaced_seat.person.full_name if other else "",
        )
        refusal = rules.replacement_refusal(facts)
        if refusal:
            raise CommissionError(refusal)
        try:
            with transaction.atomic():
                named = Replacement.objects.create(
                    sitting=sitting,
                    replaced_seat=seat,
                    replacement=replacement,
                    commune=commune,
                    named_by=actor,
                    named_by_person=mayor,
                )
        except IntegrityError as error:
            raise CommissionError(
                f"{seat.person.full_name} vient d'être remplacé pour cette séance, ou "
                f"{replacement.full_name} remplace déjà un membre : rechargez la page."
            ) from error
        log_action(
            actor=actor,
            action="commissions.name_replacement",
            obj=sitting,
            space=space,
            data={
                "seat": seat.pk,
                "member": seat.person.full_name,
                "replacement": replacement.pk,
                "commune": commune.pk,
            },
        )
        url = _sitting_url(sitting)
        notify(
            recipients=[replacement],
            kind=Kind.COMMISSION,
            title=(f"Vous remplacez {seat.person.full_name} à « {body.name} » le {_when(sitting)}"),
            body=(
                f"Désigné par le maire de {commune.name} (L5211-40-1). L'ordre du jour et le "
                "dossier de la séance sont en ligne."
            ),
            url=url,
            space=space,
        )
        notify(
            recipients=[seat.person],
            kind=Kind.COMMISSION,
            title=f"{replacement.full_name} vous remplace à « {body.name} » le {_when(sitting)}",
            body=f"Désigné par le maire de {commune.name} (L5211-40-1).",
            url=url,
            space=space,
            exclude=mayor,
        )
    return named


def cancel_replacement(*, actor, replacement: Replacement) -> None:
    """The mayor who named a replacement (or the space admin) withdraws it before the sitting
    opens; the replacement is told."""
    sitting = replacement.sitting
    if sitting.status not in rules.REPLACEABLE_STATUSES:
        raise CommissionError(
            f"La séance est {rules.STATUS_WORDS[sitting.status]} : le remplacement ne se "
            "retire plus."
        )
    with transaction.atomic():
        person = replacement.replacement
        member = replacement.replaced_seat.person
        log_action(
            actor=actor,
            action="commissions.cancel_replacement",
            obj=sitting,
            space=sitting.body.space,
            data={"seat": replacement.replaced_seat_id, "replacement": person.pk},
        )
        replacement.delete()
        notify(
            recipients=[person],
            kind=Kind.COMMISSION,
            title=(
                f"Vous ne remplacez plus {member.full_name} à « {sitting.body.name} » le "
                f"{_when(sitting)}"
            ),
            url=_body_url(sitting.body),
            space=sitting.body.space,
        )
