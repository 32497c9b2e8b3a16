"""Services for the bodies part of sittings: bodies and their seats, sittings in preparation,
their agenda and their documents (note explicative de synthèse, annexes).

Every function takes keyword-only arguments and the acting user as `actor`, runs in a
transaction, records the action in the log, and raises `MeetingError` with a French message
that a screen shows as it is. The CGCT rules come from `maillage.meetings.rules`.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.people.models import Function, Mandate, Person
from maillage.spaces.models import Space
from maillage.uploads import real_type

from .. import rules
from ..models import (
    AgendaItem,
    Annex,
    Body,
    BodyKind,
    ItemKind,
    Matter,
    Seat,
    SeatKind,
    Sitting,
    SittingMode,
    SittingStatus,
)
from . import MeetingError, convocations
from .session import check_agenda_editable

# At most one of these per space *(choice)*: a space has one council, one bureau and one
# conférence des maires; commissions and working groups are as many as it likes.
SINGLE_KINDS = frozenset(
    {
        BodyKind.CONSEIL_COMMUNAUTAIRE,
        BodyKind.COMITE_SYNDICAL,
        BodyKind.BUREAU,
        BodyKind.CONFERENCE_MAIRES,
    }
)
PDF_MAX_BYTES = 20 * 1024 * 1024
ITEM_FIELDS = ("rapporteur", "summary", "draft_text", "matter", "budget_year", "budget_name")


# --- Bodies -----------------------------------------------------------------------------------


def body_kinds(space: Space) -> list[tuple[str, str]]:
    """The kinds of body a space may create: an EPCI has a conseil communautaire, an operator
    (syndicat…) a comité syndical."""
    unwanted = BodyKind.COMITE_SYNDICAL if space.is_epci else BodyKind.CONSEIL_COMMUNAUTAIRE
    return [(value, label) for value, label in BodyKind.choices if value != unwanted]


def _check_body(*, space: Space, kind: str, name: str, body: Body | None = None) -> None:
    if kind not in BodyKind.values:
        raise MeetingError("Choisissez le type de l'instance.")
    if kind == BodyKind.CONSEIL_COMMUNAUTAIRE and not space.is_epci:
        raise MeetingError(
            "Un opérateur mutualisé (syndicat…) a un comité syndical, pas un conseil communautaire."
        )
    if kind == BodyKind.COMITE_SYNDICAL and space.is_epci:
        raise MeetingError(
            "Une intercommunalité a un conseil communautaire, pas un comité syndical."
        )
    if not name.strip():
        raise MeetingError("Donnez un nom à l'instance.")
    others = Body.objects.filter(space=space).exclude(pk=body.pk if body else None)
    if others.filter(name__iexact=name.strip()).exists():
        raise MeetingError("Une instance de l'espace porte déjà ce nom.")
    if kind in SINGLE_KINDS and others.filter(kind=kind).exists():
        raise MeetingError(f"L'espace a déjà une instance de type « {BodyKind(kind).label} ».")


def create_body(
    *, actor, space: Space, kind: str, name: str, description: str = "", weighted_votes=False
) -> Body:
    """Create a body of the space (council, bureau, conférence des maires, commission…)."""
    try:
        with transaction.atomic():
            # Two admins creating the council at once: the second waits, then sees the first.
            Space.objects.select_for_update().filter(pk=space.pk).first()
            _check_body(space=space, kind=kind, name=name)
            body = Body.objects.create(
                space=space,
                kind=kind,
                name=name.strip(),
                description=description.strip(),
                weighted_votes=weighted_votes,
            )
            log_action(
                actor=actor,
                action="meetings.create_body",
                obj=body,
                space=space,
                data={"kind": kind},
            )
    except IntegrityError as error:
        raise MeetingError("Une instance de l'espace porte déjà ce nom.") from error
    return body


def update_body(
    *, actor, body: Body, kind: str, name: str, description: str = "", weighted_votes=False
) -> Body:
    """Change a body's name, description, votes; its kind only while it has no sitting."""
    try:
        with transaction.atomic():
            Space.objects.select_for_update().filter(pk=body.space_id).first()
            if kind != body.kind and body.sittings.exists():
                raise MeetingError(
                    "Le type d'une instance qui a déjà des séances ne change pas : créez une "
                    "autre instance."
                )
            _check_body(space=body.space, kind=kind, name=name, body=body)
            body.kind = kind
            body.name = name.strip()
            body.description = description.strip()
            body.weighted_votes = weighted_votes
            body.save()
            log_action(actor=actor, action="meetings.update_body", obj=body, space=body.space)
    except IntegrityError as error:
        raise MeetingError("Une instance de l'espace porte déjà ce nom.") from error
    return body


