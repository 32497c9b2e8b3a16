"""Authorisation matrix rows for the referents URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

# anonymous, outsider, elu, referent, agent, admin, superuser
SPACE_PEOPLE = (302, 403, 200, 200, 200, 200, 200)
REFERENT_REDIRECTED = (302, 403, 403, 302, 403, 403, 403)
REFERENT_AGENTS_ADMINS = (302, 403, 403, 200, 200, 200, 200)
ADMINS = (302, 403, 403, 403, 403, 200, 200)


def role_of(world):
    return world.referent.space_roles.get().pk


ROWS = {
    "referents:directory": ("get", lambda w: "/espaces/cc-test/referents/", SPACE_PEOPLE),
    "referents:mine": ("get", lambda w: "/espaces/cc-test/referents/moi/", REFERENT_REDIRECTED),
    "referents:concerns": (
        "get",
        lambda w: f"/espaces/cc-test/referents/{role_of(w)}/",
        REFERENT_AGENTS_ADMINS,
    ),  # fmt: skip
    "referents:services": (
        "get",
        lambda w: f"/espaces/cc-test/referents/{role_of(w)}/services/",
        ADMINS,
    ),  # fmt: skip
}
