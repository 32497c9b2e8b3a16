"""The side-by-side comparison read from the stored lines: shares stored at compute time sum
to 100 %, the page reads only its members, the summary (who wins, who loses, by how much) is
the same as the pure `scales.compare` over every member, and the query count is flat."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.mutualisation import comparison, scales, services
from maillage.mutualisation.models import Scenario
from maillage.spaces.models import SpaceMember
from tests.territories.factories import CommuneFactory

from .factories import make_scale, make_scenario, make_service, subscribe

pytestmark = pytest.mark.django_db
BASE = "/espaces/cc-test/mutualisation/"


@pytest.mark.parametrize(
    "amounts, shares",
    [
        (["100.00", "100.00", "100.00"], ["33.34", "33.33", "33.33"]),
        (["750.00", "250.00"], ["75.00", "25.00"]),
        (["0.00", "10.00"], ["0.00", "100.00"]),
        (["0.00", "0.00"], ["0.00", "0.00"]),
        (["0.01", "0.01", "999.98"], ["0.00", "0.00", "100.00"]),
    ],
)
def test_line_shares_are_exact_hundredths_summing_to_100(amounts, shares):
    result = services.line_shares([Decimal(a) for a in amounts])
    assert result == [Decimal(s) for s in shares]
    assert sum(result) in (Decimal(100), Decimal(0))


def test_a_computed_scenario_stores_each_lines_share_of_the_total(world):
    scenario = make_scenario(world, total="1000.00")
    assert list(scenario.lines.values_list("share", flat=True)) == [Decimal(50), Decimal(50)]


def _many_members(world, count):
    service = make_service(world.space)
    for organisation in CommuneFactory.create_batch(count):
        SpaceMember.objects.create(space=world.space, organisation=organisation)
        subscribe(service, organisation, units=organisation.pk % 7 + 1)
    return service


def _two_scenarios(world, service):
    equal = make_scenario(world, service=service, name="Égal", total="10000.00")
    units = make_scale(world.space, name="Unités", parts=[("units", 1)], floor=Decimal(20))
    make_scenario(world, service=service, scale=units, name="Unités", total="10000.00")
    return equal


def test_the_summary_counted_by_the_database_is_that_of_the_pure_comparison(world):
    service = _two_scenarios(world, _many_members(world, 60)).service
    scenarios = comparison.comparable_scenarios(world.space, service, 2026)
    labels = comparison.labels_of(scenarios)
    pure = scales.compare(
        {
            labels[s.pk]: [
                scales.Line(key=line.organisation_id, **line_values(line))
                for line in s.lines.order_by("position")
            ]
            for s in scenarios
        }
    )
    outcome = comparison.outcomes(scenarios, labels, len(pure))[1]
    assert outcome.less == sum(1 for c in pure if c.differences["Unités"] < 0)
    assert outcome.more == sum(1 for c in pure if c.differences["Unités"] > 0)
    assert outcome.less + outcome.same + outcome.more == 60
    assert outcome.decrease == sum(d for c in pure if (d := c.differences["Unités"]) < 0)
    assert outcome.increase == sum(d for c in pure if (d := c.differences["Unités"]) > 0)
    assert outcome.decrease < 0 < outcome.increase
    for row in comparison.all_rows(scenarios):
        item = next(c for c in pure if c.key == row.organisation_id)
        assert [cell.amount for cell in row.cells] == list(item.amounts.values())
        assert [cell.difference for cell in row.cells] == list(item.differences.values())


def line_values(line):
    return {
        name: getattr(line, name)
        for name in (
            "name",
            "computed",
            "own_share",
            "paid_by_payer",
            "paid_for_others",
            "amount",
            "floored",
            "capped",
            "explanation",
        )
    }


def test_the_page_shows_50_members_and_the_summary_counts_all_of_them(world, login):
    service = _two_scenarios(world, _many_members(world, 60)).service
    client = login(world.elu)
    page = client.get(f"{BASE}comparer/{service.pk}/2026/").content.decode()
    assert "60 membres, page 1 sur 2" in page
    assert page.count('<tr><th scope="row">') == 50 + 2  # the members, and the summary
    scenarios = comparison.comparable_scenarios(world.space, service, 2026)
    outcome = comparison.outcomes(scenarios, comparison.labels_of(scenarios), 60)[1]
    assert f'<td class="num">{outcome.less}</td>' in page
    second = client.get(f"{BASE}comparer/{service.pk}/2026/?page=2").content.decode()
    assert second.count('<tr><th scope="row">') == 10 + 2


def test_the_amounts_chart_shows_the_total_decrease_and_increase(world, login):
    world.commune.population_totale = 3000
    world.commune.save()
    first = make_scenario(world, name="Égal", total="1000.00")
    per_head = make_scale(world.space, name="Habitants", parts=[("population_totale", 1)])
    make_scenario(world, service=first.service, scale=per_head, name="Par habitant")
    page = login(world.elu).get(f"{BASE}comparer/{first.service_id}/2026/").content.decode()
    # Bonneville pays 750 instead of 500, the other commune 250 instead of 500.
    assert "baisse de 250,00\u00a0€, hausse de 250,00\u00a0€" in page
    assert "Baisse totale : −250,00\u00a0€" in page and "Hausse totale : +250,00\u00a0€" in page


def test_a_member_absent_from_a_scenario_pays_nothing_in_it(world, login):
    service = make_service(world.space)
    subscribe(service, world.commune, units=1)
    only_subscribers = make_scenario(world, service=service, name="Abonnés")
    everyone = services.create_scenario(
        actor=None,
        space=world.space,
        name="Tous",
        service=service,
        scale=only_subscribers.scale,
        year=2026,
        total=Decimal("1000.00"),
        members_rule="tous",
    )
    services.compute_scenario(actor=None, scenario=everyone)
    scenarios = comparison.comparable_scenarios(world.space, service, 2026)
    rows = {row.name: row for row in comparison.all_rows(scenarios)}
    absent = next(row for name, row in rows.items() if name != "Bonneville")
    assert [(c.amount, c.share, c.verdict) for c in absent.cells] == [
        (Decimal(0), Decimal(0), ""),
        (Decimal(500), Decimal(50), "perd"),
    ]


def test_the_comparison_costs_the_same_queries_at_1_and_50_members(world, login):
    service = _many_members(world, 1)
    _two_scenarios(world, service)
    client = login(world.elu)
    url = f"{BASE}comparer/{service.pk}/2026/"
    counts = []
    for more in (0, 49):
        for organisation in CommuneFactory.create_batch(more):
            SpaceMember.objects.create(space=world.space, organisation=organisation)
            subscribe(service, organisation, units=1)
        for scenario in Scenario.objects.filter(service=service):
            services.compute_scenario(actor=None, scenario=scenario)
        with CaptureQueriesContext(connection) as queries:
            assert "50 membres" in client.get(url).content.decode() or not more
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_scenario_page_shows_each_members_share_of_the_total(world, login):
    scenario = make_scenario(world, total="1000.00")
    page = login(world.elu).get(f"{BASE}scenarios/{scenario.pk}/").content.decode()
    assert page.count("50,00\u00a0% du total") == 2
