"""The document library finds governance documents: a document is indexed when a version is
adopted (public from then on), and removed from the index when archived. Key:
"governance.document:<pk>"."""

from django.urls import reverse


def key_of(document) -> str:
    return f"governance.document:{document.pk}"


def _search():
    try:
        from maillage.library import search
    except ImportError:  # the library is optional for this app
        return None
    return search


def index(document, version) -> None:
    """Index the adopted text (title, every article) under the public page's address."""
    search = _search()
    if search is None:
        return
    parts = [document.summary]
    for article in version.snapshot.get("articles", []):
        parts.append(f"{article.get('title', '')}\n{article.get('text', '')}")
    search.index_entry(
        space=document.space,
        key=key_of(document),
        title=document.title,
        body="\n\n".join(p for p in parts if p),
        url=reverse("governance:public", args=[document.pk]),
        kind="gouvernance",
        tags=(document.get_kind_display(),),
        is_public=document.is_public,
    )


def unindex(document) -> None:
    search = _search()
    if search is not None:
        search.remove_entry(key_of(document))
