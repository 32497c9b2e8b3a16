"""Builders for the portal tests: GeoJSON files of commune contours, and public/private content
of a space through the ORM (the other apps' services are tested by their owners)."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.meetings.models import AgendaItem, Deliberation, Outcome, SittingStatus
from tests.meetings.factories import BodyFactory, SittingFactory, council, in_days


def square(lon: float, lat: float, size: float = 0.05) -> list:
    east, north = lon + size, lat + size
    return [[[lon, lat], [east, lat], [east, north], [lon, north], [lon, lat]]]


def feature(code, name="", *, lon=6.4, lat=46.07, key="code", geometry=None):
    return {
        "type": "Feature",
        "properties": {key: code, "nom": name},
        "geometry": geometry or {"type": "Polygon", "coordinates": square(lon, lat)},
    }


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def geojson_bytes(*features) -> bytes:
    return json.dumps(collection(*features)).encode()


def world_geojson() -> bytes:
    """Contours of the world's two communes (Bonneville, Marignier) and of a commune outside."""
    return geojson_bytes(
        feature("74042", "Bonneville", lon=6.40),
        feature("74164", "Marignier", lon=6.46),
        feature("01001", "L'Abergement-Clémenciat", lon=4.92, lat=46.15),
    )


def geojson_upload(content: bytes | None = None, name="communes.geojson"):
    return SimpleUploadedFile(name, world_geojson() if content is None else content)


def council_body(space):
    body = space.bodies.filter(name="Conseil").first()
    return body or council(space)


def deliberation(space, *, title="Création d'une voie verte", published=True, sequence=None):
    """A deliberation of the space's council, published or not."""
    body = council_body(space)
    sitting = SittingFactory(body=body, status=SittingStatus.CLOSED, starts_at=in_days(-10))
    item = AgendaItem.objects.create(sitting=sitting, position=1, title=title)
    now = timezone.now()
    return Deliberation.objects.create(
        space=space,
        item=item,
        year=now.year,
        sequence=sequence or Deliberation.objects.filter(space=space).count() + 1,
        title=title,
        text="Le conseil communautaire approuve.",
        decided_on=now.date(),
        outcome=Outcome.ADOPTED,
        members_in_office=3,
        present=3,
        represented=0,
        votes_for=3,
        votes_against=0,
        abstentions=0,
        published_at=now if published else None,
    )


def sitting(space, *, status=SittingStatus.CONVENED, days=7, kind=None, place="Salle du conseil"):
    body = council_body(space) if kind is None else BodyFactory(space=space, kind=kind)
    return SittingFactory(body=body, status=status, starts_at=in_days(days), place=place)
