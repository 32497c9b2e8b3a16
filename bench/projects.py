"""The projects part of the bench: a space with 2,000 projects, 20,000 milestones and 100,000
indicator measurements; the Gantt page by year and by quarter, and the project list (median,
p95, query count — which must not grow with the number of projects).

`make_projects(space, …)` is reused by the dashboards bench: keep its name and signature."""

import datetime
import random
import sys
import time
from decimal import Decimal


def make_projects(space, n_projects=2000, milestones_per_project=10, measurements_per_project=50):
    """Bulk-create `n_projects` projects in `space` (dated within the current year ± 2, each
    concerning one or two member organisations of the space), with their milestones (half of
    the past ones reached), one budget line, a status update's météo, and one indicator with
    `measurements_per_project` monthly-ish measurements. Returns the projects."""
    from django.utils import timezone

    from maillage.projects.models import (
        BudgetLine,
        Indicator,
        Measurement,
        Milestone,
        Project,
        ProjectStatus,
        Weather,
    )

    rng = random.Random(6)
    today = timezone.localdate()
    members = list(space.members.current().values_list("organisation_id", flat=True))
    statuses = [s for s in ProjectStatus.values]
    weathers = ["", *Weather.values]
    projects = []
    for n in range(n_projects):
        start = today + datetime.timedelta(days=rng.randint(-700, 300))
        end = start + datetime.timedelta(days=rng.randint(90, 900))
        weather = rng.choice(weathers)
        projects.append(
            Project(
                space=space,
                title=f"Projet de banc d'essai n° {n + 1:05d}",
                description="Projet créé pour mesurer les pages.",
                status=rng.choice(statuses),
                start_date=start,
                end_date=end,
                is_public=n % 3 == 0,
                weather=weather,
                weather_at=timezone.now() if weather else None,
            )
        )
    projects = Project.objects.bulk_create(projects, batch_size=1000)
    if members:
        through = Project.communes.through
        links = []
        for project in projects:
            for organisation_id in rng.sample(members, min(len(members), rng.randint(1, 2))):
                links.append(through(project_id=project.pk, organisation_id=organisation_id))
        through.objects.bulk_create(links, batch_size=2000)
    milestones, lines, indicators = [], [], []
    for project in projects:
        span = (project.end_date - project.start_date).days
        for i in range(milestones_per_project):
            due = project.start_date + datetime.timedelta(
                days=span * (i + 1) // (milestones_per_project + 1)
            )
            done = due if due < today and rng.random() < 0.5 else None
            milestones.append(
                Milestone(project=project, title=f"Jalon {i + 1}", due_date=due, done_on=done)
            )
        planned = Decimal(rng.randint(10_000, 2_000_000))
        committed = (planned * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("0.01"))
        spent = (committed * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("0.01"))
        lines.append(
            BudgetLine(
                project=project,
                label="Investissement",
                planned=planned,
                committed=committed,
                spent=spent,
            )  # fmt: skip
        )
        if measurements_per_project:
            indicators.append(
                Indicator(
                    project=project,
                    name="Réalisation",
                    unit="%",
                    baseline=Decimal(0),
                    target=Decimal(100),
                )  # fmt: skip
            )
    Milestone.objects.bulk_create(milestones, batch_size=2000)
    BudgetLine.objects.bulk_create(lines, batch_size=2000)
    indicators = Indicator.objects.bulk_create(indicators, batch_size=2000)
    measurements = []
    for indicator in indicators:
        for i in range(measurements_per_project):
            measurements.append(
                Measurement(
                    indicator=indicator,
                    measured_on=today - datetime.timedelta(days=7 * i),
                    value=Decimal(min(100, i * 2)),
                    unit="%",
                )
            )
        if len(measurements) >= 10_000:
            Measurement.objects.bulk_create(measurements, batch_size=5000)
            measurements = []
    Measurement.objects.bulk_create(measurements, batch_size=5000)
    return projects


def _space():
    from fixtures import bench_communes, bench_epci

    from maillage.spaces.models import Space, SpaceMember

    epci = bench_epci("CC du banc d'essai des projets")
    space = Space.objects.create(slug="bench-projets", name="Bench projets", organisation=epci)
    communes = bench_communes("Commune projets", 20)
    SpaceMember.objects.bulk_create(
        SpaceMember(space=space, organisation=c, start_date=datetime.date(2020, 1, 1))
        for c in communes
    )
    return space


def run(measure, repeat, n_projects=2000) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.test import Client
    from django.utils import timezone

    from maillage.people.models import User

    print(f"Projects: {n_projects} projects, their milestones and measurements…", file=sys.stderr)
    begin = time.perf_counter()
    space = _space()
    make_projects(space, n_projects=n_projects)
    setup_s = time.perf_counter() - begin
    actor = User.objects.create(username="bench-projects", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(actor)
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    base = f"/espaces/{space.slug}/projets/"
    rows = []
    for label, url in [
        (f"Gantt by year, {n_projects} projects", f"{base}calendrier/?annee={today.year}"),
        (
            f"Gantt by quarter, {n_projects} projects",
            f"{base}calendrier/?echelle=trimestre&annee={today.year}&trimestre={quarter}",
        ),
        (f"Project list, {n_projects} projects", base),
    ]:
        print(f"  {label}: {url}", file=sys.stderr)
        rows.append((label, url, {}, measure(client, url, repeat, {})))
    lines = [
        f"Projects: {n_projects} projects with 10 milestones and 50 measurements each "
        f"written in {setup_s:.1f} s (bulk inserts)."
    ]
    return lines, rows
