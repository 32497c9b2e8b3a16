"""Every change to opinion requests: prepare, send, record (and correct) an opinion, close at
the deadline. Each function runs in a transaction and records itself in the action log."""

import datetime
import os

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify

from maillage.audit.services import log_action
from maillage.meetings.models import Body, Seat, SeatKind
from maillage.notifications.models import Kind
from maillage.notifications.services import notify
from maillage.people.models import Mandate, Person
from maillage.spaces.models import Role, SpaceRole
from maillage.spaces.perms import person_of
from maillage.uploads import real_type

from . import rules
from .models import (
    AnswerBy,
    Audience,
    Opinion,
    OpinionRequest,
    OpinionTarget,
    Status,
    Value,
)
from .perms import HEAD_FUNCTIONS, recording_capacity

PDF_MAX_BYTES = 20 * 1024 * 1024


class OpinionError(Exception):
    """A change refused; the message is in French and shown as it is, under `field` when
    it names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _french_date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def check_pdf(upload, *, what: str = "Le document") -> None:
    """A PDF (checked by its content, not its name) of at most 20 Mo."""
    if upload is None:
        raise OpinionError(f"{what} doit être déposé en PDF.")
    if upload.size > PDF_MAX_BYTES:
        raise OpinionError(f"{what} dépasse 20 Mo : réduisez-le ou découpez-le.")
    if real_type(upload) != "application/pdf":
        raise OpinionError(
            f"{what} n'est pas un PDF (son contenu a été vérifié, pas seulement son nom)."
        )


def _pdf_name(upload) -> str:
    stem = slugify(os.path.splitext(getattr(upload, "name", "") or "document")[0])[:80]
    return f"{stem or 'document'}.pdf"


def _settings(*, space, audience, body, answer_by, rule, silence, deadline):
    """Check what defines the request; return the silence rule as stored."""
    if audience not in Audience.values:
        raise OpinionError("Choisissez à qui la demande est adressée.")
    if audience == Audience.BODY:
        if body is None:
            raise OpinionError("Choisissez l'instance dont l'avis est demandé.")
        if body.space_id != space.pk:
            raise OpinionError("Cette instance n'appartient pas à l'espace.")
        if answer_by not in AnswerBy.values:
            raise OpinionError(
                "Choisissez qui répond pour l'instance : chaque membre ou chaque organisation."
            )
    if rule not in set(rules.Rule):
        raise OpinionError("Choisissez le délai de réponse.")
    if rule == rules.Rule.CHOSEN and deadline is None:
        raise OpinionError("Choisissez la date limite de réponse.")
    try:
        return rules.silence_for(rule, silence)
    except ValueError as error:
        raise OpinionError(str(error)) from None


def create_request(
    *,
    actor,
    space,
    title: str,
    document,
    description: str = "",
    audience: str = Audience.MEMBERS,
    body: Body | None = None,
    answer_by: str = "",
    rule: str = rules.Rule.PACTE,
    silence: str = "",
    deadline: datetime.date | None = None,
    is_public: bool = False,
) -> OpinionRequest:
    """Prepare a request (in preparation until it is sent). For the pacte de gouvernance and
    the mutualisation report the deadline and silence follow the law; otherwise the space
    chooses both."""
    title = (title or "").strip()
    if not title:
        raise OpinionError("Donnez un titre à la demande.")
    silence = _settings(
        space=space,
        audience=audience,
        body=body,
        answer_by=answer_by,
        rule=rule,
        silence=silence,
        deadline=deadline,
    )
    check_pdf(document)
    is_body = audience == Audience.BODY
    with transaction.atomic():
        request = OpinionRequest(
            space=space,
            title=title,
            description=description.strip(),
            audience=audience,
            body=body if is_body else None,
            answer_by=answer_by if is_body else "",
            rule=rule,
            silence=silence,
            deadline=deadline if rule == rules.Rule.CHOSEN else None,
            is_public=is_public,
            created_by=actor,
            document_name=getattr(document, "name", "")[:255],
        )
        request.document.save(_pdf_name(document), document, save=False)
        request.save()
        log_action(
            actor=actor,
            action="opinions.create",
            obj=request,
            space=space,
            data={"rule": rule, "audience": audience, "body": body.pk if is_body else None},
        )
    return request


def update_request(
    *,
    actor,
    request: OpinionRequest,
    title: str,
    description: str = "",
    audience: str = Audience.MEMBERS,
    body: Body | None = None,
    answer_by: str = "",
    rule: str = rules.Rule.PACTE,
    silence: str = "",
    deadline: datetime.date | None = None,
    is_public: bool = False,
    document=None,
) -> OpinionRequest:
    """Change a request in preparation; once sent, it is what the councils received."""
    title = (title or "").strip()
    if not title:
        raise OpinionError("Donnez un titre à la demande.")
    silence = _settings(
        space=request.space,
        audience=audience,
        body=body,
        answer_by=answer_by,
        rule=rule,
        silence=silence,
        deadline=deadline,
    )
    if document is not None:
        check_pdf(document)
    is_body = audience == Audience.BODY
    with transaction.atomic():
        locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != Status.DRAFT:
            raise OpinionError("Cette demande est déjà envoyée : elle ne se modifie plus.")
        request.title = title
        request.description = description.strip()
        request.audience = audience
        request.body = body if is_body else None
        request.answer_by = answer_by if is_body else ""
        request.rule = rule
        request.silence = silence
        request.deadline = deadline if rule == rules.Rule.CHOSEN else None
        request.is_public = is_public
        if document is not None:
            request.document.save(_pdf_name(document), document, save=False)
            request.document_name = getattr(document, "name", "")[:255]
        request.save()
        log_action(actor=actor, action="opinions.update", obj=request, space=request.space)
    return request


# --- Sending ----------------------------------------------------------------------------------


def _targets(request: OpinionRequest, today: datetime.date) -> list[OpinionTarget]:
    """Who is asked: the space's current members, or the body's titulaires (each person, or
    each organisation they represent)."""
    if request.audience == Audience.MEMBERS:
        members = request.space.members.current().select_related("organisation")
        return [
            OpinionTarget(
                request=request,
                organisation=m.organisation,
                name=m.organisation.name,
                received_on=today,
            )
            for m in members.order_by("organisation__name")
        ]
    seats = (
        Seat.objects.current()
        .filter(body=request.body, kind=SeatKind.TITULAIRE)
        .select_related("person", "organisation")
        .order_by("person__last_name", "person__first_name")
    )
    if request.answer_by == AnswerBy.PERSON:
        seen, rows = set(), []
        for seat in seats:
            if seat.person_id in seen:
                continue
            seen.add(seat.person_id)
            rows.append(
                OpinionTarget(
                    request=request,
                    person=seat.person,
                    organisation=seat.organisation,
                    name=seat.person.full_name,
                    received_on=today,
                )
            )
        return rows
    organisations = {seat.organisation for seat in seats if seat.organisation_id}
    return [
        OpinionTarget(request=request, organisation=o, name=o.name, received_on=today)
        for o in sorted(organisations, key=lambda o: o.name)
    ]


def _recipients(request: OpinionRequest) -> list[Person]:
    """Who is told: each organisation's mayor (or president) and the space's référents for it;
    for a body, its seated members (and the référents of the organisations represented)."""
    if request.by_person:
        person_ids = request.targets.values("person_id")
        return list(Person.objects.filter(pk__in=person_ids))
    organisation_ids = request.targets.values("organisation_id")
    referents = SpaceRole.objects.current().filter(
        space=request.space, role=Role.REFERENT, organisation_id__in=organisation_ids
    )
    if request.body_id is None:
        speakers = Mandate.objects.current().filter(
            organisation_id__in=organisation_ids, function__in=HEAD_FUNCTIONS
        )
    else:
        speakers = Seat.objects.current().filter(
            body_id=request.body_id, kind=SeatKind.TITULAIRE, organisation_id__in=organisation_ids
        )
    return list(
        Person.objects.filter(pk__in=referents.values("person_id"))
        | Person.objects.filter(pk__in=speakers.values("person_id"))
    )


def send_request(*, actor, request: OpinionRequest, today: datetime.date | None = None):
    """Send a request in preparation: the deadline is fixed from today (the day the document is
    made available counts as its receipt), one target per member organisation (or seated
    person) records that day, and those who answer for them are notified."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != Status.DRAFT:
            raise OpinionError("Cette demande est déjà envoyée.")
        try:
            deadline = rules.deadline_for(request.rule, today, request.deadline)
        except ValueError as error:
            raise OpinionError(str(error)) from None
        targets = _targets(request, today)
        if not targets:
            if request.audience == Audience.MEMBERS:
                raise OpinionError("L'espace n'a aucune organisation membre à consulter.")
            raise OpinionError(
                "Personne ne siège comme titulaire dans cette instance"
                + (" pour une organisation" if request.answer_by == AnswerBy.ORGANISATION else "")
                + " : complétez sa composition avant d'envoyer."
            )
        try:
            with transaction.atomic():
                OpinionTarget.objects.bulk_create(targets)
        except IntegrityError:
            raise OpinionError("Cette demande vient d'être envoyée.") from None
        request.status = Status.OPEN
        request.sent_on = today
        request.sent_at = timezone.now()
        request.deadline = deadline
        request.save(update_fields=["status", "sent_on", "sent_at", "deadline"])
        notify(
            recipients=_recipients(request),
            kind=Kind.OPINION,
            title=f"Avis demandé avant le {_french_date(deadline)} : {request.title}",
            body=(
                f"{request.space.name} demande l'avis de votre conseil"
                if not request.by_person
                else f"{request.space.name} demande votre avis"
            )
            + f" sur « {request.title} », au plus tard le {_french_date(deadline)}. "
            + _silence_sentence(request),
            url=request.get_absolute_url(),
            space=request.space,
            exclude=person_of(actor),
        )
        log_action(
            actor=actor,
            action="opinions.send",
            obj=request,
            space=request.space,
            data={"deadline": deadline.isoformat(), "targets": len(targets)},
        )
    return request


