"""Every change to the library: upload a document, edit its description, replace its file (a
new version, none lost), archive and restore it; and keeping the search index in step (its
text is read in a background task). Each function runs in a transaction and records itself
in the action log."""

from pathlib import PurePath

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from maillage.audit.services import log_action
from maillage.uploads import real_type

from . import extract, search
from .models import Category, Document, DocumentVersion, Extraction, Tag, Visibility

MAX_BYTES = 50 * 1024 * 1024
MAX_TAGS = 12
SNIFF_BYTES = 32 * 1024  # office documents are zip files: their type is read further in
TEXT_SUFFIXES = {".txt": extract.TEXT, ".md": extract.MARKDOWN, ".markdown": extract.MARKDOWN}


class LibraryError(Exception):
    """A change refused; the message is in French and shown as it is, under `field` when it
    names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def check_upload(upload) -> str:
    """A PDF, ODT, DOCX, plain text or Markdown file, an image (PNG, JPEG, GIF, WebP) or a
    spreadsheet/presentation (ODS, XLSX, ODP, PPTX), checked by its content and not its name,
    of at most 50 Mo. Returns its real MIME type."""
    name = PurePath(getattr(upload, "name", "") or "fichier").name
    if upload is None or not upload.size:
        raise LibraryError("Le fichier est vide : choisissez un autre fichier.", field="file")
    if upload.size > MAX_BYTES:
        raise LibraryError(
            f"« {name} » dépasse 50 Mo : réduisez-le (PDF compressé) avant de le déposer.",
            field="file",
        )
    mime = real_type(upload, sniff_bytes=SNIFF_BYTES)
    if mime is None:
        suffix = PurePath(name).suffix.lower()
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        if suffix in TEXT_SUFFIXES and extract.looks_like_text(head):
            mime = TEXT_SUFFIXES[suffix]
    if mime not in extract.ALLOWED:
        raise LibraryError(
            f"« {name} » n'est pas un type de fichier accepté (son contenu a été vérifié, pas "
            "seulement son nom) : déposez un PDF, un document ODT ou DOCX, un texte (TXT, MD), "
            "une image (PNG, JPEG, GIF, WebP), un tableur ou une présentation.",
            field="file",
        )
    return mime


def tags_from(text: str) -> list[str]:
    """Tags typed separated by commas: trimmed, without duplicates (by their slug)."""
    seen, result = set(), []
    for raw in (text or "").split(","):
        name = " ".join(raw.split())[:60]
        slug = search.tag_slug(name)
        if slug and slug not in seen:
            seen.add(slug)
            result.append(name)
    return result


def _tags(space, names: list[str]) -> list[Tag]:
    if len(names) > MAX_TAGS:
        raise LibraryError(f"Donnez au plus {MAX_TAGS} étiquettes.", field="tags")
    tags = []
    for name in names:
        slug = search.tag_slug(name)
        try:
            with transaction.atomic():
                tag, _ = Tag.objects.get_or_create(space=space, slug=slug, defaults={"name": name})
        except IntegrityError:  # created by someone else at the same time
            tag = Tag.objects.get(space=space, slug=slug)
        tags.append(tag)
    return tags


def _clean_fields(title: str, description: str, category: str, visibility: str):
    title = " ".join((title or "").split())
    if not title:
        raise LibraryError("Donnez un titre au document.", field="title")
    if len(title) > 200:
        raise LibraryError("Le titre tient en 200 caractères.", field="title")
    if category not in Category.values:
        raise LibraryError("Choisissez la nature du document dans la liste.", field="category")
    if visibility not in Visibility.values:
        raise LibraryError("Choisissez qui peut lire le document.", field="visibility")
    return title, (description or "").strip()


def _add_version(*, actor, document, upload, mime, note="") -> DocumentVersion:
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=PurePath(upload.name or "fichier").name[:255],
        mime_type=mime,
        size=upload.size,
        note=(note or "").strip()[:300],
        uploaded_by=actor,
        extraction=Extraction.PENDING if mime in extract.READABLE else Extraction.NONE,
    )
    stem = slugify(PurePath(version.original_name).stem)[:80] or "document"
    suffix = PurePath(version.original_name).suffix.lower()[:10]
    version.file.save(f"v{number}-{stem}{suffix}", upload, save=False)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as error:
        raise LibraryError(
            "Une autre version vient d'être déposée en même temps : rechargez la page et "
            "recommencez.",
            field="file",
        ) from error
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    return version


def _read_later(version: DocumentVersion) -> None:
    from .tasks import read_version_text

    if version.extraction == Extraction.PENDING:
        transaction.on_commit(lambda: read_version_text.enqueue(version.pk))


def create_document(
    *,
    actor,
    space,
    title: str,
    upload,
    description: str = "",
    category: str = Category.OTHER,
    tags=(),
    dated=None,
    visibility: str = Visibility.MEMBERS,
) -> Document:
    """Put a new file in the space's library (version 1); its text is read and indexed in
    the background."""
    title, description = _clean_fields(title, description, category, visibility)
    mime = check_upload(upload)
    with transaction.atomic():
        document = Document.objects.create(
            space=space,
            title=title,
            description=description,
            category=category,
            dated=dated,
            visibility=visibility,
            created_by=actor,
        )
        document.tags.set(_tags(space, list(tags)))
        version = _add_version(actor=actor, document=document, upload=upload, mime=mime)
        index_document(document)
        log_action(
            actor=actor,
            action="library.create",
            obj=document,
            data={"file": version.original_name, "visibility": visibility},
            space=space,
        )
        _read_later(version)
    return document


def update_document(
    *,
    actor,
    document: Document,
    title: str,
    description: str = "",
    category: str = Category.OTHER,
    tags=(),
    dated=None,
    visibility: str = Visibility.MEMBERS,
) -> Document:
    """Change what the library says of a document (its file stays: see `replace_file`)."""
    title, description = _clean_fields(title, description, category, visibility)
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.archived_at is not None:
            raise LibraryError("Ce document est archivé : restaurez-le pour le modifier.")
        before = {"title": current.title, "visibility": current.visibility}
        current.title, current.description = title, description
        current.category, current.dated, current.visibility = category, dated, visibility
        current.save()
        current.tags.set(_tags(current.space, list(tags)))
        index_document(current)
        log_action(
            actor=actor,
            action="library.update",
            obj=current,
            data={"before": before, "visibility": visibility},
            space=current.space,
        )
    return current


def replace_file(*, actor, document: Document, upload, note: str = "") -> DocumentVersion:
    """Replace the document's file: a new version; the former ones stay downloadable."""
    mime = check_upload(upload)
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.archived_at is not None:
            raise LibraryError("Ce document est archivé : restaurez-le pour le modifier.")
        version = _add_version(actor=actor, document=current, upload=upload, mime=mime, note=note)
        index_document(current)
        log_action(
            actor=actor,
            action="library.replace_file",
            obj=current,
            data={"version": version.number, "file": version.original_name},
            space=current.space,
        )
        _read_later(version)
    return version


