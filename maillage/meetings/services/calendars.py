"""Calendars of sittings: the iCalendar file of a sitting (from its page or the dossier
link) and a person's private feed of their sittings, whose secret address they can renew.
"""

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.people.models import Person

from ..models import CalendarFeed, Seat, Sitting, SittingStatus

SITTING_DURATION = datetime.timedelta(hours=2)


def _ical_status(sitting: Sitting) -> str:
    if sitting.status == SittingStatus.CANCELLED:
        return "CANCELLED"
    if sitting.status == SittingStatus.DRAFT:
        return "TENTATIVE"
    return "CONFIRMED"


def calendar_ics(sittings, *, name: str) -> bytes:
    """An iCalendar file of the sittings (items prefetched), times in Europe/Paris (defined by
    its VTIMEZONE), two hours long by default, with a UID stable per sitting."""
    import zoneinfo

    import icalendar

    paris = zoneinfo.ZoneInfo("Europe/Paris")
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "maillage"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Maillage//Séances//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    now = timezone.now()
    for sitting in sittings:
        start = sitting.starts_at.astimezone(paris)
        event = icalendar.Event()
        event.add("uid", f"seance-{sitting.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", start)
        event.add("dtend", start + SITTING_DURATION)
        cancelled = sitting.status == SittingStatus.CANCELLED
        event.add("summary", f"{sitting.body.name}{' (annulée)' if cancelled else ''}")
        event.add("location", sitting.place)
        lines = ["Ordre du jour :"]
        lines += [f"{item.position}. {item.title}" for item in sitting.items.all()]
        if sitting.video_url:
            lines.append(f"Visioconférence : {sitting.video_url}")
        if sitting.urgent:
            lines.append(f"Convoquée en urgence : {sitting.urgency_reason}")
        event.add("description", "\n".join(lines))
        event.add("status", _ical_status(sitting))
        # A calendar that imported the convocation's file replaces the event only when its
        # SEQUENCE grows (RFC 5545): a convened sitting changes no more, except to be cancelled.
        event.add("sequence", 1 if cancelled else 0)
        try:
            event.add("url", settings.SITE_URL + sitting.get_absolute_url())
        except NoReverseMatch:  # the sitting page belongs to the bodies area
            pass
        calendar.add_component(event)
    # RFC 5545: every TZID used is defined by a VTIMEZONE in the file (computed offline from
    # the system's time zone data), which some calendar applications require.
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_sittings(person: Person):
    """The sittings of a person's private feed: every sitting (convened or later) of a body
    where the person has a current seat, and every sitting the person received a convocation
    or a copy for; from one year back."""
    from django.db.models import Q

    bodies = Seat.objects.current().filter(person=person).values("body_id")
    since = timezone.now() - datetime.timedelta(days=365)
    return (
        Sitting.objects.filter(
            Q(body_id__in=bodies) & ~Q(status=SittingStatus.DRAFT) | Q(convocations__person=person)
        )
        .filter(starts_at__gte=since)
        .select_related("body__space")
        .prefetch_related("items")
        .distinct()
        .order_by("starts_at")
    )


def renew_calendar_feed(*, actor, person: Person) -> CalendarFeed:
    """Create the person's private feed address, or replace it (the old one stops working)."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(person=person).first()
        renewed = feed is not None
        if feed is None:
            feed = CalendarFeed(person=person)
        feed.token = secrets.token_urlsafe(32)
        feed.save()
        log_action(
            actor=actor,
            action="meetings.renew_calendar_feed",
            obj=feed,
            data={"renouvelee": renewed},
        )
    return feed