# --- Seats ------------------------------------------------------------------------------------


def space_organisation_ids(space: Space) -> set[int]:
    """The organisations a seat may represent: the space's own and its current members."""
    members = set(space.members.current().values_list("organisation_id", flat=True))
    return members | {space.organisation_id}


def is_person_of_space(person: Person, space: Space) -> bool:
    return Person.objects.in_space(space).filter(pk=person.pk).exists()


def add_seat(
    *,
    actor,
    body: Body,
    person: Person,
    kind: str,
    organisation=None,
    substitute_for: Seat | None = None,
    weight: int = 1,
    is_chair: bool = False,
    start_date: datetime.date | None = None,
) -> Seat:
    """Seat a person of the space in a body: titulaire, suppléant of a current titulaire of
    the same body (L5211-6), or invité without a vote. Dated; ended, never deleted."""
    if kind not in SeatKind.values:
        raise MeetingError("Choisissez le type de siège.")
    if not is_person_of_space(person, body.space):
        raise MeetingError(
            f"{person.full_name} n'est pas une personne de l'espace : seuls ses élus, agents "
            "et référents peuvent y siéger."
        )
    if organisation is not None and organisation.pk not in space_organisation_ids(body.space):
        raise MeetingError(
            f"{organisation.name} n'est ni l'organisation de l'espace ni l'un de ses membres."
        )
    if weight is None or weight < 1:
        raise MeetingError("Le poids d'une voix est au moins 1.")
    if not body.weighted_votes:
        weight = 1
    if kind == SeatKind.SUPPLEANT:
        if substitute_for is None:
            raise MeetingError("Un suppléant remplace un titulaire : choisissez lequel (L5211-6).")
        if substitute_for.body_id != body.pk:
            raise MeetingError("Le suppléant doit remplacer un titulaire de la même instance.")
        if substitute_for.kind != SeatKind.TITULAIRE or substitute_for.end_date is not None:
            raise MeetingError("Un suppléant remplace un titulaire en fonctions.")
        if substitute_for.person_id == person.pk:
            raise MeetingError("Une personne ne peut pas être sa propre suppléante.")
    elif substitute_for is not None:
        raise MeetingError("Seul un suppléant remplace un titulaire : ne choisissez pas de siège.")
    if is_chair and kind != SeatKind.TITULAIRE:
        raise MeetingError("Seul un titulaire peut présider l'instance.")
    start_date = start_date or timezone.localdate()
    try:
        with transaction.atomic():
            Body.objects.select_for_update().filter(pk=body.pk).first()
            current = Seat.objects.current().filter(body=body)
            if current.filter(person=person).exists():
                raise MeetingError(f"{person.full_name} siège déjà dans cette instance.")
            if is_chair and current.filter(is_chair=True).exists():
                raise MeetingError(
                    "L'instance a déjà un président : mettez fin à son siège d'abord."
                )
            seat = Seat.objects.create(
                body=body,
                person=person,
                kind=kind,
                organisation=organisation,
                substitute_for=substitute_for,
                weight=weight,
                is_chair=is_chair,
                start_date=start_date,
            )
            log_action(
                actor=actor,
                action="meetings.add_seat",
                obj=seat,
                space=body.space,
                data={"kind": kind, "person": person.pk, "chair": is_chair, "weight": weight},
            )
    except IntegrityError as error:
        raise MeetingError(
            f"{person.full_name} siège déjà dans cette instance, ou l'instance a déjà un président."
        ) from error
    return seat


