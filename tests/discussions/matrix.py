"""Authorisation matrix rows for the discussions URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from django.core.files.base import ContentFile

from maillage.discussions.models import Attachment
from tests.discussions.factories import ReplyFactory, ThreadFactory

# anonymous, outsider, elu, referent, agent, admin, superuser
# Every person with a role in the space reads; the superuser too.
READ = (302, 403, 200, 200, 200, 200, 200)
# The mayor (élu of the world), agents and admins post; the référent reads only (default
# openness); the superuser has no person record, so cannot sign a post.
POST_FORM = (302, 403, 200, 403, 200, 200, 403)
POST = (302, 403, 302, 403, 302, 302, 403)
# The thread's author (the élu) and admins (and the superuser) mark the solution.
SOLUTION = (302, 403, 302, 403, 403, 302, 302)
# President, chair, agents, admins; an empty form is shown again (200).
AGENDA = (302, 403, 403, 403, 200, 200, 200)
ADMIN_ONLY = (302, 403, 403, 403, 403, 200, 200)

S = "/espaces/cc-test/conference"


def thread(w):
    if getattr(w, "_thread", None) is None:
        w._thread = ThreadFactory(space=w.space, author=w.elu)
        w._reply = ReplyFactory(thread=w._thread, author=w.agent)
    return w._thread


def reply(w):
    thread(w)
    return w._reply


def attachment(w):
    item = Attachment(
        thread=thread(w),
        original_name="note.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=w.elu,
    )
    item.file.save("note.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return item.pk


ROWS = {
    "discussions:threads": ("get", lambda w: f"{S}/", READ),
    "discussions:new": ("get", lambda w: f"{S}/nouveau/", POST_FORM),
    "discussions:thread": ("get", lambda w: f"{S}/{thread(w).pk}/", READ),
    "discussions:support": ("post", lambda w: f"{S}/{thread(w).pk}/moi-aussi/", POST),
    "discussions:solution": (
        "post",
        lambda w: f"{S}/{thread(w).pk}/reponses/{reply(w).pk}/solution/",
        SOLUTION,
    ),
    "discussions:to_agenda": ("post", lambda w: f"{S}/{thread(w).pk}/ordre-du-jour/", AGENDA),
    "discussions:attachment": ("get", lambda w: f"{S}/pieces/{attachment(w)}/", READ),
    "discussions:meeting_requests": ("get", lambda w: f"{S}/reunion/", READ),
    "discussions:settings": ("get", lambda w: f"{S}/reglages/", ADMIN_ONLY),
}
