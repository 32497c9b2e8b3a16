"""Authorisation matrix rows for the governance URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from .factories import adopted, first_article, in_contributions, make_document, propose

# anonymous, outsider, elu, referent, agent, admin, superuser
PUBLIC = (200,) * 7
SPACE_PEOPLE = (302, 403, 200, 200, 200, 200, 200)
MANAGERS_GET = (302, 403, 403, 403, 200, 200, 200)
MANAGERS_POST = (302, 403, 403, 403, 302, 302, 302)
# An amendment needs a person record: the superuser has none.
PROPOSERS_GET = (302, 403, 200, 200, 200, 200, 403)
# The référent wrote the amendment: he may not support it, only withdraw it.
SUPPORTERS_POST = (302, 403, 302, 403, 302, 302, 403)
AUTHOR_POST = (302, 403, 403, 302, 403, 403, 403)


def draft(world):
    return make_document(world.space, world.agent)


def doc(world, suffix=""):
    return f"/espaces/cc-test/gouvernance/{draft(world).pk}/{suffix}"


def article(world, suffix=""):
    document = draft(world)
    return (
        f"/espaces/cc-test/gouvernance/{document.pk}/articles/{first_article(document).pk}/{suffix}"
    )


def amendment(world, suffix=""):
    document = in_contributions(world.space, world.agent)
    item = propose(document, world.referent)
    return f"/espaces/cc-test/gouvernance/{document.pk}/amendements/{item.pk}/{suffix}"


def contribution_article(world):
    document = in_contributions(world.space, world.agent)
    return (
        f"/espaces/cc-test/gouvernance/{document.pk}/articles/{first_article(document).pk}/amender/"
    )


def public(world, suffix=""):
    return f"/gouvernance/{adopted(world.space, world.agent).pk}/{suffix}"


ROWS = {
    "governance:list": ("get", lambda w: "/espaces/cc-test/gouvernance/", PUBLIC),
    "governance:new": ("get", lambda w: "/espaces/cc-test/gouvernance/nouveau/", MANAGERS_GET),
    "governance:detail": ("get", lambda w: doc(w), SPACE_PEOPLE),
    "governance:edit": ("get", lambda w: doc(w, "modifier/"), MANAGERS_GET),
    "governance:workflow": ("get", lambda w: doc(w, "etapes/"), MANAGERS_GET),
    "governance:archive": ("post", lambda w: doc(w, "archiver/"), MANAGERS_POST),
    "governance:section_new": ("get", lambda w: doc(w, "parties/nouvelle/"), MANAGERS_GET),
    "governance:article_new": ("get", lambda w: doc(w, "articles/nouveau/"), MANAGERS_GET),
    "governance:article": ("get", lambda w: article(w), SPACE_PEOPLE),
    "governance:article_edit": ("get", lambda w: article(w, "modifier/"), MANAGERS_GET),
    "governance:paragraph": ("get", lambda w: article(w, "v1/paragraphes/1/"), SPACE_PEOPLE),
    "governance:amendment_new": ("get", contribution_article, PROPOSERS_GET),
    "governance:amendments": ("get", lambda w: doc(w, "amendements/"), SPACE_PEOPLE),
    "governance:amendment": ("get", lambda w: amendment(w), SPACE_PEOPLE),
    "governance:amendment_support": (
        "post",
        lambda w: amendment(w, "soutenir/"),
        SUPPORTERS_POST,
    ),
    "governance:amendment_withdraw": ("post", lambda w: amendment(w, "retirer/"), AUTHOR_POST),
    "governance:amendment_accept": ("post", lambda w: amendment(w, "accepter/"), MANAGERS_POST),
    # Sent empty, the forms are shown again with their errors.
    "governance:amendment_merge": ("post", lambda w: amendment(w, "fusionner/"), MANAGERS_GET),
    "governance:amendment_reject": ("post", lambda w: amendment(w, "rejeter/"), MANAGERS_GET),
    "governance:versions": ("get", lambda w: doc(w, "versions/"), SPACE_PEOPLE),
    "governance:compare": ("get", lambda w: doc(w, "versions/comparer/"), SPACE_PEOPLE),
    "governance:version": ("get", lambda w: doc(w, "versions/1/"), SPACE_PEOPLE),
    "governance:version_pdf": ("get", lambda w: doc(w, "versions/1/pdf/"), SPACE_PEOPLE),
    "governance:public": ("get", lambda w: public(w), PUBLIC),
    "governance:public_pdf": ("get", lambda w: public(w, "pdf/"), PUBLIC),
}