def end_seat(*, actor, seat: Seat, end_date: datetime.date) -> Seat:
    """End a seat at a date (not in the future, not before it started); never deleted.

    Ending a titulaire's seat ends its current suppléants' seats at the same date: a suppléant
    stands in for that titulaire only (L5211-6), and a seat for the next titulaire takes a
    suppléant of its own."""
    if end_date is None:
        raise MeetingError("Indiquez la date de fin du siège.")
    if end_date > timezone.localdate():
        raise MeetingError("Un siège prend fin au plus tard aujourd'hui.")
    if seat.start_date and end_date < seat.start_date:
        raise MeetingError(
            f"La fin du siège ne peut pas précéder son début ({seat.start_date:%d/%m/%Y})."
        )
    with transaction.atomic():
        locked = Seat.objects.select_for_update().get(pk=seat.pk)
        if locked.end_date is not None:
            raise MeetingError("Ce siège a déjà pris fin.")
        substitutes = list(
            Seat.objects.select_for_update()
            .filter(substitute_for=locked, end_date__isnull=True)
            .select_related("person")
            .order_by("pk")
        )
        for substitute in substitutes:
            if substitute.start_date and end_date < substitute.start_date:
                raise MeetingError(
                    f"Le siège de {substitute.person.full_name}, suppléant, commence le "
                    f"{substitute.start_date:%d/%m/%Y} : il prend fin avec celui du titulaire, "
                    "dont la fin ne peut donc pas le précéder."
                )
        locked.end_date = end_date
        locked.save(update_fields=["end_date"])
        seat.end_date = end_date
        Seat.objects.filter(pk__in=[s.pk for s in substitutes]).update(end_date=end_date)
        log_action(
            actor=actor,
            action="meetings.end_seat",
            obj=seat,
            space=seat.body.space,
            data={"end_date": end_date.isoformat(), "substitutes": [s.pk for s in substitutes]},
        )
        for substitute in substitutes:
            substitute.end_date = end_date
            log_action(
                actor=actor,
                action="meetings.end_seat",
                obj=substitute,
                space=seat.body.space,
                data={"end_date": end_date.isoformat(), "with_titulaire": seat.pk},
            )
    return seat


# --- Conférence des maires (L5211-11-3) ---------------------------------------------------------


def mayors_outside_bureau(space: Space):
    """Current mayors of the space's current member communes without a current seat in a
    bureau of the space."""
    members = space.members.current().values("organisation_id")
    mayors = Mandate.objects.current().filter(function=Function.MAIRE, organisation_id__in=members)
    in_bureau = (
        Seat.objects.current()
        .filter(body__space=space, body__kind=BodyKind.BUREAU)
        .values("person_id")
    )
    return mayors, mayors.exclude(person_id__in=in_bureau)


def conference_of_mayors_status(space: Space) -> dict:
    """Whether the space must have a conférence des maires, why, and whether it has one.

    With no mayor recorded, the bureau is not taken to include every mayor *(choice)*: the
    platform cannot tell, so it says the conférence is due in an EPCI à fiscalité propre.
    """
    mayors, outside = mayors_outside_bureau(space)
    mayor_count = mayors.values("person_id").distinct().count()
    outside_count = outside.values("person_id").distinct().count()
    includes_all = mayor_count > 0 and outside_count == 0
    body = Body.objects.filter(space=space, kind=BodyKind.CONFERENCE_MAIRES).first()
    return {
        "mandatory": rules.conference_of_mayors_mandatory(
            fiscalite_propre=space.is_epci, bureau_includes_every_mayor=includes_all
        ),
        "fiscalite_propre": space.is_epci,
        "mayors": mayor_count,
        "mayors_outside_bureau": outside_count,
        "bureau_includes_every_mayor": includes_all,
        "body": body,
    }


# --- Sittings ---------------------------------------------------------------------------------


def _person_of_space_or_none(person, space, what: str):
    if person is not None and not is_person_of_space(person, space):
        raise MeetingError(f"{person.full_name} n'est pas une personne de l'espace : {what}.")


def _check_mode(*, body: Body, mode: str, video_url: str, items=()) -> None:
    if mode not in SittingMode.values:
        raise MeetingError("Choisissez la modalité de la séance.")
    if mode != SittingMode.MULTI_SITE:
        return
    allowed, reason = rules.video_allowed(
        body_is_epci_council=body.is_council, item_kind=ItemKind.DELIBERATION
    )
    if not allowed:
        raise MeetingError(reason)
    if not video_url.strip():
        raise MeetingError(
            "Une séance en plusieurs lieux reliés demande le lien de la visioconférence."
        )
    for item in items:
        allowed, reason = rules.video_allowed(
            body_is_epci_council=body.is_council, item_kind=item.kind
        )
        if not allowed:
            raise MeetingError(f"Point {item.position} « {item.title} » : {reason}")


