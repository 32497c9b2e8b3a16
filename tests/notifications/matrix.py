"""Authorisation matrix rows for the notifications URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from maillage.notifications.services import unsubscribe_token
from tests.notifications.factories import NotificationFactory


def _elus_notification(world):
    return NotificationFactory(person=world.elu).pk


ROWS = {
    "notifications:list": ("get", lambda w: "/notifications/", (302, 200, 200, 200, 200, 200, 200)),
    # Only its recipient marks a notification read; for anyone else it does not exist.
    "notifications:mark_read": (
        "post",
        lambda w: f"/notifications/{_elus_notification(w)}/lue/",
        (302, 404, 302, 404, 404, 404, 404),
    ),
    "notifications:mark_all_read": (
        "post",
        lambda w: "/notifications/tout-marquer-lu/",
        (302,) * 7,
    ),
    # The superuser has no person record: sent back to "Mon espace".
    "notifications:preferences": (
        "get",
        lambda w: "/notifications/preferences/",
        (302, 200, 200, 200, 200, 200, 302),
    ),
    # The signed link of an email works without logging in (GET only asks to confirm).
    "notifications:unsubscribe": (
        "get",
        lambda w: f"/notifications/desabonnement/{unsubscribe_token(w.elu, 'fil')}/",
        (200,) * 7,
    ),
}
