"""Published deliberations of a space in its search: they are public acts (L2131-1 CGCT), so
anyone finds them. Indexed when the meetings app records their publication in the action log
(a signal on `audit.ActionLog`, so that meetings needs to know nothing of the library), and by
the command `reindex_library`."""

from django.db import transaction

from maillage.meetings.models import Deliberation

from . import search
from .models import SearchEntry

PUBLISHING_ACTIONS = {"meetings.publish_deliberations"}
KIND = "deliberation"


def key_of(deliberation_id: int) -> str:
    return f"meetings.deliberation:{deliberation_id}"


def entry_of(deliberation: Deliberation) -> search.Entry:
    return search.Entry(
        space_id=deliberation.space_id,
        key=key_of(deliberation.pk),
        title=f"Délibération n° {deliberation.number} — {deliberation.title}",
        body=deliberation.text,
        url=deliberation.get_absolute_url(),
        kind=KIND,
        is_public=True,
    )


def index_published(*, space_id: int, only_missing: bool = True) -> int:
    """Index the space's published deliberations (those not indexed yet, unless told)."""
    published = Deliberation.objects.published().filter(space_id=space_id).select_related("space")
    if only_missing:
        known = SearchEntry.objects.filter(space_id=space_id, kind=KIND).values_list(
            "key", flat=True
        )
        known_ids = {int(k.rsplit(":", 1)[1]) for k in known}
        published = published.exclude(pk__in=known_ids)
    return search.index_entries(entry_of(d) for d in published.iterator(chunk_size=500))


def on_action_logged(sender, instance, created, **kwargs):
    """After a publication is logged and committed, index what it published."""
    if created and instance.action in PUBLISHING_ACTIONS and instance.space_id:
        space_id = instance.space_id
        transaction.on_commit(lambda: index_published(space_id=space_id))
