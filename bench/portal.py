"""The public portal part of the bench: the portal home of the largest EPCI of the imported
data (a space opened for it, with its communes, 40 public projects and 10 private ones, 300
deliberations, 24 council sittings and a map of every commune) and of a small EPCI (median,
p95, query count; anonymous visitor), "Mon territoire" of a commune of the large one, and the
two feeds. Without imported data, the large EPCI is generated (150 communes)."""

import datetime
import json
import sys
import time

GENERATED_COMMUNES = 150
PROJECTS = 40
DELIBERATIONS = 300
SITTINGS = 24


def _largest_epci():
    from django.db.models import Count, Q

    from maillage.territories.models import Kind, Membership, Organisation

    return (
        Organisation.objects.filter(kind=Kind.EPCI, dissolved_on__isnull=True)
        .annotate(
            n=Count(
                "member_links",
                filter=Q(
                    member_links__nature=Membership.Nature.EPCI,
                    member_links__end_date__isnull=True,
                ),
            )
        )
        .filter(n__gt=0)
        .order_by("-n", "siren")
        .first()
    )


def _generated_epci(name, communes):
    from fixtures import bench_communes, bench_epci

    from maillage.territories.models import Membership

    epci = bench_epci(name, epci_type="CC", population_totale=communes * 900)
    members = bench_communes(
        "Commune de banc d'essai", communes, population_totale=900, population_municipale=880
    )
    members = list(type(epci).objects.filter(insee_code__in=[m.insee_code for m in members]))
    Membership.objects.bulk_create(
        Membership(member=m, group=epci, nature=Membership.Nature.EPCI) for m in members
    )
    return epci


