"""Who may see and do what in the quality plan. One function per decision; the docstring is
the rule. Built on the space roles (`maillage.spaces.perms`)."""

from maillage.spaces.models import Role
from maillage.spaces.perms import person_of, roles

NEED_VIEW = (
    "Le plan qualité d'un espace est réservé aux personnes qui y ont un rôle ou un mandat "
    "(élus, agents, référents, administrateurs)."
)
NEED_MANAGE = (
    "Documenter les processus, analyser les améliorations et préparer le rapport d'activité "
    "est réservé aux agents et aux administrateurs de l'espace."
)
NEED_REVIEW = (
    "La revue d'un processus est faite par son pilote, ou par les agents et administrateurs "
    "de l'espace."
)
NEED_SUBMIT = (
    "Proposer une amélioration est réservé aux élus, agents et référents de l'espace (avec "
    "une fiche personne)."
)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def can_view_quality(user, space) -> bool:
    """Everyone with a role or a mandate in the space (élus, agents, référents, admins) reads
    its processes, indicators, register and reports *(choice: the quality plan is the
    members' business, not the public's)*; superusers too."""
    return _is_superuser(user) or bool(roles(user, space))


def can_manage_quality(user, space) -> bool:
    """The space's agents and admins (and superusers) document the processes, handle the
    register and write, produce and send the activity report."""
    return _is_superuser(user) or bool({Role.AGENT, Role.ADMIN} & roles(user, space))


def can_submit_improvement(user, space) -> bool:
    """Anyone with a role or a mandate in the space and a person record submits a suggestion
    or an irritant (a superuser without a person record cannot sign one)."""
    return person_of(user) is not None and bool(roles(user, space))


def can_handle_improvement(user, improvement) -> bool:
    """An open line of the register is analysed, decided and closed by those who manage the
    quality plan."""
    return not improvement.is_closed and can_manage_quality(user, improvement.space)


def can_review_process(user, process) -> bool:
    """A current process is reviewed by its owner, or by those who manage the quality plan."""
    if process.archived_at is not None:
        return False
    person = person_of(user)
    if person is not None and person.pk == process.owner_id and roles(user, process.space):
        return True
    return can_manage_quality(user, process.space)


def can_edit_process(user, process) -> bool:
    """A current process is edited and archived by those who manage the quality plan."""
    return process.archived_at is None and can_manage_quality(user, process.space)