SILENCE_AFTER = {
    rules.Silence.FAVOURABLE: "Sans avis rendu à temps, il est réputé favorable.",
    rules.Silence.NO_OPINION: "Sans avis rendu à temps, il est compté « sans avis ».",
    rules.Silence.PROCEDURE_CONTINUES: "Sans avis rendu à temps, la procédure se poursuit.",
}


def _silence_sentence(request: OpinionRequest) -> str:
    if request.silence == rules.Silence.FAVOURABLE:
        return "Sans réponse dans ce délai, l'avis est réputé favorable."
    if request.silence == rules.Silence.PROCEDURE_CONTINUES:
        return "Sans réponse dans ce délai, aucun avis n'est rendu et la procédure se poursuit."
    return "Sans réponse dans ce délai, l'avis est compté « sans avis »."


# --- Recording opinions -----------------------------------------------------------------------


def _who(target: OpinionTarget) -> str:
    request = target.request
    if target.person_id:
        return f"{target.name} lui-même ou elle-même, ou un agent de l'espace"
    if request.body_id:
        return (
            f"un membre titulaire de l'instance pour {target.name}, le référent de l'espace pour "
            "cette organisation, ou un agent de l'espace"
        )
    return (
        f"le maire (ou le président) de {target.name}, le référent de l'espace pour cette "
        "organisation, ou un agent de l'espace"
    )


