"""Authorisation matrix rows for the opendata URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES).

The API ignores the browser session: every role gets the public answer; the private
resources answer 401 without a token (the token tests are in test_api_tokens.py)."""

from .factories import public_objects, token_for

# anonymous, outsider, elu, referent, agent, admin, superuser
PUBLIC = (200,) * 7
NO_TOKEN = (401,) * 7
ADMIN_ONLY = (302, 403, 403, 403, 403, 200, 200)
ADMIN_POST = (302, 403, 403, 403, 403, 302, 302)


def published(world):
    if getattr(world, "_opendata", None) is None:
        world._opendata = public_objects(world)
    return world._opendata


def revoke_path(world):
    token, _key = token_for(world)
    return f"/espaces/cc-test/donnees/jetons/{token.pk}/revoquer/"


def api(resource, suffix=""):
    return f"/api/v1/{resource}/{suffix}"


ROWS = {
    "opendata:exports": ("get", lambda w: "/espaces/cc-test/donnees/", PUBLIC),
    "opendata:export": ("get", lambda w: "/espaces/cc-test/donnees/projets.csv", PUBLIC),
    "opendata:tokens": ("get", lambda w: "/espaces/cc-test/donnees/jetons/", ADMIN_ONLY),
    "opendata:token_revoke": ("post", revoke_path, ADMIN_POST),
    "opendata:api-space-list": ("get", lambda w: api("espaces"), PUBLIC),
    "opendata:api-space-detail": ("get", lambda w: api("espaces", "cc-test/"), PUBLIC),
    "opendata:api-body-list": ("get", lambda w: api("instances"), PUBLIC),
    "opendata:api-body-detail": (
        "get",
        lambda w: api("instances", f"{published(w).council.pk}/"),
        PUBLIC,
    ),
    "opendata:api-sitting-list": ("get", lambda w: api("seances"), PUBLIC),
    "opendata:api-sitting-detail": (
        "get",
        lambda w: api("seances", f"{published(w).sitting.pk}/"),
        PUBLIC,
    ),
    "opendata:api-deliberation-list": ("get", lambda w: api("deliberations"), PUBLIC),
    "opendata:api-deliberation-detail": (
        "get",
        lambda w: api("deliberations", f"{published(w).deliberation.pk}/"),
        PUBLIC,
    ),
    "opendata:api-project-list": ("get", lambda w: api("projets"), PUBLIC),
    "opendata:api-project-detail": (
        "get",
        lambda w: api("projets", f"{published(w).project.pk}/"),
        PUBLIC,
    ),
    "opendata:api-roadmap-list": ("get", lambda w: api("feuilles-de-route"), PUBLIC),
    "opendata:api-roadmap-detail": (
        "get",
        lambda w: api("feuilles-de-route", f"{published(w).roadmap.pk}/"),
        PUBLIC,
    ),
    "opendata:api-service-list": ("get", lambda w: api("services"), PUBLIC),
    "opendata:api-service-detail": (
        "get",
        lambda w: api("services", f"{published(w).service.pk}/"),
        PUBLIC,
    ),
    "opendata:api-bulletin-list": ("get", lambda w: api("bulletins"), PUBLIC),
    "opendata:api-bulletin-detail": (
        "get",
        lambda w: api("bulletins", f"{published(w).issue.pk}/"),
        PUBLIC,
    ),
    "opendata:api-experience-list": ("get", lambda w: api("retours-experience"), PUBLIC),
    "opendata:api-experience-detail": (
        "get",
        lambda w: api("retours-experience", f"{published(w).experience.pk}/"),
        PUBLIC,
    ),
    "opendata:api-need-list": ("get", lambda w: api("besoins"), NO_TOKEN),
    "opendata:api-need-detail": ("get", lambda w: api("besoins", "1/"), NO_TOKEN),
    "opendata:api-subscription-list": ("get", lambda w: api("abonnements"), NO_TOKEN),
    "opendata:api-subscription-detail": ("get", lambda w: api("abonnements", "1/"), NO_TOKEN),
    "opendata:api-scenario-list": ("get", lambda w: api("scenarios-retenus"), NO_TOKEN),
    "opendata:api-scenario-detail": ("get", lambda w: api("scenarios-retenus", "1/"), NO_TOKEN),
}
