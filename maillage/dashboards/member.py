"""« Ma commune dans l'interco »: what one member organisation finds in the space — the
projects that concern it, its élus' seats and attendance, its needs and the « nous aussi »,
the services it uses and the contributions called from it. Each part in a fixed number of
queries whatever its length."""

import datetime

from django.db.models import Q

from maillage.catalogue.models import Subscription
from maillage.mutualisation.models import Statement
from maillage.needs.models import Need
from maillage.people.models import Mandate
from maillage.spaces.models import SpaceMember, SpaceRole

from . import steering

LIMIT = 50


def members(space):
    """The space's current member organisations, by name (a queryset: the list paginates it)."""
    return (
        SpaceMember.objects.current()
        .filter(space=space)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )


def own_members(user, space) -> list:
    """The current member organisations that are the user's own: a current mandate in it (a
    mayor's commune) or a current role in the space given for it (a commune's référent)
    *(choice)*; one query, remembered for the request."""
    from maillage.spaces.perms import person_of

    person = person_of(user)
    if person is None:
        return []
    cache = user.__dict__.setdefault("_own_members", {})
    if space.pk not in cache:
        mandated = Mandate.objects.current().filter(person=person).values("organisation_id")
        given = (
            SpaceRole.objects.current()
            .filter(space=space, person=person, organisation__isnull=False)
            .values("organisation_id")
        )
        cache[space.pk] = [
            m.organisation
            for m in members(space).filter(
                Q(organisation_id__in=mandated) | Q(organisation_id__in=given)
            )
        ]
    return cache[space.pk]


def projects_of(user, space, organisation):
    """The projects the reader may see that concern the organisation (a queryset)."""
    return (
        steering.visible_projects(user, space)
        .filter(communes=organisation)
        .select_related("space")
        .order_by("title", "pk")
    )


def needs_of(space, organisation):
    """The organisation's needs (every status, the latest first) with their « nous aussi »
    count, and the needs of others it said « nous aussi » to (a queryset of each)."""
    own = Need.objects.filter(space=space, organisation=organisation).with_support_counts()
    shared = (
        Need.objects.filter(
            space=space,
            supports__organisation=organisation,
            supports__withdrawn_at__isnull=True,
        )
        .exclude(organisation=organisation)
        .with_support_counts()
        .select_related("organisation")
    )
    return (
        own.select_related("space").order_by("-created_at", "-pk"),
        shared.select_related("space").order_by("-created_at", "-pk"),
    )


def subscriptions_of(space, organisation, today: datetime.date):
    """The shared services the organisation uses today (a subscription not ended)."""
    return (
        Subscription.objects.filter(service__space=space, organisation=organisation)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .filter(start_date__lte=today)
        .select_related("service__space", "paid_by")
        .order_by("service__name", "pk")
    )


def statements_of(space, organisation):
    """The contribution statements sent to the organisation, the latest year first."""
    return (
        Statement.objects.sent()
        .filter(space=space, organisation=organisation)
        .select_related("scenario__service")
        .order_by("-year", "-sequence", "-pk")
    )