def record_opinion(
    *,
    actor,
    target: OpinionTarget,
    value: str,
    comment: str = "",
    deliberation_number: str = "",
    deliberation_date: datetime.date | None = None,
    deliberation_pdf=None,
    today: datetime.date | None = None,
) -> Opinion:
    """Record the opinion of one organisation (or person), or correct it: until the deadline,
    by the same people (see perms.recording_capacity). Reservations and an unfavourable opinion
    are explained *(choice for the latter)*. A council's opinion names its deliberation (number
    and date) *(choice)*; the deliberation's PDF may follow in a correction."""
    today = today or timezone.localdate()
    request = target.request
    capacity = recording_capacity(actor, target)
    if capacity is None:
        raise OpinionError(f"L'avis de {target.name} est enregistré par {_who(target)}.")
    if value not in Value.values:
        raise OpinionError("Choisissez l'avis : favorable, favorable avec réserves ou défavorable.")
    comment = (comment or "").strip()
    if value == Value.RESERVATIONS and not comment:
        raise OpinionError("Un avis favorable avec réserves énonce ses réserves.", field="comment")
    if value == Value.UNFAVOURABLE and not comment:
        raise OpinionError("Un avis défavorable en donne les motifs.", field="comment")
    deliberation_number = (deliberation_number or "").strip()
    if request.audience == Audience.MEMBERS and not (deliberation_number and deliberation_date):
        raise OpinionError(
            "L'avis d'un conseil est rendu par délibération : indiquez son numéro et sa date."
        )
    if deliberation_date and deliberation_date > today:
        raise OpinionError("La délibération ne peut pas être datée d'un jour à venir.")
    if deliberation_pdf is not None:
        check_pdf(deliberation_pdf, what="La délibération")
    with transaction.atomic():
        locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status == Status.DRAFT:
            raise OpinionError("Cette demande n'est pas encore envoyée.")
        if locked.status == Status.CLOSED or not rules.is_open(locked.deadline, today):
            raise OpinionError(
                f"Le délai de réponse a expiré le {_french_date(locked.deadline)} : l'avis ne "
                "peut plus être enregistré ni corrigé. " + SILENCE_AFTER[locked.silence]
            )
        person = person_of(actor)
        name = person.full_name if person else actor.get_username()
        now = timezone.now()
        existing = Opinion.objects.select_for_update().filter(target=target).first()
        fields = {
            "value": value,
            "comment": comment,
            "deliberation_number": deliberation_number,
            "deliberation_date": deliberation_date,
        }
        if existing is None:
            opinion = Opinion(
                target=target,
                recorded_by=actor,
                recorded_by_name=name[:300],
                capacity=capacity,
                recorded_at=now,
                **fields,
            )
            if deliberation_pdf is not None:
                opinion.deliberation_pdf.save(
                    _pdf_name(deliberation_pdf), deliberation_pdf, save=False
                )
            try:
                with transaction.atomic():
                    opinion.save()
            except IntegrityError:
                raise OpinionError(
                    f"Un avis vient d'être enregistré pour {target.name} : rechargez la page "
                    "pour le voir et, s'il le faut, le corriger."
                ) from None
            log_action(
                actor=actor,
                action="opinions.record",
                obj=opinion,
                space=request.space,
                data={"request": request.pk, "value": value, "capacity": capacity},
            )
            return opinion
        before = {
            "value": existing.value,
            "comment": existing.comment,
            "deliberation_number": existing.deliberation_number,
            "deliberation_date": (
                existing.deliberation_date.isoformat() if existing.deliberation_date else None
            ),
            "recorded_by_name": existing.recorded_by_name,
        }
        for field, new in fields.items():
            setattr(existing, field, new)
        if deliberation_pdf is not None:
            existing.deliberation_pdf.save(
                _pdf_name(deliberation_pdf), deliberation_pdf, save=False
            )
        existing.recorded_by = actor
        existing.recorded_by_name = name[:300]
        existing.capacity = capacity
        existing.corrected_at = now
        existing.corrections = F("corrections") + 1
        existing.save()
        existing.refresh_from_db(fields=["corrections"])
        log_action(
            actor=actor,
            action="opinions.correct",
            obj=existing,
            space=request.space,
            data={
                "request": request.pk,
                "before": before,
                "value": value,
                "capacity": capacity,
                "new_pdf": deliberation_pdf is not None,
            },
        )
        return existing


