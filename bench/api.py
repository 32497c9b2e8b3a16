"""The open-API part of the bench: the list endpoints with 100,000 published deliberations
(bulk-created in a space of their own), first and last page, without and with a token of
the space (median, p95, query count), and the query plan of the deliberations' list.

Run alone on a throw-away database: `BENCH_API_DELIBERATIONS=2000` shrinks it for a check."""

import datetime
import os
import time

DELIBERATIONS = int(os.environ.get("BENCH_API_DELIBERATIONS", "100000"))
PER_SITTING = 50


def _deliberations(count: int):
    from django.utils import timezone
    from fixtures import bench_epci

    from maillage.meetings.models import (
        AgendaItem,
        Body,
        BodyKind,
        Deliberation,
        Sitting,
        SittingStatus,
    )
    from maillage.spaces.models import Space

    organisation = bench_epci("CC du banc d'essai de l'API")
    space = Space.objects.create(slug="bench-api", name="Bench API", organisation=organisation)
    body = Body.objects.create(space=space, kind=BodyKind.CONSEIL_COMMUNAUTAIRE, name="Conseil")
    now = timezone.now()
    start = now - datetime.timedelta(days=3650)
    sittings = Sitting.objects.bulk_create(
        Sitting(
            body=body,
            starts_at=start + datetime.timedelta(days=n),
            place="Salle du conseil",
            clear_days=5,
            status=SittingStatus.CLOSED,
        )
        for n in range((count + PER_SITTING - 1) // PER_SITTING)
    )
    items = AgendaItem.objects.bulk_create(
        (
            AgendaItem(
                sitting=sittings[n // PER_SITTING], position=n % PER_SITTING + 1, title=f"Objet {n}"
            )
            for n in range(count)
        ),
        batch_size=2000,
    )  # fmt: skip
    Deliberation.objects.bulk_create(
        (
            Deliberation(
                space=space, item=item, year=2016 + n // 10_000, sequence=n % 10_000 + 1,
                title=f"Délibération de banc d'essai n° {n}", text="Le conseil approuve.",
                decided_on=item.sitting.starts_at.date(), outcome="adoptee",
                members_in_office=40, present=35, represented=2, votes_for=37,
                votes_against=0, abstentions=0, published_at=now,
            )
            for n, item in enumerate(items)
        ),
        batch_size=2000,
    )  # fmt: skip
    return space


def _token(space) -> str:
    from django.contrib.auth import get_user_model

    from maillage.opendata import services

    actor = get_user_model().objects.create(username="bench-api", is_superuser=True, is_staff=True)
    return services.create_token(actor=actor, space=space, name="Banc d'essai")[1]


def _plans(client, urls) -> list[str]:
    """The database's plan of each URL's list query (the one reading the deliberations'
    rows): an index read in order, not a sort of the whole table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lines = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql = next(
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].startswith('SELECT "meetings_deliberation"."id"')
        )
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        with connection.cursor() as cursor:
            cursor.execute(explain + sql)
            steps = [str(row[-1]).strip() for row in cursor.fetchall()]
        lines.append(f"Plan of {url}: " + " / ".join(steps[:4]))
    return lines


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.test import Client

    started = time.perf_counter()
    space = _deliberations(DELIBERATIONS)
    key = _token(space)
    setup_s = time.perf_counter() - started
    client = Client()
    last = (DELIBERATIONS + 49) // 50
    sittings_last = ((DELIBERATIONS + PER_SITTING - 1) // PER_SITTING + 49) // 50
    pages = [
        ("API délibérations, page 1", "/api/v1/deliberations/"),
        ("API délibérations, dernière page", f"/api/v1/deliberations/?page={last}"),
        ("API délibérations d'un espace, page 1", f"/api/v1/deliberations/?espace={space.slug}"),
        (
            "API délibérations d'un espace, dernière page",
            f"/api/v1/deliberations/?espace={space.slug}&page={last}",
        ),
        ("API séances, page 1", f"/api/v1/seances/?espace={space.slug}"),
        (
            "API séances, dernière page",
            f"/api/v1/seances/?espace={space.slug}&page={sittings_last}",
        ),
        ("API projets, page 1", "/api/v1/projets/"),
        ("API espaces, page 1", "/api/v1/espaces/"),
        ("API bulletins, page 1", "/api/v1/bulletins/"),
        ("API retours d'expérience, page 1", "/api/v1/retours-experience/"),
    ]
    token = {"Authorization": f"Bearer {key}"}
    with_token = [
        ("API délibérations avec le jeton, page 1", "/api/v1/deliberations/"),
        ("API délibérations avec le jeton, dernière page", f"/api/v1/deliberations/?page={last}"),
    ]
    rows = [(label, url, {}, measure(client, url, repeat, {})) for label, url in pages]
    rows += [(label, url, token, measure(client, url, repeat, token)) for label, url in with_token]
    lines = [
        f"API: {DELIBERATIONS:,} published deliberations bulk-created in {setup_s:.1f} s; "
        "list endpoints paginated by 50, first and last page; the last two rows with a "
        "token of the space (public acts or the space's)."
    ]
    lines += _plans(
        client,
        ["/api/v1/deliberations/", f"/api/v1/deliberations/?espace={space.slug}&page={last}"],
    )
    return lines, rows
