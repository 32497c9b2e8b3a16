"""What every governance service shares: the error, the snapshot of the text, versions."""

from django.db.models import Max

from maillage.spaces.perms import person_of

from ..models import Article, Document, Version


class GovernanceError(Exception):
    """A change refused; the message is in French and shown as it is (under `field` when it
    names a form field)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def name_of(actor) -> str:
    person = person_of(actor)
    if person is not None:
        return person.full_name
    return getattr(actor, "get_full_name", lambda: "")() or getattr(actor, "email", "") or ""


def snapshot(document: Document) -> dict:
    """The whole current text: sections and articles in their order (removed articles left
    out), each article with its identity so that versions compare article by article."""
    sections = {s.pk: s for s in document.sections.all()}
    articles = Article.objects.in_force().filter(document=document).order_by("position", "id")
    return {
        "title": document.title,
        "sections": [{"id": s.pk, "number": s.number, "title": s.title} for s in sections.values()],
        "articles": [
            {
                "id": a.pk,
                "section": a.section_id,
                "section_title": str(sections[a.section_id]) if a.section_id else "",
                "title": a.title,
                "text": a.text,
                "revision": a.revision,
            }
            for a in articles
        ],
    }


def record_version(*, document: Document, actor, reason: str, amendment=None) -> Version:
    """A new version of the whole text. Call it inside the transaction that changed the text,
    with the document's row locked (the next number is taken under that lock)."""
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return Version.objects.create(
        document=document,
        number=number,
        cycle=document.cycle,
        reason=reason[:500],
        snapshot=snapshot(document),
        amendment=amendment,
        author=actor if getattr(actor, "pk", None) else None,
        author_name=name_of(actor)[:300],
    )


def lock(document: Document) -> Document:
    """The document's row, locked until the end of the transaction (two editors at once)."""
    return Document.objects.select_for_update().get(pk=document.pk)


def next_position(document: Document) -> int:
    last = document.articles.aggregate(p=Max("position"))["p"] or 0
    return last + 10
