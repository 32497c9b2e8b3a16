"""Authorisation matrix rows for the polls URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from maillage.polls import services
from maillage.polls.models import Audience, PollKind
from tests.meetings.factories import council

from .factories import make_poll

# anonymous, outsider, elu, referent, agent, admin, superuser
SPACE_PEOPLE = (302, 403, 200, 200, 200, 200, 200)
MANAGERS_GET = (302, 403, 403, 403, 200, 200, 200)
MANAGERS_POST = (302, 403, 403, 403, 302, 302, 302)
# The place is missing from the form: the poll page is shown again with the error.
SITTING_POST = (302, 403, 403, 403, 200, 200, 200)


def open_poll(world):
    return make_poll(world.space, world.agent)


def closed_poll(world):
    poll = make_poll(world.space, world.agent)
    services.close_poll(actor=world.agent.user, poll=poll)
    return poll


def closed_date_poll(world):
    body = council(world.space, people=[world.elu])
    poll = make_poll(world.space, world.agent, PollKind.DATE, audience=Audience.BODY, body=body)
    services.close_poll(actor=world.agent.user, poll=poll)
    return poll


def at(poll, suffix=""):
    return f"/espaces/cc-test/sondages/{poll.pk}/{suffix}"


ROWS = {
    "polls:list": ("get", lambda w: "/espaces/cc-test/sondages/", SPACE_PEOPLE),
    "polls:create": ("get", lambda w: "/espaces/cc-test/sondages/nouveau/", SPACE_PEOPLE),
    "polls:detail": ("get", lambda w: at(open_poll(w)), SPACE_PEOPLE),
    "polls:results": ("get", lambda w: at(open_poll(w), "resultats/"), SPACE_PEOPLE),
    "polls:close": ("post", lambda w: at(open_poll(w), "clore/"), MANAGERS_POST),
    "polls:outcome": ("get", lambda w: at(closed_poll(w), "conclusion/"), MANAGERS_GET),
    "polls:sitting": ("post", lambda w: at(closed_date_poll(w), "seance/"), SITTING_POST),
}
