"""Authorisation matrix rows for the catalogue URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from .factories import make_service, subscribe

# anonymous, outsider, elu, referent, agent, admin, superuser
SPACE_PEOPLE = (302, 403, 200, 200, 200, 200, 200)
MANAGERS_GET = (302, 403, 403, 403, 200, 200, 200)
# The closing form is posted without its date: the service page is shown again.
MANAGERS_FORM = (302, 403, 403, 403, 200, 200, 200)


def service(world):
    return make_service(world.space, world.agent)


def bonneville_subscription(world):
    return subscribe(service(world), world.agent, world.commune)


def at(service, suffix=""):
    return f"/espaces/cc-test/catalogue/{service.pk}/{suffix}"


def sub_at(subscription, suffix):
    return f"/espaces/cc-test/catalogue/abonnements/{subscription.pk}/{suffix}"


ROWS = {
    "catalogue:list": ("get", lambda w: "/espaces/cc-test/catalogue/", SPACE_PEOPLE),
    "catalogue:create": ("get", lambda w: "/espaces/cc-test/catalogue/nouveau/", MANAGERS_GET),
    "catalogue:service": ("get", lambda w: at(service(w)), SPACE_PEOPLE),
    "catalogue:edit": ("get", lambda w: at(service(w), "modifier/"), MANAGERS_GET),
    "catalogue:status": ("post", lambda w: at(service(w), "etat/"), MANAGERS_FORM),
    "catalogue:subscribers_csv": ("get", lambda w: at(service(w), "abonnes.csv"), SPACE_PEOPLE),
    # Bonneville's mayor (the élu) and référent subscribe their commune.
    "catalogue:subscribe": ("get", lambda w: at(service(w), "abonner/"), SPACE_PEOPLE),
    # Only those who speak for the EPCI (agents, admins, its président).
    "catalogue:subscribe_epci": ("get", lambda w: at(service(w), "abonner-epci/"), MANAGERS_GET),
    "catalogue:units": (
        "get",
        lambda w: sub_at(bonneville_subscription(w), "unites/"),
        SPACE_PEOPLE,
    ),
    "catalogue:end": ("get", lambda w: sub_at(bonneville_subscription(w), "fin/"), SPACE_PEOPLE),
}
