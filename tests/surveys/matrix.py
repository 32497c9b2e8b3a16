"""Authorisation matrix rows for the surveys URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES).

Roles: anonymous, outsider, elu (mayor of a member commune), referent, agent, admin,
superuser (no person: outside every target). The open survey asks every member of the space;
the élu has answered it with a file."""

from maillage.surveys.models import QuestionKind, Status
from tests.surveys.factories import add, file_answer, make_survey, named_response

BUILD_GET = (302, 403, 403, 403, 200, 200, 200)
BUILD_POST = (302, 403, 403, 403, 302, 302, 302)
TARGET_GET = (302, 403, 200, 200, 200, 200, 200)


def _surveys(w):
    if getattr(w, "_surveys", None) is None:
        draft = make_survey(w.space, status=Status.DRAFT, title="Brouillon")
        draft_question = add(draft, QuestionKind.SINGLE, "Êtes-vous équipés ?")
        add(draft, QuestionKind.SHORT_TEXT, "Précisez")
        survey = make_survey(w.space, title="Enquête ouverte")
        text = add(survey, QuestionKind.SHORT_TEXT, "Vos besoins")
        upload = add(survey, QuestionKind.FILE, "Votre schéma")
        response = named_response(survey, w.elu, {text: "Une messagerie"})
        answer = file_answer(response, upload)
        w._surveys = {
            "draft": draft,
            "question": draft_question,
            "open": survey,
            "text": text,
            "answer": answer,
        }
    return w._surveys


def _draft(w, rest=""):
    return f"/espaces/cc-test/enquetes/{_surveys(w)['draft'].pk}/{rest}"


def _open(w, rest=""):
    return f"/espaces/cc-test/enquetes/{_surveys(w)['open'].pk}/{rest}"


def _question(w, rest):
    return _draft(w, f"questions/{_surveys(w)['question'].pk}/{rest}")


ROWS = {
    "surveys:list": ("get", lambda w: "/espaces/cc-test/enquetes/", (302,) + (200,) * 6),
    "surveys:create": ("get", lambda w: "/espaces/cc-test/enquetes/nouvelle/", BUILD_GET),
    "surveys:detail": ("get", lambda w: _open(w), TARGET_GET[:-1] + (200,)),
    "surveys:edit": ("get", lambda w: _draft(w, "modifier/"), BUILD_GET),
    "surveys:question_add": ("get", lambda w: _draft(w, "questions/nouvelle/"), BUILD_GET),
    "surveys:question_edit": ("get", lambda w: _question(w, "modifier/"), BUILD_GET),
    "surveys:question_delete": ("post", lambda w: _question(w, "retirer/"), BUILD_POST),
    "surveys:question_move": ("post", lambda w: _question(w, "deplacer/"), BUILD_POST),
    "surveys:open": ("post", lambda w: _draft(w, "ouvrir/"), BUILD_POST),
    "surveys:close": ("post", lambda w: _open(w, "clore/"), BUILD_POST),
    # The superuser has no person: outside every target, they cannot answer.
    "surveys:answer": ("get", lambda w: _open(w, "repondre/"), TARGET_GET[:-1] + (403,)),
    "surveys:results": ("get", lambda w: _open(w, "resultats/"), BUILD_GET),
    "surveys:texts": (
        "get",
        lambda w: _open(w, f"resultats/questions/{_surveys(w)['text'].pk}/"),
        BUILD_GET,
    ),
    "surveys:export": ("get", lambda w: _open(w, "export.csv"), BUILD_GET),
    # The élu sent the file: they may download it back; others only if they build surveys.
    "surveys:file": (
        "get",
        lambda w: _open(w, f"fichiers/{_surveys(w)['answer'].pk}/"),
        (302, 403, 200, 403, 200, 200, 200),
    ),
}
