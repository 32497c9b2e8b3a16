"""The demo space also shows communication and openness: référents of each member commune and
per shared service, experiences, the quality plan, a confirmed subscriber and a bulletin issue
sent through the queue with its delivery figures — once; each page answers for the right
demo login, the public ones without any."""

from pathlib import Path

import pytest

from maillage.bulletins.models import DeliveryStatus, Issue, Subscriber
from maillage.bulletins.services import delivery_figures
from maillage.experiences.models import Experience, Visibility
from maillage.experiences.rules import FFMPEG
from maillage.people.services import account_for
from maillage.quality.models import ActivityReport, Improvement, Process, ReportStatus, Status
from maillage.referents.models import ServiceReferent
from maillage.referents.services import current_referent_roles
from maillage.spaces.demo import create_demo_space
from maillage.spaces.models import Role
from tests.territories.factories import CommuneFactory, EpciFactory, RegionFactory, add_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    region = RegionFactory(insee_code="44", name="Grand Est")
    epci = EpciFactory(region=region, population_totale=15_000, name="CC de Démo")
    communes = [CommuneFactory(population_totale=p) for p in (9000, 1200, 800, 500)]
    add_members(epci, communes)
    space, logins = create_demo_space()
    return space, logins, communes


def test_the_demo_space_has_referents_experiences_a_quality_plan_and_a_sent_bulletin(demo):
    space, _logins, communes = demo
    create_demo_space()  # idempotent

    referents = current_referent_roles(space)
    assert {r.organisation_id for r in referents} >= {c.pk for c in communes}
    assert ServiceReferent.objects.current().filter(role__space=space).count() == (
        space.services.count()
    )
    experiences = Experience.objects.filter(space=space)
    assert experiences.count() == 2
    public = experiences.get(visibility=Visibility.PUBLIC)
    assert public.photos.count() == 1
    assert bool(experiences.get(visibility=Visibility.MEMBERS).video) == Path(FFMPEG).exists()
    assert Process.objects.filter(space=space).count() == 3
    assert set(Improvement.objects.filter(space=space).values_list("status", flat=True)) == {
        Status.SUBMITTED,
        Status.ANALYSED,
        Status.ACTION,
        Status.DONE,
    }
    report = ActivityReport.objects.get(space=space)
    assert report.status == ReportStatus.READY
    assert report.pdf.open("rb").read(5) == b"%PDF-"
    assert not report.deliveries.exists()  # sending it to the mayors is left to the visitor
    assert Subscriber.objects.filter(space=space, confirmed_at__isnull=False).count() == 1

    issue = Issue.objects.sent().get(space=space)
    headings = list(issue.sections.values_list("heading", flat=True))
    assert "Délibérations publiées" in headings
    assert "Retours d'expérience" in headings
    figures = delivery_figures(issue)
    assert figures[DeliveryStatus.QUEUED] == 0
    assert figures[DeliveryStatus.SENT] >= len(communes)
    assert figures[DeliveryStatus.BOUNCED] == 1


def test_each_communication_page_of_the_demo_answers_for_its_demo_login(client, demo):
    space, logins, communes = demo
    slug = space.slug
    issue = Issue.objects.get(space=space)
    public = Experience.objects.get(space=space, visibility=Visibility.PUBLIC)
    members_only = Experience.objects.get(space=space, visibility=Visibility.MEMBERS)
    process = Process.objects.filter(space=space).first()
    improvement = Improvement.objects.filter(space=space).first()
    role = current_referent_roles(space).first()
    report = ActivityReport.objects.get(space=space)

    anonymous = [
        f"/p/{slug}/",
        f"/p/{slug}/seances.ics",
        f"/p/{slug}/deliberations.atom",
        f"/mon-territoire/{communes[0].insee_code}/",
        f"/espaces/{slug}/bulletin/",
        f"/espaces/{slug}/bulletin/{issue.number}/",
        f"/espaces/{slug}/bulletin/flux.atom",
        f"/espaces/{slug}/bulletin/abonnement/",
        public.get_absolute_url(),
        public.photos.get().get_absolute_url(),
        f"/espaces/{slug}/donnees/",
        "/api/v1/espaces/",
        "/api/v1/deliberations/",
        "/api/v1/bulletins/",
        "/api/v1/retours-experience/",
    ]
    for url in anonymous:
        assert client.get(url).status_code == 200, url
    assert client.get(members_only.get_absolute_url()).status_code != 200
    shared = client.get("/api/v1/retours-experience/").json()["results"]
    assert [e["title"] for e in shared] == [public.title]
    assert [b["number"] for b in client.get("/api/v1/bulletins/").json()["results"]] == [1]

    video = [f"/espaces/{slug}/retours-experience/{members_only.pk}/video/"]
    video.append(f"/espaces/{slug}/retours-experience/{members_only.pk}/sous-titres.vtt")
    for url in video if members_only.video else []:
        assert client.get(url).status_code != 200, url
    client.force_login(logins["maire"].user)
    for url in (
        f"/espaces/{slug}/retours-experience/",
        members_only.get_absolute_url(),
        *(video if members_only.video else []),
        f"/espaces/{slug}/referents/",
        f"/espaces/{slug}/qualite/",
        f"/espaces/{slug}/qualite/processus/",
        f"/espaces/{slug}/qualite/ameliorations/",
    ):
        assert client.get(url).status_code == 200, url

    client.force_login(logins["admin"].user)
    for url in (
        f"/espaces/{slug}/bulletin/{issue.number}/apercu/",
        f"/espaces/{slug}/bulletin/{issue.number}/envois/",
        f"/espaces/{slug}/referents/{role.pk}/",
        f"/espaces/{slug}/qualite/processus/{process.pk}/",
        f"/espaces/{slug}/qualite/ameliorations/{improvement.pk}/",
        f"/espaces/{slug}/qualite/indicateurs/",
        f"/espaces/{slug}/qualite/rapports/",
        f"/espaces/{slug}/qualite/rapports/{report.year}/",
        f"/espaces/{slug}/qualite/rapports/{report.year}/rapport.pdf",
        f"/espaces/{slug}/donnees/jetons/",
    ):
        assert client.get(url).status_code == 200, url


def test_the_demo_referent_logs_in_and_reads_what_concerns_their_commune(client, demo):
    space, logins, communes = demo
    referent = logins["referent"]
    own = space.roles.current().get(person=referent, role=Role.REFERENT)
    assert own.organisation in communes
    client.force_login(account_for(person=referent))
    page = client.get(f"/espaces/{space.slug}/referents/{own.pk}/")
    assert page.status_code == 200
    assert own.organisation.name in page.content.decode()
    assert client.get(f"/espaces/{space.slug}/referents/").status_code == 200
