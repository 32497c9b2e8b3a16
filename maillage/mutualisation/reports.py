"""The annual mutualisation report (article L5211-39-1 du CGCT): the agent writes its
introduction and the progress of the schéma; the services, subscriptions and amounts of the
year are gathered when it is printed; it is sent for opinion to the municipal councils, who
have three months (silence: favourable), through the opinion requests."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q, Sum

from maillage.audit.services import log_action
from maillage.opinions import rules as opinion_rules
from maillage.opinions.services import OpinionError, create_request, send_request

from .models import AnnualReport, Scenario
from .services import MutualisationError
from .statements import yearly_summary


def report_for(space, year: int) -> AnnualReport:
    """The stored report of the year, or an unsaved empty one."""
    return AnnualReport.objects.filter(space=space, year=year).select_related(
        "opinion_request"
    ).first() or AnnualReport(space=space, year=year)


def save_report(*, actor, space, year: int, intro: str, progress: str) -> AnnualReport:
    """Write the report's texts (Markdown). Once sent for opinion, it is what the councils
    received: it no longer changes."""
    if not 2000 <= year <= 2100:
        raise MutualisationError("Indiquez une année entre 2000 et 2100.")
    with transaction.atomic():
        report, _ = AnnualReport.objects.select_for_update().get_or_create(space=space, year=year)
        if report.opinion_request_id:
            raise MutualisationError(
                "Ce rapport est envoyé pour avis aux conseils municipaux : il ne se modifie plus."
            )
        report.intro = (intro or "").strip()
        report.progress = (progress or "").strip()
        report.updated_by = actor
        report.save()
        log_action(actor=actor, action="mutualisation.report_save", obj=report, space=space)
    return report


def report_data(space, year: int) -> dict:
    """The figures of the year: each service of the catalogue proposed that year with its
    subscribers and units, the chosen scenario and its total; and each member's total."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    active = Q(subscriptions__start_date__lte=last) & (
        Q(subscriptions__end_date__isnull=True) | Q(subscriptions__end_date__gte=first)
    )
    services = (
        space.services.filter(available_from__lte=last)
        .annotate(
            subscribers=Count("subscriptions__organisation", filter=active, distinct=True),
            units=Sum("subscriptions__units", filter=active),
        )
        .order_by("name", "pk")
    )
    chosen = {
        s.service_id: s
        for s in Scenario.objects.filter(space=space, year=year, chosen=True).select_related(
            "deliberation"
        )
    }
    rows = [
        {
            "service": service,
            "subscribers": service.subscribers,
            "units": service.units or Decimal(0),
            "scenario": chosen.get(service.pk),
        }
        for service in services
    ]
    summary = yearly_summary(space, year)
    return {
        "services": rows,
        "total": sum((r["scenario"].total for r in rows if r["scenario"]), Decimal(0)),
        "members": summary["members"],
    }


def send_report_for_opinion(*, actor, space, year: int, today=None):
    """Print the report and send it for opinion to the councils of the space's member
    organisations, under the mutualisation rule (3 months, silence favourable). Sent once."""
    from .pdf import report_pdf

    with transaction.atomic():
        report, _ = AnnualReport.objects.select_for_update().get_or_create(space=space, year=year)
        if report.opinion_request_id:
            raise MutualisationError(
                f"Le rapport de {year} est déjà envoyé pour avis "
                f"(demande du {report.opinion_request.sent_on:%d/%m/%Y})."
            )
        document = ContentFile(
            report_pdf(space, year, report, report_data(space, year)),
            name=f"rapport-mutualisation-{year}.pdf",
        )
        try:
            request = create_request(
                actor=actor,
                space=space,
                title=f"Rapport de mutualisation {year}",
                description=(
                    f"Rapport sur la mutualisation des services de {space.name} pour {year} "
                    "(article L5211-39-1 du CGCT). Votre conseil municipal dispose de trois "
                    "mois pour rendre son avis ; sans avis, il est réputé favorable."
                ),
                document=document,
                rule=opinion_rules.Rule.MUTUALISATION,
            )
            send_request(actor=actor, request=request, today=today)
        except OpinionError as error:
            raise MutualisationError(str(error)) from None
        report.opinion_request = request
        report.updated_by = actor
        report.save()
        log_action(
            actor=actor,
            action="mutualisation.report_send",
            obj=report,
            space=space,
            data={"opinion_request": request.pk, "deadline": request.deadline.isoformat()},
        )
    return request
