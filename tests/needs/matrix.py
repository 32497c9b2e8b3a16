"""Authorisation matrix rows for the needs URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from maillage.needs import services

from .factories import make_need, other_commune

# anonymous, outsider, elu, referent, agent, admin, superuser
SPACE_PEOPLE = (302, 403, 200, 200, 200, 200, 200)
MANAGERS_GET = (302, 403, 403, 403, 200, 200, 200)
MANAGERS_POST = (302, 403, 403, 403, 302, 302, 302)
# The form is posted empty: the page is shown again with the errors.
MANAGERS_FORM = (302, 403, 403, 403, 200, 200, 200)


def bonneville_need(world):
    """A need of Bonneville expressed by its mayor (the élu of the world)."""
    return make_need(world.space, world.elu, world.commune)


def marignier_need(world):
    return make_need(world.space, world.agent, other_commune(world), title="Balayeuse")


def supported_need(world):
    need = marignier_need(world)
    support = services.support_need(actor=world.elu.user, need=need, organisation=world.commune)
    return need, support


def at(need, suffix=""):
    return f"/espaces/cc-test/besoins/{need.pk}/{suffix}"


ROWS = {
    "needs:list": ("get", lambda w: "/espaces/cc-test/besoins/", SPACE_PEOPLE),
    "needs:create": ("get", lambda w: "/espaces/cc-test/besoins/nouveau/", SPACE_PEOPLE),
    "needs:group": ("post", lambda w: "/espaces/cc-test/besoins/regrouper/", MANAGERS_POST),
    "needs:summary": ("get", lambda w: "/espaces/cc-test/besoins/synthese/", SPACE_PEOPLE),
    "needs:summary_csv": ("get", lambda w: "/espaces/cc-test/besoins/synthese.csv", SPACE_PEOPLE),
    "needs:themes": ("get", lambda w: "/espaces/cc-test/besoins/themes/", MANAGERS_GET),
    "needs:detail": ("get", lambda w: at(bonneville_need(w)), SPACE_PEOPLE),
    # The author (the élu), agents and admins.
    "needs:edit": (
        "get",
        lambda w: at(bonneville_need(w), "modifier/"),
        (302, 403, 200, 403, 200, 200, 200),
    ),  # fmt: skip
    # Bonneville's élu and référent say « nous aussi » on Marignier's need; empty: re-shown.
    "needs:support": ("post", lambda w: at(marignier_need(w), "nous-aussi/"), SPACE_PEOPLE),
    "needs:withdraw_support": (
        "post",
        lambda w: _withdraw_path(w),
        (302, 403, 302, 302, 302, 302, 302),
    ),
    "needs:status": ("post", lambda w: at(bonneville_need(w), "etat/"), MANAGERS_FORM),
    "needs:ungroup": ("post", lambda w: at(bonneville_need(w), "degrouper/"), MANAGERS_POST),
}


def _withdraw_path(world):
    need, support = supported_need(world)
    return at(need, f"nous-aussi/{support.pk}/retirer/")