def _grid_geojson(communes) -> bytes:
    """A square per commune on a grid around Annecy: real codes, made-up shapes (the national
    contours are not available offline), ~60 points each like a simplified IGN contour."""
    side = max(1, int(len(communes) ** 0.5 + 0.999))
    features = []
    for n, commune in enumerate(communes):
        lon, lat = 6.0 + (n % side) * 0.05, 45.8 + (n // side) * 0.04
        ring = [[lon + 0.05 * i / 15, lat] for i in range(15)]
        ring += [[lon + 0.05, lat + 0.04 * i / 15] for i in range(15)]
        ring += [[lon + 0.05 - 0.05 * i / 15, lat + 0.04] for i in range(15)]
        ring += [[lon, lat + 0.04 - 0.04 * i / 15] for i in range(15)]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "properties": {"code": commune.insee_code, "nom": commune.name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _portal_space(epci, slug, *, content: bool):
    """A space for the EPCI with its communes as members and, with `content`, public and
    private projects, published and unpublished deliberations, sittings and the map."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from maillage.meetings.models import (
        AgendaItem,
        Body,
        BodyKind,
        Deliberation,
        Outcome,
        Sitting,
        SittingStatus,
    )
    from maillage.people.models import User
    from maillage.portal.services import upload_commune_map
    from maillage.projects.models import Project, ProjectStatus
    from maillage.spaces.models import Space, SpaceMember
    from maillage.territories.models import Membership

    space = Space.objects.create(slug=slug, name=epci.name, organisation=epci)
    communes = [
        m.member
        for m in Membership.objects.current()
        .filter(group=epci, nature=Membership.Nature.EPCI)
        .select_related("member")
    ]
    SpaceMember.objects.bulk_create(SpaceMember(space=space, organisation=c) for c in communes)
    if not content:
        return space, len(communes)
    projects = Project.objects.bulk_create(
        Project(
            space=space,
            title=f"Projet {n}",
            status=ProjectStatus.IN_PROGRESS,
            is_public=n < PROJECTS,
        )
        for n in range(PROJECTS + 10)
    )
    through = Project.communes.through
    through.objects.bulk_create(
        through(project_id=p.pk, organisation_id=communes[n % len(communes)].pk)
        for n, p in enumerate(projects)
    )
    body = Body.objects.create(space=space, kind=BodyKind.CONSEIL_COMMUNAUTAIRE, name="Conseil")
    now = timezone.now()
    sittings = Sitting.objects.bulk_create(
        Sitting(
            body=body,
            starts_at=now + datetime.timedelta(days=14 * (n - SITTINGS // 2)),
            place="Siège de la communauté",
            clear_days=5,
            status=SittingStatus.CLOSED if n < SITTINGS // 2 else SittingStatus.CONVENED,
        )
        for n in range(SITTINGS)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(sitting=sittings[n % (SITTINGS // 2)], position=n + 1, title=f"Objet {n}")
        for n in range(DELIBERATIONS)
    )
    Deliberation.objects.bulk_create(
        Deliberation(
            space=space,
            item=item,
            year=now.year,
            sequence=n + 1,
            title=f"Délibération de banc d'essai {n}",
            text="Le conseil approuve.",
            decided_on=now.date(),
            outcome=Outcome.ADOPTED,
            members_in_office=50,
            present=40,
            represented=5,
            votes_for=45,
            votes_against=0,
            abstentions=0,
            published_at=now if n % 10 else None,
        )
        for n, item in enumerate(items)
    )
    admin, _ = User.objects.get_or_create(
        username="bench-portail", defaults={"is_superuser": True, "is_staff": True}
    )
    upload_commune_map(
        actor=admin,
        space=space,
        upload=SimpleUploadedFile("communes.geojson", _grid_geojson(communes)),
    )
    return space, len(communes)


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.db.models import Count, Q
    from django.test import Client

    from maillage.territories.models import Kind, Membership, Organisation

    start = time.perf_counter()
    large = _largest_epci()
    imported = large is not None
    if large is None:
        large = _generated_epci("CC du banc d'essai du portail", 150)
    small = (
        Organisation.objects.filter(kind=Kind.EPCI, dissolved_on__isnull=True)
        .annotate(
            n=Count(
                "member_links",
                filter=Q(
                    member_links__nature=Membership.Nature.EPCI,
                    member_links__end_date__isnull=True,
                ),
            )
        )
        .filter(n__gte=2)
        .exclude(pk=large.pk)
        .order_by("n", "siren")
        .first()
    ) or _generated_epci("CC du petit banc d'essai", 5)
    print(f"Portal: a space for {large.name} with its content…", file=sys.stderr)
    big_space, big_n = _portal_space(large, "bench-portail-grand", content=True)
    small_space, small_n = _portal_space(small, "bench-portail-petit", content=False)
    setup_s = time.perf_counter() - start
    commune_code = big_space.members.select_related("organisation").first().organisation.insee_code
    client = Client()
    rows = []
    pages = []
    from maillage.spaces.demo import DEMO_SLUG
    from maillage.spaces.models import Space

    if Space.objects.filter(slug=DEMO_SLUG).exists():  # when the lead's run created it
        pages.append(("Portal home, demo space", f"/p/{DEMO_SLUG}/"))
    for label, url in pages + [
        (f"Portal home, largest EPCI ({big_n} communes, map)", f"/p/{big_space.slug}/"),
        (f"Portal home, small EPCI ({small_n} communes)", f"/p/{small_space.slug}/"),
        (f"Mon territoire, a commune of {large.name}", f"/mon-territoire/{commune_code}/"),
        ("Mon territoire, search by name", "/mon-territoire/?q=saint"),
        (f"Portal iCal feed ({SITTINGS} sittings)", f"/p/{big_space.slug}/seances.ics"),
        ("Portal Atom feed (50 of 270 published)", f"/p/{big_space.slug}/deliberations.atom"),
    ]:
        print(f"  {label}: {url}", file=sys.stderr)
        rows.append((label, url, {}, measure(client, url, repeat, {})))
    source = "imported data" if imported else "generated (no imported data)"
    lines = [
        f"- Public portal: largest EPCI {large.name} ({big_n} communes, {source}), "
        f"{PROJECTS} public projects among {PROJECTS + 10}, {DELIBERATIONS} deliberations "
        f"(270 published), {SITTINGS} sittings and a map of every commune, set up in "
        f"{setup_s:.1f} s; small EPCI {small.name} ({small_n} communes)",
    ]
    return lines, rows
