"""Background work of notifications: delivering one email (a notification or a digest) with
its one-click unsubscribe headers (RFC 8058)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def deliver_notification_email(
    *, to: list[str], subject: str, text: str, html: str, headers: dict
) -> None:
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, to, headers=headers
    )
    message.attach_alternative(html, "text/html")
    message.send()
