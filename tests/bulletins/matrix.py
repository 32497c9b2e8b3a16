"""Authorisation matrix rows for the bulletins URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from maillage.bulletins import emails

from .factories import make_issue, make_subscriber

# anonymous, outsider, elu, referent, agent, admin, superuser
PUBLIC = (200,) * 7
COMPOSERS_GET = (302, 403, 403, 403, 200, 200, 200)
COMPOSERS_POST = (302, 403, 403, 403, 302, 302, 302)


def sent(world):
    return make_issue(world.space, sent=True).number


def draft(world):
    return make_issue(world.space).number


def at(number, suffix=""):
    return f"/espaces/cc-test/bulletin/{number}/{suffix}"


def confirm_path(world):
    subscriber = make_subscriber(world.space, confirmed=False)
    return f"/bulletin/confirmer/{emails.confirm_token(subscriber)}/"


def unsubscribe_path(world):
    return f"/bulletin/desabonnement/{emails.unsubscribe_token(world.space.pk, 'a@example.org')}/"


ROWS = {
    "bulletins:list": ("get", lambda w: "/espaces/cc-test/bulletin/", PUBLIC),
    "bulletins:create": ("post", lambda w: "/espaces/cc-test/bulletin/nouveau/", COMPOSERS_POST),
    "bulletins:feed": ("get", lambda w: "/espaces/cc-test/bulletin/flux.atom", PUBLIC),
    "bulletins:subscribe": ("get", lambda w: "/espaces/cc-test/bulletin/abonnement/", PUBLIC),
    "bulletins:detail": ("get", lambda w: at(sent(w)), PUBLIC),
    "bulletins:edit": ("get", lambda w: at(draft(w), "modifier/"), COMPOSERS_GET),
    "bulletins:preview": ("get", lambda w: at(draft(w), "apercu/"), COMPOSERS_GET),
    "bulletins:send": ("get", lambda w: at(draft(w), "envoyer/"), COMPOSERS_GET),
    "bulletins:deliveries": ("get", lambda w: at(sent(w), "envois/"), COMPOSERS_GET),
    "bulletins:confirm": ("get", confirm_path, PUBLIC),
    "bulletins:unsubscribe": ("get", unsubscribe_path, PUBLIC),
}
