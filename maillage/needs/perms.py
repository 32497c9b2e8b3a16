"""Who may see and do what with the needs of a space. One function per decision; the
docstring is the rule. Built on the space roles (`maillage.spaces.perms`)."""

from django.db.models import Q

from maillage.people.models import Mandate
from maillage.spaces.models import Role, SpaceRole
from maillage.spaces.perms import person_of, roles
from maillage.territories.models import Organisation

from .models import Need, Status

NEED_VIEW = (
    "Les besoins d'un espace sont réservés aux personnes qui y ont un rôle ou un mandat "
    "(élus, agents, référents, administrateurs)."
)
NEED_EXPRESS = (
    "Exprimer un besoin est réservé aux élus et agents des organisations membres, à leurs "
    "référents, et aux agents et administrateurs de l'espace."
)
NEED_EDIT = "Modifier un besoin est réservé à son auteur, aux agents et aux administrateurs."
NEED_SUPPORT = (
    "Dire « nous aussi » est réservé aux élus, agents et référents d'une autre organisation "
    "membre, tant que le besoin n'est pas classé sans suite."
)
NEED_MANAGE = (
    "Regrouper les besoins, changer leur état et tenir la liste des thèmes est réservé aux "
    "agents et aux administrateurs de l'espace."
)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def is_manager(user, space) -> bool:
    """The space's agents and admins (and superusers) run the needs of the space."""
    return _is_superuser(user) or bool({Role.ADMIN, Role.AGENT} & roles(user, space))


def acting_organisations(user, space) -> list[Organisation]:
    """The member organisations for which the user speaks: every current member for the
    space's agents and admins *(choix : they record a need heard at a meeting)*; otherwise
    the current members where the person holds a current mandate or function (maire, élu,
    agent, secrétaire de mairie…), and the organisation of their référent role."""
    members = Organisation.objects.filter(
        space_memberships__space=space, space_memberships__end_date__isnull=True
    )
    person = person_of(user)
    if person is None and not _is_superuser(user):
        return []
    cache = user.__dict__.setdefault("_need_organisations", {})
    if space.pk in cache:
        return cache[space.pk]
    if is_manager(user, space):
        cache[space.pk] = list(members.order_by("name"))
    else:
        mandated = Mandate.objects.current().filter(person=person).values("organisation_id")
        referent_of = (
            SpaceRole.objects.current()
            .filter(space=space, person=person, role=Role.REFERENT)
            .values("organisation_id")
        )
        cache[space.pk] = list(
            members.filter(Q(pk__in=mandated) | Q(pk__in=referent_of)).distinct().order_by("name")
        )
    return cache[space.pk]


def clear_cache(user):
    user.__dict__.pop("_need_organisations", None)


def can_view_needs(user, space) -> bool:
    """Everyone with a role or a mandate in the space reads all its needs, their costs and
    the aggregated view *(choix : the needs are the ground shared by élus and agents, not a
    public page)*; superusers too."""
    return _is_superuser(user) or bool(roles(user, space))


def can_express_need(user, space) -> bool:
    """Whoever speaks for at least one member organisation (see `acting_organisations`)."""
    return bool(acting_organisations(user, space))


def can_view_need(user, need: Need) -> bool:
    return can_view_needs(user, need.space)


def can_edit_need(user, need: Need) -> bool:
    """The author of a need still open or under study, the space's agents and admins."""
    if is_manager(user, need.space):
        return True
    mine = need.created_by_id is not None and need.created_by_id == getattr(user, "pk", None)
    return mine and need.status in (Status.OPEN, Status.STUDY)


def support_organisations(user, need: Need) -> list[Organisation]:
    """The organisations for which the user may say « nous aussi » on this need: those they
    speak for, but the need's own organisation."""
    return [o for o in acting_organisations(user, need.space) if o.pk != need.organisation_id]


def can_support(user, need: Need) -> bool:
    """« Nous aussi » on a need that is not « sans suite », for an organisation one speaks
    for other than the need's own."""
    return need.status != Status.DROPPED and bool(support_organisations(user, need))


def can_withdraw_support(user, support) -> bool:
    """A « nous aussi » is withdrawn by whoever speaks for its organisation (or a manager)."""
    need = support.need
    return any(o.pk == support.organisation_id for o in acting_organisations(user, need.space))


def can_manage_needs(user, space) -> bool:
    """Group needs, change their status, keep the themes: agents and admins *(choix)*."""
    return is_manager(user, space)


def can_start_project(user, space) -> bool:
    """The link « Lancer un projet » is shown to agents and admins; the projects app decides
    on its own page."""
    return is_manager(user, space)
