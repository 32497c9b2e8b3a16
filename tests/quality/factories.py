"""Test data of the quality plan: processes, lines of the register, reports."""

import datetime

from django.utils import timezone

from maillage.quality import services
from maillage.quality.models import ActivityReport, Improvement, Process


def make_process(space, owner, **values) -> Process:
    fields = {
        "title": "Préparer une séance",
        "purpose": "Convoquer dans les délais et constituer le dossier.",
        "steps": ["Fixer l'ordre du jour", "Envoyer les convocations", "Tenir la séance"],
        "next_review_on": timezone.localdate() + datetime.timedelta(days=90),
        **values,
    }
    return Process.objects.create(space=space, owner=owner, **fields)


def make_improvement(space, person, **values) -> Improvement:
    number = (Improvement.objects.filter(space=space).count()) + 1
    fields = {
        "number": number,
        "kind": "irritant",
        "title": "Les convocations arrivent tard",
        "description": "Trois jours avant, parfois moins.",
        **values,
    }
    return Improvement.objects.create(space=space, submitted_by=person, **fields)


def submitted(world) -> Improvement:
    return services.submit_improvement(
        actor=world.elu.user,
        space=world.space,
        kind="suggestion",
        title="Un ordre du jour plus tôt",
        description="Envoyer l'ordre du jour provisoire une semaine avant.",
    )


def report_with_pdf(space, year=None) -> ActivityReport:
    from django.core.files.base import ContentFile

    year = year or timezone.localdate().year - 1
    report = ActivityReport.objects.create(space=space, year=year, introduction="Une année.")
    report.pdf.save("rapport.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    report.status = "pret"
    report.save()
    return report
