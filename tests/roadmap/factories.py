"""Builders for the steering tests: projects, needs, deliberations, a filled roadmap."""

import datetime

from maillage.meetings.services.acts import number_deliberations
from maillage.needs.models import Need
from maillage.projects.models import Project, ProjectStatus
from maillage.roadmap import services
from tests.meetings.factories import (
    AgendaItemFactory,
    BodyFactory,
    at,
    closed_sitting,
    closed_vote,
)


def project(space, title="Projet", *, status=ProjectStatus.IN_PROGRESS, public=True, **kwargs):
    return Project.objects.create(
        space=space, title=title, status=status, is_public=public, **kwargs
    )


def need(space, organisation, title="Besoin"):
    return Need.objects.create(
        space=space, organisation=organisation, theme="Numérique", title=title, description="…"
    )


def deliberation(space, *, rejected=False, title="Feuille de route 2026-2030"):
    """A numbered deliberation of a closed sitting of a council of `space`."""
    from maillage.meetings.models import BodyKind, Outcome

    body = BodyFactory(space=space, kind=BodyKind.CONSEIL_COMMUNAUTAIRE)
    sitting = closed_sitting(body, at(2026, 3, 10))
    item = AgendaItemFactory(sitting=sitting, position=1, title=title)
    if rejected:
        closed_vote(item, votes_for=1, votes_against=2, outcome=Outcome.REJECTED)
    else:
        closed_vote(item)
    (act,) = number_deliberations(actor=None, sitting=sitting)
    return act


def item(space, actor, title="Portail citoyen", **kwargs):
    values = {"year_from": 2026, "year_to": 2027, "budget": "10000", "fte": "0.5"}
    values.update(kwargs)
    return services.create_item(actor=actor, space=space, title=title, **values)


def tree(space, actor, *, axes=1, objectives=1, actions=1, projects=()):
    """A projet de territoire of `axes` × `objectives` × `actions`, each action carried by
    `projects`."""
    made = []
    for a in range(axes):
        axis = services.create_axis(actor=actor, space=space, title=f"Axe {a + 1}")
        for o in range(objectives):
            objective = services.create_objective(
                actor=actor, space=space, axis=axis, title=f"Objectif {a + 1}.{o + 1}"
            )
            for n in range(actions):
                made.append(
                    services.create_action(
                        actor=actor, space=space, objective=objective,
                        title=f"Action {a + 1}.{o + 1}.{n + 1}", projects=projects,
                    )
                )  # fmt: skip
    return made


def experiment(space, actor, **kwargs):
    values = {
        "title": "Télétransmission des actes",
        "hypothesis": "Les communes gagnent une demi-journée par mois.",
        "criteria": "Temps passé, nombre d'actes, satisfaction.",
        "start_date": datetime.date(2026, 1, 1),
        "end_date": datetime.date(2026, 6, 30),
    }
    values.update(kwargs)
    return services.create_experiment(actor=actor, space=space, **values)
