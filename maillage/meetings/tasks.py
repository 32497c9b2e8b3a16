"""Background work of sittings: delivering the convocation emails, one task per recipient so
that each one records its own delivery."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from .models import Convocation


@task()
def deliver_convocation(convocation_id: int, link: str) -> None:
    """Send one convocation email with its dossier link; on success, record `delivered_at`
    (handed over to the mail server). A failure leaves it empty and the task failed."""
    from .services.convocations import convocation_email

    convocation = Convocation.objects.select_related("sitting__body__space", "person").get(
        pk=convocation_id
    )
    subject, text, html = convocation_email(convocation, link)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [convocation.email]
    )
    message.attach_alternative(html, "text/html")
    message.send()
    Convocation.objects.filter(pk=convocation_id, delivered_at__isnull=True).update(
        delivered_at=timezone.now()
    )
