"""The open API: public resources for anyone, private ones with a token of the space; the
public/private boundary; bad parameters; flat query counts."""

import json

import pytest
from django.utils import timezone

from maillage.opendata import services
from maillage.projects.models import Project
from tests.spaces.factories import SpaceFactory

from .factories import bearer, private_objects, public_objects, token_for

pytestmark = pytest.mark.django_db

PUBLIC_LISTS = [
    "espaces",
    "instances",
    "seances",
    "deliberations",
    "projets",
    "feuilles-de-route",
    "services",
]
PRIVATE_LISTS = ["besoins", "abonnements", "scenarios-retenus"]


def every_public_answer(client, world, published, headers=None):
    """The text of every public list and detail answer, concatenated."""
    headers = headers or {}
    paths = [f"/api/v1/{name}/" for name in PUBLIC_LISTS]
    paths += [f"/api/v1/{name}/?espace=cc-test" for name in PUBLIC_LISTS]
    paths += [
        f"/api/v1/instances/{published.council.pk}/",
        f"/api/v1/seances/{published.sitting.pk}/",
        f"/api/v1/deliberations/{published.deliberation.pk}/",
        f"/api/v1/projets/{published.project.pk}/",
        f"/api/v1/feuilles-de-route/{published.roadmap.pk}/",
        f"/api/v1/services/{published.service.pk}/",
    ]
    text = []
    for path in paths:
        response = client.get(path, **headers)
        assert response.status_code == 200, path
        text.append(response.content.decode())
    return "\n".join(text)


SECRETS = [
    "Bureau secret",
    "Salle du bureau secret",
    "Lieu pas encore annoncé",
    "Acte pas encore publié",
    "Projet confidentiel",
    "Projet archivé",
    "Besoin secret de la commune",
    "12345.67",
]


def test_no_private_object_appears_in_any_public_answer(world, client):
    published = public_objects(world)
    private_objects(world)
    text = json.loads(json.dumps(every_public_answer(client, world, published)))
    for secret in SECRETS:
        assert secret not in text, secret
    for public in ["Voie verte publique", "Création de la voie verte", "DPO mutualisé"]:
        assert public in text


def test_a_token_of_the_space_also_opens_its_private_objects(world, client):
    published = public_objects(world)
    private = private_objects(world)
    _, key = token_for(world)
    text = every_public_answer(client, world, published, bearer(key))
    for secret in SECRETS[:5]:
        assert secret in text, secret
    assert "Projet archivé" not in text  # archived stays out, even with a token
    assert "12345.67" in text
    needs = client.get("/api/v1/besoins/", **bearer(key)).json()
    assert [n["title"] for n in needs["results"]] == [private.need.title]
    subscriptions = client.get("/api/v1/abonnements/", **bearer(key)).json()
    assert subscriptions["results"][0]["organisation"] == "74042"


def test_a_token_opens_the_private_objects_of_its_own_space_only(world, client):
    public_objects(world)
    private_objects(world)
    other = SpaceFactory(slug="autre", name="Autre espace")
    _, key = token_for(world, space=other)
    text = "".join(
        client.get(f"/api/v1/{name}/", **bearer(key)).content.decode() for name in PUBLIC_LISTS
    )
    for secret in SECRETS:
        assert secret not in text, secret
    assert client.get("/api/v1/besoins/", **bearer(key)).json()["count"] == 0


@pytest.mark.parametrize("name", PUBLIC_LISTS[1:] + PRIVATE_LISTS)
def test_a_token_used_on_another_space_is_refused_in_french(world, client, name):
    SpaceFactory(slug="autre", name="Autre espace")
    _, key = token_for(world)
    response = client.get(f"/api/v1/{name}/?espace=autre", **bearer(key))
    assert response.status_code == 403
    assert "ouvre seulement l'espace « CC du Test »" in response.json()["detail"]


@pytest.mark.parametrize("name", PRIVATE_LISTS)
def test_a_private_resource_without_a_token_answers_401_saying_what_is_needed(client, name):
    response = client.get(f"/api/v1/{name}/")
    assert response.status_code == 401
    assert "jeton d'API de l'espace" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header, message",
    [
        ("Bearer mlg_inconnu", "inconnu"),
        ("Bearer pas-un-jeton", "inconnu"),
        ("Bearer a b", "mal formé"),
    ],
)
def test_an_unknown_or_malformed_token_answers_401(world, client, header, message):
    response = client.get("/api/v1/projets/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert message in response.json()["detail"]


def test_a_revoked_token_answers_401_even_on_public_resources(world, client):
    token, key = token_for(world)
    services.revoke_token(actor=world.admin.user, token=token)
    response = client.get("/api/v1/projets/", **bearer(key))
    assert response.status_code == 401


@pytest.mark.parametrize(
    "query, field",
    [
        ("seances/?depuis=hier", "depuis"),
        ("seances/?etat=inconnu", "etat"),
        ("seances/?instance=abc", "instance"),
        ("deliberations/?annee=99999", "annee"),
        ("deliberations/?matiere=zz", "matiere"),
        ("projets/?etat=fini", "etat"),
        ("projets/?espace=nulle-part", "espace"),
        ("services/?categorie=rien", "categorie"),
        ("instances/?type=assemblee", "type"),
    ],
)
def test_a_bad_parameter_gets_a_400_naming_it(world, client, query, field):
    response = client.get(f"/api/v1/{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_the_roadmap_hides_needs_and_private_projects_from_the_public(world, client):
    published = public_objects(world)
    item = client.get("/api/v1/feuilles-de-route/").json()["results"][0]["items"][0]
    assert "needs" not in item
    assert item["projects"] == [{"id": published.project.pk, "title": "Voie verte publique"}]


def test_a_project_shows_its_progress_and_communes(world, client):
    published = public_objects(world)
    row = client.get(f"/api/v1/projets/{published.project.pk}/").json()
    assert row["communes"] == ["74042"] and 0 <= row["progress"] <= 100


def many(world, count):
    from maillage.meetings.models import Deliberation, SittingStatus
    from tests.meetings.factories import AgendaItemFactory, BodyFactory, SittingFactory

    body = BodyFactory(space=world.space)
    sittings = [SittingFactory(body=body, status=SittingStatus.CONVENED) for _ in range(count)]
    start = Deliberation.objects.count()
    for i, sitting in enumerate(sittings, start=start):
        item = AgendaItemFactory(sitting=sitting, position=1)
        Deliberation.objects.create(
            space=world.space, item=item, year=2026, sequence=i + 1, title=f"Acte {i}",
            text="…", decided_on=timezone.localdate(), outcome="adoptee", members_in_office=3,
            present=3, represented=0, votes_for=3, votes_against=0, abstentions=0,
            published_at=timezone.now(),
        )  # fmt: skip
        project = Project.objects.create(space=world.space, title=f"P{i}", is_public=True)
        project.communes.add(world.commune)


@pytest.mark.parametrize("name", ["seances", "deliberations", "projets", "instances"])
def test_a_list_keeps_its_query_count_from_1_to_50_rows(
    world, client, name, django_assert_max_num_queries
):
    many(world, 1)
    with django_assert_max_num_queries(10) as one:
        assert client.get(f"/api/v1/{name}/").status_code == 200
    many(world, 49)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"/api/v1/{name}/?page_size=50")
    assert response.json()["count"] >= 50 or name == "instances"
