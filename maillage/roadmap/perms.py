"""Who may see and do what in the steering of a space. One function per decision; the
docstring is the rule. Built on the space roles (`maillage.spaces.perms`) and the current
mandates of the space's own organisation."""

from maillage.people.models import Function, Mandate
from maillage.spaces.models import Role
from maillage.spaces.perms import person_of, roles

NEED_STEER = (
    "Modifier le pilotage (projet de territoire, feuille de route, expérimentations) est "
    "réservé aux agents et aux administrateurs de l'espace, au président et aux "
    "vice-présidents."
)
NEED_MEMBERS = (
    "La feuille de route de travail et les expérimentations sont réservées aux personnes qui "
    "ont un rôle ou un mandat dans l'espace (élus, agents, référents, administrateurs)."
)

STEERING_FUNCTIONS = (Function.PRESIDENT, Function.VICE_PRESIDENT)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def is_president_or_vice(user, space) -> bool:
    """A current president or vice-president of the space's own organisation (the EPCI or
    the syndicat)."""
    person = person_of(user)
    if person is None:
        return False
    cache = user.__dict__.setdefault("_roadmap_executive", {})
    if space.pk not in cache:
        cache[space.pk] = (
            Mandate.objects.current()
            .filter(
                person=person,
                organisation_id=space.organisation_id,
                function__in=STEERING_FUNCTIONS,
            )
            .exists()
        )
    return cache[space.pk]


def can_steer(user, space) -> bool:
    """The space's agents and admins, its president and vice-presidents (the executive
    steers the projet de territoire), and superusers write the projet de territoire, the
    working roadmap and the experiments, propose and adopt roadmap versions and record
    decisions *(choix : the same people for the three, who work on them together)*."""
    if _is_superuser(user):
        return True
    if {Role.ADMIN, Role.AGENT} & roles(user, space):
        return True
    return is_president_or_vice(user, space)


def can_view_territory_project(user, space) -> bool:
    """The projet de territoire is public: anyone, even without an account, reads it (only
    public projects are named there)."""
    return True


def can_edit_territory_project(user, space) -> bool:
    """Those who steer write axes, objectives and actions."""
    return can_steer(user, space)


def can_view_roadmap(user, space) -> bool:
    """Everyone with a role or a mandate in the space reads the working roadmap, its
    versions (proposed, adopted, withdrawn) and their differences *(choix : transparency
    between élus and agents)*; the public reads the adopted version only."""
    return _is_superuser(user) or bool(roles(user, space))


def can_view_adopted_roadmap(user, space) -> bool:
    """The version in force (the last adopted) is public."""
    return True


def can_edit_roadmap(user, space) -> bool:
    """Those who steer edit the working version, propose a version, have it adopted or
    withdraw it."""
    return can_steer(user, space)


def can_see_private_projects(user, space) -> bool:
    """Members of the space see every project's name; the public only public projects."""
    return can_view_roadmap(user, space)


def can_view_experiments(user, space) -> bool:
    """Everyone with a role or a mandate in the space follows the experiments (the pilots'
    élus and référents first)."""
    return can_view_roadmap(user, space)


def can_edit_experiments(user, space) -> bool:
    """Those who steer start experiments, write their results and record their decision."""
    return can_steer(user, space)