# --- Reading the totals and closing ------------------------------------------------------------


def summary(request: OpinionRequest, today: datetime.date | None = None) -> rules.Summary:
    """Totals by outcome, in one query whatever the number of members."""
    today = today or timezone.localdate()
    groups = (
        request.targets.values(given=F("opinions__value"))
        .annotate(number=Count("pk"), population=Sum("organisation__population_totale"))
        .order_by()
    )
    return rules.summarise(
        [(g["given"], g["number"], g["population"] or 0) for g in groups],
        deadline=request.deadline,
        today=today,
        silence=request.silence,
    )


def summary_text(request: OpinionRequest, result: rules.Summary) -> str:
    lines = [f"{request.title} — {result.members} destinataires :"]
    for line in result.lines:
        lines.append(f"- {line.label} : {line.count} ({line.member_share:.0%})")
    return "\n".join(lines)


def close_request(*, request: OpinionRequest, actor=None, today: datetime.date | None = None):
    """Close a sent request whose deadline has passed: the members without an opinion count as
    the silence rule says (computed, not stored), and the space's agents and admins get the
    totals."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != Status.OPEN:
            raise OpinionError("Seule une demande envoyée et non close peut être close.")
        if rules.is_open(locked.deadline, today):
            raise OpinionError(
                f"Le délai court jusqu'au {_french_date(locked.deadline)} inclus : la demande "
                "ne peut pas être close avant."
            )
        request.status = Status.CLOSED
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at"])
        result = summary(request, today)
        managers = Person.objects.filter(
            pk__in=SpaceRole.objects.current()
            .filter(space=request.space, role__in=[Role.AGENT, Role.ADMIN])
            .values("person_id")
        )
        notify(
            recipients=managers,
            kind=Kind.OPINION,
            title=f"Demande d'avis close : {request.title}",
            body=summary_text(request, result),
            url=request.get_absolute_url(),
            space=request.space,
        )
        log_action(
            actor=actor,
            action="opinions.close",
            obj=request,
            space=request.space,
            data={line.outcome.value: line.count for line in result.lines},
        )
    return result


def close_due_requests(*, today: datetime.date | None = None) -> list[OpinionRequest]:
    """Close every sent request whose deadline has passed (run daily by
    `manage.py close_opinion_requests`)."""
    today = today or timezone.localdate()
    closed = []
    for request in OpinionRequest.objects.due(today).select_related("space"):
        try:
            close_request(request=request, today=today)
        except OpinionError:
            continue  # closed meanwhile by another run
        closed.append(request)
    return closed
