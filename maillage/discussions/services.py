"""Every change in the conference of mayors: threads, replies, attachments, « moi aussi »,
solutions, agenda items, meeting requests and the space's settings.

Each function takes keyword-only arguments and the acting user as `actor`, runs in a
transaction, records the action in the log, and raises `DiscussionError` with a French
message that a screen shows as it is. The rules come from `rules.py`, the rights from
`perms.py`.
"""

from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.meetings.models import (
    AgendaItem,
    Body,
    BodyKind,
    ItemKind,
    Seat,
    Sitting,
    SittingStatus,
)
from maillage.meetings.services import MeetingError
from maillage.meetings.services import bodies as meeting_services
from maillage.notifications.models import Kind
from maillage.notifications.services import notify
from maillage.people.models import ELECTED_FUNCTIONS, Function, Mandate, Person
from maillage.spaces.models import Role, Space, SpaceRole
from maillage.spaces.perms import person_of
from maillage.uploads import real_type

from . import perms, rules
from .models import (
    Attachment,
    ConferenceSettings,
    MeetingRequest,
    Openness,
    Reply,
    RequestRound,
    Support,
    Theme,
    Thread,
)

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
# The real type of each file is read from its content (`filetype`), never from its name.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "image JPEG",
    "image/png": "image PNG",
    "image/gif": "image GIF",
    "image/webp": "image WebP",
    "application/vnd.oasis.opendocument.text": "texte OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "tableur OpenDocument",
    "application/vnd.oasis.opendocument.presentation": "présentation OpenDocument",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/msword": "Word 97-2003",
    "application/vnd.ms-excel": "Excel 97-2003",
    "application/vnd.ms-powerpoint": "PowerPoint 97-2003",
}
SNIFF_BYTES = 32 * 1024
AGENDA_KINDS = (ItemKind.INFORMATION, ItemKind.OPINION)
SUMMARY_EXCERPT = 1500


class DiscussionError(Exception):
    """A change refused; the message is in French and shown as it is."""


def _person(actor) -> Person:
    person = person_of(actor)
    if person is None:
        raise DiscussionError(
            "Votre compte n'est rattaché à aucune personne de l'espace : demandez à un "
            "administrateur de l'espace de vous inviter."
        )
    return person


# --- Who takes part -----------------------------------------------------------------------------


def mayor_mandates(space: Space):
    """Current mayors of the space's member communes (L5211-11-3: the conference gathers the
    president and the mayors of the member communes)."""
    return (
        Mandate.objects.current()
        .in_space(space)
        .filter(function=Function.MAIRE)
        .exclude(organisation_id=space.organisation_id)
    )


def mayor_count(space: Space) -> int:
    return mayor_mandates(space).values("person_id").distinct().count()


def participants(space: Space):
    """Everyone who may post in the space's conference (see `perms.can_post`)."""
    mandates = Mandate.objects.current().in_space(space)
    functions_q = Q(function=Function.MAIRE) & ~Q(organisation_id=space.organisation_id)
    functions_q |= Q(organisation_id=space.organisation_id, function__in=perms.EXECUTIVE_FUNCTIONS)
    level = perms.openness(space)
    if level == Openness.ADJOINTS:
        functions_q |= Q(function__in=perms.ADJOINT_FUNCTIONS)
    elif level in (Openness.ELUS, Openness.EVERYONE):
        functions_q |= Q(function__in=ELECTED_FUNCTIONS)
    roles_q = Q(role__in=[Role.AGENT, Role.ADMIN])
    if level == Openness.EVERYONE:
        roles_q = Q()
    given = SpaceRole.objects.current().filter(roles_q, space=space).values("person_id")
    return Person.objects.filter(
        Q(pk__in=mandates.filter(functions_q).values("person_id")) | Q(pk__in=given)
    )


def meeting_request_recipients(space: Space, body: Body | None):
    """Who is told that one third of the mayors asked for a meeting: the president of the
    space's organisation, the chair of its conférence des maires body, and its agents."""
    presidents = Mandate.objects.current().filter(
        organisation_id=space.organisation_id, function=Function.PRESIDENT
    )
    chair = Seat.objects.current().filter(body=body, is_chair=True) if body else Seat.objects.none()
    agents = SpaceRole.objects.current().filter(space=space, role=Role.AGENT)
    return Person.objects.filter(
        Q(pk__in=presidents.values("person_id"))
        | Q(pk__in=chair.values("person_id"))
        | Q(pk__in=agents.values("person_id"))
    )


# --- Attachments --------------------------------------------------------------------------------


