"""The yearly activity report (article L5211-39 du CGCT): « Le président de l'établissement
public de coopération intercommunale adresse chaque année, avant le 30 septembre, au maire de
chaque commune membre un rapport retraçant l'activité de l'établissement ».

An agent writes the introduction; the PDF (indicators, deliberations adopted, projects,
mutualisation) is produced in the background; a button sends it to each mayor of the member
communes, through the queue, each sending recorded once and logged.
"""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.meetings.models import Deliberation, Outcome
from maillage.meetings.pdf import render_pdf
from maillage.people.models import Function, Mandate
from maillage.projects.models import Project
from maillage.territories.models import Kind as OrganisationKind

from . import perms, rules
from .indicators import indicators_for
from .models import ActivityReport, ReportDelivery, ReportStatus
from .services import QualityError

FIRST_YEAR = 2000


def check_year(year: int, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise QualityError(
            f"Un rapport d'activité porte sur une année passée ou en cours ({FIRST_YEAR} à "
            f"{today.year})."
        )


def report_of(space, year: int) -> ActivityReport | None:
    return ActivityReport.objects.filter(space=space, year=year).first()


def save_introduction(*, actor, space, year: int, introduction: str) -> ActivityReport:
    """Write (or rewrite) the introduction of the report on `year`; the report is created on
    the first save. A report already sent is not changed any more."""
    if not perms.can_manage_quality(actor, space):
        raise QualityError(perms.NEED_MANAGE)
    check_year(year)
    if not introduction.strip():
        raise QualityError("Rédigez l'introduction du rapport.", field="introduction")
    try:
        with transaction.atomic():
            report, _created = ActivityReport.objects.select_for_update().get_or_create(
                space=space, year=year
            )
            if report.status == ReportStatus.SENT:
                raise QualityError("Ce rapport a été envoyé aux maires : il ne se modifie plus.")
            report.introduction = introduction
            if report.status == ReportStatus.READY:
                report.status = ReportStatus.DRAFT  # the PDF no longer says what the page says
            report.save(update_fields=["introduction", "status", "updated_at"])
            log_action(actor=actor, action="quality.report_write", obj=report, space=space)
    except IntegrityError as error:  # two agents created it at once
        raise QualityError("Le rapport vient d'être créé : enregistrez à nouveau.") from error
    return report


def request_pdf(*, actor, report: ActivityReport) -> ActivityReport:
    """Ask for the PDF: produced by a background task once the transaction commits."""
    if not perms.can_manage_quality(actor, report.space):
        raise QualityError(perms.NEED_MANAGE)
    from .tasks import produce_report_pdf

    if report.status == ReportStatus.SENT:
        raise QualityError("Ce rapport a été envoyé aux maires : son PDF ne change plus.")
    if not report.introduction.strip():
        raise QualityError("Rédigez d'abord l'introduction du rapport.")
    with transaction.atomic():
        ActivityReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.GENERATING, updated_at=timezone.now()
        )
        report.status = ReportStatus.GENERATING
        log_action(actor=actor, action="quality.report_generate", obj=report, space=report.space)
        report_id = report.pk
        transaction.on_commit(lambda: produce_report_pdf.enqueue(report_id))
    return report


def report_context(report: ActivityReport) -> dict:
    """Everything the report's PDF shows, in a fixed number of queries."""
    space, year = report.space, report.year
    deliberations = list(
        Deliberation.objects.filter(space=space, year=year, outcome=Outcome.ADOPTED)
        .order_by("sequence")
        .values("year", "sequence", "title", "decided_on")
    )
    projects = list(
        Project.objects.active().filter(space=space).filter(_ran_during(year)).order_by("title")
    )
    from maillage.mutualisation.models import Scenario

    scenarios = list(
        Scenario.objects.filter(space=space, year=year, chosen=True)
        .select_related("service")
        .order_by("service__name", "name")
    )
    return {
        "report": report,
        "space": space,
        "year": year,
        "indicators": indicators_for(space, year),
        "deliberations": deliberations,
        "projects": projects,
        "scenarios": scenarios,
        "deadline": rules.report_deadline(year),
        "generated_on": timezone.localdate(),
    }


