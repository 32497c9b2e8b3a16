"""The bulletin part of the bench: an issue sent to 5,000 recipients through the queue (time,
emails per second, each address once; a second send sends 0), then the issue page, the list,
the Atom feed and the delivery figures page."""

import sys
import time

RECIPIENTS = 5_000


def _space():
    """A space of its own with RECIPIENTS confirmed public subscribers (bulk inserts) and one
    agent; an issue of four sections, one for members only."""
    from django.utils import timezone
    from fixtures import bench_epci

    from maillage.bulletins.models import Issue, Section, Subscriber
    from maillage.people.models import Person, User
    from maillage.spaces.models import Role, Space, SpaceRole

    organisation = bench_epci("CC du banc d'essai du bulletin")
    space = Space.objects.create(
        slug="bench-bulletin", name="Bench bulletin", organisation=organisation
    )
    user = User.objects.create(username="bench-bulletin-agent", email="agent@bench.test")
    agent = Person.objects.create(first_name="Agent", last_name="Bulletin", user=user)
    SpaceRole.objects.create(space=space, person=agent, role=Role.AGENT)
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(space=space, email=f"abonne{n}@bench.test", confirmed_at=now)
            for n in range(RECIPIENTS)
        ],
        batch_size=1000,
    )
    issue = Issue.objects.create(
        space=space, number=1, title="Numéro du banc d'essai", covers_since=now
    )
    text = "Une nouvelle de la semaine, avec un [lien](https://example.org) et **du gras**.\n" * 8
    Section.objects.bulk_create(
        Section(issue=issue, position=n, heading=f"Rubrique {n}", body=text, members_only=n == 4)
        for n in range(1, 5)
    )
    return space, issue, user


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.core import mail
    from django.test import Client, override_settings

    from maillage.bulletins import services
    from maillage.bulletins.models import Audience, Delivery, DeliveryStatus

    print(f"Bulletin: an issue sent to {RECIPIENTS} subscribers…", file=sys.stderr)
    space, issue, actor = _space()
    # The queue runs its batches inline (as the worker would, one after the other) and the
    # emails stay in memory: what is measured is Maillage's work, not an SMTP server's.
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        mail.outbox = []
        start = time.perf_counter()
        first = services.send_issue(actor=actor, issue=issue, audiences=[Audience.SUBSCRIBERS])
        elapsed = time.perf_counter() - start
        sent = len(mail.outbox)
        distinct = len({message.to[0] for message in mail.outbox})
        mail.outbox = []
        start = time.perf_counter()
        second = services.send_issue(actor=actor, issue=issue, audiences=[Audience.SUBSCRIBERS])
        second_s = time.perf_counter() - start
        second_sent = len(mail.outbox)
    delivered = Delivery.objects.filter(issue=issue, status=DeliveryStatus.SENT).count()
    client = Client()
    client.force_login(actor)
    base = f"/espaces/{space.slug}/bulletin/"
    rows = []
    for label, url in [
        ("Bulletin issue page (public edition)", f"{base}{issue.number}/"),
        ("Bulletin list", base),
        ("Bulletin Atom feed", f"{base}flux.atom"),
        (f"Bulletin delivery figures, {RECIPIENTS} recipients", f"{base}{issue.number}/envois/"),
    ]:
        print(f"  {label}: {url}", file=sys.stderr)
        rows.append((label, url, {}, measure(client, url, repeat, {})))
    lines = [
        f"- Bulletin sent to {first.queued} subscribers through the queue in {elapsed:.1f} s "
        f"({sent / elapsed:.0f} emails/s; {sent} emails to {distinct} distinct addresses, "
        f"{delivered} marked sent); a second send queued {second.queued} and sent "
        f"{second_sent} in {second_s:.2f} s",
    ]
    return lines, rows