def check_attachment(upload) -> str:
    """A PDF, an image or an office document (checked by its content, not its name) of at
    most 10 Mo. Returns its real MIME type."""
    name = PurePath(getattr(upload, "name", "") or "fichier").name
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise DiscussionError(
            f"« {name} » dépasse 10 Mo : réduisez-le ou déposez un lien vers le document."
        )
    mime = real_type(upload, sniff_bytes=SNIFF_BYTES)
    if mime not in ALLOWED_TYPES:
        raise DiscussionError(
            f"« {name} » n'est ni un PDF, ni une image, ni un document bureautique (son "
            "contenu a été vérifié, pas seulement son nom)."
        )
    return mime


def _check_attachments(files) -> list[tuple[object, str]]:
    files = [f for f in files or () if f]
    if len(files) > MAX_ATTACHMENTS:
        raise DiscussionError(f"Joignez au plus {MAX_ATTACHMENTS} fichiers à la fois.")
    return [(upload, check_attachment(upload)) for upload in files]


def _save_attachments(checked, *, thread, reply, person):
    for upload, mime in checked:
        name = PurePath(upload.name or "fichier").name[:255]
        attachment = Attachment(
            thread=thread,
            reply=reply,
            original_name=name,
            content_type=mime,
            size=upload.size,
            uploaded_by=person,
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()


# --- Mentions -----------------------------------------------------------------------------------


def _case_variants(text: str) -> set[str]:
    return {text, text.lower(), text.upper(), text.title(), text.capitalize()}


def mentioned_people(space: Space, text: str) -> list[Person]:
    """The people of the space named as `@Prénom Nom` in `text`."""
    candidates = rules.mention_candidates(text)
    if not candidates:
        return []
    last_names: set[str] = set()
    for name in candidates:
        words = name.split()
        for start in range(1, len(words)):
            last_names |= _case_variants(" ".join(words[start:]))
    found = Person.objects.in_space(space).filter(last_name__in=last_names)
    return [p for p in found if p.full_name.casefold() in candidates]


def _notify_mentions(space, text, *, author, thread, already=()) -> list[Person]:
    people = [p for p in mentioned_people(space, text) if p.pk not in set(already)]
    if people:
        notify(
            recipients=people,
            kind=Kind.MENTION,
            title=f"{author} vous mentionne dans « {thread.title} »",
            url=thread.get_absolute_url(),
            space=space,
            exclude=author,
        )
    return people


# --- Threads and replies ------------------------------------------------------------------------


def _check_text(value: str, what: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise DiscussionError(f"Écrivez {what}.")
    if len(value) > limit:
        raise DiscussionError(f"{what[0].upper()}{what[1:]} dépasse {limit} caractères.")
    return value


def create_thread(*, actor, space: Space, theme: Theme, title: str, body: str, files=()) -> Thread:
    """Open a thread in the space's conference; participants are told (Kind.THREAD), and the
    people mentioned as `@Prénom Nom` too (Kind.MENTION)."""
    if not perms.can_post(actor, space):
        raise DiscussionError(
            "Publier dans la conférence des maires est réservé aux maires des communes "
            "membres, au président, aux vice-présidents, aux agents et aux administrateurs "
            "de l'espace (et à ceux à qui l'espace l'a ouverte)."
        )
    person = _person(actor)
    if theme.space_id not in (None, space.pk):
        raise DiscussionError("Choisissez un thème de cet espace.")
    title = _check_text(title, "un titre", 200)
    body = _check_text(body, "votre message", 20000)
    checked = _check_attachments(files)
    with transaction.atomic():
        thread = Thread.objects.create(
            space=space,
            theme=theme,
            title=title,
            body=body,
            author=person,
            last_activity_at=timezone.now(),
        )
        _save_attachments(checked, thread=thread, reply=None, person=person)
        log_action(
            actor=actor,
            action="discussions.create_thread",
            obj=thread,
            space=space,
            data={"theme": theme.name, "attachments": len(checked)},
        )
        mentioned = _notify_mentions(space, body, author=person, thread=thread)
        notify(
            recipients=participants(space).exclude(pk__in=[p.pk for p in mentioned]),
            kind=Kind.THREAD,
            title=f"Conférence des maires : « {title} » ({theme.name}), par {person}",
            url=thread.get_absolute_url(),
            space=space,
            exclude=person,
        )
    return thread


def reply(*, actor, thread: Thread, body: str, files=()) -> Reply:
    """Reply in a thread; its author and those who replied before are told (Kind.REPLY),
    the people mentioned too (Kind.MENTION)."""
    space = thread.space
    if not perms.can_post(actor, space):
        raise DiscussionError(
            "Répondre dans la conférence des maires est réservé à ceux qui peuvent y publier "
            "(maires, président, vice-présidents, agents et administrateurs de l'espace)."
        )
    person = _person(actor)
    body = _check_text(body, "votre réponse", 20000)
    checked = _check_attachments(files)
    with transaction.atomic():
        answer = Reply.objects.create(thread=thread, author=person, body=body)
        _save_attachments(checked, thread=thread, reply=answer, person=person)
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=answer.created_at
        )
        log_action(
            actor=actor,
            action="discussions.reply",
            obj=answer,
            space=space,
            data={"thread": thread.pk, "attachments": len(checked)},
        )
        mentioned = _notify_mentions(space, body, author=person, thread=thread)
        repliers = Reply.objects.filter(thread=thread).values("author_id")
        recipients = Person.objects.filter(Q(pk=thread.author_id) | Q(pk__in=repliers)).exclude(
            pk__in=[p.pk for p in mentioned]
        )
        notify(
            recipients=recipients,
            kind=Kind.REPLY,
            title=f"{person} a répondu à « {thread.title} »",
            url=thread.get_absolute_url(),
            space=space,
            exclude=person,
        )
    thread.reply_count += 1
    thread.last_activity_at = answer.created_at
    return answer


def support(*, actor, thread: Thread) -> Support:
    """« Moi aussi » : one per person and thread (a second one is refused)."""
    if not perms.can_post(actor, thread.space):
        raise DiscussionError(
            "Dire « moi aussi » est réservé à ceux qui peuvent publier dans la conférence."
        )
    person = _person(actor)
    try:
        with transaction.atomic():
            row = Support.objects.create(thread=thread, person=person)
            Thread.objects.filter(pk=thread.pk).update(support_count=F("support_count") + 1)
            log_action(actor=actor, action="discussions.support", obj=thread, space=thread.space)
    except IntegrityError as error:
        raise DiscussionError("Vous soutenez déjà cet échange.") from error
    thread.support_count += 1
    return row


def withdraw_support(*, actor, thread: Thread) -> None:
    """Take back one's « moi aussi »."""
    person = _person(actor)
    with transaction.atomic():
        deleted, _ = Support.objects.filter(thread=thread, person=person).delete()
        if not deleted:
            raise DiscussionError("Vous ne souteniez pas cet échange.")
        Thread.objects.filter(pk=thread.pk).update(support_count=F("support_count") - 1)
        log_action(
            actor=actor, action="discussions.withdraw_support", obj=thread, space=thread.space
        )
    thread.support_count -= 1


def toggle_support(*, actor, thread: Thread) -> bool:
    """Support the thread, or take the support back; returns whether the actor supports it."""
    person = _person(actor)
    if Support.objects.filter(thread=thread, person=person).exists():
        withdraw_support(actor=actor, thread=thread)
        return False
    support(actor=actor, thread=thread)
    return True


def mark_solution(*, actor, answer: Reply) -> Reply:
    """Mark a reply as the thread's solution (the thread's author or an admin); another reply
    marked before stops being the solution. Marking the solution again unmarks it."""
    thread = answer.thread
    if not perms.can_mark_solution(actor, thread):
        raise DiscussionError(
            "Seul l'auteur de l'échange ou un administrateur de l'espace marque la solution."
        )
    try:
        with transaction.atomic():
            Thread.objects.select_for_update().filter(pk=thread.pk).first()
            current = Reply.objects.filter(pk=answer.pk).values_list("is_solution", flat=True)
            unmark = bool(current.first())
            Reply.objects.filter(thread=thread, is_solution=True).update(is_solution=False)
            if not unmark:
                Reply.objects.filter(pk=answer.pk).update(is_solution=True)
            Thread.objects.filter(pk=thread.pk).update(has_solution=not unmark)
            log_action(
                actor=actor,
                action="discussions.unmark_solution" if unmark else "discussions.mark_solution",
                obj=answer,
                space=thread.space,
                data={"thread": thread.pk},
            )
    except IntegrityError as error:
        raise DiscussionError(
            "Une autre réponse vient d'être marquée comme solution : rechargez la page."
        ) from error
    answer.is_solution = not unmark
    thread.has_solution = not unmark
    return answer


# --- Agenda of the next conférence des maires ---------------------------------------------------


def conference_body(space: Space) -> Body | None:
    """The space's conférence des maires body (one per space)."""
    return Body.objects.filter(space=space, kind=BodyKind.CONFERENCE_MAIRES).first()


def next_conference_sitting(space: Space, body: Body | None = None) -> Sitting | None:
    """The next sitting of the conference in preparation: the soonest one to come."""
    body = body if body is not None else conference_body(space)
    if body is None:
        return None
    return (
        Sitting.objects.filter(body=body, status=SittingStatus.DRAFT, starts_at__gt=timezone.now())
        .select_related("body__space")
        .order_by("starts_at")
        .first()
    )


def agenda_summary(thread: Thread) -> str:
    """The note of the agenda item: where the thread comes from, its figures, the start of
    its message and its address."""
    excerpt = thread.body
    if len(excerpt) > SUMMARY_EXCERPT:
        excerpt = excerpt[:SUMMARY_EXCERPT].rsplit(" ", 1)[0] + " […]"
    supports = thread.support_count
    replies = thread.reply_count
    return (
        f"Issu de l'échange « {thread.title} » de la conférence permanente des maires "
        f"(thème « {thread.theme.name} »), ouvert par {thread.author} le "
        f"{timezone.localtime(thread.created_at):%d/%m/%Y} : "
        f"{supports} soutien{'s' if supports > 1 else ''} « moi aussi », "
        f"{replies} réponse{'s' if replies > 1 else ''}.\n\n"
        f"{excerpt}\n\n"
        f"Lire l'échange : {settings.SITE_URL}{thread.get_absolute_url()}"
    )


def put_on_agenda(*, actor, thread: Thread, kind: str = ItemKind.INFORMATION) -> AgendaItem:
    """Turn the thread into an item (information or opinion) of the agenda of the next
    conférence des maires in preparation, through the sittings' own service (which refuses
    when the agenda is fixed); the thread keeps the link."""
    space = thread.space
    body = conference_body(space)
    if not perms.can_put_on_agenda(actor, space, body):
        raise DiscussionError(
            "Inscrire un échange à l'ordre du jour est réservé au président, à qui préside la "
            "conférence des maires, aux agents et aux administrateurs de l'espace."
        )
    if kind not in AGENDA_KINDS:
        raise DiscussionError("Un échange devient un point d'information ou une demande d'avis.")
    if body is None:
        raise DiscussionError(
            "L'espace n'a pas de conférence des maires : un administrateur la crée d'abord "
            "dans « Instances et séances »."
        )
    sitting = next_conference_sitting(space, body)
    if sitting is None:
        raise DiscussionError(
            "Aucune séance de la conférence des maires n'est en préparation : un agent en "
            "prépare une d'abord, puis l'échange pourra y être inscrit."
        )
    try:
        with transaction.atomic():
            locked = Thread.objects.select_for_update().get(pk=thread.pk)
            if locked.agenda_item_id is not None:
                raise DiscussionError("Cet échange est déjà inscrit à un ordre du jour.")
            item = meeting_services.add_item(
                actor=actor,
                sitting=sitting,
                title=thread.title,
                kind=kind,
                summary=agenda_summary(thread),
            )
            Thread.objects.filter(pk=thread.pk).update(agenda_item=item)
            log_action(
                actor=actor,
                action="discussions.put_on_agenda",
                obj=thread,
                space=space,
                data={"sitting": sitting.pk, "item": item.pk, "kind": kind},
            )
    except MeetingError as refusal:
        raise DiscussionError(str(refusal)) from refusal
    thread.agenda_item = item
    return item


# --- Meeting requests (L5211-11-3) --------------------------------------------------------------


def _year() -> int:
    return timezone.localdate().year


def reached_rounds(space: Space, year: int):
    return RequestRound.objects.filter(space=space, year=year, reached_at__isnull=False)


def open_round(space: Space, year: int | None = None) -> RequestRound | None:
    return RequestRound.objects.filter(
        space=space, year=year or _year(), reached_at__isnull=True
    ).first()


def _open_round_id(space: Space, year: int) -> int:
    """The open round of the year, opened now if there is none (two first requests at once:
    the second one finds the round the first opened)."""
    current = open_round(space, year)
    if current is None:
        try:
            with transaction.atomic():
                current = RequestRound.objects.create(space=space, year=year)
        except IntegrityError:
            current = open_round(space, year)
    return current.pk


def request_meeting(*, actor, space: Space, reason: str) -> MeetingRequest:
    """A mayor asks for a meeting of the conference (L5211-11-3), once per round. When one
    third of the mayors asked, the round is reached and the president, the conference's
    chair and the space's agents are told (Kind.MEETING_REQUEST). Once 4 rounds were
    reached in the calendar year, a new request is refused."""
    if not perms.can_request_meeting(actor, space):
        raise DiscussionError(
            "Seuls les maires des communes membres demandent la réunion de la conférence des "
            f"maires ({rules.ARTICLE})."
        )
    person = _person(actor)
    reason = _check_text(reason, "le motif de la demande", 3000)
    commune_id = (
        mayor_mandates(space).filter(person=person).values_list("organisation_id", flat=True)[0]
    )
    year = _year()
    try:
        with transaction.atomic():
            refusal = rules.request_refusal(
                reached_this_year=reached_rounds(space, year).count(), year=year
            )
            if refusal:
                raise DiscussionError(refusal)
            current = RequestRound.objects.select_for_update().get(pk=_open_round_id(space, year))
            request = MeetingRequest.objects.create(
                round=current,
                person=person,
                commune_id=commune_id,
                reason=reason,
                created_by=actor,
            )
            log_action(
                actor=actor,
                action="discussions.request_meeting",
                obj=request,
                space=space,
                data={"round": current.pk},
            )
            count = rules.request_count(
                mayors=mayor_count(space), requests=current.requests.count()
            )
            if count.reached:
                _reach(actor, space, current, count)
    except IntegrityError as error:
        raise DiscussionError(
            "Vous avez déjà demandé la réunion de la conférence des maires : votre demande "
            "est comptée."
        ) from error
    return request


def _reach(actor, space, current: RequestRound, count: rules.RequestCount) -> None:
    current.reached_at = timezone.now()
    current.mayors_at_reach = count.mayors
    current.threshold_at_reach = count.needed
    current.save(update_fields=["reached_at", "mayors_at_reach", "threshold_at_reach"])
    log_action(
        actor=actor,
        action="discussions.meeting_request_reached",
        obj=current,
        space=space,
        data={"requests": count.requests, "mayors": count.mayors, "needed": count.needed},
    )
    notify(
        recipients=meeting_request_recipients(space, conference_body(space)),
        kind=Kind.MEETING_REQUEST,
        title=(
            f"Un tiers des maires demande la réunion de la conférence des maires "
            f"({count.requests} demandes sur {count.mayors} maires)"
        ),
        body=(
            f"{count.requests} maires sur {count.mayors} ont demandé la réunion de la "
            f"conférence des maires : le seuil d'un tiers ({count.needed}) est atteint "
            f"({rules.ARTICLE}). Il revient au président de la convoquer."
        ),
        url=reverse("discussions:meeting_requests", args=[space.slug]),
        space=space,
    )


# --- Settings -----------------------------------------------------------------------------------


def set_openness(*, actor, space: Space, open_to: str) -> ConferenceSettings:
    """Choose who may post besides the mayors, the president, vice-presidents, agents and
    admins."""
    if not perms.can_configure(actor, space):
        raise DiscussionError("Régler la conférence est réservé aux administrateurs de l'espace.")
    if open_to not in Openness.values:
        raise DiscussionError("Choisissez à qui ouvrir la conférence dans la liste.")
    with transaction.atomic():
        row, _ = ConferenceSettings.objects.update_or_create(
            space=space, defaults={"open_to": open_to}
        )
        log_action(
            actor=actor,
            action="discussions.set_openness",
            obj=row,
            space=space,
            data={"open_to": open_to},
        )
    space.__dict__.pop("_conference_open_to", None)
    return row


def add_theme(*, actor, space: Space, name: str) -> Theme:
    """A space admin adds a theme of threads."""
    if not perms.can_configure(actor, space):
        raise DiscussionError("Ajouter un thème est réservé aux administrateurs de l'espace.")
    name = _check_text(name, "le nom du thème", 80)
    if Theme.objects.for_space(space).filter(name__iexact=name).exists():
        raise DiscussionError(f"Le thème « {name} » existe déjà.")
    try:
        with transaction.atomic():
            theme = Theme.objects.create(space=space, name=name)
            log_action(actor=actor, action="discussions.add_theme", obj=theme, space=space)
    except IntegrityError as error:
        raise DiscussionError(f"Le thème « {name} » existe déjà.") from error
    return theme


def year_figures(space: Space, year: int | None = None) -> dict:
    """What the meeting-requests page shows: mayors, requests of the open round, threshold,
    rounds reached this year and meetings left."""
    year = year or _year()
    current = open_round(space, year)
    requests = current.requests.count() if current else 0
    mayors = mayor_count(space)
    reached = reached_rounds(space, year).count()
    return {
        "year": year,
        "round": current,
        "count": rules.request_count(mayors=mayors, requests=requests),
        "reached": reached,
        "left": rules.meetings_left(reached),
        "max": rules.MAX_CONFERENCE_MEETINGS_PER_YEAR,
        "refusal": rules.request_refusal(reached_this_year=reached, year=year),
    }
