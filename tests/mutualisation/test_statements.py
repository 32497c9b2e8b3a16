"""Statements from the chosen scenario, sent once and never changed, corrected by a new one;
the yearly summary; the annual report sent for opinion under the mutualisation rule."""

from decimal import Decimal

import pytest

from maillage.audit.models import ActionLog
from maillage.mutualisation import reports, services, statements
from maillage.mutualisation.models import Statement, StatementStatus
from maillage.opinions.models import RuleChoice
from maillage.opinions.models import Status as OpinionStatus

from .factories import chosen_scenario, make_scenario, make_service, sent_statements, subscribe

pytestmark = pytest.mark.django_db


def test_the_chosen_scenario_produces_one_numbered_statement_per_paying_member(
    world, django_capture_on_commit_callbacks
):
    scenario = chosen_scenario(world, total="1000.01")
    with django_capture_on_commit_callbacks(execute=True):
        created = statements.generate_statements(actor=world.agent.user, scenario=scenario)
    assert [(s.number, s.organisation.name, s.amount) for s in created] == [
        ("2026-0001", "Bonneville", Decimal("500.01")),
        ("2026-0002", "Marignier", Decimal("500.00")),
    ]
    for statement in Statement.objects.all():
        assert statement.pdf.name.endswith(".pdf")  # printed by the queue (inline in tests)
        assert statement.pdf.read().startswith(b"%PDF")
    assert ActionLog.objects.filter(action="mutualisation.statements_generate").count() == 1


def test_statements_are_produced_once_and_only_from_a_chosen_scenario(world):
    with pytest.raises(services.MutualisationError, match="retenu"):
        statements.generate_statements(actor=None, scenario=make_scenario(world))
    scenario = chosen_scenario(world, name="B")
    statements.generate_statements(actor=None, scenario=scenario)
    with pytest.raises(services.MutualisationError, match="déjà produits"):
        statements.generate_statements(actor=None, scenario=scenario)


def test_an_epci_paying_for_its_communes_gets_one_statement_detailing_them(world):
    from .factories import make_scale

    service = make_service(world.space)
    subscribe(service, world.commune, units=1, paid_by=world.epci)
    scale = make_scale(world.space, name="Payeur", payer_rate=Decimal("0.5"))
    scenario = chosen_scenario(world, service=service, scale=scale, total="100.00")
    created = {
        s.organisation.name: s
        for s in statements.generate_statements(actor=None, scenario=scenario)
    }
    assert created["CC du Test"].amount == Decimal("50.00")
    assert {"label": "Prise en charge pour Bonneville", "amount": "50.00"} in created[
        "CC du Test"
    ].detail
    assert created["Bonneville"].amount == Decimal("50.00")


def test_a_sent_statement_never_changes(world):
    _, created = sent_statements(world)
    statement = Statement.objects.get(pk=created[0].pk)
    assert statement.is_sent and statement.sent_at
    statement.amount = Decimal(1)
    with pytest.raises(ValueError, match="ne se modifie plus"):
        statement.save()
    with pytest.raises(ValueError, match="ne se supprime pas"):
        statement.delete()
    with pytest.raises(services.MutualisationError, match="déjà envoyé"):
        statements.send_statement(actor=None, statement=statement)


def test_a_correction_is_a_new_statement_referencing_the_sent_one_with_the_difference(world):
    _, created = sent_statements(world)
    original = Statement.objects.get(pk=created[0].pk)
    correction = statements.correct_statement(
        actor=world.agent.user,
        statement=original,
        amount=Decimal("450.00"),
        reason="Erreur d'unités",
    )
    assert correction.corrects == original and correction.difference == Decimal("-50.00")
    assert correction.status == StatementStatus.DRAFT and correction.number == "2026-0003"
    assert "Erreur d'unités" in correction.explanation
    original.refresh_from_db()
    assert original.amount == Decimal("500.00")
    with pytest.raises(services.MutualisationError, match="déjà corrigé par l'appel n° 2026-0003"):
        statements.correct_statement(actor=None, statement=original, amount=Decimal(1), reason="x")


@pytest.mark.parametrize(
    "amount, reason, message",
    [
        (Decimal("500.00"), "x", "celui de l'appel"),
        (Decimal("-1"), "x", "positif"),
        (Decimal(1), " ", "Expliquez"),
    ],
)
def test_a_bad_correction_is_refused(world, amount, reason, message):
    _, created = sent_statements(world)
    sent = Statement.objects.get(pk=created[0].pk)
    with pytest.raises(services.MutualisationError, match=message):
        statements.correct_statement(actor=None, statement=sent, amount=amount, reason=reason)
    assert Statement.objects.count() == 2


def test_a_draft_statement_is_not_corrected(world):
    scenario = chosen_scenario(world)
    draft = statements.generate_statements(actor=None, scenario=scenario)[0]
    with pytest.raises(services.MutualisationError, match="pas encore envoyé"):
        statements.correct_statement(actor=None, statement=draft, amount=Decimal(1), reason="x")


def test_the_yearly_summary_adds_up_per_service_and_member(world):
    sent_statements(world, total="1000.00")
    other = make_service(world.space, name="Cybersécurité")
    sent_statements(world, service=other, total="301.00", name="Cyber")
    summary = statements.yearly_summary(world.space, 2026)
    assert summary["total"] == Decimal("1301.00")
    assert [m["total"] for m in summary["members"]] == [Decimal("650.50"), Decimal("650.50")]
    csv = statements.yearly_summary_csv(world.space, 2026)
    assert "Bonneville;150.50;500.00;650.50" in csv.replace("\r", "")


def test_the_annual_report_is_sent_for_opinion_under_the_mutualisation_rule(world):
    sent_statements(world)
    reports.save_report(
        actor=world.agent.user, space=world.space, year=2026, intro="**Bilan**", progress=""
    )
    request = reports.send_report_for_opinion(actor=world.agent.user, space=world.space, year=2026)
    assert request.rule == RuleChoice.MUTUALISATION and request.status == OpinionStatus.OPEN
    assert (request.deadline - request.sent_on).days >= 89
    assert request.targets.count() == 2
    assert request.document.read().startswith(b"%PDF")
    with pytest.raises(services.MutualisationError, match="déjà envoyé"):
        reports.send_report_for_opinion(actor=None, space=world.space, year=2026)
    with pytest.raises(services.MutualisationError, match="ne se modifie plus"):
        reports.save_report(actor=None, space=world.space, year=2026, intro="x", progress="")
    assert ActionLog.objects.filter(action="mutualisation.report_send").exists()


def test_the_report_gathers_services_subscribers_and_amounts(world):
    scenario, _ = sent_statements(world, total="800.00")
    data = reports.report_data(world.space, 2026)
    (row,) = data["services"]
    assert (
        row["subscribers"] == 2
        and row["scenario"] == scenario
        and data["total"] == Decimal("800.00")
    )
