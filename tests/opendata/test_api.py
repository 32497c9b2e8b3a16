"""The open API: public resources for anyone, private ones with a token of the space; the
public/private boundary; bad parameters; flat query counts."""

import pytest
from django.utils import timezone

from maillage.experiences.models import Visibility
from maillage.opendata import services
from maillage.projects.models import Project
from tests.bulletins.factories import make_issue
from tests.experiences.factories import make_experience
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
    "bulletins",
    "retours-experience",
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
        f"/api/v1/bulletins/{published.issue.pk}/",
        f"/api/v1/retours-experience/{published.experience.pk}/",
    ]
    text = []
    for path in paths:
        response = client.get(path, **headers)
        assert response.status_code == 200, path
        text.append(response.content.decode())
    return "\n".join(text)


# Private to the space: seen with its token.
SECRETS = [
    "Bureau secret",
    "Salle du bureau secret",
    "Lieu pas encore annoncé",
    "Acte pas encore publié",
    "Projet confidentiel",
    "Rubrique réservée aux élus",
    "Brouillon du bulletin d'été",
    "Un retour réservé aux membres",
    "12345.67",
]
# Seen by nobody through the API, even with the space's token.
HIDDEN = ["Projet archivé", "Un retour public archivé"]


def test_no_private_object_appears_in_any_public_answer(world, client):
    published = public_objects(world)
    private_objects(world)
    text = every_public_answer(client, world, published)
    for secret in SECRETS + HIDDEN + ["Besoin secret de la commune"]:
        assert secret not in text, secret
    for public in [
        "Voie verte publique",
        "Création de la voie verte",
        "DPO mutualisé",
        "Le bulletin de printemps",
        "La voie verte est ouverte",
        "Une cantine partagée racontée à tous",
    ]:
        assert public in text, public


def test_a_token_of_the_space_also_opens_its_private_objects(world, client):
    published = public_objects(world)
    private = private_objects(world)
    _, key = token_for(world)
    text = every_public_answer(client, world, published, bearer(key))
    for secret in SECRETS:
        assert secret in text, secret
    for archived in HIDDEN:  # archived stays out, even with a token
        assert archived not in text, archived
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
    for secret in SECRETS + HIDDEN:
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
        ("projets/?commune=74 042", "commune"),
        ("bulletins/?etat=perdu", "etat"),
        ("bulletins/?depuis=2026-13-01", "depuis"),
        ("retours-experience/?theme=cuisine", "theme"),
        ("retours-experience/?commune=%00", "commune"),
        ("retours-experience/?espace=%00", "espace"),
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


def test_a_private_object_is_a_404_by_its_address_without_the_space_token(world, client):
    private = private_objects(world)
    other = SpaceFactory(slug="autre", name="Autre espace")
    _, other_key = token_for(world, space=other)
    _, key = token_for(world)
    paths = [
        f"/api/v1/bulletins/{private.draft_issue.pk}/",
        f"/api/v1/retours-experience/{private.members_experience.pk}/",
        f"/api/v1/deliberations/{private.unpublished.pk}/",
        f"/api/v1/seances/{private.bureau_sitting.pk}/",
    ]
    for path in paths:
        assert client.get(path).status_code == 404, path
        assert client.get(path, **bearer(other_key)).status_code == 404, path
        assert client.get(path, **bearer(key)).status_code == 200, path
    path = f"/api/v1/retours-experience/{private.archived_experience.pk}/"
    assert client.get(path, **bearer(key)).status_code == 404


@pytest.mark.parametrize("name", [*PUBLIC_LISTS, *PRIVATE_LISTS, "organisations"])
def test_an_unknown_object_is_a_404_said_in_french(world, client, name):
    _, key = token_for(world)
    response = client.get(f"/api/v1/{name}/999999/", **bearer(key))
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert "matches" not in detail and ("Rien ne correspond" in detail or "Aucune" in detail)


def test_a_format_other_than_json_is_refused_in_french(client):
    response = client.get("/api/v1/espaces/", headers={"Accept": "text/html"})
    assert response.status_code == 406
    assert response.json()["detail"] == (
        "Cette API ne répond qu'en JSON : envoyez « Accept: application/json »."
    )


def test_the_api_root_lists_every_list_resource_and_where_the_documentation_is(client):
    answer = client.get("/api/v1/").json()
    assert answer["documentation"].endswith("/api/docs/")
    listed = {r["adresse"].split("/api/v1/")[1].strip("/"): r for r in answer["ressources"]}
    assert set(listed) == {*PUBLIC_LISTS, *PRIVATE_LISTS, "organisations"}
    assert {name for name, r in listed.items() if r["jeton"] == "requis"} == set(PRIVATE_LISTS)
    assert listed["bulletins"]["description"].startswith("Numéros envoyés du bulletin")


def test_an_issue_gives_its_public_edition_and_its_sections_for_members_with_a_token(world, client):
    published = public_objects(world)
    _, key = token_for(world)
    path = f"/api/v1/bulletins/{published.issue.pk}/"
    public = client.get(path).json()
    assert [s["heading"] for s in public["sections"]] == ["La voie verte est ouverte"]
    assert public["status"] == "envoye" and public["number"] == 1
    assert public["url"].endswith("/espaces/cc-test/bulletin/1/")
    members = client.get(path, **bearer(key)).json()
    assert [s["members_only"] for s in members["sections"]] == [False, True]


def test_an_experience_gives_its_themes_communes_and_author(world, client):
    published = public_objects(world)
    row = client.get(f"/api/v1/retours-experience/{published.experience.pk}/").json()
    assert row["communes"] == ["74042"] and row["themes"] == ["mutualisation"]
    assert row["author"] == "Élise Maire" and row["video_url"] is None
    found = client.get("/api/v1/retours-experience/?commune=74042&espace=cc-test").json()
    assert [r["id"] for r in found["results"]] == [published.experience.pk]
    assert client.get("/api/v1/retours-experience/?commune=01001").json()["count"] == 0


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
        make_issue(world.space, sent=True, sections=[("A", "…", False), ("B", "…", True)])
        make_experience(
            world.space, world.elu, title=f"R{i}", organisations=[world.commune],
            visibility=Visibility.PUBLIC,
        )  # fmt: skip


@pytest.mark.parametrize(
    "name",
    ["seances", "deliberations", "projets", "instances", "bulletins", "retours-experience"],
)
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
