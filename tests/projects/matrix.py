"""Authorisation matrix rows for the projects URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

import datetime
from decimal import Decimal

from maillage.projects import services

from .factories import make_project

# anonymous, outsider, elu, referent, agent, admin, superuser
PUBLIC = (200,) * 7
SPACE_PEOPLE = (302, 403, 200, 200, 200, 200, 200)
MANAGERS_GET = (302, 403, 403, 403, 200, 200, 200)
MANAGERS_POST = (302, 403, 403, 403, 302, 302, 302)
# The mayor of Bonneville is one of the project's élus: he contributes.
TEAM_GET = (302, 403, 200, 403, 200, 200, 200)
TEAM_POST = (302, 403, 302, 403, 302, 302, 302)
# Following needs a person of the space (the superuser has none).
FOLLOW_POST = (302, 403, 302, 302, 302, 302, 403)


def project(world):
    return make_project(world)


def archived(world):
    item = make_project(world)
    services.archive_project(actor=world.agent.user, project=item)
    return item


def at(item, suffix=""):
    return f"/espaces/cc-test/projets/{item.pk}/{suffix}"


def with_milestone(world):
    item = make_project(world)
    milestone = services.add_milestone(
        actor=world.agent.user, project=item, title="Études", due_date=datetime.date(2026, 6, 1)
    )
    return at(item, f"jalons/{milestone.pk}/")


def with_task(world):
    item = make_project(world)
    task = services.add_task(actor=world.agent.user, project=item, title="Devis")
    return at(item, f"taches/{task.pk}/")


def with_line(world):
    item = make_project(world)
    line = services.save_budget_line(
        actor=world.agent.user,
        project=item,
        label="Travaux",
        planned=Decimal("100"),
        committed=Decimal("0"),
        spent=Decimal("0"),
    )
    return at(item, f"budget/{line.pk}/")


def with_funding(world):
    item = make_project(world)
    source = services.add_funding(
        actor=world.agent.user, project=item, name="DETR", amount=Decimal("50")
    )
    return at(item, f"financements/{source.pk}/retirer/")


def with_indicator(world):
    item = make_project(world)
    indicator = services.add_indicator(
        actor=world.agent.user,
        project=item,
        name="Kilomètres",
        unit="km",
        baseline=Decimal(0),
        target=Decimal(12),
    )
    return at(item, f"indicateurs/{indicator.pk}/")


ROWS = {
    "projects:list": ("get", lambda w: "/espaces/cc-test/projets/", PUBLIC),
    "projects:gantt": ("get", lambda w: "/espaces/cc-test/projets/calendrier/", PUBLIC),
    "projects:list_csv": ("get", lambda w: "/espaces/cc-test/projets/export.csv", PUBLIC),
    "projects:create": ("get", lambda w: "/espaces/cc-test/projets/nouveau/", MANAGERS_GET),
    "projects:detail": ("get", lambda w: at(project(w)), SPACE_PEOPLE),
    "projects:edit": ("get", lambda w: at(project(w), "modifier/"), MANAGERS_GET),
    "projects:status": ("get", lambda w: at(project(w), "etat/"), MANAGERS_GET),
    "projects:archive": ("post", lambda w: at(project(w), "archiver/"), MANAGERS_POST),
    "projects:restore": ("post", lambda w: at(archived(w), "restaurer/"), MANAGERS_POST),
    "projects:follow": ("post", lambda w: at(project(w), "suivre/"), FOLLOW_POST),
    "projects:post_update": ("get", lambda w: at(project(w), "meteo/"), TEAM_GET),
    "projects:milestones": ("get", lambda w: at(project(w), "jalons/"), SPACE_PEOPLE),
    "projects:milestone": ("get", with_milestone, MANAGERS_GET),
    "projects:task_done": ("post", with_task, TEAM_POST),
    "projects:task_edit": ("get", lambda w: with_task(w) + "modifier/", MANAGERS_GET),
    "projects:budget": ("get", lambda w: at(project(w), "budget/"), SPACE_PEOPLE),
    "projects:budget_line": ("get", with_line, MANAGERS_GET),
    "projects:funding_remove": ("post", with_funding, MANAGERS_POST),
    "projects:indicators": ("get", lambda w: at(project(w), "indicateurs/"), SPACE_PEOPLE),
    "projects:indicator": ("get", with_indicator, SPACE_PEOPLE),
}
