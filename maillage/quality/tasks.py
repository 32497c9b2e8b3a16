"""Background work of the quality plan: printing the activity report, and sending it to each
mayor (one task per mayor, so that each records its own delivery)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from .models import ActivityReport, ReportDelivery


@task()
def produce_report_pdf(report_id: int) -> None:
    from .reports import produce_pdf

    produce_pdf(ActivityReport.objects.select_related("space__organisation").get(pk=report_id))


@task()
def deliver_report(delivery_id: int, link: str) -> None:
    """Email the report's link to one mayor; on success record `delivered_at`."""
    delivery = ReportDelivery.objects.select_related("report__space", "person", "organisation").get(
        pk=delivery_id
    )
    if delivery.delivered_at is not None:
        return  # a task run twice sends nothing twice
    report = delivery.report
    context = {"delivery": delivery, "report": report, "space": report.space, "link": link}
    subject = f"Rapport d'activité {report.year} — {report.space.name}"
    text = render_to_string("quality/email/report.txt", context)
    html = render_to_string("quality/email/report.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [delivery.email])
    message.attach_alternative(html, "text/html")
    message.send()
    ReportDelivery.objects.filter(pk=delivery_id, delivered_at__isnull=True).update(
        delivered_at=timezone.now()
    )
