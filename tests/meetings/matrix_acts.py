"""Authorisation matrix rows for the acts URLs: name → (method, path(world), statuses in
the order of tests.test_permissions.ROLES). Use tests.meetings.factories.meeting_world(w)."""

from maillage.meetings.services.acts import number_deliberations
from tests.meetings.factories import (
    AgendaItemFactory,
    at,
    closed_sitting,
    closed_vote,
    meeting_world,
)

PUBLIC = (200,) * 7
# Agents and admins of the space (and the superuser): unpublished acts, register, writing.
AGENTS = (302, 403, 403, 403, 200, 200, 200)
AGENTS_POST = (302, 403, 403, 403, 302, 302, 302)
# The body's members too (the élu sits in the council): draft minutes, the convocation.
MEMBERS_AND_AGENTS = (302, 403, 200, 403, 200, 200, 200)


def acts_world(world):
    """A closed sitting of the world's council, with one numbered deliberation, unpublished
    (so the matrix checks who sees acts before publication). Built once per test."""
    if getattr(world, "_acts", None) is None:
        body = meeting_world(world)["body"]
        sitting = closed_sitting(body, at(2026, 3, 10))
        closed_vote(AgendaItemFactory(sitting=sitting, position=1))
        (deliberation,) = number_deliberations(actor=None, sitting=sitting)
        world._acts = {"sitting": sitting, "deliberation": deliberation}
    return world._acts


def _sitting(world, tail=""):
    return f"/espaces/cc-test/seances/{acts_world(world)['sitting'].pk}/{tail}"


def _deliberation(world, tail=""):
    return f"/espaces/cc-test/deliberations/{acts_world(world)['deliberation'].number}/{tail}"


ROWS = {
    "meetings:acts": ("get", lambda w: "/espaces/cc-test/actes/", PUBLIC),
    "meetings:acts_csv": ("get", lambda w: "/espaces/cc-test/actes/deliberations.csv", PUBLIC),
    "meetings:register": ("get", lambda w: "/espaces/cc-test/registre/", AGENTS),
    "meetings:deliberation": ("get", lambda w: _deliberation(w), AGENTS),
    "meetings:deliberation_edit": ("get", lambda w: _deliberation(w, "modifier/"), AGENTS),
    "meetings:deliberation_correct": (
        "post",
        lambda w: _deliberation(w, "rectification/"),
        AGENTS_POST,
    ),
    "meetings:sitting_list": ("get", lambda w: _sitting(w, "liste/"), AGENTS),
    "meetings:sitting_list_pdf": ("get", lambda w: _sitting(w, "liste.pdf"), AGENTS),
    "meetings:publish_deliberations": (
        "post",
        lambda w: _sitting(w, "liste/publier/"),
        AGENTS_POST,
    ),
    "meetings:minutes": ("get", lambda w: _sitting(w, "proces-verbal/"), MEMBERS_AND_AGENTS),
    "meetings:minutes_edit": ("get", lambda w: _sitting(w, "proces-verbal/modifier/"), AGENTS),
    "meetings:minutes_approve": (
        "post",
        lambda w: _sitting(w, "proces-verbal/approuver/"),
        AGENTS_POST,
    ),
    "meetings:minutes_publish": (
        "post",
        lambda w: _sitting(w, "proces-verbal/publier/"),
        AGENTS_POST,
    ),
    "meetings:minutes_pdf": ("get", lambda w: _sitting(w, "proces-verbal.pdf"), MEMBERS_AND_AGENTS),
    "meetings:convocation_pdf": (
        "get",
        lambda w: f"/espaces/cc-test/seances/{meeting_world(w)['sitting'].pk}/convocation.pdf",
        MEMBERS_AND_AGENTS,
    ),
    "meetings:send_dispatch": ("post", lambda w: _sitting(w, "envois/liste/"), AGENTS_POST),
}
