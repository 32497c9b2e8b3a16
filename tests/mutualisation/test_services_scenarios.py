"""Scales stored, scenarios computed and stored, the élus' choice."""

import datetime
from decimal import Decimal

import pytest

from maillage.audit.models import ActionLog
from maillage.mutualisation import services
from maillage.mutualisation.models import MemberWeight, Scale, Scenario, ScenarioLine
from tests.territories.factories import CommuneFactory

from .factories import (
    SCALE_DEFAULTS,
    adopted_vote,
    make_scale,
    make_scenario,
    make_service,
    member_communes,
    subscribe,
)

pytestmark = pytest.mark.django_db


def test_a_scale_is_stored_and_logged(world):
    scale = make_scale(
        world.space,
        world.agent.user,
        name="Par habitant",
        parts=[("population_totale", Decimal("0.6")), ("equal", Decimal("0.4"))],
    )
    scale.refresh_from_db()
    assert scale.parts == [
        {"basis": "population_totale", "fraction": "0.6"},
        {"basis": "equal", "fraction": "0.4"},
    ]
    assert ActionLog.objects.filter(action="mutualisation.scale_create").count() == 1


@pytest.mark.parametrize(
    "definition, message",
    [
        ({"parts": [("equal", Decimal("0.5"))]}, "100"),
        ({"parts": [("tiers", Decimal(1))], "tiers": []}, "tranches"),
        (
            {"parts": [("tiers", Decimal(1))], "tiers": [(0, 500, 1), (400, None, 2)]},
            "chevauch",
        ),
        ({"parts": [("tiers", Decimal(1))], "tiers": [(0, 500, 1), (600, None, 2)]}, "trou"),
        ({"floor": Decimal(100), "ceiling": Decimal(50)}, "plancher"),
        ({"name": "  "}, "nom"),
    ],
)
def test_a_bad_scale_is_refused_with_its_reason_and_nothing_is_stored(world, definition, message):
    values = {**SCALE_DEFAULTS, "parts": [("equal", Decimal(1))], "tiers": [], "name": "B"}
    with pytest.raises(services.MutualisationError) as error:
        services.create_scale(actor=None, space=world.space, **{**values, **definition})
    assert message in str(error.value).lower()
    assert not Scale.objects.exists()


def test_two_scales_of_a_space_cannot_share_a_name(world):
    make_scale(world.space, name="Même nom")
    with pytest.raises(services.MutualisationError, match="porte déjà ce nom"):
        make_scale(world.space, name="Même nom")


def test_a_scenario_stores_lines_that_sum_exactly_to_its_total(world):
    scenario = make_scenario(world, total="1000.01")
    lines = list(scenario.lines.order_by("position"))
    assert [line.name for line in lines] == ["Bonneville", "Marignier"]
    assert sum(line.amount for line in lines) == Decimal("1000.01")
    assert scenario.computed_at is not None and not services.inputs_changed(scenario)


def test_a_scenario_says_when_its_inputs_changed_since_it_was_computed(world):
    scenario = make_scenario(world)
    assert not services.inputs_changed(scenario)
    world.commune.population_municipale = 5000
    world.commune.save()
    assert services.inputs_changed(scenario)
    services.compute_scenario(actor=None, scenario=scenario)
    assert not services.inputs_changed(scenario)
    subscribe(scenario.service, CommuneFactory(name="Nouvelle"), units=3)
    assert services.inputs_changed(scenario)
    services.compute_scenario(actor=None, scenario=scenario)
    assert not services.inputs_changed(scenario)
    assert scenario.lines.count() == 3


def test_an_epci_paying_for_its_communes_gets_its_own_line(world):
    service = make_service(world.space)
    for organisation in member_communes(world):
        subscribe(service, organisation, units=1, paid_by=world.epci)
    scale = make_scale(world.space, name="EPCI payeur", payer_rate=Decimal(1))
    scenario = make_scenario(world, service=service, scale=scale, total="300.00")
    lines = {line.name: line for line in scenario.lines.all()}
    assert lines["CC du Test"].amount == Decimal("300.00")
    assert not lines["CC du Test"].is_member
    assert lines["Bonneville"].amount == Decimal("0.00")
    assert lines["Bonneville"].paid_by_id == world.epci.pk