def _check_future(starts_at: datetime.datetime) -> None:
    if starts_at is None:
        raise MeetingError("Indiquez la date et l'heure de la séance.")
    if starts_at <= timezone.now():
        raise MeetingError("La séance ne peut pas avoir lieu dans le passé.")


def create_sitting(
    *,
    actor,
    body: Body,
    starts_at: datetime.datetime,
    place: str,
    mode: str = SittingMode.IN_PERSON,
    video_url: str = "",
    secretary: Person | None = None,
) -> Sitting:
    """Prepare a sitting of a body. Its convocation delay is 5 clear days: every space is an
    EPCI or a syndicat, to which L5211-1 applies the rules of communes of 3,500 or more,
    whatever their size (an open syndicat mixte is treated alike *(choice)*)."""
    _check_future(starts_at)
    if not place.strip():
        raise MeetingError("Indiquez le lieu de la séance.")
    _check_mode(body=body, mode=mode, video_url=video_url)
    _person_of_space_or_none(secretary, body.space, "choisissez un secrétaire de l'espace")
    try:
        with transaction.atomic():
            sitting = Sitting.objects.create(
                body=body,
                starts_at=starts_at,
                place=place.strip(),
                mode=mode,
                video_url=video_url.strip() if mode == SittingMode.MULTI_SITE else "",
                secretary=secretary,
                clear_days=rules.required_clear_days(epci=True, population=None),
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            log_action(
                actor=actor,
                action="meetings.create_sitting",
                obj=sitting,
                space=body.space,
                data={"starts_at": starts_at.isoformat(), "mode": mode},
            )
    except IntegrityError as error:
        raise MeetingError(
            "Une séance en plusieurs lieux reliés demande le lien de la visioconférence."
        ) from error
    return sitting


def _lock_draft(sitting: Sitting, what: str) -> Sitting:
    """Lock the sitting's row and check it is still in preparation."""
    locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if locked.status != SittingStatus.DRAFT:
        raise MeetingError(
            f"La séance est {locked.get_status_display().lower()} : {what} n'est plus possible. "
            "Une fois la convocation envoyée, l'ordre du jour et le dossier sont arrêtés."
        )
    return locked


def update_sitting(
    *,
    actor,
    sitting: Sitting,
    starts_at: datetime.datetime,
    place: str,
    mode: str = SittingMode.IN_PERSON,
    video_url: str = "",
    secretary: Person | None = None,
) -> Sitting:
    """Change a sitting while it is in preparation. Switching to several linked places is
    refused when an item may not be handled by videoconference (L5211-11-1)."""
    _check_future(starts_at)
    if not place.strip():
        raise MeetingError("Indiquez le lieu de la séance.")
    body = sitting.body
    _person_of_space_or_none(secretary, body.space, "choisissez un secrétaire de l'espace")
    with transaction.atomic():
        locked = _lock_draft(sitting, "la modifier")
        _check_mode(body=body, mode=mode, video_url=video_url, items=locked.items.all())
        sitting.starts_at = starts_at
        sitting.place = place.strip()
        sitting.mode = mode
        sitting.video_url = video_url.strip() if mode == SittingMode.MULTI_SITE else ""
        sitting.secretary = secretary
        sitting.save(update_fields=["starts_at", "place", "mode", "video_url", "secretary"])
        log_action(
            actor=actor,
            action="meetings.update_sitting",
            obj=sitting,
            space=body.space,
            data={"starts_at": starts_at.isoformat(), "mode": mode},
        )
    return sitting


def cancel_sitting(*, actor, sitting: Sitting, reason: str) -> Sitting:
    """Cancel a sitting in preparation or convened, with a reason kept in the log. Everyone
    who received a convocation is told by email, with the reason; the sitting's calendar
    event becomes cancelled."""
    if not reason.strip():
        raise MeetingError("Indiquez le motif de l'annulation : il est conservé au journal.")
    with transaction.atomic():
        locked = Sitting.objects.select_for_update().get(pk=sitting.pk)
        if locked.status not in (SittingStatus.DRAFT, SittingStatus.CONVENED):
            raise MeetingError(
                f"La séance est {locked.get_status_display().lower()} : elle ne peut plus être "
                "annulée."
            )
        previous = locked.status
        locked.status = SittingStatus.CANCELLED
        locked.save(update_fields=["status"])
        sitting.status = SittingStatus.CANCELLED
        emailed, without_address = convocations.notify_cancellation(
            sitting=locked, reason=reason.strip()
        )
        log_action(
            actor=actor,
            action="meetings.cancel_sitting",
            obj=sitting,
            space=sitting.body.space,
            data={
                "reason": reason.strip(),
                "previous_status": previous,
                "notified": emailed,
                "without_address": without_address,
            },
        )
    return sitting


# --- Agenda -----------------------------------------------------------------------------------


def _check_item(*, sitting: Sitting, title: str, kind: str, fields: dict) -> dict:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(unknown))}")
    if not title.strip():
        raise MeetingError("Indiquez l'objet du point.")
    if kind not in ItemKind.values:
        raise MeetingError("Choisissez la nature du point.")
    if sitting.mode == SittingMode.MULTI_SITE:
        allowed, reason = rules.video_allowed(
            body_is_epci_council=sitting.body.is_council, item_kind=kind
        )
        if not allowed:
            raise MeetingError(
                f"{reason} Cette séance se tient en plusieurs lieux reliés : inscrivez ce point "
                "à une séance en présentiel."
            )
    matter = fields.get("matter") or ""
    if matter and matter not in Matter.values:
        raise MeetingError("Choisissez une matière de la nomenclature ACTES.")
    year = fields.get("budget_year")
    if year is not None and not 2000 <= year <= 2100:
        raise MeetingError("L'exercice budgétaire est une année, par exemple 2026.")
    _person_of_space_or_none(
        fields.get("rapporteur"), sitting.body.space, "choisissez un rapporteur de l'espace"
    )
    cleaned = {key: fields[key] for key in ITEM_FIELDS if key in fields}
    for key in ("summary", "draft_text", "budget_name", "matter"):
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    return cleaned


