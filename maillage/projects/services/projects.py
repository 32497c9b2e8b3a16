"""Creating and editing a project, its status, archive and restore, followers, status updates."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.meetings.models import BodyKind
from maillage.notifications.services import notify
from maillage.people.models import ELECTED_FUNCTIONS, Mandate, Person
from maillage.spaces.perms import person_of

from .. import rules
from ..models import Follow, Project, ProjectStatus, StatusChange, StatusUpdate, Weather
from .common import NOTIFY_KIND, ProjectError, check_open, fr_date

# *(choice)* The bodies that follow a project: commissions and the other working bodies
# (committees, working groups, commission of DGS) — not the deliberative council or bureau.
FOLLOWING_BODY_KINDS = frozenset(
    {
        BodyKind.COMMISSION,
        BodyKind.COMITE_ORIENTATION,
        BodyKind.COMITE_TECHNIQUE,
        BodyKind.COMMISSION_DGS,
        BodyKind.GROUPE_TRAVAIL,
    }
)
CARD_FIELDS = (
    "title",
    "description",
    "start_date",
    "end_date",
    "lead_organisation",
    "lead_person",
    "body",
    "competence",
    "is_public",
)


def _member_ids(space) -> set[int]:
    return set(space.members.current().values_list("organisation_id", flat=True))


def _clean_card(space, data: dict, *, project: Project | None = None) -> dict:
    """Check a project's card (shared by create and update) and return it cleaned."""
    data = dict(data)
    data["title"] = (data.get("title") or "").strip()
    data["description"] = (data.get("description") or "").strip()
    if not data["title"]:
        raise ProjectError("Donnez un intitulé au projet.")
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise ProjectError(
            f"La fin prévue ({fr_date(end)}) ne peut pas précéder le début ({fr_date(start)})."
        )
    members = _member_ids(space)
    communes = list(dict.fromkeys(data.get("communes") or []))
    outside = [c.name for c in communes if c.pk not in members]
    if outside:
        raise ProjectError(
            "Ces organisations ne sont pas membres de l'espace : " + ", ".join(outside) + "."
        )
    data["communes"] = communes
    lead_org = data.get("lead_organisation")
    if lead_org is not None and lead_org.pk not in members | {space.organisation_id}:
        raise ProjectError(
            f"L'organisation pilote « {lead_org.name} » n'est ni l'intercommunalité ni une "
            "de ses membres."
        )
    lead = data.get("lead_person")
    if lead is not None and not Person.objects.in_space(space).filter(pk=lead.pk).exists():
        raise ProjectError(f"{lead.full_name} n'a ni rôle ni mandat dans l'espace.")
    participants = list(dict.fromkeys(data.get("participants") or []))
    if participants:
        allowed_orgs = {c.pk for c in communes} | {space.organisation_id}
        elected = set(
            Mandate.objects.current()
            .filter(
                person__in=participants,
                organisation_id__in=allowed_orgs,
                function__in=ELECTED_FUNCTIONS,
            )
            .values_list("person_id", flat=True)
        )
        strangers = [p.full_name for p in participants if p.pk not in elected]
        if strangers:
            raise ProjectError(
                "Ces personnes ne sont élues ni d'une commune concernée ni de "
                "l'intercommunalité : " + ", ".join(strangers) + ". Ajoutez d'abord leur commune."
            )
    data["participants"] = participants
    body = data.get("body")
    if body is not None:
        if body.space_id != space.pk:
            raise ProjectError("Cette commission n'est pas de l'espace.")
        if body.kind not in FOLLOWING_BODY_KINDS:
            raise ProjectError(
                f"« {body.name} » n'est pas une commission ou un comité : choisissez l'instance "
                "de travail qui suit le projet."
            )
    for key in ("need", "thread"):
        origin = data.get(key)
        if origin is not None and origin.space_id != space.pk:
            raise ProjectError("Le besoin ou l'échange d'origine n'est pas de cet espace.")
    if project is not None:
        _check_milestones_fit(project, start, end)
    return data