def test_a_member_without_population_is_named_and_nothing_is_stored(world):
    world.commune.population_totale = None
    world.commune.save()
    scale = make_scale(world.space, name="Pop", parts=[("population_totale", Decimal(1))])
    service = make_service(world.space)
    for organisation in member_communes(world):
        subscribe(service, organisation)
    scenario = services.create_scenario(
        actor=None,
        space=world.space,
        name="S",
        service=service,
        scale=scale,
        year=2026,
        total=Decimal(100),
    )
    with pytest.raises(services.MutualisationError, match="Bonneville"):
        services.compute_scenario(actor=None, scenario=scenario)
    assert not ScenarioLine.objects.exists()


def test_floors_alone_above_the_total_are_refused(world):
    scale = make_scale(world.space, name="Plancher", floor=Decimal(600))
    with pytest.raises(services.MutualisationError, match="plancher"):
        make_scenario(world, scale=scale, total="1000.00")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"year": 2023}, "depuis le 01/01/2024"),
        ({"total": Decimal("-1")}, "positif"),
        ({"total": Decimal("10.001")}, "centime"),
        ({"name": ""}, "nom"),
    ],
)
def test_a_bad_scenario_is_refused(world, change, message):
    values = {
        "name": "S",
        "service": make_service(world.space),
        "year": 2026,
        "total": Decimal(100),
        "scale": make_scale(world.space),
    }
    with pytest.raises(services.MutualisationError, match=message):
        services.create_scenario(actor=None, space=world.space, **{**values, **change})
    assert not Scenario.objects.exists()


def test_a_scenario_without_subscriber_says_so(world):
    scenario = services.create_scenario(
        actor=None,
        space=world.space,
        name="S",
        service=make_service(world.space),
        scale=make_scale(world.space),
        year=2026,
        total=Decimal(100),
    )
    with pytest.raises(services.MutualisationError, match="Aucune organisation n'est abonnée"):
        services.compute_scenario(actor=None, scenario=scenario)


def test_all_members_may_share_a_scenario_even_without_subscription(world):
    scenario = services.create_scenario(
        actor=None,
        space=world.space,
        name="S",
        service=make_service(world.space),
        scale=make_scale(world.space),
        year=2026,
        total=Decimal(100),
        members_rule="tous",
    )
    services.compute_scenario(actor=None, scenario=scenario)
    assert sorted(scenario.lines.values_list("amount", flat=True)) == [Decimal(50), Decimal(50)]


def test_subscriptions_ended_before_the_year_do_not_count(world):
    service = make_service(world.space)
    subscribe(service, world.commune, units=1)
    ended = subscribe(service, CommuneFactory(name="Partie"), units=1)
    ended.end_date = datetime.date(2025, 6, 30)
    ended.save()
    scenario = make_scenario(world, service=service)
    assert list(scenario.lines.values_list("name", flat=True)) == ["Bonneville"]


def test_custom_weights_are_set_replaced_and_removed(world):
    scale = make_scale(world.space, name="Potentiel", parts=[("weight", Decimal(1))])
    bonneville, marignier = member_communes(world)
    services.set_weights(
        actor=None, scale=scale, values={bonneville: Decimal(3), marignier: Decimal(1)}
    )
    services.set_weights(actor=None, scale=scale, values={bonneville: Decimal(2), marignier: None})
    assert dict(MemberWeight.objects.values_list("organisation__name", "value")) == {
        "Bonneville": Decimal(2)
    }


def test_a_weight_for_an_organisation_outside_the_space_is_refused(world):
    scale = make_scale(world.space, name="Potentiel", parts=[("weight", Decimal(1))])
    with pytest.raises(services.MutualisationError, match="Ailleurs n'est pas membre"):
        services.set_weights(
            actor=None, scale=scale, values={CommuneFactory(name="Ailleurs"): Decimal(1)}
        )
    assert not MemberWeight.objects.exists()


CSV_CASES = [
    ("74042;100\n74164;50,5\n", [], {"Bonneville": Decimal(100), "Marignier": Decimal("50.5")}),
    (
        "code;valeur\n74042;100\n74164;50\n",
        [],
        {"Bonneville": Decimal(100), "Marignier": Decimal(50)},
    ),
    ("74042;abc\n74164;1\n", ["Ligne 1 (Bonneville) : « abc » n'est pas un nombre."], None),
    ("74042;1\n99999;1\n", ["Ligne 2 : le code « 99999 »"], None),
    ("74042;-3\n", ["Ligne 1 (Bonneville) : un poids ne peut pas être négatif."], None),
    ("74042;1\n74042;2\n", ["Ligne 2 (Bonneville) : ce membre figure déjà ligne 1."], None),
    ("", ["aucune ligne"], None),
]


