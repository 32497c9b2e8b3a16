"""The steering part of the bench: a projet de territoire of 20 axes × 5 objectives × 10
actions (1,000 actions) carried by 2,000 projects with 20,000 milestones; a roadmap of 500
items with two adopted versions; 200 experiments. Measures the public projet de territoire
(anonymous), the working roadmap, its differences, the comparison of two versions, the
public adopted roadmap and the experiments list (median, p95, query count)."""

import datetime
import sys
import time

AXES, OBJECTIVES, ACTIONS = 20, 5, 10
PROJECTS_PER_ACTION = 2
MILESTONES = 10
ITEMS = 500
EXPERIMENTS = 200


def _data():
    from django.utils import timezone
    from fixtures import bench_epci

    from maillage.meetings.models import (
        AgendaItem,
        Body,
        BodyKind,
        Deliberation,
        Outcome,
        Sitting,
        SittingStatus,
    )
    from maillage.people.models import User
    from maillage.projects.models import Milestone, Project, ProjectStatus
    from maillage.roadmap import services
    from maillage.roadmap.models import Action, Axis, Experiment, Objective, RoadmapItem
    from maillage.spaces.models import Space

    organisation = bench_epci("CC du banc d'essai du pilotage")
    space = Space.objects.create(slug="bench-feuille-de-route", name="Bench feuille de route",
                                 organisation=organisation)  # fmt: skip
    actor = User.objects.create(username="bench-roadmap", is_superuser=True, is_staff=True)
    statuses = list(ProjectStatus.values)
    projects = Project.objects.bulk_create(
        Project(space=space, title=f"Projet {n}", status=statuses[n % len(statuses)],
                is_public=n % 3 != 0)
        for n in range(AXES * OBJECTIVES * ACTIONS * PROJECTS_PER_ACTION)
    )  # fmt: skip
    day = datetime.date(2026, 1, 1)
    Milestone.objects.bulk_create(
        (
            Milestone(project=p, title=f"Jalon {i}", due_date=day,
                      done_on=day if (p.pk + i) % 3 == 0 else None)
            for p in projects
            for i in range(MILESTONES)
        ),
        batch_size=2000,
    )  # fmt: skip
    axes = Axis.objects.bulk_create(
        Axis(space=space, position=a, title=f"Axe {a}") for a in range(1, AXES + 1)
    )
    objectives = Objective.objects.bulk_create(
        Objective(axis=axis, position=o, title=f"Objectif {axis.position}.{o}")
        for axis in axes
        for o in range(1, OBJECTIVES + 1)
    )
    actions = Action.objects.bulk_create(
        Action(objective=objective, position=n, title=f"Action {n}")
        for objective in objectives
        for n in range(1, ACTIONS + 1)
    )
    Action.projects.through.objects.bulk_create(
        Action.projects.through(action=action, project=projects[i * PROJECTS_PER_ACTION + k])
        for i, action in enumerate(actions)
        for k in range(PROJECTS_PER_ACTION)
    )
    items = RoadmapItem.objects.bulk_create(
        RoadmapItem(space=space, title=f"Élément {n}", priority=1 + n % 3,
                    year_from=2026 + n % 4, year_to=2027 + n % 4, budget=1000 * n, fte=n % 4)
        for n in range(ITEMS)
    )  # fmt: skip
    RoadmapItem.projects.through.objects.bulk_create(
        RoadmapItem.projects.through(roadmapitem=item, project=projects[n])
        for n, item in enumerate(items)
    )
    body = Body.objects.create(space=space, kind=BodyKind.CONSEIL_COMMUNAUTAIRE, name="Conseil")
    for round_ in (1, 2):
        sitting = Sitting.objects.create(
            body=body, starts_at=timezone.now(), place="Salle", clear_days=5,
            status=SittingStatus.CLOSED,
        )  # fmt: skip
        agenda = AgendaItem.objects.create(sitting=sitting, position=1, title="Feuille de route")
        act = Deliberation.objects.create(
            space=space, item=agenda, year=2026, sequence=round_, title="Feuille de route",
            text="…", decided_on=day, outcome=Outcome.ADOPTED, members_in_office=30,
            present=30, represented=0, votes_for=30, votes_against=0, abstentions=0,
        )  # fmt: skip
        version = services.propose_version(actor=actor, space=space)
        services.adopt_version(actor=actor, version=version, deliberation=act)
        # Change a tenth of the items for the next version and the working differences.
        RoadmapItem.objects.filter(space=space, pk__in=[i.pk for i in items[::10]]).update(
            year_to=2031 + round_, status="en_cours"
        )
    Experiment.objects.bulk_create(
        Experiment(space=space, title=f"Expérimentation {n}", hypothesis="H", criteria="C",
                   start_date=day, end_date=day + datetime.timedelta(days=180))
        for n in range(EXPERIMENTS)
    )  # fmt: skip
    return space, actor


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.test import Client

    actions = AXES * OBJECTIVES * ACTIONS
    print(f"Roadmap: {actions} actions, {ITEMS} roadmap items, two versions…", file=sys.stderr)
    start = time.perf_counter()
    space, actor = _data()
    setup_s = time.perf_counter() - start
    anonymous, member = Client(), Client()
    member.force_login(actor)
    base = f"/espaces/{space.slug}"
    rows = []
    for label, client, url in [
        (f"Projet de territoire (public), {actions} actions, "
         f"{actions * PROJECTS_PER_ACTION} projects", anonymous, f"{base}/projet-de-territoire/"),
        (f"Working roadmap, {ITEMS} items (page of 50)", member, f"{base}/feuille-de-route/"),
        ("Roadmap changes since the adopted version", member,
         f"{base}/feuille-de-route/changements/"),
        ("Roadmap versions 1 and 2 compared", member,
         f"{base}/feuille-de-route/comparer/?de=1&a=2"),
        ("Adopted roadmap (public)", anonymous, f"{base}/feuille-de-route/adoptee/"),
        (f"Experiments, {EXPERIMENTS} (page of 50)", member, f"{base}/experimentations/"),
    ]:  # fmt: skip
        print(f"  {label}: {url}", file=sys.stderr)
        rows.append((label, url, {}, measure(client, url, repeat, {})))
    lines = [
        f"- Steering: {actions} actions carried by {actions * PROJECTS_PER_ACTION} projects "
        f"({actions * PROJECTS_PER_ACTION * MILESTONES} milestones), {ITEMS} roadmap items, "
        f"2 adopted versions, {EXPERIMENTS} experiments, written in {setup_s:.1f} s",
    ]
    return lines, rows


if __name__ == "__main__":
    print("Run through bench/run.py, which sets up a throw-away database.")
