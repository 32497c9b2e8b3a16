"""Authorisation matrix rows for the quality URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

from django.utils import timezone

from .factories import make_process, report_with_pdf, submitted

# anonymous, outsider, elu, referent, agent, admin, superuser
MEMBERS = (302, 403, 200, 200, 200, 200, 200)
MANAGERS_GET = (302, 403, 403, 403, 200, 200, 200)
MANAGERS_POST = (302, 403, 403, 403, 302, 302, 302)
# Élus, référents, agents and admins sign a proposal; a superuser has no person record.
SUBMITTERS = (302, 403, 200, 200, 200, 200, 403)
# An empty form is refused with the page shown again (400) to those allowed.
MANAGERS_FORM_POST = (302, 403, 403, 403, 400, 400, 400)

Q = "/espaces/cc-test/qualite/"


def process(world):
    return f"{Q}processus/{make_process(world.space, world.agent).pk}/"


def improvement(world):
    return f"{Q}ameliorations/{submitted(world).pk}/"


def last_year():
    return timezone.localdate().year - 1


def report(world, suffix=""):
    report_with_pdf(world.space, last_year())
    return f"{Q}rapports/{last_year()}/{suffix}"


ROWS = {
    "quality:home": ("get", lambda w: Q, MEMBERS),
    "quality:processes": ("get", lambda w: f"{Q}processus/", MEMBERS),
    "quality:process_create": ("get", lambda w: f"{Q}processus/nouveau/", MANAGERS_GET),
    "quality:process": ("get", process, MEMBERS),
    "quality:process_edit": ("get", lambda w: process(w) + "modifier/", MANAGERS_GET),
    # The owner (the agent here) and the managers review; an empty form is refused (400).
    "quality:process_review": ("post", lambda w: process(w) + "revue/", MANAGERS_FORM_POST),
    "quality:process_document": ("post", lambda w: process(w) + "document/", MANAGERS_FORM_POST),
    "quality:process_archive": ("post", lambda w: process(w) + "archiver/", MANAGERS_POST),
    "quality:indicators": ("get", lambda w: f"{Q}indicateurs/", MEMBERS),
    "quality:indicators_csv": ("get", lambda w: f"{Q}indicateurs.csv", MEMBERS),
    "quality:improvements": ("get", lambda w: f"{Q}ameliorations/", MEMBERS),
    "quality:improvement_create": ("get", lambda w: f"{Q}ameliorations/nouvelle/", SUBMITTERS),
    "quality:improvement": ("get", improvement, MEMBERS),
    # Without a step the page sends back to the line (302) for those who handle it.
    "quality:improvement_step": ("post", lambda w: improvement(w) + "suivi/", MANAGERS_POST),
    "quality:reports": ("get", lambda w: f"{Q}rapports/", MEMBERS),
    "quality:report": ("get", report, MEMBERS),
    "quality:report_generate": ("post", lambda w: report(w, "produire/"), MANAGERS_POST),
    "quality:report_send": ("post", lambda w: report(w, "envoyer/"), MANAGERS_POST),
    "quality:report_pdf": ("get", lambda w: report(w, "rapport.pdf"), MEMBERS),
}
