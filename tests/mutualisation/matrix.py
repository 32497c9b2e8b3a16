"""Authorisation matrix rows for the mutualisation URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from .factories import make_scale, make_scenario, sent_statements

# anonymous, outsider, elu, referent, agent, admin, superuser
SPACE_PEOPLE = (302, 403, 200, 200, 200, 200, 200)
MANAGERS_GET = (302, 403, 403, 403, 200, 200, 200)
MANAGERS_POST = (302, 403, 403, 403, 302, 302, 302)
# The élu is the mayor of Bonneville and the référent speaks for it: they read its statement.
MEMBER_OF_BONNEVILLE = (302, 403, 200, 200, 200, 200, 200)

BASE = "/espaces/cc-test/mutualisation/"


def scale(w, tail=""):
    return f"{BASE}baremes/{make_scale(w.space).pk}/{tail}"


def scenario(w, tail=""):
    return f"{BASE}scenarios/{make_scenario(w).pk}/{tail}"


def chosen(w, tail=""):
    scenario, _ = sent_statements(w)
    return f"{BASE}scenarios/{scenario.pk}/{tail}"


def compare(w, tail=""):
    item = make_scenario(w)
    return f"{BASE}comparer/{item.service_id}/{item.year}/{tail}"


def statement(w, tail=""):
    _, created = sent_statements(w)
    mine = next(s for s in created if s.organisation_id == w.commune.pk)
    return f"{BASE}appels/{mine.pk}/{tail}"


ROWS = {
    "mutualisation:home": ("get", lambda w: BASE, SPACE_PEOPLE),
    "mutualisation:scale_new": ("get", lambda w: f"{BASE}baremes/nouveau/", MANAGERS_GET),
    "mutualisation:scale": ("get", lambda w: scale(w), SPACE_PEOPLE),
    "mutualisation:scale_edit": ("get", lambda w: scale(w, "modifier/"), MANAGERS_GET),
    "mutualisation:scale_archive": ("post", lambda w: scale(w, "archiver/"), MANAGERS_POST),
    "mutualisation:weights": ("get", lambda w: scale(w, "poids/"), MANAGERS_GET),
    "mutualisation:weights_import": ("get", lambda w: scale(w, "poids/import/"), MANAGERS_GET),
    "mutualisation:scenario_new": ("get", lambda w: f"{BASE}scenarios/nouveau/", MANAGERS_GET),
    "mutualisation:scenario": ("get", lambda w: scenario(w), SPACE_PEOPLE),
    "mutualisation:scenario_compute": (
        "post",
        lambda w: scenario(w, "calculer/"),
        MANAGERS_POST,
    ),
    "mutualisation:scenario_archive": (
        "post",
        lambda w: scenario(w, "archiver/"),
        MANAGERS_POST,
    ),
    "mutualisation:scenario_choose": ("get", lambda w: scenario(w, "retenir/"), MANAGERS_GET),
    "mutualisation:statements_generate": (
        "post",
        lambda w: chosen(w, "appels/"),
        MANAGERS_POST,
    ),
    "mutualisation:statements_send": (
        "post",
        lambda w: chosen(w, "appels/envoyer/"),
        MANAGERS_POST,
    ),
    "mutualisation:compare": ("get", lambda w: compare(w), SPACE_PEOPLE),
    "mutualisation:compare_csv": ("get", lambda w: compare(w, "comparaison.csv"), SPACE_PEOPLE),
    "mutualisation:statements": ("get", lambda w: f"{BASE}appels/", MEMBER_OF_BONNEVILLE),
    "mutualisation:statement": ("get", lambda w: statement(w), MEMBER_OF_BONNEVILLE),
    "mutualisation:statement_pdf": (
        "get",
        lambda w: statement(w, "appel.pdf"),
        MEMBER_OF_BONNEVILLE,
    ),
    "mutualisation:statement_csv": (
        "get",
        lambda w: statement(w, "appel.csv"),
        MEMBER_OF_BONNEVILLE,
    ),
    "mutualisation:statement_send": (
        "post",
        lambda w: statement(w, "envoyer/"),
        MANAGERS_POST,
    ),
    "mutualisation:statement_correct": (
        "get",
        lambda w: statement(w, "corriger/"),
        MANAGERS_GET,
    ),
    "mutualisation:summary": ("get", lambda w: f"{BASE}synthese/2026/", SPACE_PEOPLE),
    "mutualisation:summary_csv": (
        "get",
        lambda w: f"{BASE}synthese/2026/synthese.csv",
        SPACE_PEOPLE,
    ),
    "mutualisation:report": ("get", lambda w: f"{BASE}rapport/2026/", SPACE_PEOPLE),
    "mutualisation:report_pdf": ("get", lambda w: f"{BASE}rapport/2026/rapport.pdf", SPACE_PEOPLE),
    "mutualisation:report_send": ("post", lambda w: f"{BASE}rapport/2026/avis/", MANAGERS_POST),
}
