"""Sending an issue in the background, by batches: each batch claims its deliveries first,
so that a batch run twice (a worker restarted) sends nothing twice."""

import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone
from django_tasks import task

from .emails import edition_of, render_issue
from .models import Delivery, DeliveryStatus, Issue

BATCH_SIZE = 500  # *(choix)* one SMTP connection per 500 emails


def send_deliveries(delivery_ids: list[int]) -> int:
    """Send the still-queued deliveries among `delivery_ids`; return how many went out."""
    claim = uuid.uuid4().hex
    Delivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENDING, claim=claim
    )
    deliveries = list(Delivery.objects.filter(claim=claim).order_by("pk"))
    if not deliveries:
        return 0
    rendered = {}
    issues = {
        issue.pk: issue
        for issue in Issue.objects.filter(pk__in={d.issue_id for d in deliveries})
        .select_related("space")
        .prefetch_related("sections")
    }
    sent = 0
    now = timezone.now()
    with get_connection() as connection:
        sent = _send_all(deliveries, issues, rendered, connection, now)
    Delivery.objects.bulk_update(deliveries, ["status", "sent_at", "error"], batch_size=500)
    return sent


def _send_all(deliveries, issues, rendered, connection, now) -> int:
    sent = 0
    for delivery in deliveries:
        issue = issues[delivery.issue_id]
        key = (issue.pk, edition_of(delivery.audience))
        if key not in rendered:
            rendered[key] = render_issue(issue, key[1])
        text, html, headers = rendered[key].for_address(issue.space_id, delivery.address)
        message = EmailMultiAlternatives(
            rendered[key].subject,
            text,
            settings.DEFAULT_FROM_EMAIL,
            [delivery.address],
            headers=headers,
            connection=connection,
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 - one bad address must not stop the batch
            delivery.status, delivery.error = DeliveryStatus.FAILED, str(error)[:300]
        else:
            delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
            sent += 1
    return sent


@task()
def send_batch(delivery_ids: list[int]) -> int:
    return send_deliveries(delivery_ids)
