"""Sending a statement tells the paying member's mayor (or president) and the space's
référents for it, with the kind « Besoins des communes et services partagés »."""

from decimal import Decimal

import pytest

from maillage.mutualisation import statements
from maillage.notifications.models import Kind, Notification

from .factories import chosen_scenario

pytestmark = pytest.mark.django_db


def _statements(world):
    scenario = chosen_scenario(world, total="1000.00")
    return scenario, statements.generate_statements(actor=None, scenario=scenario)


def test_sending_all_statements_tells_each_members_mayor_and_referent(world):
    scenario, created = _statements(world)
    statements.send_statements(actor=world.agent.user, scenario=scenario)
    bonneville = next(s for s in created if s.organisation == world.commune)
    notices = Notification.objects.filter(url=bonneville.get_absolute_url())
    assert {n.person for n in notices} == {world.elu, world.referent}
    notice = notices.first()
    assert notice.kind == Kind.NEED and notice.space == world.space
    assert notice.title.startswith(f"Appel de contribution n° {bonneville.number}")
    assert "500,00" in notice.title
    # The other commune has no mayor in the world: nobody else is told.
    assert Notification.objects.count() == 2


def test_sending_one_statement_tells_only_its_members_people(world):
    _, created = _statements(world)
    other = next(s for s in created if s.organisation != world.commune)
    statements.send_statement(actor=world.agent.user, statement=other)
    assert not Notification.objects.exists()
    bonneville = next(s for s in created if s.organisation == world.commune)
    statements.send_statement(actor=world.agent.user, statement=bonneville)
    assert Notification.objects.filter(kind=Kind.NEED).count() == 2


def test_a_sent_correction_tells_them_it_corrects_the_first_statement(world):
    scenario, created = _statements(world)
    statements.send_statements(actor=None, scenario=scenario)
    bonneville = next(s for s in created if s.organisation == world.commune)
    correction = statements.correct_statement(
        actor=None, statement=bonneville, amount=Decimal("450.00"), reason="Erreur d'unités"
    )
    statements.send_statement(actor=None, statement=correction)
    titles = set(
        Notification.objects.filter(url=correction.get_absolute_url()).values_list(
            "title", flat=True
        )
    )
    assert titles == {
        f"Appel de contribution n° {correction.number} (correction de l'appel n° "
        f"{bonneville.number}) : Délégué à la protection des données 2026, 450,00\u00a0€"
    }


def test_the_sender_is_not_told_of_his_own_sending(world):
    from maillage.spaces.models import Role, SpaceRole

    SpaceRole.objects.create(
        space=world.space, person=world.agent, role=Role.REFERENT, organisation=world.commune
    )
    scenario, _ = _statements(world)
    statements.send_statements(actor=world.agent.user, scenario=scenario)
    assert not Notification.objects.filter(person=world.agent).exists()
