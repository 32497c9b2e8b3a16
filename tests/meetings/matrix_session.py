"""Authorisation matrix rows for the session URLs: name → (method, path(world), statuses in
the order of tests.test_permissions.ROLES). Use tests.meetings.factories.meeting_world(w).

Roles: anonymous, outsider, elu (titulaire and chair of the council), referent, agent, admin,
superuser. Holding the sitting is for agents, admins (and the sitting's secretary); voting is
for the members with a voting seat while the sitting is open."""

from maillage.meetings.models import SittingStatus, Vote
from tests.meetings.factories import meeting_world

HOLD_GET = (302, 403, 403, 403, 200, 200, 200)
HOLD_POST_REDIRECT = (302, 403, 403, 403, 302, 302, 302)
HOLD_POST_FORM = (302, 403, 403, 403, 200, 200, 200)  # an empty form comes back with errors


def _hold(w, rest=""):
    return f"/espaces/cc-test/seances/{meeting_world(w)['sitting'].pk}/tenue/{rest}"


def _vote(w):
    item = meeting_world(w)["item"]
    vote, _ = Vote.objects.get_or_create(item=item, round_number=1, defaults={"mode": "ordinary"})
    return vote.pk


def _open_sitting_vote_page(w):
    sitting = meeting_world(w)["sitting"]
    sitting.status = SittingStatus.OPEN
    sitting.save()
    return f"/espaces/cc-test/seances/{sitting.pk}/voter/"


ROWS = {
    "meetings:hold": ("get", lambda w: _hold(w), HOLD_GET),
    "meetings:hold_open": ("post", lambda w: _hold(w, "ouvrir/"), HOLD_POST_REDIRECT),
    "meetings:hold_attendance": ("post", lambda w: _hold(w, "presences/"), HOLD_POST_FORM),
    "meetings:hold_withdrawal": ("post", lambda w: _hold(w, "retraits/"), HOLD_POST_FORM),
    "meetings:hold_quorum_failure": ("get", lambda w: _hold(w, "quorum-non-atteint/"), HOLD_GET),
    "meetings:hold_close": ("post", lambda w: _hold(w, "clore/"), HOLD_POST_REDIRECT),
    "meetings:hold_open_vote": (
        "get",
        lambda w: _hold(w, f"points/{meeting_world(w)['item'].pk}/vote/"),
        HOLD_GET,
    ),
    "meetings:hold_vote": ("get", lambda w: _hold(w, f"votes/{_vote(w)}/"), HOLD_GET),
    "meetings:hold_counts": (
        "post",
        lambda w: _hold(w, f"votes/{_vote(w)}/decompte/"),
        HOLD_POST_FORM,
    ),
    "meetings:hold_ballot": (
        "post",
        lambda w: _hold(w, f"votes/{_vote(w)}/bulletins/"),
        HOLD_POST_FORM,
    ),
    "meetings:hold_close_vote": (
        "post",
        lambda w: _hold(w, f"votes/{_vote(w)}/clore/"),
        HOLD_POST_REDIRECT,
    ),
    "meetings:vote": (
        "get",
        _open_sitting_vote_page,
        (302, 403, 200, 403, 403, 403, 403),
    ),
}
