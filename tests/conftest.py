"""Guardrails for the whole suite."""

import socket
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from maillage.people.models import Function
from maillage.spaces.models import Role
from tests.people.factories import MandateFactory, UserFactory, person_with_account
from tests.spaces.factories import SpaceFactory, add_space_members, give
from tests.territories.factories import CommuneFactory, EpciFactory, add_members

# Properties, not timings: a loaded CI machine must not fail a test for being slow to draw
# examples (the "too slow" health check) or to run one (the deadline).
hypothesis_settings.register_profile(
    "maillage", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("maillage")

_real_connect = socket.socket.connect
LOCAL_PREFIXES = ("127.", "::1", "localhost")


def _local_only_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not host.startswith(LOCAL_PREFIXES) and not host.startswith("/"):
        raise RuntimeError(f"Appel réseau hors de la machine interdit pendant les tests : {host}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch):
    """Maillage makes no call outside the machine at run time; the tests prove it."""
    monkeypatch.setattr(socket.socket, "connect", _local_only_connect)


@pytest.fixture(autouse=True)
def tasks_run_inline(settings):
    """Background tasks run at once in tests, right after the transaction commits."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# A space with one person of each role, shared by the space and permission tests.


@dataclass
class World:
    space: object
    epci: object
    commune: object
    elu: object
    agent: object
    referent: object
    admin: object
    outsider: object
    superuser: object


@pytest.fixture
def world(db):
    epci = EpciFactory(name="CC du Test", siren="200000172")
    commune = CommuneFactory(name="Bonneville", insee_code="74042")
    other = CommuneFactory(name="Marignier", insee_code="74164")
    add_members(epci, [commune, other])
    space = SpaceFactory(slug="cc-test", name="CC du Test", organisation=epci)
    add_space_members(space, [commune, other])

    elu = person_with_account(first_name="Élise", last_name="Maire")
    MandateFactory(person=elu, organisation=commune, function=Function.MAIRE)
    agent = person_with_account(first_name="Arno", last_name="Agent")
    MandateFactory(person=agent, organisation=epci, function=Function.DGS)
    give(space, agent, Role.AGENT)
    referent = person_with_account(first_name="Rémi", last_name="Référent")
    give(space, referent, Role.REFERENT, organisation=commune)
    admin = person_with_account(first_name="Ada", last_name="Admin")
    give(space, admin, Role.ADMIN)

    # An élu of a commune outside the space.
    outsider = person_with_account(first_name="Otto", last_name="Ailleurs")
    MandateFactory(person=outsider, organisation=CommuneFactory(), function=Function.MAIRE)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    return World(space, epci, commune, elu, agent, referent, admin, outsider, superuser)


@pytest.fixture
def login(client):
    def as_(person_or_user):
        user = getattr(person_or_user, "user", person_or_user)
        client.force_login(user)
        return client

    return as_
