"""The mutualisation part of the bench: a shared service with 1,000 member communes, a tiered
scale with a floor and a ceiling (and four other scales); 5 scenarios computed (time), the
comparison page of the 5 side by side (median, p95, query count), and the 1,000 statements of
the chosen scenario printed as PDF through the task queue (time, statements per second).

`BENCH_MUTUALISATION_MEMBERS` (default 1000) changes the number of members;
`BENCH_MUTUALISATION_PDF=0` skips the statements' PDF part (to time the pages alone)."""

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal

MEMBERS = int(os.environ.get("BENCH_MUTUALISATION_MEMBERS", "1000"))
WITH_PDF = os.environ.get("BENCH_MUTUALISATION_PDF", "1") != "0"
SCALE_BASE = {
    "description": "",
    "tiers": [],
    "tier_population": "population_municipale",
    "per_inhabitant_in_tier": False,
    "fixed_amount": Decimal(0),
    "floor": None,
    "ceiling": None,
    "payer_rate": Decimal(0),
}


def _world():
    """A space of its own with MEMBERS communes (bulk inserts), all subscribed to one service,
    and an agent."""
    from fixtures import bench_communes, bench_epci

    from maillage.catalogue.models import Service, Subscription
    from maillage.people.models import Person, User
    from maillage.spaces.models import Role, Space, SpaceMember, SpaceRole

    rng = random.Random(7)
    epci = bench_epci("Syndicat du banc d'essai de la mutualisation")
    space = Space.objects.create(
        slug="bench-mutualisation", name="Bench mutualisation", organisation=epci
    )
    populations = [int(rng.lognormvariate(6.5, 1.2)) + 50 for _ in range(MEMBERS)]
    communes = bench_communes(
        "Commune banc",
        MEMBERS,
        population_municipale=lambda n: populations[n],
        population_totale=lambda n: populations[n] + rng.randint(0, 40),
    )
    SpaceMember.objects.bulk_create([SpaceMember(space=space, organisation=c) for c in communes])
    service = Service.objects.create(
        space=space, name="Logiciels métiers (bench)", available_from=datetime.date(2024, 1, 1)
    )
    Subscription.objects.bulk_create(
        [
            Subscription(
                service=service,
                organisation=c,
                start_date=datetime.date(2024, 1, 1),
                units=Decimal(rng.randint(1, 30)),
            )
            for c in communes
        ]
    )
    user = User.objects.create(username="bench-mutualisation-agent")
    agent = Person.objects.create(first_name="Agent", last_name="Bench", user=user)
    SpaceRole.objects.create(space=space, person=agent, role=Role.AGENT)
    return space, service, user


def _scales(space, user):
    from maillage.mutualisation import services

    tiers = [
        (0, 500, Decimal(1)),
        (500, 2000, Decimal(2)),
        (2000, 10000, Decimal(4)),
        (10000, None, Decimal(8)),
    ]
    definitions = [
        (
            "Tranches, plancher et plafond",
            {
                "parts": [("tiers", Decimal(1))],
                "tiers": tiers,
                "floor": Decimal(150),
                "ceiling": Decimal(4000),
            },
        ),
        ("Parts égales", {"parts": [("equal", Decimal(1))]}),
        ("Population municipale", {"parts": [("population_municipale", Decimal(1))]}),
        ("Unités", {"parts": [("units", Decimal(1))], "fixed_amount": Decimal(50)}),
        (
            "Mixte 40/60",
            {
                "parts": [("population_totale", Decimal("0.4")), ("units", Decimal("0.6"))],
                "floor": Decimal(100),
            },
        ),
    ]
    return [
        services.create_scale(actor=user, space=space, name=name, **{**SCALE_BASE, **values})
        for name, values in definitions
    ]


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.db import transaction
    from django.test import Client, override_settings

    from maillage.mutualisation import services, statements
    from maillage.mutualisation.models import Statement
    from tests.meetings.factories import AgendaItemFactory, at, closed_sitting, closed_vote, council

    print(f"Mutualisation: a service shared by {MEMBERS} members…", file=sys.stderr)
    space, service, user = _world()
    scales = _scales(space, user)
    total = Decimal("250000.00")
    compute_times, scenarios = [], []
    for scale in scales:
        scenario = services.create_scenario(
            actor=user,
            space=space,
            name=scale.name,
            service=service,
            scale=scale,
            year=2026,
            total=total,
        )
        begin = time.perf_counter()
        services.compute_scenario(actor=user, scenario=scenario)
        compute_times.append((time.perf_counter() - begin) * 1000)
        scenarios.append(scenario)
    client = Client()
    client.force_login(user)
    url = f"/espaces/{space.slug}/mutualisation/comparer/{service.pk}/2026/"
    rows = [
        (
            f"Mutualisation: 5 scenarios side by side, {MEMBERS} members",
            url,
            {},
            measure(client, url, repeat, {}),
        )
    ]
    scenario_url = f"/espaces/{space.slug}/mutualisation/scenarios/{scenarios[0].pk}/"
    rows.append(
        (
            f"Mutualisation: a scenario's lines, {MEMBERS} members",
            scenario_url,
            {},
            measure(client, scenario_url, repeat, {}),
        )
    )
    lines = [
        f"- Mutualisation: {MEMBERS} members, scales tiered with floor and ceiling, equal, by "
        f"population, by units with a fixed part, 40/60 mixed: computing and storing a "
        f"scenario takes median {statistics.median(compute_times):.0f} ms "
        f"(max {max(compute_times):.0f} ms over 5)",
    ]
    if not WITH_PDF:
        return lines, rows

    body = council(space, members=3)
    vote = closed_vote(AgendaItemFactory(sitting=closed_sitting(body, at(2026, 3, 10)), position=1))
    services.choose_scenario(actor=user, scenario=scenarios[0], vote=vote)
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=immediate):
        begin = time.perf_counter()
        with transaction.atomic():
            created = statements.generate_statements(actor=user, scenario=scenarios[0])
        pdf_s = time.perf_counter() - begin
    printed = Statement.objects.filter(scenario=scenarios[0]).exclude(pdf="").count()
    lines += [
        f"- Mutualisation: {len(created)} statements of the chosen scenario produced and "
        f"printed as PDF through the task queue ({printed} PDF stored) in {pdf_s:.1f} s, "
        f"{len(created) / pdf_s:.1f} statements per second",
    ]
    return lines, rows


if __name__ == "__main__":
    print("Run through bench/run.py, which sets up a throw-away database.")
