"""The dashboards part of the bench: a space of 40 communes with 2,000 projects, 20,000
milestones, 100,000 indicator measurements, budget lines, a roadmap, a council with a year
of sittings and attendance; the territory's dashboard, a commune's page and their CSV
exports (median, p95, query count — which must not grow with the number of projects)."""

import datetime
import random
import statistics
import sys
import time
from decimal import Decimal

PROJECTS = 2_000
MILESTONES_PER_PROJECT = 10
MEASUREMENTS_PER_PROJECT = 50  # 2 indicators × 25 measurements
COMMUNES = 40
SITTINGS = 24


def make_projects(space, communes, n_projects, milestones_per_project, measurements_per_project):
    """Projects with their communes, milestones (some late, some reached), two budget lines,
    a météo, and indicators with dated measurements — bulk inserts (the services are measured
    by the tests, not here). Returns the projects."""
    from maillage.projects.models import (
        BudgetLine,
        Indicator,
        Measurement,
        Milestone,
        Project,
        ProjectStatus,
        Unit,
        Weather,
    )

    rng = random.Random(6)
    today = datetime.date.today()
    statuses = ProjectStatus.values
    weathers = ["", *Weather.values]
    projects = Project.objects.bulk_create(
        Project(
            space=space,
            title=f"Projet transversal n° {n}",
            status=rng.choice(statuses),
            weather=rng.choice(weathers),
            start_date=today - datetime.timedelta(days=rng.randint(30, 900)),
            end_date=today + datetime.timedelta(days=rng.randint(30, 900)),
            is_public=n % 3 == 0,
        )
        for n in range(n_projects)
    )
    links = Project.communes.through
    links.objects.bulk_create(
        [
            links(project_id=p.pk, organisation_id=c.pk)
            for p in projects
            for c in rng.sample(communes, rng.randint(1, 3))
        ],
        batch_size=2000,
    )
    milestones = []
    for p in projects:
        for m in range(milestones_per_project):
            due = today + datetime.timedelta(days=rng.randint(-400, 400))
            reached = due < today and rng.random() < 0.7
            milestones.append(
                Milestone(
                    project=p,
                    title=f"Jalon {m + 1}",
                    due_date=due,
                    done_on=due if reached else None,
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=2000)
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                project=p,
                label=label,
                planned=Decimal(planned),
                committed=Decimal(planned) / 2,
                spent=Decimal(planned) / 4,
            )
            for p in projects
            for label, planned in (("Études", rng.randint(1, 90) * 1000), ("Travaux", 50_000))
        ],
        batch_size=2000,
    )
    per_indicator = max(measurements_per_project // 2, 1)
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                project=p,
                name=name,
                unit=unit,
                baseline=Decimal(0),
                target=Decimal(100),
            )
            for p in projects
            for name, unit in (("Taux de réalisation", Unit.PERCENT), ("Usagers", Unit.PEOPLE))
        ],
        batch_size=2000,
    )
    start = today - datetime.timedelta(days=per_indicator * 7)
    Measurement.objects.bulk_create(
        (
            Measurement(
                indicator=i,
                measured_on=start + datetime.timedelta(days=7 * k),
                value=Decimal(k * 4),
                unit=i.unit,
            )
            for i in indicators
            for k in range(per_indicator)
        ),
        batch_size=5000,
    )
    return projects