@pytest.mark.parametrize("text, errors, stored", CSV_CASES)
def test_weights_are_imported_from_a_csv_all_lines_or_none(world, text, errors, stored):
    scale = make_scale(world.space, name="Potentiel", parts=[("weight", Decimal(1))])
    rows, found = services.parse_weights_csv(world.space, text)
    assert len(found) == len(errors)
    for expected, error in zip(errors, found, strict=True):
        assert expected in error
    if stored is None:
        with pytest.raises(services.MutualisationError):
            services.import_weights(actor=None, scale=scale, text=text)
        assert not MemberWeight.objects.exists()
    else:
        services.import_weights(actor=None, scale=scale, text=text)
        assert dict(MemberWeight.objects.values_list("organisation__name", "value")) == stored


def test_weights_import_by_siren(world):
    rows, errors = services.parse_weights_csv(world.space, f"{world.commune.siren};7")
    assert errors == [] and rows == [(world.commune, Decimal(7))]


# --- The élus' choice ---------------------------------------------------------------------------


def test_the_chosen_scenario_is_recorded_with_its_vote_and_logged(world):
    scenario = make_scenario(world)
    vote = adopted_vote(world)
    services.choose_scenario(actor=world.agent.user, scenario=scenario, vote=vote)
    scenario.refresh_from_db()
    assert scenario.chosen and scenario.vote == vote
    assert ActionLog.objects.filter(action="mutualisation.scenario_choose").exists()


def test_only_one_scenario_is_chosen_per_service_and_year(world):
    first = make_scenario(world, name="A")
    second = make_scenario(world, service=first.service, name="B")
    services.choose_scenario(actor=None, scenario=first, vote=adopted_vote(world))
    with pytest.raises(services.MutualisationError, match="« A » est déjà retenu"):
        services.choose_scenario(actor=None, scenario=second, vote=adopted_vote(world))


def test_the_database_refuses_a_second_chosen_scenario(world):
    from django.db import IntegrityError

    first = make_scenario(world, name="A")
    second = make_scenario(world, service=first.service, name="B")
    services.choose_scenario(actor=None, scenario=first, vote=adopted_vote(world))
    with pytest.raises(IntegrityError):
        Scenario.objects.filter(pk=second.pk).update(chosen=True, vote=first.vote)


@pytest.mark.parametrize("case", ["none", "rejected", "changed", "other_space"])
def test_a_choice_without_a_valid_decision_is_refused(world, case):
    from maillage.spaces.models import Space
    from tests.spaces.factories import SpaceFactory

    scenario = make_scenario(world)
    vote = adopted_vote(world)
    kwargs = {"vote": vote}
    if case == "none":
        kwargs = {}
    elif case == "rejected":
        vote.outcome = "rejected"
        vote.save()
    elif case == "changed":
        subscribe(scenario.service, CommuneFactory(), units=1)
    elif case == "other_space":
        other = SpaceFactory(slug="autre", organisation=world.epci)
        body = vote.item.sitting.body
        body.space = other
        body.save()
        assert Space.objects.count() == 2
    with pytest.raises(services.MutualisationError):
        services.choose_scenario(actor=None, scenario=scenario, **kwargs)
    scenario.refresh_from_db()
    assert not scenario.chosen


def test_a_chosen_scenario_is_neither_recomputed_nor_archived(world):
    scenario = make_scenario(world)
    services.choose_scenario(actor=None, scenario=scenario, vote=adopted_vote(world))
    with pytest.raises(services.MutualisationError, match="retenu"):
        services.compute_scenario(actor=None, scenario=scenario)
    with pytest.raises(services.MutualisationError, match="retenu"):
        services.archive_scenario(actor=None, scenario=scenario)


def test_an_archived_scale_is_not_offered_and_not_changed(world):
    scale = make_scale(world.space)
    services.archive_scale(actor=None, scale=scale)
    with pytest.raises(services.MutualisationError, match="en vigueur"):
        services.create_scenario(
            actor=None,
            space=world.space,
            name="S",
            scale=scale,
            service=make_service(world.space),
            year=2026,
            total=Decimal(1),
        )
    with pytest.raises(services.MutualisationError, match="archivé"):
        services.update_scale(
            actor=None,
            scale=scale,
            name="X",
            **{**SCALE_DEFAULTS, "parts": [("equal", 1)], "tiers": []},
        )


def test_a_scenario_read_back_from_the_database_has_unchanged_inputs(world):
    scenario = make_scenario(world)
    assert not services.inputs_changed(Scenario.objects.get(pk=scenario.pk))