def _ran_during(year: int) -> Q:
    """Projects that ran during the year: started by its end and not ended before it."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (Q(start_date__isnull=True) | Q(start_date__lte=end)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )


def produce_pdf(report: ActivityReport) -> ActivityReport:
    """Print the report into its PDF file (called by the background task)."""
    content = render_pdf("quality/print/report.html", report_context(report))
    with transaction.atomic():
        report = (
            ActivityReport.objects.select_for_update().select_related("space").get(pk=report.pk)
        )
        if report.status == ReportStatus.SENT:
            return report
        report.pdf.save(
            f"rapport-activite-{report.space.slug}-{report.year}.pdf",
            ContentFile(content),
            save=False,
        )
        report.status = ReportStatus.READY
        report.generated_at = timezone.now()
        report.save(update_fields=["pdf", "status", "generated_at", "updated_at"])
        log_action(
            actor=None,
            action="quality.report_ready",
            obj=report,
            space=report.space,
            data={"bytes": len(content)},
        )
    return report


def mayors(space) -> list[Mandate]:
    """The current mayors of the space's current member communes, one per person."""
    members = space.members.current().values("organisation_id")
    mandates = (
        Mandate.objects.current()
        .filter(
            function=Function.MAIRE,
            organisation_id__in=members,
            organisation__kind=OrganisationKind.COMMUNE,
        )
        .select_related("person__user", "organisation")
        .order_by("organisation__name", "pk")
    )
    seen, result = set(), []
    for mandate in mandates:
        if mandate.person_id not in seen:
            seen.add(mandate.person_id)
            result.append(mandate)
    return result


def mayors_to_reach(space, report: ActivityReport | None) -> dict:
    """Who the report still goes to: the mayors with an email address who have not received
    it (the next send), and those without one, to whom it goes by post — shown on the page
    for as long as they are mayors, not only in the message after a send."""
    already = set(report.deliveries.values_list("person_id", flat=True)) if report else set()
    by_email, by_post = [], []
    for mandate in mayors(space):
        if mandate.person_id in already:
            continue
        (by_email if email_of(mandate.person) else by_post).append(mandate)
    return {"by_email": by_email, "by_post": by_post, "already": len(already)}


def email_of(person) -> str:
    user = getattr(person, "user", None)
    return person.email or (user.email if user is not None else "")


def send_to_mayors(*, actor, report: ActivityReport) -> dict:
    """Send the report's link to each mayor of the member communes by email, through the
    queue. A mayor who already received it is not sent it again; a mayor without an email
    address is listed so that the report goes by post. Returns the counts."""
    if not perms.can_manage_quality(actor, report.space):
        raise QualityError(perms.NEED_MANAGE)
    from .tasks import deliver_report

    if report.status not in (ReportStatus.READY, ReportStatus.SENT) or not report.pdf:
        raise QualityError("Produisez d'abord le PDF du rapport.")
    link = settings.SITE_URL.rstrip("/") + reverse(
        "quality:report_pdf", args=[report.space.slug, report.year]
    )
    queued, without_email = [], []
    with transaction.atomic():
        report = (
            ActivityReport.objects.select_for_update().select_related("space").get(pk=report.pk)
        )
        already = set(report.deliveries.values_list("person_id", flat=True))
        for mandate in mayors(report.space):
            person = mandate.person
            if person.pk in already:
                continue
            email = email_of(person)
            if not email:
                without_email.append(f"{person} ({mandate.organisation.name})")
                continue
            delivery = ReportDelivery.objects.create(
                report=report, person=person, organisation=mandate.organisation, email=email
            )
            log_action(
                actor=actor,
                action="quality.report_delivery",
                obj=report,
                space=report.space,
                data={
                    "person": person.pk,
                    "organisation": mandate.organisation.name,
                    "email": email,
                },
            )
            queued.append(delivery.pk)
        if not queued and not already and not without_email:
            raise QualityError("Aucun maire de commune membre n'est connu dans l'espace.")
        now = timezone.now()
        if queued or report.sent_at is None:
            report.sent_at = report.sent_at or now
            report.status = ReportStatus.SENT
            report.save(update_fields=["sent_at", "status", "updated_at"])
        log_action(
            actor=actor,
            action="quality.report_send",
            obj=report,
            space=report.space,
            data={
                "queued": len(queued),
                "already": len(already),
                "without_email": without_email,
                "on_time": rules.deadline_met(
                    report.year, timezone.localdate(), timezone.localdate()
                ),
            },
        )
        for pk in queued:
            transaction.on_commit(lambda pk=pk: deliver_report.enqueue(pk, link))
    return {"queued": len(queued), "already": len(already), "without_email": without_email}