def _check_milestones_fit(project: Project, start, end) -> None:
    """New dates must still hold every milestone of the project."""
    milestones = project.milestones.all()
    if start:
        early = milestones.filter(due_date__lt=start).first()
        if early:
            raise ProjectError(
                f"Le jalon « {early.title} » ({fr_date(early.due_date)}) tomberait avant le "
                "nouveau début : déplacez-le d'abord."
            )
    if end:
        late = milestones.filter(due_date__gt=end).first()
        if late:
            raise ProjectError(
                f"Le jalon « {late.title} » ({fr_date(late.due_date)}) tomberait après la "
                "nouvelle fin prévue : déplacez-le d'abord."
            )


def create_project(
    *,
    actor,
    space,
    title: str,
    description: str = "",
    status: str = ProjectStatus.IDEA,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    lead_organisation=None,
    lead_person=None,
    communes=(),
    participants=(),
    body=None,
    competence=None,
    is_public: bool = False,
    need=None,
    thread=None,
) -> Project:
    """Create a project of the space (from a need or a conference thread when given)."""
    if status not in ProjectStatus.values:
        raise ProjectError("Choisissez l'état du projet.")
    data = _clean_card(space, locals().copy())
    with transaction.atomic():
        project = Project.objects.create(
            space=space,
            status=status,
            created_by=actor if getattr(actor, "pk", None) else None,
            need=need,
            thread=thread,
            **{key: data[key] for key in CARD_FIELDS},
        )
        project.communes.set(data["communes"])
        project.participants.set(data["participants"])
        log_action(
            actor=actor,
            action="projects.create",
            obj=project,
            space=space,
            data={
                "status": status,
                "communes": [c.pk for c in data["communes"]],
                "need": getattr(need, "pk", None),
                "thread": getattr(thread, "pk", None),
            },
        )
    return project


