"""The notifications part of the bench: the daily digest of 5,000 people (3 notifications each,
all in the daily digest), sent through the database queue to the local mail folder; each person
gets exactly one email, and a second run sends nothing.

Alone: .venv/bin/python bench/notifications.py (a throw-away SQLite database)."""

import sys
import time
from pathlib import Path

PEOPLE = 5_000
PER_PERSON = 3


def _space():
    from maillage.spaces.models import Space
    from maillage.territories.models import Kind, Organisation

    organisation = Organisation.objects.create(kind=Kind.EPCI, name="CC du banc d'essai")
    return Space.objects.create(
        slug="banc-notifications", name="CC du banc", organisation=organisation
    )


def _people(space):
    """5,000 people with accounts, each with 3 notifications not yet emailed (two kinds) and
    an explicit daily preference for them."""
    from maillage.notifications.models import Frequency, Kind, Notification, Preference
    from maillage.people.models import Person, User

    users = User.objects.bulk_create(
        [
            User(username=f"banc-notif-{n}", email=f"notif{n}@banc.test", password="!")
            for n in range(PEOPLE)
        ],
        batch_size=1000,
    )
    people = Person.objects.bulk_create(
        [
            Person(first_name="Élu", last_name=f"Banc {n}", email=user.email, user=user)
            for n, user in enumerate(users)
        ],
        batch_size=1000,
    )
    kinds = [Kind.THREAD, Kind.SURVEY, Kind.THREAD]
    Preference.objects.bulk_create(
        [
            Preference(person=person, kind=kind, frequency=Frequency.DAILY)
            for person in people
            for kind in {Kind.THREAD, Kind.SURVEY}
        ],
        batch_size=2000,
    )
    Notification.objects.bulk_create(
        [
            Notification(
                person=person,
                space=space,
                kind=kinds[i],
                title=f"Nouvel échange n° {i + 1} de la conférence des maires",
                url=f"/espaces/{space.slug}/",
            )
            for person in people
            for i in range(PER_PERSON)
        ],
        batch_size=2000,
    )
    return people


def _recipients(folder: Path) -> dict[str, int]:
    """How many emails each address received, read from the local mail folder."""
    counts: dict[str, int] = {}
    for path in folder.glob("*.log"):
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("To: "):
                address = line[4:].strip()
                counts[address] = counts.get(address, 0) + 1
    return counts


def digest_run() -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from maillage.notifications.models import Frequency, Notification
    from maillage.notifications.services import send_digests

    space = _space()
    people = _people(space)
    folder = Path(settings.EMAIL_FILE_PATH)
    before = _recipients(folder) if folder.exists() else {}
    queued_before = DBTaskResult.objects.count()

    start = time.perf_counter()
    sent = send_digests(Frequency.DAILY)
    digest_s = time.perf_counter() - start
    queued = DBTaskResult.objects.count() - queued_before

    start = time.perf_counter()
    call_command("db_worker", batch=True, queue_name="*", no_startup_delay=True, verbosity=0)
    deliver_s = time.perf_counter() - start

    after = _recipients(folder)
    ours = {p.email for p in people}
    received = {a: n - before.get(a, 0) for a, n in after.items() if a in ours}
    exactly_one = sum(1 for address in ours if received.get(address) == 1)
    second = send_digests(Frequency.DAILY)
    left = Notification.objects.filter(person__in=people, emailed_at__isnull=True).count()
    return {
        "people": len(people),
        "sent": sent,
        "queued": queued,
        "digest_s": digest_s,
        "deliver_s": deliver_s,
        "delivered": sum(received.values()),
        "exactly_one": exactly_one,
        "second": second,
        "left": left,
        "person": people[0],
    }


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.test import Client

    print(f"Notifications: daily digest of {PEOPLE} people…", file=sys.stderr)
    result = digest_run()
    client = Client()
    client.force_login(result["person"].user)
    rows = []
    label, url = (f"My notifications ({PER_PERSON})", "/notifications/")
    print(f"  {label}: {url}", file=sys.stderr)
    rows.append((label, url, {}, measure(client, url, repeat, {})))
    rate = result["delivered"] / result["deliver_s"] if result["deliver_s"] else 0
    lines = [
        f"- Daily digest of {result['people']} people ({PER_PERSON} notifications each): "
        f"{result['sent']} digests selected, grouped, marked and queued in "
        f"{result['digest_s']:.1f} s; the worker delivered {result['delivered']} emails to the "
        f"local mail folder in {result['deliver_s']:.1f} s ({rate:.0f} emails per second); "
        f"{result['exactly_one']} people got exactly one email; a second run sent "
        f"{result['second']}",
    ]
    if result["exactly_one"] != result["people"] or result["second"] != 0 or result["left"] != 0:
        lines.append("**Warning: a digest was lost, duplicated or sent twice.**")
    return lines, rows


if __name__ == "__main__":
    import shutil

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import run as bench

    tmp = bench.setup(None)
    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        report, pages = run(bench.measure, 10)
        print("\n".join(report))
        for label, url, _headers, figures in pages:
            print(f"{label} {url}: median {figures['median']:.1f} ms, {figures['queries']} queries")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
