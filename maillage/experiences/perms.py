"""Who may see and do what with experiences. One function per decision; the docstring is the
rule. Built on the space roles (`maillage.spaces.perms`)."""

from maillage.spaces.models import Role
from maillage.spaces.perms import ELU, person_of, roles

from .models import Experience, Status, Visibility

NEED_VIEW = (
    "Les retours d'expérience d'un espace sont réservés aux personnes qui y ont un rôle ou un "
    "mandat (élus, agents, référents, administrateurs), sauf ceux rendus publics."
)
NEED_POST = (
    "Publier un retour d'expérience est réservé aux élus, agents, référents et "
    "administrateurs de l'espace, avec leur fiche de personne."
)
NEED_EDIT = (
    "Modifier un retour d'expérience est réservé à son auteur, tant qu'il n'est pas archivé."
)
NEED_ARCHIVE = "Archiver un retour d'expérience est réservé à son auteur et aux administrateurs."
NEED_HELPFUL = (
    "Dire « ça m'a aidé » est réservé aux personnes de l'espace, sur le retour d'un autre."
)

POSTING_ROLES = frozenset({ELU, Role.AGENT, Role.REFERENT, Role.ADMIN})


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def can_view_experiences(user, space) -> bool:
    """Everyone with a role or a mandate in the space reads its experiences (the list);
    superusers too."""
    return _is_superuser(user) or bool(roles(user, space))


def can_post_experience(user, space) -> bool:
    """Élus and agents of the space post, and référents and admins too *(choix: a référent
    is an agent of a member organisation)*; they need a person record (the author shown)."""
    return person_of(user) is not None and bool(POSTING_ROLES & roles(user, space))


def can_view_experience(user, experience: Experience) -> bool:
    """A public published experience is seen by anyone, without login (the portal); a
    members' one by whoever reads the space's experiences; an archived one only by its
    author and the space's admins (and superusers)."""
    if experience.status == Status.ARCHIVED:
        return can_archive_experience(user, experience)
    if experience.visibility == Visibility.PUBLIC:
        return True
    return can_view_experiences(user, experience.space)


def is_author(user, experience: Experience) -> bool:
    person = person_of(user)
    return person is not None and person.pk == experience.author_id


def can_edit_experience(user, experience: Experience) -> bool:
    """Only the author changes their experience, while it is published."""
    return experience.status == Status.PUBLISHED and is_author(user, experience)


def can_archive_experience(user, experience: Experience) -> bool:
    """The author and the space's admins (moderation) archive an experience; superusers
    too."""
    if _is_superuser(user) or is_author(user, experience):
        return True
    return Role.ADMIN in roles(user, experience.space)


def can_say_helpful(user, experience: Experience) -> bool:
    """A person of the space says « ça m'a aidé » on someone else's published experience
    (one mark each, withdrawable)."""
    return (
        experience.status == Status.PUBLISHED
        and person_of(user) is not None
        and not is_author(user, experience)
        and bool(roles(user, experience.space))
    )


def can_comment(user, experience: Experience) -> bool:
    """Comments are between the people of the space, on a published experience: a public
    experience shows them only to those people *(choix)*."""
    return experience.status == Status.PUBLISHED and can_view_experiences(user, experience.space)


def can_read_comments(user, experience: Experience) -> bool:
    return can_view_experience(user, experience) and can_view_experiences(user, experience.space)