def add_item(*, actor, sitting: Sitting, title: str, kind: str, **fields) -> AgendaItem:
    """Add an item at the end of the agenda of a sitting in preparation. An item that may not
    be handled by videoconference is refused at a sitting in several linked places
    (L5211-11-1), and at a second sitting after a failed quorum, which deliberates on the same
    agenda only (L2121-17). `fields`: rapporteur, summary, draft_text, matter, budget_year,
    budget_name."""
    check_agenda_editable(sitting)
    cleaned = _check_item(sitting=sitting, title=title, kind=kind, fields=fields)
    try:
        with transaction.atomic():
            # The lock on the sitting serialises two people adding items at once.
            _lock_draft(sitting, "modifier l'ordre du jour")
            last = sitting.items.aggregate(last=Max("position"))["last"] or 0
            item = AgendaItem.objects.create(
                sitting=sitting, position=last + 1, title=title.strip(), kind=kind, **cleaned
            )
            _log_item(actor, "meetings.add_item", item, sitting, kind=kind)
    except IntegrityError as error:
        raise MeetingError(
            "L'ordre du jour a changé entre-temps : rechargez la page et réessayez."
        ) from error
    return item


def _log_item(actor, action, item, sitting, **data):
    log_action(
        actor=actor,
        action=action,
        obj=item,
        space=sitting.body.space,
        data={"sitting": sitting.pk, "position": item.position, **data},
    )


def update_item(*, actor, item: AgendaItem, title: str, kind: str, **fields) -> AgendaItem:
    """Change an item of a sitting in preparation (same checks as `add_item`). At a second
    sitting after a failed quorum, the object and the nature of an item stay those of the
    agenda of the first sitting (L2121-17); its texts may change *(choice)*."""
    sitting = item.sitting
    cleaned = _check_item(sitting=sitting, title=title, kind=kind, fields=fields)
    with transaction.atomic():
        _lock_draft(sitting, "modifier l'ordre du jour")
        stored = AgendaItem.objects.get(pk=item.pk)
        if (title.strip(), kind) != (stored.title, stored.kind):
            check_agenda_editable(sitting)
        item.title = title.strip()
        item.kind = kind
        for key, value in cleaned.items():
            setattr(item, key, value)
        item.save()
        log_action(
            actor=actor,
            action="meetings.update_item",
            obj=item,
            space=sitting.body.space,
            data={"sitting": sitting.pk, "kind": kind},
        )
    return item


