"""What the public portal reads: only what is already public, through each app's own public
querysets (public projects, published acts, convened council sittings, adopted documents,
public library entries, public experiences, sent bulletins). Each function costs a fixed
number of queries whatever the size of the space.

Private content never comes through here: a new section must start from a public queryset.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.utils import timezone

from maillage.governance.models import Document as GovernanceDocument
from maillage.library.models import Document as LibraryDocument
from maillage.meetings.models import (
    COUNCIL_KINDS,
    Deliberation,
    Minutes,
    Seat,
    Sitting,
    SittingStatus,
)
from maillage.people.models import Mandate
from maillage.projects.models import Project, ProjectStatus
from maillage.projects.progress import progress_by_project
from maillage.roadmap.progress import territory_tree
from maillage.spaces.models import Space, SpaceMember
from maillage.territories.models import (
    CompetenceCategory,
    Kind,
    Membership,
    Organisation,
)

from .models import CommuneMap

COMMUNES_PAGE_SIZE = 50
LATEST = 8
# Projects a citizen reads as "under way": decided and not yet finished.
ONGOING = (ProjectStatus.STUDY, ProjectStatus.COMMITTED, ProjectStatus.IN_PROGRESS)
# Sittings the public may see in the agenda: convened or held council sittings (L2121-18);
# a sitting in preparation is not announced.
PUBLIC_SITTING_STATES = (SittingStatus.CONVENED, SittingStatus.OPEN, SittingStatus.CANCELLED)


def public_sittings(space):
    """The space's sittings anyone may see: councils' sittings once convened (never those in
    preparation, never the bureau's or commissions')."""
    return (
        Sitting.objects.filter(body__space=space, body__kind__in=COUNCIL_KINDS)
        .exclude(status=SittingStatus.DRAFT)
        .select_related("body__space")
    )


def upcoming_sittings(space, *, now=None):
    now = now or timezone.now()
    return (
        public_sittings(space)
        .filter(status__in=PUBLIC_SITTING_STATES, starts_at__gte=now - datetime.timedelta(hours=6))
        .order_by("starts_at")
    )


def published_deliberations(space):
    return (
        Deliberation.objects.filter(space=space)
        .published()
        .select_related("space", "item__sitting__body")
        .order_by("-published_at", "-year", "-sequence")
    )


def public_projects(space):
    return Project.objects.visible_to_public().filter(space=space)


def current_members(space):
    return (
        SpaceMember.objects.current()
        .filter(space=space)
        .select_related("organisation")
        .order_by("organisation__search_name")
    )


def competences_of(epci):
    """The competences the EPCI exercises now, grouped by class: [(label, [exercised…])]."""
    exercised = list(
        epci.exercised_competences.current()
        .select_related("competence")
        .order_by("category", "competence__position", "competence__name")
    )
    groups = [
        (label, [c for c in exercised if c.category == value])
        for value, label in CompetenceCategory.choices
    ]
    return [(label, items) for label, items in groups if items]


def _optional_sections(space) -> dict:
    """Sections of apps that may not be installed yet (bulletins): empty when absent."""
    sections = {"bulletins": []}
    try:
        from maillage.bulletins.models import Issue
    except ImportError:  # pragma: no cover — the bulletins app is built at the same time
        return sections
    if hasattr(Issue.objects, "sent"):
        sections["bulletins"] = _in_space(
            list(Issue.objects.sent().filter(space=space).order_by("-number")[:LATEST]), space
        )
    return sections


def public_experiences(space):
    from maillage.experiences.models import Experience

    return (
        Experience.objects.public()
        .filter(space=space)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def _in_space(objects, space, attribute="space"):
    """Give each object its space (already loaded) so that its URL costs no query."""
    for obj in objects:
        target = obj.body if attribute == "body" else obj
        target.space = space
    return objects


def portal_home(space: Space, *, communes_page=1) -> dict:
    """Everything the portal home shows, in a fixed number of queries."""
    members_page = Paginator(current_members(space), COMMUNES_PAGE_SIZE).get_page(communes_page)
    totals = _member_totals(space)
    projects = list(
        public_projects(space).filter(status__in=ONGOING).order_by("-updated_at", "-pk")[:12]
    )
    progress = progress_by_project([p.pk for p in projects])
    for project in _in_space(projects, space):
        project.percent = progress.get(project.pk, 0)
    tree = territory_tree(space, public=True)
    _in_space([axis.obj for axis in tree.axes], space)
    return {
        "space": space,
        "epci": space.organisation,
        "members_page": members_page,
        "totals": totals,
        "commune_map": CommuneMap.objects.current().filter(space=space).first(),
        "competences": competences_of(space.organisation) if space.is_epci else [],
        "axes": tree.axes,
        "territory_percent": tree.percent,
        "projects": projects,
        "project_count": public_projects(space).count(),
        "deliberations": _in_space(list(published_deliberations(space)[:LATEST]), space),
        "minutes": list(
            Minutes.objects.filter(
                sitting__body__space=space,
                sitting__body__kind__in=COUNCIL_KINDS,
                published_at__isnull=False,
            )
            .select_related("sitting__body")
            .order_by("-published_at")[:4]
        ),
        "sittings": _in_space(list(upcoming_sittings(space)[:LATEST]), space, "body"),
        "documents": _in_space(
            list(
                GovernanceDocument.objects.public().filter(space=space).order_by("-in_force_on")[:6]
            ),
            space,
        ),
        "library": _in_space(
            list(
                LibraryDocument.objects.current()
                .visible_to_public()
                .filter(space=space)
                .order_by("-dated", "-created_at")[:6]
            ),
            space,
        ),
        "experiences": _in_space(list(public_experiences(space)[:6]), space),
        **_optional_sections(space),
    }


def _member_totals(space) -> dict:
    from django.db.models import Count, Sum

    return (
        current_members(space)
        .order_by()
        .aggregate(
            count=Count("pk"),
            municipale=Sum("organisation__population_municipale"),
            totale=Sum("organisation__population_totale"),
        )
    )


# --- Mon territoire --------------------------------------------------------------------------


def find_communes(raw_query: str):
    """Communes matching a name, a postcode or an INSEE code, the most likely first."""
    return (
        Organisation.objects.search(raw_query)
        .filter(kind=Kind.COMMUNE)
        .select_related("departement")
    )


@dataclass
class Territory:
    """What "Mon territoire" says about a commune."""

    commune: Organisation
    epci: Organisation | None = None
    communes: list = field(default_factory=list)
    competences: list = field(default_factory=list)
    space: Space | None = None
    projects: list = field(default_factory=list)
    seats: list = field(default_factory=list)
    services: list = field(default_factory=list)
    deliberations: list = field(default_factory=list)
    sittings: list = field(default_factory=list)


def territory_of(commune: Organisation) -> Territory:
    """The commune's EPCI (from the registry, for every commune of France), its communes and
    competences; and, when the EPCI (or an operator the commune belongs to) has a space: the
    public projects concerning the commune, its élus' council seats, the shared services it
    uses, the latest acts and the next sittings."""
    territory = Territory(commune=commune)
    link = (
        Membership.objects.current()
        .filter(member=commune, nature=Membership.Nature.EPCI)
        .select_related("group")
        .first()
    )
    if link is not None:
        epci = territory.epci = link.group
        territory.communes = [
            m.member
            for m in Membership.objects.current()
            .filter(group=epci, nature=Membership.Nature.EPCI)
            .select_related("member")
            .order_by("member__search_name")
        ]
        territory.competences = competences_of(epci)
        territory.space = Space.objects.filter(organisation=epci).order_by("pk").first()
    if territory.space is None:
        territory.space = (
            Space.objects.filter(members__organisation=commune, members__end_date__isnull=True)
            .order_by("pk")
            .first()
        )
    space = territory.space
    if space is None:
        return territory
    territory.projects = list(public_projects(space).filter(communes=commune).order_by("title"))
    progress = progress_by_project([p.pk for p in territory.projects])
    for project in _in_space(territory.projects, space):
        project.percent = progress.get(project.pk, 0)
    # Council compositions are public (L2121-18); other bodies' are not shown here.
    territory.seats = list(
        Seat.objects.current()
        .filter(body__space=space, body__kind__in=COUNCIL_KINDS)
        .filter(
            Q(organisation=commune)
            | Q(
                organisation__isnull=True,
                person__in=Mandate.objects.current()
                .filter(organisation=commune)
                .values("person_id"),
            )
        )
        .select_related("person", "body")
        .order_by("body__name", "kind", "person__last_name")
    )
    territory.services = _services_used(space, commune)
    territory.deliberations = _in_space(list(published_deliberations(space)[:5]), space)
    territory.sittings = _in_space(list(upcoming_sittings(space)[:3]), space, "body")
    return territory


def _services_used(space, commune) -> list:
    """Names of the open shared services the commune uses now *(choix : the name and category
    only — costs and contributions stay for the members)*."""
    from maillage.catalogue.models import ServiceStatus, Subscription

    return list(
        Subscription.objects.current()
        .filter(service__space=space, organisation=commune, service__status=ServiceStatus.OPEN)
        .select_related("service")
        .order_by("service__name")
        .distinct()
    )


def sittings_for_feed(space):
    """Public sittings of the last year and those to come, agenda items prefetched."""
    from maillage.meetings.models import AgendaItem

    since = timezone.now() - datetime.timedelta(days=366)
    return (
        public_sittings(space)
        .filter(starts_at__gte=since)
        .prefetch_related(Prefetch("items", queryset=AgendaItem.objects.order_by("position")))
        .order_by("starts_at")
    )
