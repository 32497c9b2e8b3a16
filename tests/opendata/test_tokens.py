"""API tokens: created and revoked by a space admin, stored hashed, shown once."""

import pytest

from maillage.audit.models import ActionLog
from maillage.opendata import services
from maillage.opendata.models import ApiToken

from .factories import bearer, token_for

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_hashed_and_its_key_starts_with_its_prefix(world):
    token, key = token_for(world)
    assert key.startswith("mlg_") and len(key) > 40
    assert token.key_hash == services.hash_key(key) and key not in token.key_hash
    assert key.startswith(token.prefix)
    assert ActionLog.objects.filter(action="opendata.token_create", object_id=str(token.pk))


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "Donnez un nom"),
        ("   ", "Donnez un nom"),
        ("x" * 101, "ne dépasse pas 100"),
    ],
)
def test_a_token_without_a_proper_name_is_refused(world, name, message):
    with pytest.raises(services.OpendataError, match=message):
        services.create_token(actor=world.admin.user, space=world.space, name=name)
    assert not ApiToken.objects.exists()


def test_two_active_tokens_of_a_space_do_not_share_a_name(world):
    token_for(world, name="Site")
    with pytest.raises(services.OpendataError, match="porte déjà ce nom"):
        token_for(world, name="  Site ")


def test_a_revoked_token_frees_its_name(world):
    token, _ = token_for(world, name="Site")
    services.revoke_token(actor=world.admin.user, token=token)
    token_for(world, name="Site")
    assert ApiToken.objects.filter(name="Site").count() == 2


@pytest.mark.parametrize("role", ["elu", "agent", "referent", "outsider"])
def test_only_an_admin_of_the_space_creates_or_revokes_a_token(world, role):
    person = getattr(world, role)
    with pytest.raises(services.OpendataError, match="administrateurs"):
        services.create_token(actor=person.user, space=world.space, name="Site")
    token, _ = token_for(world)
    with pytest.raises(services.OpendataError, match="administrateurs"):
        services.revoke_token(actor=person.user, token=token)


def test_a_token_revoked_twice_is_refused_the_second_time(world):
    token, _ = token_for(world)
    services.revoke_token(actor=world.admin.user, token=token)
    with pytest.raises(services.OpendataError, match="déjà révoqué"):
        services.revoke_token(actor=world.admin.user, token=token)
    assert ActionLog.objects.filter(action="opendata.token_revoke").count() == 1


def test_the_admin_sees_the_key_once_on_the_page_and_never_again(world, login):
    client = login(world.admin)
    response = client.post("/espaces/cc-test/donnees/jetons/", {"name": "Entrepôt"})
    page = response.content.decode()
    assert response.status_code == 200
    key = page.split('id="new-key" type="text" readonly value="')[1].split('"')[0]
    assert ApiToken.objects.get(name="Entrepôt").key_hash == services.hash_key(key)
    again = client.get("/espaces/cc-test/donnees/jetons/").content.decode()
    assert "Entrepôt" in again and key not in again


def test_a_refused_name_is_shown_again_with_the_reason(world, login):
    token_for(world, name="Entrepôt")
    response = login(world.admin).post("/espaces/cc-test/donnees/jetons/", {"name": "Entrepôt"})
    page = response.content.decode()
    assert "porte déjà ce nom" in page and 'value="Entrepôt"' in page
    assert ApiToken.objects.count() == 1


def test_the_admin_revokes_a_token_and_it_answers_401(world, login, client):
    token, key = token_for(world)
    assert client.get("/api/v1/besoins/", **bearer(key)).status_code == 200
    response = login(world.admin).post(f"/espaces/cc-test/donnees/jetons/{token.pk}/revoquer/")
    assert response.status_code == 302
    client.logout()
    response = client.get("/api/v1/besoins/", **bearer(key))
    assert response.status_code == 401
    assert "révoqué" in response.json()["detail"]


def test_a_token_of_another_space_cannot_be_revoked_from_this_one(world, login):
    from tests.spaces.factories import SpaceFactory

    other = SpaceFactory(slug="autre")
    token, _ = token_for(world, space=other)
    response = login(world.admin).post(f"/espaces/cc-test/donnees/jetons/{token.pk}/revoquer/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked


def test_the_last_use_is_recorded_at_most_once_a_minute(world, client):
    token, key = token_for(world)
    client.get("/api/v1/besoins/", **bearer(key))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/besoins/", **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == first


def test_the_tokens_list_keeps_its_query_count_from_1_to_50_tokens(
    world, login, django_assert_max_num_queries
):
    client = login(world.admin)
    token_for(world, name="t0")
    with django_assert_max_num_queries(12) as one:
        client.get("/espaces/cc-test/donnees/jetons/")
    for i in range(1, 50):
        token_for(world, name=f"t{i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/espaces/cc-test/donnees/jetons/")
    assert response.content.decode().count("<code>mlg_") == 50
