"""Authorisation matrix rows for the portal URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

# anonymous, outsider, elu, referent, agent, admin, superuser
PUBLIC = (200,) * 7
ADMIN_ONLY = (302, 403, 403, 403, 403, 200, 200)
# Nothing to remove: the admin is sent back to the map page with the reason.
ADMIN_POST = (302, 403, 403, 403, 403, 302, 302)

ROWS = {
    "portal:home": ("get", lambda w: "/p/cc-test/", PUBLIC),
    "portal:map": ("get", lambda w: "/p/cc-test/carte/", ADMIN_ONLY),
    "portal:map_remove": ("post", lambda w: "/p/cc-test/carte/retirer/", ADMIN_POST),
    "portal:sittings_ics": ("get", lambda w: "/p/cc-test/seances.ics", PUBLIC),
    "portal:deliberations_atom": ("get", lambda w: "/p/cc-test/deliberations.atom", PUBLIC),
    "portal:my_territory": ("get", lambda w: "/mon-territoire/", PUBLIC),
    "portal:territory": ("get", lambda w: "/mon-territoire/74042/", PUBLIC),
}