def delete_item(*, actor, item: AgendaItem) -> None:
    """Remove an item from a sitting in preparation; the following items move up. Never from a
    second sitting after a failed quorum, which deliberates on the same agenda (L2121-17)."""
    sitting = item.sitting
    check_agenda_editable(sitting)
    with transaction.atomic():
        _lock_draft(sitting, "modifier l'ordre du jour")
        position, title = item.position, item.title
        log_action(
            actor=actor,
            action="meetings.delete_item",
            obj=item,
            space=sitting.body.space,
            data={"sitting": sitting.pk, "position": position, "title": title},
        )
        item.delete()
        # One by one, in order: each item moves into the place freed just before it, so the
        # unique (sitting, position) constraint holds at every step.
        for following in sitting.items.filter(position__gt=position).order_by("position"):
            following.position -= 1
            following.save(update_fields=["position"])


def move_item(*, actor, item: AgendaItem, direction: str) -> AgendaItem:
    """Move an item of a sitting in preparation one place up or down the agenda; also at a
    second sitting, whose agenda stays the same whatever its order *(choice)*."""
    if direction not in ("up", "down"):
        raise MeetingError("Choisissez de monter ou de descendre le point.")
    sitting = item.sitting
    with transaction.atomic():
        _lock_draft(sitting, "modifier l'ordre du jour")
        item = AgendaItem.objects.get(pk=item.pk)
        neighbours = sitting.items.exclude(pk=item.pk)
        if direction == "up":
            other = neighbours.filter(position__lt=item.position).order_by("-position").first()
        else:
            other = neighbours.filter(position__gt=item.position).order_by("position").first()
        if other is None:
            raise MeetingError(
                "Ce point est déjà le premier."
                if direction == "up"
                else "Ce point est déjà le dernier."
            )
        # Swap through a free position (past the last one) so that the unique constraint holds.
        free = (sitting.items.aggregate(last=Max("position"))["last"] or 0) + 1
        old, new = item.position, other.position
        item.position = free
        item.save(update_fields=["position"])
        other.position = old
        other.save(update_fields=["position"])
        item.position = new
        item.save(update_fields=["position"])
        log_action(
            actor=actor,
            action="meetings.move_item",
            obj=item,
            space=sitting.body.space,
            data={"sitting": sitting.pk, "from": old, "to": new},
        )
    return item


# --- Documents --------------------------------------------------------------------------------


def check_pdf(upload) -> None:
    """A PDF (checked by its content, not its name) of at most 20 Mo."""
    if upload is None:
        raise MeetingError("Choisissez un fichier PDF.")
    if upload.size > PDF_MAX_BYTES:
        raise MeetingError("Le fichier dépasse 20 Mo : réduisez-le ou découpez-le.")
    if real_type(upload) != "application/pdf":
        raise MeetingError(
            "Le fichier n'est pas un PDF (son contenu a été vérifié, pas seulement son nom)."
        )


def add_annex(*, actor, sitting: Sitting, title: str, file, item: AgendaItem | None = None):
    """Attach a PDF annex to a sitting in preparation, or to one of its items."""
    if not title.strip():
        raise MeetingError("Donnez un titre à l'annexe.")
    if item is not None and item.sitting_id != sitting.pk:
        raise MeetingError("Ce point n'est pas à l'ordre du jour de cette séance.")
    check_pdf(file)
    with transaction.atomic():
        _lock_draft(sitting, "ajouter une annexe")
        annex = Annex(sitting=sitting, item=item, title=title.strip())
        annex.file.save(_pdf_name(file), file, save=False)
        annex.save()
        log_action(
            actor=actor,
            action="meetings.add_annex",
            obj=annex,
            space=sitting.body.space,
            data={"sitting": sitting.pk, "item": item.pk if item else None},
        )
    return annex


def set_synthesis_note(*, actor, sitting: Sitting, file) -> Sitting:
    """Upload (or replace) the note explicative de synthèse of a sitting in preparation; it
    goes with the convocation of an EPCI's bodies (L2121-12, L5211-1)."""
    check_pdf(file)
    with transaction.atomic():
        _lock_draft(sitting, "déposer la note de synthèse")
        sitting.synthesis_note.save(_pdf_name(file), file, save=False)
        sitting.save(update_fields=["synthesis_note"])
        log_action(
            actor=actor,
            action="meetings.add_synthesis_note",
            obj=sitting,
            space=sitting.body.space,
        )
    return sitting


def _pdf_name(upload) -> str:
    """A stored name that ends in .pdf whatever the uploaded name was."""
    stem = (getattr(upload, "name", "") or "document").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"{stem[:80] or 'document'}.pdf"
