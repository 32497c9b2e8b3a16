"""What the API and the exports may show: each function returns the public objects, plus
the private ones of the space `private_space_id` (a token's space) when given.

Public, as everywhere in Maillage: every space; the councils (conseil communautaire,
comité syndical: their composition and sittings are public, L2121-18) and their sittings
once convened; published deliberations (L2131-1); projects marked public and not archived;
adopted roadmap versions; the services of the catalogue (without their costs); the sent
issues of the bulletin (their public edition: without the sections for members); the
published experiences their author made public. Nothing else.
Private (with a token of the space): every body and sitting, deliberations not yet
published, private projects, the bulletin's drafts and sections for members, the
experiences shared with members only, needs, subscriptions, chosen scenarios."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from maillage.bulletins.models import Issue, IssueStatus
from maillage.catalogue.models import Service, Subscription
from maillage.experiences.models import Experience, Photo, Visibility
from maillage.experiences.models import Status as ExperienceStatus
from maillage.meetings.models import COUNCIL_KINDS, Body, Deliberation, Sitting, SittingStatus
from maillage.mutualisation.models import Scenario, ScenarioLine, Statement, StatementStatus
from maillage.needs.models import Need
from maillage.projects.models import Project
from maillage.roadmap.models import RoadmapVersion
from maillage.spaces.models import Space


def _or_private(public: Q, private_space_id, field="space_id") -> Q:
    if private_space_id is None:
        return public
    return public | Q(**{field: private_space_id})


def spaces():
    return Space.objects.select_related("organisation").order_by("slug")


def bodies(private_space_id=None):
    return (
        Body.objects.filter(_or_private(Q(kind__in=COUNCIL_KINDS), private_space_id))
        .select_related("space")
        .order_by("space__slug", "name", "id")
    )


def sittings(private_space_id=None):
    public = Q(body__kind__in=COUNCIL_KINDS) & ~Q(status=SittingStatus.DRAFT)
    return (
        Sitting.objects.filter(_or_private(public, private_space_id, "body__space_id"))
        .select_related("body__space")
        .order_by("-starts_at", "-id")
    )


def deliberations(private_space_id=None):
    return (
        Deliberation.objects.filter(_or_private(Q(published_at__isnull=False), private_space_id))
        .select_related("space", "corrects", "item")
        .order_by("-year", "-sequence", "-id")
    )


def projects(private_space_id=None):
    public = Q(is_public=True)
    return (
        Project.objects.active()
        .filter(_or_private(public, private_space_id))
        .select_related("space")
        .prefetch_related("communes")
        .order_by("space__slug", "title", "id")
    )


def roadmap_versions(private_space_id=None):
    return (
        RoadmapVersion.objects.adopted()
        .select_related("space", "deliberation")
        .order_by("space__slug", "-number")
    )


def bulletin_issues(private_space_id=None):
    """Sent issues; with a token, the drafts of its space too. The sections are all
    prefetched: the serializer leaves out those for members outside the token's space."""
    return (
        Issue.objects.filter(_or_private(Q(status=IssueStatus.SENT), private_space_id))
        .select_related("space")
        .prefetch_related("sections")
        .order_by("-created_at", "-id")
    )


def experiences(private_space_id=None):
    """Published experiences made public; with a token, those of its space shared with
    members only too. Archived ones stay out, even with a token (as archived projects)."""
    public = Q(visibility=Visibility.PUBLIC)
    return (
        Experience.objects.filter(status=ExperienceStatus.PUBLISHED)
        .filter(_or_private(public, private_space_id))
        .select_related("space", "author")
        .prefetch_related(
            "themes",
            "organisations",
            Prefetch("photos", queryset=Photo.objects.filter(removed_at__isnull=True)),
        )
        .order_by("-created_at", "-id")
    )


def services(private_space_id=None):
    subscribers = (
        Subscription.objects.filter(service=OuterRef("pk"), end_date__isnull=True)
        .order_by()
        .values("service")
        .annotate(n=Count("organisation", distinct=True))
        .values("n")
    )
    return (
        Service.objects.select_related("space")
        .annotate(current_subscribers=Coalesce(Subquery(subscribers), 0))
        .order_by("space__slug", "name", "id")
    )


def needs(space_id):
    return (
        Need.objects.filter(space_id=space_id)
        .with_support_counts()
        .select_related("organisation")
        .order_by("-created_at", "-id")
    )


def subscriptions(space_id):
    return (
        Subscription.objects.filter(service__space_id=space_id)
        .select_related("service", "organisation", "paid_by")
        .order_by("service__name", "organisation__name", "start_date", "id")
    )


def chosen_scenarios(space_id):
    allocated = (
        ScenarioLine.objects.filter(scenario=OuterRef("pk"))
        .order_by()
        .values("scenario")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    sent = (
        Statement.objects.filter(
            scenario=OuterRef("pk"), status=StatementStatus.SENT, corrects__isnull=True
        )
        .order_by()
        .values("scenario")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Scenario.objects.active()
        .filter(space_id=space_id, chosen=True)
        .select_related("service", "deliberation")
        .annotate(allocated_total=Subquery(allocated), statements_sent=Coalesce(Subquery(sent), 0))
        .order_by("-year", "name", "id")
    )
