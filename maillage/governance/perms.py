"""Who may see and do what with governance documents. One function per decision; the
docstring is the rule. Built on the space roles (`maillage.spaces.perms`)."""

from django.utils import timezone

from maillage.spaces.models import Role
from maillage.spaces.perms import ELU, person_of, roles

from . import rules
from .models import Amendment, Document, Paragraph

NEED_MANAGE = (
    "Créer un document de gouvernance et le faire avancer (contributions, avis, adoption) est "
    "réservé aux agents et aux administrateurs de l'espace."
)
NEED_ARCHIVE = (
    "Archiver un document est réservé aux agents et aux administrateurs de l'espace ; un "
    "document archivé ne l'est qu'une fois."
)
NEED_VIEW = (
    "Ce document en préparation est réservé aux personnes qui ont un rôle ou un mandat dans "
    "l'espace (élus, agents, référents, administrateurs)."
)
NEED_EDIT = (
    "Modifier le texte est réservé au rapporteur du document, aux agents et aux "
    "administrateurs de l'espace, tant que le texte est en rédaction."
)
NEED_PROPOSE = (
    "Proposer un amendement est réservé aux élus et aux personnes qui ont un rôle dans "
    "l'espace, pendant la phase de contributions."
)
NEED_DECIDE = (
    "Accepter, fusionner ou rejeter un amendement est réservé au rapporteur du document, aux "
    "agents et aux administrateurs de l'espace."
)


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def can_manage_documents(user, space) -> bool:
    """The space's agents and admins create documents and move them through the workflow."""
    return _is_superuser(user) or bool({Role.ADMIN, Role.AGENT} & roles(user, space))


def can_archive(user, document: Document) -> bool:
    """The space's agents and admins archive a document not yet archived (it leaves the lists
    and the public page; nothing is deleted)."""
    return document.archived_at is None and can_manage_documents(user, document.space)


def can_see_drafts(user, space) -> bool:
    """Anyone with a role or a mandate in the space reads the documents in preparation, their
    amendments, versions and comments (the point is to draft them together)."""
    return _is_superuser(user) or bool(roles(user, space))


def can_view_document(user, document: Document) -> bool:
    """A document is read by the space's people; one with an adopted version is also public
    (its adopted text, on the public page)."""
    return can_see_drafts(user, document.space)


def is_rapporteur(user, document: Document) -> bool:
    person = person_of(user)
    return person is not None and document.rapporteur_id == person.pk


def can_edit_text(user, document: Document) -> bool:
    """The document's rapporteur, the agents and the admins edit the text while it may change
    (draft, contributions, final version); an archived document no longer changes."""
    if document.archived_at is not None:
        return False
    if rules.Stage(document.status) not in rules.EDITABLE_STAGES:
        return False
    return can_manage_documents(user, document.space) or is_rapporteur(user, document)


def can_propose(user, document: Document) -> bool:
    """Élus of the space — and anyone with a role there (référents speak for their commune,
    agents too) *(choice)* — propose amendments while the contributions are open (until their
    last day included: they close by themselves). A person record is needed: an amendment
    carries its author's name. Not on an archived document."""
    if document.archived_at is not None:
        return False
    today = timezone.localdate()
    if not rules.contributions_open(document.status, document.contributions_until, today):
        return False  # the contributions close by themselves after their last day
    if person_of(user) is None:
        return False
    return bool(roles(user, document.space) & {ELU, Role.REFERENT, Role.AGENT, Role.ADMIN})


def can_support(user, amendment: Amendment) -> bool:
    """Those who may propose support an open amendment, except its author."""
    person = person_of(user)
    return (
        amendment.is_open
        and person is not None
        and amendment.author_id != person.pk
        and can_propose(user, amendment.document)
    )


def can_withdraw(user, amendment: Amendment) -> bool:
    """Only the author withdraws their open amendment."""
    person = person_of(user)
    return amendment.is_open and person is not None and amendment.author_id == person.pk


def can_decide(user, document: Document) -> bool:
    """The rapporteur of the document, the agents and the admins accept, merge or reject the
    amendments during the contributions (not on an archived document)."""
    return (
        document.archived_at is None
        and document.status == rules.Stage.CONTRIBUTIONS
        and (can_manage_documents(user, document.space) or is_rapporteur(user, document))
    )


def can_comment_paragraph(user, paragraph: Paragraph) -> bool:
    """Those who read the document comment on a paragraph of the text as it reads now (not on
    an earlier wording, not on an archived document); earlier comments stay readable."""
    document = paragraph.article.document
    return (
        document.archived_at is None and paragraph.is_current and can_view_document(user, document)
    )