def _space():
    from django.utils import timezone
    from fixtures import bench_communes, bench_epci

    from maillage.meetings.models import (
        Attendance,
        Body,
        BodyKind,
        Presence,
        Seat,
        Sitting,
        SittingStatus,
    )
    from maillage.people.models import Function, Mandate, Person, User
    from maillage.roadmap.models import ItemStatus, RoadmapItem
    from maillage.spaces.models import Space, SpaceMember

    rng = random.Random(7)
    epci = bench_epci("CC du banc d'essai des tableaux de bord")
    space = Space.objects.create(slug="bench-pilotage", name="Bench pilotage", organisation=epci)
    communes = bench_communes("Commune bench", COMMUNES)
    SpaceMember.objects.bulk_create(SpaceMember(space=space, organisation=c) for c in communes)
    mayors = Person.objects.bulk_create(
        Person(first_name="Maire", last_name=f"Bench {n}", is_fictitious=True)
        for n in range(COMMUNES)
    )
    Mandate.objects.bulk_create(
        Mandate(person=p, organisation=c, function=Function.MAIRE, source="manuel")
        for p, c in zip(mayors, communes, strict=True)
    )
    council = Body.objects.create(
        space=space, kind=BodyKind.CONSEIL_COMMUNAUTAIRE, name="Conseil communautaire"
    )
    seats = Seat.objects.bulk_create(
        Seat(body=council, person=p, organisation=c) for p, c in zip(mayors, communes, strict=True)
    )
    now = timezone.now()
    sittings = Sitting.objects.bulk_create(
        Sitting(
            body=council,
            starts_at=now - datetime.timedelta(days=15 * (n + 1)),
            place="Salle du conseil",
            status=SittingStatus.CLOSED,
            clear_days=5,
        )
        for n in range(SITTINGS)
    )
    statuses = [Presence.PRESENT, Presence.PRESENT, Presence.REMOTE, Presence.EXCUSED]
    Attendance.objects.bulk_create(
        Attendance(sitting=s, seat=seat, status=rng.choice(statuses))
        for s in sittings
        for seat in seats
    )
    RoadmapItem.objects.bulk_create(
        RoadmapItem(
            space=space,
            title=f"Élément {n}",
            year_from=2026,
            year_to=2028,
            status=rng.choice(ItemStatus.values),
        )
        for n in range(200)
    )
    actor = User.objects.create(username="bench-dashboards", is_superuser=True, is_staff=True)
    return space, communes, actor


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.test import Client

    from maillage.projects.models import Measurement, Milestone

    print(
        f"Dashboards: {PROJECTS} projects, {PROJECTS * MILESTONES_PER_PROJECT} milestones, "
        f"{PROJECTS * MEASUREMENTS_PER_PROJECT} measurements…",
        file=sys.stderr,
    )
    begin = time.perf_counter()
    space, communes, actor = _space()
    make_projects(space, communes, PROJECTS, MILESTONES_PER_PROJECT, MEASUREMENTS_PER_PROJECT)
    setup_s = time.perf_counter() - begin
    client = Client()
    client.force_login(actor)
    commune = communes[0]
    base = f"/espaces/{space.slug}/tableau-de-bord/"
    rows = []
    for label, url in [
        (f"Territory dashboard, {PROJECTS} projects", base),
        ("Territory dashboard, late milestones page 2", f"{base}?jalons=2"),
        ("Commune dashboard (Ma commune dans l'interco)", f"{base}membres/{commune.pk}/"),
    ]:
        print(f"  {label}: {url}", file=sys.stderr)
        rows.append((label, url, {}, measure(client, url, repeat, {})))
    exports = []
    for url in (f"{base}export.csv", f"{base}membres/{commune.pk}/export.csv"):
        times, size = [], 0
        for _ in range(max(3, min(repeat, 10))):
            start = time.perf_counter()
            content = b"".join(client.get(url).streaming_content)
            times.append((time.perf_counter() - start) * 1000)
            size = len(content)
        exports.append((statistics.median(times), size, len(times)))
    lines = [
        f"- Dashboards: a space of {COMMUNES} communes with {PROJECTS} projects, "
        f"{Milestone.objects.filter(project__space=space).count()} milestones, "
        f"{Measurement.objects.filter(indicator__project__space=space).count()} measurements, "
        f"{SITTINGS} council sittings with attendance, written in {setup_s:.1f} s; CSV exports "
        f"(streamed): territory {exports[0][0]:.0f} ms ({exports[0][1] / 1024:.0f} KB), "
        f"commune {exports[1][0]:.0f} ms ({exports[1][1] / 1024:.0f} KB), median of "
        f"{exports[0][2]} runs",
    ]
    return lines, rows


if __name__ == "__main__":
    print("Run through bench/run.py, which sets up a throw-away database.")
