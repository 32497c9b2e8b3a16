"""The conference-of-mayors part of the bench: a thread with 2,000 replies, its first and last
pages (50 replies each), and the thread list of the space."""

import datetime
import sys
import time

REPLIES = 2_000
MAYORS = 40


def _world():
    """A space of its own: an EPCI, 40 member communes with their mayor (each with an
    account), an agent; a thread with 2,000 replies by those mayors."""
    from django.utils import timezone
    from fixtures import insee_codes

    from maillage.discussions.models import Reply, Theme, Thread
    from maillage.people.models import Function, Mandate, Person, User
    from maillage.spaces.models import Role, Space, SpaceMember, SpaceRole
    from maillage.territories.models import Kind, Organisation

    epci = Organisation.objects.create(
        kind=Kind.EPCI, name="CC du banc d'essai (discussions)", siren=None
    )
    space = Space.objects.create(
        slug="banc-discussions", name="Banc discussions", organisation=epci
    )
    mayors = []
    for n, code in enumerate(insee_codes(MAYORS)):
        commune = Organisation.objects.create(
            kind=Kind.COMMUNE, name=f"Commune d'essai {n}", insee_code=code
        )
        SpaceMember.objects.create(space=space, organisation=commune)
        user = User.objects.create(username=f"banc-maire-{n}", email=f"maire{n}@banc.test")
        person = Person.objects.create(
            first_name="Maire", last_name=f"Essai {n}", email=user.email, user=user
        )
        Mandate.objects.create(
            person=person,
            organisation=commune,
            function=Function.MAIRE,
            start_date=datetime.date(2020, 5, 23),
            source=Mandate.Source.MANUAL,
        )
        mayors.append(person)
    agent_user = User.objects.create(username="banc-agent-discussions", email="agent@banc.test")
    agent = Person.objects.create(first_name="Agent", last_name="Essai", user=agent_user)
    SpaceRole.objects.create(space=space, person=agent, role=Role.AGENT)

    theme = Theme.objects.get_or_create(space=None, name="Besoins et solutions")[0]
    now = timezone.now()
    thread = Thread.objects.create(
        space=space,
        theme=theme,
        title="Mutualiser le déneigement",
        body="Qui partagerait une **saleuse** cet hiver ?",
        author=mayors[0],
        reply_count=REPLIES,
        last_activity_at=now,
    )
    Reply.objects.bulk_create(
        Reply(
            thread=thread,
            author=mayors[n % MAYORS],
            body=f"Réponse n° {n + 1} : nous en avons *besoin* aussi, [voir](https://exemple.fr).",
        )
        for n in range(REPLIES)
    )
    for n in range(200):
        Thread.objects.create(
            space=space,
            theme=theme,
            title=f"Échange d'essai {n}",
            body="Texte",
            author=mayors[n % MAYORS],
            support_count=n % 7,
            last_activity_at=now - datetime.timedelta(hours=n),
        )
    return space, thread, mayors[1].user


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.test import Client

    print(f"Discussions: a thread with {REPLIES} replies…", file=sys.stderr)
    start = time.perf_counter()
    space, thread, user = _world()
    setup_s = time.perf_counter() - start
    client = Client()
    client.force_login(user)
    url = f"/espaces/{space.slug}/conference/{thread.pk}/"
    last_page = -(-REPLIES // 50)
    pages = [
        (f"Conference thread, {REPLIES} replies, first page", url),
        (f"Conference thread, {REPLIES} replies, last page", f"{url}?page={last_page}"),
        (
            "Conference thread list, 201 threads, by support",
            f"/espaces/{space.slug}/conference/?tri=soutiens",
        ),
    ]
    rows = []
    for label, page_url in pages:
        print(f"  {label}: {page_url}", file=sys.stderr)
        rows.append((label, page_url, {}, measure(client, page_url, repeat, {})))
    first, last = rows[0][3], rows[1][3]
    lines = [
        f"- Conference of mayors: a thread with {REPLIES} replies by {MAYORS} mayors (set up in "
        f"{setup_s:.1f} s); first page median {first['median']:.1f} ms, p95 {first['p95']:.1f} "
        f"ms, {first['queries']} SQL queries; last page median {last['median']:.1f} ms, p95 "
        f"{last['p95']:.1f} ms, {last['queries']} SQL queries",
    ]
    if first["queries"] != last["queries"]:
        lines.append("**Warning: the thread page's query count depends on the page.**")
    return lines, rows


if __name__ == "__main__":
    # Standalone: `.venv/bin/python bench/discussions.py [repeat]` in a throw-away database.
    import shutil
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import run as bench_run

    tmp = bench_run.setup(None)
    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        lines, rows = run(bench_run.measure, int(sys.argv[1]) if len(sys.argv) > 1 else 30)
        print("\n".join(lines))
        for label, url, _headers, m in rows:
            print(
                f"| {label} | `{url}` | {m['median']:.1f} | {m['p95']:.1f} | {m['queries']} "
                f"| {m['sql_ms']:.1f} | {m['kb']:.1f} |"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
