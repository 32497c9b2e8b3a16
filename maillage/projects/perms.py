"""Who may see and do what with projects. One function per decision; the docstring is the rule.
Built on the space roles (`maillage.spaces.perms`) and the current mandates of people."""

from maillage.people.models import Function, Mandate
from maillage.spaces.models import Role
from maillage.spaces.perms import person_of, roles

from .models import Project

NEED_VIEW = (
    "Ce projet n'est pas public : il est réservé aux personnes qui ont un rôle ou un mandat "
    "dans l'espace (élus, agents, référents, administrateurs)."
)
NEED_CREATE = (
    "Créer un projet est réservé aux agents et aux administrateurs de l'espace, et au "
    "président et aux vice-présidents de l'intercommunalité."
)
NEED_MANAGE = (
    "Modifier un projet (fiche, état, budget, jalons, indicateurs, archivage) est réservé à "
    "son chef de projet, aux agents et aux administrateurs de l'espace, et au président et aux "
    "vice-présidents de l'intercommunalité."
)
NEED_CONTRIBUTE = (
    "Publier un point d'étape, cocher une tâche ou saisir une mesure est réservé à l'équipe du "
    "projet : son chef de projet, les élus associés, les agents et les administrateurs."
)
NEED_FOLLOW = (
    "Suivre un projet est réservé aux personnes qui ont un rôle ou un mandat dans l'espace."
)

EXECUTIVE_FUNCTIONS = (Function.PRESIDENT, Function.VICE_PRESIDENT)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def is_executive(user, space) -> bool:
    """A current president or vice-president of the space's own organisation (the EPCI or the
    syndicat)."""
    person = person_of(user)
    if person is None:
        return False
    cache = user.__dict__.setdefault("_project_executive", {})
    if space.pk not in cache:
        cache[space.pk] = (
            Mandate.objects.current()
            .filter(
                person=person,
                organisation_id=space.organisation_id,
                function__in=EXECUTIVE_FUNCTIONS,
            )
            .exists()
        )
    return cache[space.pk]


def can_see_all_projects(user, space) -> bool:
    """Everyone with a role or a mandate in the space (élus of the member communes included)
    sees all its projects, public or not; superusers too."""
    return _is_superuser(user) or bool(roles(user, space))


def can_view_projects(user, space) -> bool:
    """The list and the timeline of projects are open to everyone: a visitor without a role
    in the space sees the public projects only *(choice: citizens understand their
    intercommunality's projects)*."""
    return True


def can_view_project(user, project: Project) -> bool:
    """A public project is seen by everyone; the others by whoever sees all the space's
    projects. An archived project stays readable by the same people."""
    return project.is_public or can_see_all_projects(user, project.space)


def can_create_project(user, space) -> bool:
    """Agents and admins of the space, the president and vice-presidents of its organisation
    (a current mandate), and superusers create projects."""
    if _is_superuser(user):
        return True
    return bool({Role.ADMIN, Role.AGENT} & roles(user, space)) or is_executive(user, space)


def _is_lead(user, project: Project) -> bool:
    person = person_of(user)
    return person is not None and project.lead_person_id == person.pk


def can_manage_project(user, project: Project) -> bool:
    """Those who create projects in the space, and the project's lead person *(choice)*,
    edit its card, status, budget, milestones, tasks and indicators, archive and restore it."""
    return can_create_project(user, project.space) or _is_lead(user, project)


def is_participant(user, project: Project) -> bool:
    """One of the élus named on the project."""
    person = person_of(user)
    if person is None:
        return False
    cache = user.__dict__.setdefault("_project_participant", {})
    if project.pk not in cache:
        cache[project.pk] = project.participants.filter(pk=person.pk).exists()
    return cache[project.pk]


def can_contribute(user, project: Project) -> bool:
    """The project team posts status updates, ticks tasks and records measurements: its lead
    person, the élus named on it, the space's agents and admins, the president and
    vice-presidents — not on an archived project."""
    if project.is_archived:
        return False
    return can_manage_project(user, project) or is_participant(user, project)


def can_edit(user, project: Project) -> bool:
    """Managing an archived project is limited to restoring it."""
    return not project.is_archived and can_manage_project(user, project)


def can_archive(user, project: Project) -> bool:
    """Those who manage the project archive it (it leaves the lists, stays readable)."""
    return not project.is_archived and can_manage_project(user, project)


def can_restore(user, project: Project) -> bool:
    """An archived project is restored by those who manage it."""
    return project.is_archived and can_manage_project(user, project)


def can_follow(user, project: Project) -> bool:
    """Anyone with a role or a mandate in the space — the municipal councillors of the
    communes involved first — follows a project and comments on it; not a visitor, who has
    nobody to be notified as."""
    return person_of(user) is not None and bool(roles(user, project.space))


def can_comment(user, project: Project) -> bool:
    """Those who may follow a project comment on it, while it is not archived."""
    return not project.is_archived and can_follow(user, project)
