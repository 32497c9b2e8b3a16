"""Authorisation matrix rows for the commissions URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from tests.commissions.factories import commission_world

# anonymous, outsider, elu, referent, agent, admin, superuser
MEMBERS = (302, 403, 200, 200, 200, 200, 200)
ADMIN_ONLY = (302, 403, 403, 403, 403, 200, 200)
# The élu is a municipal councillor (mayor of Bonneville); nobody else in the world is.
COUNCILLOR = (302, 403, 200, 403, 403, 403, 403)
COUNCILLOR_POST = (302, 403, 302, 403, 403, 403, 403)
# The élu follows the commission; agents and admins prepare sittings; the référent has no link.
DOSSIER = (302, 403, 200, 403, 200, 200, 200)
S = "/espaces/cc-test/commissions"


def c(w, key):
    return commission_world(w)[key]


def body_url(w):
    return f"{S}/{c(w, 'body').pk}"


def sitting_url(w):
    return f"{body_url(w)}/seances/{c(w, 'sitting').pk}"


ROWS = {
    "commissions:list": ("get", lambda w: f"{S}/", MEMBERS),
    "commissions:history": ("get", lambda w: f"{S}/mes-presences/", MEMBERS),
    "commissions:detail": ("get", lambda w: f"{body_url(w)}/", MEMBERS),
    "commissions:join": ("get", lambda w: f"{body_url(w)}/demander/", COUNCILLOR),
    "commissions:follow": ("post", lambda w: f"{body_url(w)}/suivre/", COUNCILLOR_POST),
    "commissions:settings": ("get", lambda w: f"{body_url(w)}/reglages/", ADMIN_ONLY),
    "commissions:decide": (
        "get",
        lambda w: f"{S}/{c(w, 'finances').pk}/demandes/{c(w, 'pending').pk}/",
        ADMIN_ONLY,
    ),
    "commissions:withdraw": (
        "post",
        lambda w: f"{S}/{c(w, 'finances').pk}/demandes/{c(w, 'pending').pk}/retirer/",
        COUNCILLOR_POST,
    ),
    "commissions:sitting": ("get", lambda w: f"{sitting_url(w)}/", DOSSIER),
    "commissions:note": ("get", lambda w: f"{sitting_url(w)}/note/", DOSSIER),
    "commissions:annex": (
        "get",
        lambda w: f"{sitting_url(w)}/annexes/{c(w, 'annex').pk}/",
        DOSSIER,
    ),
    "commissions:replace": ("get", lambda w: f"{sitting_url(w)}/remplacement/", COUNCILLOR),
    "commissions:replacement_cancel": (
        "post",
        lambda w: f"{sitting_url(w)}/remplacement/{c(w, 'replacement').pk}/retirer/",
        (302, 403, 302, 403, 403, 302, 302),
    ),
}
