"""Creating a document (blank, typed or imported), its sections and articles, and editing an
article with the optimistic check (two editors at once)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maillage.audit.services import log_action

from .. import rules
from ..importing import ImportRefused, ParsedDocument, read_text, read_upload
from ..models import Article, Document, DocumentKind, Paragraph, Section
from .common import GovernanceError, lock, next_position, record_version

EDIT_CONFLICT = (
    "Quelqu'un a modifié cet article pendant que vous l'écriviez (version {current}, vous "
    "partiez de la version {expected}). Votre texte est conservé ci-dessous : relisez le texte "
    "actuel, reprenez vos changements, puis enregistrez à nouveau."
)


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise GovernanceError("Donnez un titre au document.", field="title")
    return title[:200]


def _check_rapporteur(space, rapporteur):
    if rapporteur is None:
        return
    from maillage.people.models import Mandate
    from maillage.spaces.models import SpaceRole

    in_space = (
        SpaceRole.objects.current().filter(space=space, person=rapporteur).exists()
        or Mandate.objects.current().in_space(space).filter(person=rapporteur).exists()
    )
    if not in_space:
        raise GovernanceError(
            "Le rapporteur est choisi parmi les élus et les agents de l'espace.", field="rapporteur"
        )


def _store(document: Document, parsed: ParsedDocument) -> int:
    """Create the sections and articles read from a text; return how many articles."""
    position, number, count = 0, 0, 0
    articles = []
    for parsed_section in parsed.sections:
        section = None
        if parsed_section.title:
            number += 1
            section = Section.objects.create(
                document=document, number=number, title=parsed_section.title
            )
        for parsed_article in parsed_section.articles:
            position += 10
            count += 1
            articles.append(
                Article(
                    document=document,
                    section=section,
                    position=position,
                    title=parsed_article.title,
                    text=parsed_article.text or "(texte à rédiger)",
                )
            )
    Article.objects.bulk_create(articles)
    return count


def create_document(
    *,
    actor,
    space,
    kind: str,
    title: str,
    summary: str = "",
    renewal_date=None,
    rapporteur=None,
    source=None,
    source_text: str = "",
) -> Document:
    """A new document in draft: blank (one empty article to write), from a Markdown text
    typed in, or from an imported file (Markdown, DOCX, ODT). Version 1 records the start.
    The renewal date only means something for a pacte de gouvernance."""
    title = _clean_title(title)
    if kind not in DocumentKind.values:
        raise GovernanceError("Choisissez la nature du document.", field="kind")
    _check_rapporteur(space, rapporteur)
    parsed = None
    try:
        if source is not None:
            parsed = read_upload(source)
        elif (source_text or "").strip():
            parsed = read_text(source_text)
    except ImportRefused as error:
        field = "source" if source is not None else "source_text"
        raise GovernanceError(str(error), field=field) from None
    with transaction.atomic():
        document = Document.objects.create(
            space=space,
            kind=kind,
            title=title,
            summary=(summary or "").strip(),
            renewal_date=renewal_date if kind == rules.PACTE else None,
            rapporteur=rapporteur,
            created_by=actor,
        )
        if parsed is not None:
            count = _store(document, parsed)
        else:
            Article.objects.create(
                document=document, position=10, title="Objet", text="(texte à rédiger)"
            )
            count = 1
        origin = (
            f"Import du fichier « {getattr(source, 'name', '')[:200]} »"
            if source is not None
            else ("Texte saisi" if parsed is not None else "Page blanche")
        )
        record_version(document=document, actor=actor, reason=f"Création : {origin.lower()}")
        log_action(
            actor=actor,
            action="governance.create",
            obj=document,
            space=space,
            data={"kind": kind, "articles": count, "origin": origin},
        )
    return document


def update_document(
    *,
    actor,
    document: Document,
    title: str,
    summary: str = "",
    renewal_date=None,
    debate_held_on=None,
    rapporteur=None,
) -> Document:
    """Change the title, presentation, rapporteur and (pacte) the renewal and debate dates.
    An adopted text keeps its title: a revision starts a new cycle."""
    title = _clean_title(title)
    _check_rapporteur(document.space, rapporteur)
    with transaction.atomic():
        locked = lock(document)
        if locked.status in rules.PUBLIC_STAGES and title != locked.title:
            raise GovernanceError(
                "Le titre d'un document adopté ne change plus : ouvrez une révision.",
                field="title",
            )
        if debate_held_on and renewal_date and debate_held_on < renewal_date:
            raise GovernanceError(
                "Le débat sur le pacte a lieu après le renouvellement général.",
                field="debate_held_on",
            )
        document.title = title
        document.summary = (summary or "").strip()
        is_pacte = document.kind == rules.PACTE
        document.renewal_date = renewal_date if is_pacte else None
        document.debate_held_on = debate_held_on if is_pacte else None
        document.rapporteur = rapporteur
        document.save(
            update_fields=["title", "summary", "renewal_date", "debate_held_on", "rapporteur"]
        )
        log_action(actor=actor, action="governance.update", obj=document, space=document.space)
    return document


def _check_editable(document: Document):
    if rules.Stage(document.status) not in rules.EDITABLE_STAGES:
        raise GovernanceError(
            f"Le texte ne se modifie pas à l'étape « {document.get_status_display().lower()} »"
            + (
                " : ouvrez une révision pour le changer."
                if document.status in rules.PUBLIC_STAGES
                else " : les conseils municipaux donnent leur avis sur ce texte."
            )
        )


def add_section(*, actor, document: Document, title: str) -> Section:
    """A new section at the end; the articles written after it go in it."""
    title = (title or "").strip()
    if not title:
        raise GovernanceError("Donnez un intitulé à la partie.", field="title")
    with transaction.atomic():
        locked = lock(document)
        _check_editable(locked)
        number = (locked.sections.aggregate(n=Max("number"))["n"] or 0) + 1
        section = Section.objects.create(document=locked, number=number, title=title[:300])
        log_action(
            actor=actor,
            action="governance.add_section",
            obj=locked,
            space=locked.space,
            data={"section": section.pk, "title": section.title},
        )
    return section


def add_article(
    *, actor, document: Document, title: str, text: str, section=None, reason: str = ""
) -> Article:
    """A new article at the end of the text (of its section's place in the order)."""
    text = (text or "").strip()
    if not text:
        raise GovernanceError("Écrivez le texte de l'article.", field="text")
    if section is not None and section.document_id != document.pk:
        raise GovernanceError("Cette partie appartient à un autre document.", field="section")
    with transaction.atomic():
        locked = lock(document)
        _check_editable(locked)
        article = Article.objects.create(
            document=locked,
            section=section,
            position=next_position(locked),
            title=(title or "").strip()[:300],
            text=text,
        )
        version = record_version(
            document=locked,
            actor=actor,
            reason=(reason or "").strip() or f"Article ajouté : {article.title or 'sans titre'}",
        )
        log_action(
            actor=actor,
            action="governance.add_article",
            obj=locked,
            space=locked.space,
            data={"article": article.pk, "version": version.number},
        )
    return article


def edit_article(
    *, actor, article: Article, title: str, text: str, expected_revision: int, reason: str
) -> Article:
    """The rapporteur (or an agent) rewrites an article. `expected_revision` is the revision
    the editor started from: if someone saved the article since, the change is refused and
    the editor keeps their text (optimistic check)."""
    text = (text or "").strip()
    reason = (reason or "").strip()
    if not text:
        raise GovernanceError("Écrivez le texte de l'article.", field="text")
    if not reason:
        raise GovernanceError(
            "Dites en quelques mots pourquoi vous modifiez l'article.", field="reason"
        )
    with transaction.atomic():
        document = lock(article.document)
        _check_editable(document)
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.removed_at is not None:
            raise GovernanceError("Cet article a été supprimé : il ne se modifie plus.")
        if current.revision != expected_revision:
            raise GovernanceError(
                EDIT_CONFLICT.format(current=current.revision, expected=expected_revision)
            )
        title = (title or "").strip()[:300]
        if title == current.title and text == current.text:
            raise GovernanceError("Le texte n'a pas changé : rien à enregistrer.")
        current.title, current.text = title, text
        current.revision += 1
        current.save(update_fields=["title", "text", "revision", "updated_at"])
        version = record_version(document=document, actor=actor, reason=reason)
        log_action(
            actor=actor,
            action="governance.edit_article",
            obj=document,
            space=document.space,
            data={"article": current.pk, "revision": current.revision, "version": version.number},
        )
    article.refresh_from_db()
    return article


def archive_document(*, actor, document: Document) -> Document:
    """Archive a document: it leaves the lists (and the public pages); its text, versions and
    amendments stay readable by the space. Nothing is deleted."""
    with transaction.atomic():
        locked = lock(document)
        if locked.archived_at is not None:
            raise GovernanceError("Ce document est déjà archivé.")
        locked.archived_at = timezone.now()
        locked.save(update_fields=["archived_at"])
        log_action(actor=actor, action="governance.archive", obj=locked, space=locked.space)
        from .library import unindex

        unindex(locked)
    return locked


def paragraph_for(*, article: Article, number: int) -> Paragraph:
    """The paragraph `number` (from 1) of the article as it reads now, recorded the first time
    someone opens it to comment (two readers at once share the same row). Not journaled: it
    records no one's decision, the comments written on it are."""
    texts = rules.paragraphs(article.text)
    if article.removed_at is not None:
        raise GovernanceError("Cet article a été supprimé : ses paragraphes ne se commentent plus.")
    if not 1 <= number <= len(texts):
        raise GovernanceError(f"L'article n'a que {len(texts)} paragraphe(s).")
    with transaction.atomic():
        paragraph, _created = Paragraph.objects.get_or_create(
            article=article,
            revision=article.revision,
            number=number,
            defaults={"text": texts[number - 1]},
        )
    return paragraph
