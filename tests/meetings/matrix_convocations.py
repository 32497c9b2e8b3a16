"""Authorisation matrix rows for the convocations URLs: name → (method, path(world), statuses in
the order of tests.test_permissions.ROLES). Use tests.meetings.factories.meeting_world(w)."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from maillage.meetings.models import Annex, CalendarFeed, Channel, Convocation, RecipientReason
from tests.meetings.factories import meeting_world

# anonymous, outsider, elu, referent, agent, admin, superuser
PUBLIC = (200,) * 7
PREPARERS = (302, 403, 403, 403, 200, 200, 200)
PREPARERS_POST = (302, 403, 403, 403, 302, 302, 302)
# Only a member with a voting seat answers: the élu is titulaire of the council.
MEMBERS_WITH_A_VOTE = (302, 403, 200, 403, 403, 403, 403)
TOKEN = "jeton-de-convocation-de-la-matrice"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def sitting(w):
    return meeting_world(w)["sitting"]


def base(w):
    return f"/espaces/cc-test/seances/{sitting(w).pk}/"


def convocation(w):
    """The élu's convocation to the convened sitting, whose dossier link is TOKEN."""
    if getattr(w, "_convocation", None) is None:
        w._convocation = Convocation.objects.create(
            sitting=sitting(w),
            person=w.elu,
            reason=RecipientReason.MEMBER,
            channel=Channel.EMAIL,
            email=w.elu.email,
            token_hash=hashlib.sha256(TOKEN.encode()).hexdigest(),
            sent_at=timezone.now(),
        )
    return w._convocation


def paper(w):
    person = meeting_world(w)["body"].seats.exclude(person=w.elu).first().person
    return Convocation.objects.create(
        sitting=sitting(w), person=person, reason=RecipientReason.MEMBER, channel=Channel.PAPER
    ).pk


def link(w, suffix=""):
    convocation(w)
    return f"/convocations/{TOKEN}/{suffix}"


def annex(w):
    item = Annex(sitting=sitting(w), title="Plan de financement")
    item.file.save("plan.pdf", ContentFile(PDF))
    return item.pk


def feed(w):
    return CalendarFeed.objects.create(person=w.elu, token="agenda-de-la-matrice").token


ROWS = {
    "meetings:convocations": ("get", lambda w: base(w) + "convocations/", PREPARERS),
    "meetings:send_convocations": ("get", lambda w: base(w) + "convocations/envoyer/", PREPARERS),
    "meetings:record_paper_convocation": (
        "get",
        lambda w: base(w) + f"convocations/{paper(w)}/papier/",
        PREPARERS,
    ),
    "meetings:reply": ("get", lambda w: base(w) + "reponse/", MEMBERS_WITH_A_VOTE),
    # A council's convened sitting is public (L2121-18), so is its calendar file.
    "meetings:sitting_ics": ("get", lambda w: base(w) + "seance.ics", PUBLIC),
    # The dossier link is public: its secret is the key.
    "meetings:convocation_link": ("get", lambda w: link(w), PUBLIC),
    "meetings:convocation_acknowledge": (
        "post",
        lambda w: link(w, "accuser-reception/"),
        (302,) * 7,
    ),
    "meetings:convocation_ics": ("get", lambda w: link(w, "seance.ics"), PUBLIC),
    "meetings:convocation_annex": ("get", lambda w: link(w, f"annexes/{annex(w)}/"), PUBLIC),
    # No note was uploaded: the link answers « introuvable » to everyone alike.
    "meetings:convocation_note": ("get", lambda w: link(w, "note/"), (404,) * 7),
    "meetings:calendar_feed": ("get", lambda w: f"/agenda/{feed(w)}.ics", PUBLIC),
    # Logged in: back to « Mon espace » (the superuser, without a person, with a message).
    "meetings:calendar_feed_renew": (
        "post",
        lambda w: "/mon-espace/agenda/renouveler/",
        (302,) * 7,
    ),
}
