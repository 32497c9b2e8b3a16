"""Authorisation matrix rows for the bodies URLs: name → (method, path(world), statuses in
the order of tests.test_permissions.ROLES). Use tests.meetings.factories.meeting_world(w)."""

from django.core.files.base import ContentFile

from maillage.meetings.models import Annex
from tests.meetings.factories import AgendaItemFactory, SittingFactory, meeting_world

# anonymous, outsider, elu, referent, agent, admin, superuser
PUBLIC = (200,) * 7
ADMIN_ONLY = (302, 403, 403, 403, 403, 200, 200)
ADMIN_POST = (302, 403, 403, 403, 403, 302, 302)
PREPARERS = (302, 403, 403, 403, 200, 200, 200)
PREPARERS_POST = (302, 403, 403, 403, 302, 302, 302)
# The dossier: the seated élu, agents, admins; not the référent, who has no seat.
DOSSIER = (302, 403, 200, 403, 200, 200, 200)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def body(w):
    return meeting_world(w)["body"]


def sitting(w):
    return meeting_world(w)["sitting"]


def draft(w):
    """A sitting of the council in preparation, with one item."""
    if getattr(w, "_draft", None) is None:
        w._draft = SittingFactory(body=body(w))
        AgendaItemFactory(sitting=w._draft, position=1)
    return w._draft


def annex(w):
    item = Annex(sitting=sitting(w), title="Plan de financement")
    item.file.save("plan.pdf", ContentFile(PDF))
    return item.pk


def with_note(w):
    convened = sitting(w)
    convened.synthesis_note.save("note.pdf", ContentFile(PDF))
    return convened.pk


S = "/espaces/cc-test"

ROWS = {
    "meetings:bodies": ("get", lambda w: f"{S}/instances/", PUBLIC),
    "meetings:body_new": ("get", lambda w: f"{S}/instances/nouvelle/", ADMIN_ONLY),
    "meetings:body": ("get", lambda w: f"{S}/instances/{body(w).pk}/", PUBLIC),
    "meetings:body_edit": ("get", lambda w: f"{S}/instances/{body(w).pk}/modifier/", ADMIN_ONLY),
    "meetings:seat_new": (
        "get",
        lambda w: f"{S}/instances/{body(w).pk}/sieges/nouveau/?q=Maire",
        ADMIN_ONLY,
    ),
    "meetings:seat_end": (
        "post",
        lambda w: f"{S}/instances/{body(w).pk}/sieges/{body(w).seats.first().pk}/fin/",
        ADMIN_POST,
    ),
    "meetings:sitting_new": (
        "get",
        lambda w: f"{S}/instances/{body(w).pk}/seances/nouvelle/",
        PREPARERS,
    ),
    "meetings:sittings": ("get", lambda w: f"{S}/seances/", PUBLIC),
    "meetings:sitting": ("get", lambda w: f"{S}/seances/{sitting(w).pk}/", PUBLIC),
    "meetings:sitting_edit": ("get", lambda w: f"{S}/seances/{draft(w).pk}/modifier/", PREPARERS),
    "meetings:sitting_cancel": (
        "get",
        lambda w: f"{S}/seances/{draft(w).pk}/annuler/",
        PREPARERS,
    ),
    "meetings:item_new": (
        "get",
        lambda w: f"{S}/seances/{draft(w).pk}/points/nouveau/",
        PREPARERS,
    ),
    "meetings:item_edit": (
        "get",
        lambda w: f"{S}/seances/{draft(w).pk}/points/{draft(w).items.get().pk}/modifier/",
        PREPARERS,
    ),
    "meetings:item_delete": (
        "post",
        lambda w: f"{S}/seances/{draft(w).pk}/points/{draft(w).items.get().pk}/supprimer/",
        PREPARERS_POST,
    ),
    "meetings:item_move": (
        "post",
        lambda w: f"{S}/seances/{draft(w).pk}/points/{draft(w).items.get().pk}/deplacer/",
        PREPARERS_POST,
    ),
    "meetings:annex_new": (
        "get",
        lambda w: f"{S}/seances/{draft(w).pk}/annexes/nouvelle/",
        PREPARERS,
    ),
    "meetings:annex": (
        "get",
        lambda w: f"{S}/seances/{sitting(w).pk}/annexes/{annex(w)}/",
        DOSSIER,
    ),
    "meetings:synthesis_note": ("get", lambda w: f"{S}/seances/{with_note(w)}/note/", DOSSIER),
    "meetings:synthesis_note_upload": (
        "get",
        lambda w: f"{S}/seances/{draft(w).pk}/note/deposer/",
        PREPARERS,
    ),
}
