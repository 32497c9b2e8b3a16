"""Email: rendered in French (text and HTML), sent in the background after the transaction."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task


@task()
def deliver_email(*, to: list[str], subject: str, text: str, html: str) -> None:
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    message.send()


def send_email(*, to: str | list[str], subject: str, template: str, context: dict) -> None:
    """Render `template`.txt and `template`.html and send them once the transaction commits."""
    recipients = [to] if isinstance(to, str) else list(to)
    context = {"site_url": settings.SITE_URL, "subject": subject, **context}
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    transaction.on_commit(
        lambda: deliver_email.enqueue(to=recipients, subject=subject, text=text, html=html)
    )
