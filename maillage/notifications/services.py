"""Telling people: `notify` is what every capability calls; delivery by email (immediately or
in digests) follows each person's preferences."""

from collections.abc import Iterable

from django.db import transaction

from maillage.people.models import Person

from .models import Frequency, Kind, Notification

DEFAULT_FREQUENCY = Frequency.DAILY


def notify(
    *,
    recipients: Iterable[Person],
    kind: Kind | str,
    title: str,
    url: str = "",
    body: str = "",
    space=None,
    exclude: Person | None = None,
) -> list[Notification]:
    """Record one in-app notification per recipient (each person once; `exclude` — usually
    the author — is left out). Call it inside the service's transaction; the email follows
    each person's preference for this kind."""
    seen: set[int] = set()
    rows = []
    for person in recipients:
        if person.pk in seen or (exclude is not None and person.pk == exclude.pk):
            continue
        seen.add(person.pk)
        rows.append(
            Notification(
                person=person, space=space, kind=kind, title=title[:300], body=body, url=url
            )
        )
    created = Notification.objects.bulk_create(rows)
    transaction.on_commit(lambda: _after_commit([n.person_id for n in created], kind))
    return created


def _after_commit(person_ids: list[int], kind: str) -> None:
    """Immediate emails for those who asked for them (the digests go out on their own
    schedule: `manage.py send_digests`)."""
