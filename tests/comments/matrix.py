"""Authorisation matrix rows for the comments URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from tests.comments.factories import comment_world

ADMIN_ONLY = (302, 403, 403, 403, 403, 200, 200)
ADMIN_POST = (302, 403, 403, 403, 403, 302, 302)


def _item_path(world, suffix=""):
    data = comment_world(world)
    return (
        f"/espaces/cc-test/seances/{data['sitting'].pk}/points/{data['item'].pk}/"
        f"commentaires/{suffix}"
    )


def _comment(world, suffix):
    return f"/commentaires/{comment_world(world)['comment'].pk}/{suffix}"


# Readers of an agenda item are those who may read the sitting's dossier: its members (the
# élu sits in the council), agents, admins and superusers; not the référent nor an outsider.
ROWS = {
    "comments:agenda_item": ("get", _item_path, (302, 403, 200, 403, 200, 200, 200)),
    # Posting nothing shows the form again with its error; the superuser has no person.
    "comments:post": (
        "post",
        lambda w: f"/commentaires/meetings.agendaitem/{comment_world(w)['item'].pk}/nouveau/",
        (302, 403, 200, 403, 200, 200, 403),
    ),
    "comments:show": ("get", lambda w: _comment(w, ""), (302, 403, 302, 403, 302, 302, 302)),
    # Only the author edits (the élu wrote it).
    "comments:edit": (
        "get",
        lambda w: _comment(w, "modifier/"),
        (302, 403, 200, 403, 403, 403, 403),
    ),
    # Readers other than the author report.
    "comments:report": (
        "get",
        lambda w: _comment(w, "signaler/"),
        (302, 403, 403, 403, 200, 200, 403),
    ),
    "comments:hide": ("get", lambda w: _comment(w, "masquer/"), ADMIN_ONLY),
    "comments:unhide": ("post", lambda w: _comment(w, "afficher/"), ADMIN_POST),
    "comments:dismiss": ("post", lambda w: _comment(w, "conserver/"), ADMIN_POST),
    "comments:moderation": ("get", lambda w: "/espaces/cc-test/moderation/", ADMIN_ONLY),
}