def update_project(*, actor, project: Project, communes=None, participants=None, **card) -> Project:
    """Change the project's card: any of CARD_FIELDS, its communes and élus (None keeps
    them)."""
    check_open(project)
    unknown = set(card) - set(CARD_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {unknown}")
    values = {key: getattr(project, key) for key in CARD_FIELDS} | card
    if communes is None:
        communes = list(project.communes.all())
    if participants is None:
        participants = list(project.participants.all())
    data = _clean_card(
        project.space,
        {**values, "communes": communes, "participants": participants},
        project=project,
    )
    changed = [key for key in CARD_FIELDS if getattr(project, key) != data[key]]
    with transaction.atomic():
        for key in CARD_FIELDS:
            setattr(project, key, data[key])
        project.save()
        before = set(project.communes.values_list("pk", flat=True))
        project.communes.set(data["communes"])
        project.participants.set(data["participants"])
        if before != {c.pk for c in data["communes"]}:
            changed.append("communes")
        log_action(
            actor=actor,
            action="projects.update",
            obj=project,
            space=project.space,
            data={"fields": changed},
        )
    return project


def _team(project: Project) -> list[Person]:
    people = list(project.participants.all())
    if project.lead_person_id:
        people.append(project.lead_person)
    return people


def _followers(project: Project) -> list[Person]:
    return list(Person.objects.filter(pk__in=project.follows.values("person_id")))


def change_status(*, actor, project: Project, status: str, reason: str = "") -> StatusChange:
    """Move the project to another status; a reason is required to abandon it, go back to an
    earlier status or revive it (rules.needs_reason). Followers are told."""
    check_open(project)
    if status not in ProjectStatus.values:
        raise ProjectError("Choisissez le nouvel état du projet.")
    if status == project.status:
        raise ProjectError(f"Le projet est déjà « {project.get_status_display()} ».")
    reason = (reason or "").strip()
    if rules.needs_reason(project.status, status) and not reason:
        raise ProjectError(
            f"Dites pourquoi le projet passe de « {project.get_status_display()} » à "
            f"« {ProjectStatus(status).label} » : le motif est obligatoire pour abandonner un "
            "projet, revenir à un état antérieur ou reprendre un projet abandonné."
        )
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.status != project.status:
            raise ProjectError("L'état du projet vient d'être changé par quelqu'un d'autre.")
        change = StatusChange.objects.create(
            project=project,
            from_status=project.status,
            to_status=status,
            reason=reason,
            changed_by=actor if getattr(actor, "pk", None) else None,
        )
        old = project.get_status_display()
        project.status = status
        project.save(update_fields=["status", "updated_at"])
        log_action(
            actor=actor,
            action="projects.status",
            obj=project,
            space=project.space,
            data={"from": change.from_status, "to": status, "reason": reason},
        )
        notify(
            recipients=_followers(project) + _team(project),
            kind=NOTIFY_KIND,
            title=f"Projet « {project.title} » : {old} → {project.get_status_display()}",
            body=reason,
            url=project.get_absolute_url(),
            space=project.space,
            exclude=person_of(actor),
        )
    return change


def archive_project(*, actor, project: Project) -> Project:
    """Archive instead of delete: the project leaves the lists and stays readable."""
    if project.archived_at is not None:
        raise ProjectError("Ce projet est déjà archivé.")
    with transaction.atomic():
        project.archived_at = timezone.now()
        project.save(update_fields=["archived_at", "updated_at"])
        log_action(actor=actor, action="projects.archive", obj=project, space=project.space)
    return project


def restore_project(*, actor, project: Project) -> Project:
    if project.archived_at is None:
        raise ProjectError("Ce projet n'est pas archivé.")
    with transaction.atomic():
        project.archived_at = None
        project.save(update_fields=["archived_at", "updated_at"])
        log_action(actor=actor, action="projects.restore", obj=project, space=project.space)
    return project


def follow(*, actor, project: Project) -> Follow:
    """Follow a project: its status updates and status changes reach you."""
    person = person_of(actor)
    if person is None:
        raise ProjectError("Seule une personne de l'espace peut suivre un projet.")
    try:
        with transaction.atomic():
            row = Follow.objects.create(project=project, person=person)
            log_action(actor=actor, action="projects.follow", obj=project, space=project.space)
    except IntegrityError as error:
        raise ProjectError("Vous suivez déjà ce projet.") from error
    return row


def unfollow(*, actor, project: Project) -> None:
    person = person_of(actor)
    with transaction.atomic():
        deleted, _ = Follow.objects.filter(project=project, person=person).delete()
        if not deleted:
            raise ProjectError("Vous ne suivez pas ce projet.")
        log_action(actor=actor, action="projects.unfollow", obj=project, space=project.space)


def post_update(*, actor, project: Project, weather: str, text: str) -> StatusUpdate:
    """Post a status update (météo and Markdown text); followers and the team are told."""
    check_open(project)
    if weather not in Weather.values:
        raise ProjectError(
            "Choisissez la météo du projet : dans les temps, à surveiller ou en retard."
        )
    text = (text or "").strip()
    if not text:
        raise ProjectError("Écrivez où en est le projet.")
    with transaction.atomic():
        update = StatusUpdate.objects.create(
            project=project,
            weather=weather,
            text=text,
            author=person_of(actor),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        project.weather = weather
        project.weather_at = update.created_at
        project.save(update_fields=["weather", "weather_at", "updated_at"])
        log_action(
            actor=actor,
            action="projects.update_posted",
            obj=project,
            space=project.space,
            data={"weather": weather, "update": update.pk},
        )
        notify(
            recipients=_followers(project) + _team(project),
            kind=NOTIFY_KIND,
            title=f"Projet « {project.title} » : {update.get_weather_display().lower()}",
            body=text[:500],
            url=project.get_absolute_url(),
            space=project.space,
            exclude=person_of(actor),
        )
    return update
