"""Who may see and do what with the catalogue of shared services and the subscriptions.
One function per decision; the docstring is the rule."""

from django.db.models import Q

from maillage.people.models import Function, Mandate
from maillage.spaces.models import Role, SpaceRole
from maillage.spaces.perms import person_of, roles
from maillage.territories.models import Organisation

from .models import Service, ServiceStatus

NEED_VIEW = (
    "Le catalogue des services partagés est réservé aux personnes qui ont un rôle ou un "
    "mandat dans l'espace (élus, agents, référents, administrateurs)."
)
NEED_MANAGE = (
    "Tenir le catalogue des services partagés est réservé aux agents et aux administrateurs "
    "de l'espace."
)
NEED_SUBSCRIBE = (
    "Abonner une organisation est réservé aux agents et administrateurs de l'espace, et, pour "
    "leur propre organisation, à son maire (ou son président) et à son référent, tant que le "
    "service est ouvert."
)
NEED_SUBSCRIBE_EPCI = (
    "Abonner toutes les communes d'un EPCI est réservé aux agents et administrateurs de "
    "l'espace, et au président ou au référent de cet EPCI, tant que le service est ouvert."
)

# Who speaks for an organisation about its subscriptions *(choix)*: its executive.
EXECUTIVE_FUNCTIONS = (Function.MAIRE, Function.PRESIDENT)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def is_manager(user, space) -> bool:
    """The space's agents and admins (and superusers) keep the catalogue."""
    return _is_superuser(user) or bool({Role.ADMIN, Role.AGENT} & roles(user, space))


def can_view_catalogue(user, space) -> bool:
    """Everyone with a role or a mandate in the space reads the catalogue, its costs and its
    subscribers *(choix : costs and subscriptions are shared among members, not public)*."""
    return _is_superuser(user) or bool(roles(user, space))


def can_manage_catalogue(user, space) -> bool:
    """Agents and admins create, edit, open and close the services."""
    return is_manager(user, space)


def space_members(space):
    """The current member organisations of the space."""
    return Organisation.objects.filter(
        space_memberships__space=space, space_memberships__end_date__isnull=True
    )


def subscribing_organisations(user, space) -> list[Organisation]:
    """The members for which the user subscribes: every current member for agents and admins;
    otherwise the current members where they are maire or président (current mandate), or
    référent of the space for that organisation *(choix)*."""
    cache = user.__dict__.setdefault("_catalogue_organisations", {})
    if space.pk in cache:
        return cache[space.pk]
    members = space_members(space)
    person = person_of(user)
    if is_manager(user, space):
        result = list(members.order_by("name"))
    elif person is None:
        result = []
    else:
        executive = (
            Mandate.objects.current()
            .filter(person=person, function__in=EXECUTIVE_FUNCTIONS)
            .values("organisation_id")
        )
        referent_of = (
            SpaceRole.objects.current()
            .filter(space=space, person=person, role=Role.REFERENT)
            .values("organisation_id")
        )
        result = list(
            members.filter(Q(pk__in=executive) | Q(pk__in=referent_of)).distinct().order_by("name")
        )
    cache[space.pk] = result
    return result


def paying_epcis(user, space) -> list[Organisation]:
    """The EPCI that may subscribe on behalf of all their communes: the space's own
    organisation when it is an EPCI, and the EPCI members of the space (an operator's
    space), among those the user subscribes for (agents and admins: all)."""
    from maillage.territories.models import Kind

    candidates = list(space_members(space).filter(kind=Kind.EPCI).order_by("name"))
    if space.organisation.kind == Kind.EPCI:
        candidates.insert(0, space.organisation)
    if is_manager(user, space):
        return candidates
    person = person_of(user)
    if person is None:
        return []
    mine = {o.pk for o in subscribing_organisations(user, space)}
    if space.organisation.kind == Kind.EPCI:
        own_executive = Mandate.objects.current().filter(
            person=person, organisation=space.organisation, function=Function.PRESIDENT
        )
        if own_executive.exists():
            mine.add(space.organisation.pk)
    return [o for o in candidates if o.pk in mine]


def can_subscribe(user, service: Service) -> bool:
    """Subscriptions are taken while the service is open, for an organisation one
    subscribes for (see `subscribing_organisations`)."""
    return service.status == ServiceStatus.OPEN and bool(
        subscribing_organisations(user, service.space)
    )


def can_subscribe_epci(user, service: Service) -> bool:
    """An EPCI subscribes for all its communes while the service is open."""
    return service.status == ServiceStatus.OPEN and bool(paying_epcis(user, service.space))


def can_change_subscription(user, subscription) -> bool:
    """Units and end of a subscription: whoever subscribes for its organisation, or for the
    EPCI that pays it."""
    space = subscription.service.space
    mine = {o.pk for o in subscribing_organisations(user, space)}
    mine |= {o.pk for o in paying_epcis(user, space)}
    return subscription.organisation_id in mine or subscription.paid_by_id in mine