def archive_document(*, actor, document: Document) -> Document:
    """ "Delete" a document: it leaves the library and the search; nothing is lost, an agent
    may restore it."""
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.archived_at is not None:
            raise LibraryError("Ce document est déjà archivé.")
        current.archived_at, current.archived_by = timezone.now(), actor
        current.save(update_fields=["archived_at", "archived_by", "updated_at"])
        search.remove_entry(current.search_key)
        log_action(actor=actor, action="library.archive", obj=current, space=current.space)
    return current


def restore_document(*, actor, document: Document) -> Document:
    """Bring an archived document back into the library and the search."""
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.archived_at is None:
            raise LibraryError("Ce document n'est pas archivé.")
        current.archived_at, current.archived_by = None, None
        current.save(update_fields=["archived_at", "archived_by", "updated_at"])
        index_document(current)
        log_action(actor=actor, action="library.restore", obj=current, space=current.space)
    return current


# --- The search index -----------------------------------------------------------------------


def document_body(document: Document, version: DocumentVersion | None) -> str:
    parts = [document.description]
    if version is not None:
        parts += [version.original_name, version.text]
    return "\n\n".join(p for p in parts if p)


def index_document(document: Document) -> None:
    """Index the document as it is now (its current version's text, once read); an archived
    document leaves the index."""
    if document.archived_at is not None:
        search.remove_entry(document.search_key)
        return
    version = document.current_version
    search.index_entry(
        space=document.space,
        key=document.search_key,
        title=document.title,
        body=document_body(document, version),
        url=document.get_absolute_url(),
        kind=document.category,
        tags=[t.name for t in document.tags.all()],
        is_public=document.is_public,
    )


def read_text(*, version_id: int) -> DocumentVersion:
    """Read the text of one version's file and index its document if it is the current one
    (called by the background task; a file that cannot be read is marked so, with why)."""
    version = DocumentVersion.objects.select_related("document__space").get(pk=version_id)
    try:
        with version.file.open("rb") as handle:
            data = handle.read()
        text = extract.text_of(data, version.mime_type)
        status, error = Extraction.DONE, ""
    except extract.ExtractionError as problem:
        text, status, error = "", Extraction.FAILED, str(problem)
    except OSError:
        text, status, error = "", Extraction.FAILED, "Le fichier est introuvable sur le serveur."
    with transaction.atomic():
        DocumentVersion.objects.filter(pk=version.pk).update(
            text=text, extraction=status, extraction_error=error[:300]
        )
        version.text, version.extraction, version.extraction_error = text, status, error
        document = Document.objects.select_related("space", "current_version").get(
            pk=version.document_id
        )
        if document.current_version_id == version.pk:
            index_document(document)
    return version
