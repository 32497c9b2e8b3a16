"""ProConnect recognises agents by the email it certifies, and nobody else."""

import pytest

from maillage.people.proconnect import ProConnectBackend

from .factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(settings):
    for name in ["TOKEN", "USER", "AUTHORIZATION", "JWKS"]:
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", f"https://proconnect.test/{name.lower()}")
    settings.OIDC_RP_CLIENT_ID = "maillage"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    return ProConnectBackend()


def test_an_account_is_found_by_its_email_whatever_the_case(backend):
    user = UserFactory(email="agent@cc-test.fr")
    assert list(backend.filter_users_by_claims({"email": "Agent@CC-test.fr"})) == [user]


def test_a_recorded_person_gets_an_account_on_first_login(backend):
    person = PersonFactory(email="dgs@cc-test.fr")
    user = backend.create_user({"email": "dgs@cc-test.fr"})
    person.refresh_from_db()
    assert person.user == user


def test_a_stranger_certified_by_proconnect_does_not_get_in(backend):
    assert list(backend.filter_users_by_claims({"email": "inconnu@etat.fr"})) == []
    assert backend.create_user({"email": "inconnu@etat.fr"}) is None
    assert list(backend.filter_users_by_claims({})) == []
