"""Public feeds of a space: the iCalendar feed of its public sittings (councils, once
convened) and the Atom feed of its published deliberations. No login; a calendar or a feed
reader polls them, so they may be cached a few minutes by the browser or a proxy."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import cache_control

from maillage.access import space_view
from maillage.meetings.services.calendars import calendar_ics

from . import perms, public

FEED_SIZE = 50
FEED_MAX_AGE = 300


@cache_control(public=True, max_age=FEED_MAX_AGE)
@space_view(perms.can_view_portal)
def sittings_ics(request, space):
    body = calendar_ics(public.sittings_for_feed(space), name=f"Séances publiques — {space.name}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="seances-{space.slug}.ics"'
    return response


def _summary(deliberation) -> str:
    outcome = deliberation.get_outcome_display()
    return (
        f"{deliberation.item.sitting.body.name}, séance du {deliberation.decided_on:%d/%m/%Y} — "
        f"{outcome} ({deliberation.votes_for} pour, {deliberation.votes_against} contre, "
        f"{deliberation.abstentions} abstention(s))."
    )


@cache_control(public=True, max_age=FEED_MAX_AGE)
@space_view(perms.can_view_portal)
def deliberations_atom(request, space):
    site = settings.SITE_URL.rstrip("/")
    feed = Atom1Feed(
        title=f"Délibérations publiées — {space.name}",
        link=site + reverse("portal:home", args=[space.slug]),
        description=f"Les délibérations publiées de {space.organisation.name}.",
        language="fr",
        feed_url=site + request.path,
        feed_guid=f"{site}/p/{space.slug}/deliberations",
    )
    deliberations = list(public.published_deliberations(space)[:FEED_SIZE])
    for deliberation in deliberations:
        url = site + deliberation.get_absolute_url()
        feed.add_item(
            title=f"Délibération n° {deliberation.number} — {deliberation.title}",
            link=url,
            description=_summary(deliberation),
            unique_id=url,
            pubdate=deliberation.published_at,
            updateddate=deliberation.published_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
