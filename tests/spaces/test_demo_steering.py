"""The demo space also shows steering and governance: projects with their météo, the projet de
territoire, a roadmap adopted by one of its deliberations, an experiment and a pacte open to
amendments — once."""

import pytest

from maillage.governance.models import Amendment, Document
from maillage.mutualisation.models import Statement
from maillage.projects.models import Project
from maillage.roadmap.models import Axis, Experiment, RoadmapVersion
from maillage.spaces.demo import create_demo_space
from tests.territories.factories import CommuneFactory, EpciFactory, RegionFactory, add_members

pytestmark = pytest.mark.django_db


def test_the_demo_space_has_projects_a_territory_project_a_roadmap_and_a_pacte(client):
    region = RegionFactory(insee_code="44", name="Grand Est")
    epci = EpciFactory(region=region, population_totale=15_000, name="CC de Démo")
    add_members(epci, [CommuneFactory(population_totale=p) for p in (9000, 1200, 800, 500)])

    space, logins = create_demo_space()
    create_demo_space()  # idempotent

    projects = Project.objects.filter(space=space)
    assert projects.count() == 3
    assert all(project.weather for project in projects)
    assert Axis.objects.filter(space=space).count() == 2
    assert RoadmapVersion.objects.filter(space=space, deliberation__isnull=False).count() == 1
    assert Experiment.objects.filter(space=space).count() == 1
    pacte = Document.objects.get(space=space)
    assert space.needs.count() >= 3
    assert space.services.filter(subscriptions__isnull=False).exists()
    assert Statement.objects.filter(space=space).sent().exists()
    assert Amendment.objects.filter(article__document=pacte).count() == 1

    client.force_login(logins["maire"].user)
    for url in (
        f"/espaces/{space.slug}/projets/",
        f"/espaces/{space.slug}/projets/calendrier/",
        f"/espaces/{space.slug}/projet-de-territoire/",
        f"/espaces/{space.slug}/feuille-de-route/",
        pacte.get_absolute_url(),
        f"/espaces/{space.slug}/besoins/",
        f"/espaces/{space.slug}/catalogue/",
        f"/espaces/{space.slug}/mutualisation/",
    ):
        assert client.get(url).status_code == 200, url
