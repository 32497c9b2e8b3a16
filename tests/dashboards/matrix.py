"""Authorisation matrix rows for the dashboards URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

# anonymous, outsider, elu, referent, agent, admin, superuser
SPACE_PEOPLE = (302, 403, 200, 200, 200, 200, 200)
# « Ma commune » sends everyone of the space on: to their commune's page, or to the list.
REDIRECTS = (302, 403, 302, 302, 302, 302, 302)


def member(world, suffix=""):
    return f"/espaces/cc-test/tableau-de-bord/membres/{world.commune.pk}/{suffix}"


ROWS = {
    "dashboards:territory": ("get", lambda w: "/espaces/cc-test/tableau-de-bord/", SPACE_PEOPLE),
    "dashboards:territory_csv": (
        "get",
        lambda w: "/espaces/cc-test/tableau-de-bord/export.csv",
        SPACE_PEOPLE,
    ),
    "dashboards:members": (
        "get",
        lambda w: "/espaces/cc-test/tableau-de-bord/membres/",
        SPACE_PEOPLE,
    ),
    "dashboards:member": ("get", lambda w: member(w), SPACE_PEOPLE),
    "dashboards:member_csv": ("get", lambda w: member(w, "export.csv"), SPACE_PEOPLE),
    "dashboards:mine": ("get", lambda w: "/espaces/cc-test/ma-commune/", REDIRECTS),
}
