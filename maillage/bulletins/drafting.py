"""The draft of a new issue: Markdown sections pre-filled with what happened in the space
since the last sent issue. The agent edits them freely; nothing here is sent as it is.

*(choix)* What members alone may see goes to sections marked « réservée aux membres »:
sittings of bodies other than the council (bureau, commissions…) and council sittings not yet
convened (the portal does not announce them either), projects not made public, surveys,
opinion requests not made public, and experiences shared with the members only."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from maillage.experiences.models import Experience
from maillage.meetings.models import COUNCIL_KINDS, Deliberation, Sitting, SittingStatus
from maillage.opinions.models import OpinionRequest
from maillage.opinions.models import Status as OpinionStatus
from maillage.projects.models import Project, StatusChange, StatusUpdate
from maillage.surveys.models import Survey

LIMIT = 30  # items per section: a bulletin is read, not searched
EXPERIENCES_LIMIT = 10  # *(choix)* the best of the period, not all of them


@dataclass
class DraftSection:
    heading: str
    body: str
    members_only: bool = False


def _text(value: str) -> str:
    """A title safe inside a Markdown link text."""
    return re.sub(r"([\[\]\\*_`<>])", r"\\\1", " ".join(str(value).split()))


def _link(text: str, path: str) -> str:
    return f"[{_text(text)}]({settings.SITE_URL}{path})"


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y à %H:%M")


def _deliberations(space, since) -> list[str]:
    acts = (
        Deliberation.objects.published()
        .filter(space=space, published_at__gte=since)
        .select_related("space")
        .order_by("year", "sequence")[:LIMIT]
    )
    return [
        f"- {_link(f'{act.number} : {act.title}', act.get_absolute_url())}"
        f" ({act.get_outcome_display().lower()} le {act.decided_on:%d/%m/%Y})"
        for act in acts
    ]


def _sittings(space, now) -> tuple[list[str], list[str]]:
    sittings = (
        Sitting.objects.filter(
            body__space=space,
            starts_at__gte=now,
            status__in=[SittingStatus.CONVENED, SittingStatus.DRAFT],
        )
        .select_related("body__space")
        .order_by("starts_at")[:LIMIT]
    )
    public, private = [], []
    for sitting in sittings:
        line = (
            f"- {_text(sitting.body.name)} : le {_local(sitting.starts_at)}, {_text(sitting.place)}"
        )
        if sitting.status == SittingStatus.DRAFT:
            line += " (en préparation, pas encore convoquée)"
        # Council sittings are public by law (L2121-18 CGCT, L5211-1) once convened; other
        # bodies' are not, and a sitting in preparation is not announced (as on the portal).
        announced = sitting.body.kind in COUNCIL_KINDS and sitting.status != SittingStatus.DRAFT
        (public if announced else private).append(line)
    return public, private


def _projects(space, since) -> tuple[list[str], list[str]]:
    changes = {}
    for change in StatusChange.objects.filter(
        project__space=space, project__archived_at__isnull=True, changed_at__gte=since
    ).order_by("changed_at"):
        changes[change.project_id] = f"désormais « {change.get_to_status_display().lower()} »"
    for update in StatusUpdate.objects.filter(
        project__space=space, project__archived_at__isnull=True, created_at__gte=since
    ).order_by("created_at"):
        weather = f"météo « {update.get_weather_display().lower()} »"
        changes[update.project_id] = (
            f"{changes[update.project_id]}, {weather}" if update.project_id in changes else weather
        )
    public, private = [], []
    projects = Project.objects.filter(pk__in=list(changes)).select_related("space")
    for project in projects.order_by("title")[:LIMIT]:
        line = f"- {_link(project.title, project.get_absolute_url())} : {changes[project.pk]}"
        (public if project.is_public else private).append(line)
    return public, private


def _consultations(space, now) -> tuple[list[str], list[str]]:
    public, private = [], []
    for survey in Survey.objects.accepting(now).filter(space=space).select_related("space")[:LIMIT]:
        private.append(
            f"- Enquête {_link(survey.title, survey.get_absolute_url())}"
            f" : réponses jusqu'au {_local(survey.deadline)}"
        )
    requests = OpinionRequest.objects.filter(space=space, status=OpinionStatus.OPEN)
    for request in requests.select_related("space").order_by("deadline")[:LIMIT]:
        deadline = (
            f" : avis attendus avant le {request.deadline:%d/%m/%Y}" if request.deadline else ""
        )
        line = f"- Demande d'avis {_link(request.title, request.get_absolute_url())}{deadline}"
        (public if request.is_public else private).append(line)
    return public, private


def _experiences(space, since) -> tuple[list[str], list[str]]:
    """The experiences shared since `since` and those that helped over the period, the most
    helpful first (« ça m'a aidé » given since `since`), then the newest; public ones for
    everyone, members' ones in the members' section."""
    best = (
        Experience.objects.published()
        .filter(space=space)
        .with_helpful_counts(since=since)
        .filter(Q(created_at__gte=since) | Q(helpful_count__gt=0))
        .select_related("author", "space")
        .order_by("-helpful_count", "-created_at", "-pk")[:EXPERIENCES_LIMIT]
    )
    public, private = [], []
    for item in best:
        helped = f", {item.helpful_count} « ça m'a aidé »" if item.helpful_count else ""
        author = _text(item.author.full_name)
        line = f"- {_link(item.title, item.get_absolute_url())} ({author}{helped})"
        (public if item.is_public else private).append(line)
    return public, private


def draft_sections(space, since: datetime, now: datetime | None = None) -> list[DraftSection]:
    """The pre-filled sections, only those that have something to say."""
    now = now or timezone.now()
    sections = []

    def add(heading, lines, members_only=False):
        if lines:
            sections.append(DraftSection(heading, "\n".join(lines), members_only))

    add("Délibérations publiées", _deliberations(space, since))
    public, private = _sittings(space, now)
    add("Séances à venir", public)
    add("Réunions à venir (membres)", private, members_only=True)
    public, private = _projects(space, since)
    add("Projets qui avancent", public)
    add("Autres projets qui avancent (membres)", private, members_only=True)
    public, private = _consultations(space, now)
    add("Consultations ouvertes", public)
    add("Enquêtes et demandes d'avis en cours (membres)", private, members_only=True)
    public, private = _experiences(space, since)
    add("Retours d'expérience", public)
    add("Retours d'expérience entre membres", private, members_only=True)
    return sections
