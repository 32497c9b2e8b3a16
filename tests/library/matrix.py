"""Authorisation matrix rows for the library URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from maillage.library import services

from .factories import make_document

# anonymous, outsider, elu, referent, agent, admin, superuser
EVERYONE = (200,) * 7  # anonymous visitors see the public documents only
MEMBERS = (302, 403, 200, 200, 200, 200, 200)
MANAGERS_GET = (302, 403, 403, 403, 200, 200, 200)
MANAGERS_POST = (302, 403, 403, 403, 302, 302, 302)


def members_document(world):
    return make_document(world.space, world.agent, title="Compte rendu réservé")


def archived_document(world):
    document = make_document(world.space, world.agent, title="Étude archivée")
    services.archive_document(actor=world.agent.user, document=document)
    return document


def at(document, suffix=""):
    return f"/espaces/cc-test/bibliotheque/{document.pk}/{suffix}"


ROWS = {
    "library:list": ("get", lambda w: "/espaces/cc-test/bibliotheque/", EVERYONE),
    "library:search": (
        "get",
        lambda w: "/espaces/cc-test/bibliotheque/recherche/?q=compte+rendu",
        EVERYONE,
    ),
    "library:create": ("get", lambda w: "/espaces/cc-test/bibliotheque/deposer/", MANAGERS_GET),
    "library:detail": ("get", lambda w: at(members_document(w)), MEMBERS),
    "library:edit": ("get", lambda w: at(members_document(w), "modifier/"), MANAGERS_GET),
    "library:new_version": (
        "get",
        lambda w: at(members_document(w), "nouvelle-version/"),
        MANAGERS_GET,
    ),
    "library:archive": ("post", lambda w: at(members_document(w), "archiver/"), MANAGERS_POST),
    "library:restore": ("post", lambda w: at(archived_document(w), "restaurer/"), MANAGERS_POST),
    "library:download": ("get", lambda w: at(members_document(w), "versions/1/"), MEMBERS),
}
