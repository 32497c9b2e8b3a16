"""Authorisation matrix rows for the opinions URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

import datetime

from maillage.opinions import services
from tests.opinions.factories import draft_request, pdf, sent_request

# anonymous, outsider, elu, referent, agent, admin, superuser
PUBLIC = (200,) * 7
PREPARERS = (302, 403, 403, 403, 200, 200, 200)
PREPARERS_POST = (302, 403, 403, 403, 302, 302, 302)
# A sent request that is not public: anyone of the space.
SPACE = (302, 403, 200, 200, 200, 200, 200)
# Bonneville's opinion: its mayor (the élu), its référent, agents and admins.
BONNEVILLE = (302, 403, 200, 200, 200, 200, 200)


def sent(w):
    """A sent request to the members (Bonneville and Marignier); Bonneville answered with its
    deliberation. Built once per test."""
    if getattr(w, "_opinion_request", None) is None:
        request = sent_request(w.space, actor=w.agent.user)
        target = request.targets.get(organisation=w.commune)
        services.record_opinion(
            actor=w.elu.user,
            target=target,
            value="favorable",
            deliberation_number="2025-014",
            deliberation_date=datetime.date.today(),
            deliberation_pdf=pdf("delib.pdf"),
        )
        w._opinion_request = request
    return w._opinion_request


def bonneville(w):
    return sent(w).targets.get(organisation=w.commune).pk


def draft(w):
    return draft_request(w.space, actor=w.agent.user).pk


ROWS = {
    "opinions:list": ("get", lambda w: "/espaces/cc-test/avis/", PUBLIC),
    "opinions:new": ("get", lambda w: "/espaces/cc-test/avis/nouvelle/", PREPARERS),
    "opinions:edit": ("get", lambda w: f"/espaces/cc-test/avis/{draft(w)}/modifier/", PREPARERS),
    "opinions:send": (
        "post",
        lambda w: f"/espaces/cc-test/avis/{draft(w)}/envoyer/",
        PREPARERS_POST,
    ),
    "opinions:detail": ("get", lambda w: f"/espaces/cc-test/avis/{sent(w).pk}/", SPACE),
    "opinions:document": (
        "get",
        lambda w: f"/espaces/cc-test/avis/{sent(w).pk}/document/",
        SPACE,
    ),
    "opinions:csv": ("get", lambda w: f"/espaces/cc-test/avis/{sent(w).pk}/avis.csv", SPACE),
    "opinions:record": (
        "get",
        lambda w: f"/espaces/cc-test/avis/{sent(w).pk}/destinataires/{bonneville(w)}/",
        BONNEVILLE,
    ),
    "opinions:deliberation": (
        "get",
        lambda w: f"/espaces/cc-test/avis/{sent(w).pk}/destinataires/{bonneville(w)}/deliberation/",
        SPACE,
    ),
}
