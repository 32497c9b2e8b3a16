"""Mutualisation test data: a shared service of the world's space with its two communes
subscribed, scales, scenarios computed, chosen and their statements."""

import datetime
from decimal import Decimal

from maillage.catalogue.models import Service, Subscription
from maillage.mutualisation import services, statements
from maillage.mutualisation.models import Scale
from tests.meetings.factories import AgendaItemFactory, at, closed_sitting, closed_vote, council

EQUAL = {"parts": [("equal", Decimal(1))], "tiers": []}
SCALE_DEFAULTS = {
    "description": "",
    "tier_population": "population_municipale",
    "per_inhabitant_in_tier": False,
    "fixed_amount": Decimal(0),
    "floor": None,
    "ceiling": None,
    "payer_rate": Decimal(0),
}


def make_service(space, name="Délégué à la protection des données", **kwargs) -> Service:
    """The space's service of that name (created once: names are unique in a space)."""
    existing = Service.objects.filter(space=space, name=name).first()
    if existing is not None:
        return existing
    values = {"available_from": datetime.date(2024, 1, 1), "yearly_cost": Decimal("12000.00")}
    return Service.objects.create(space=space, name=name, **{**values, **kwargs})


def subscribe(service, organisation, *, units=0, paid_by=None, start=datetime.date(2024, 1, 1)):
    return Subscription.objects.create(
        service=service,
        organisation=organisation,
        units=Decimal(units),
        paid_by=paid_by,
        start_date=start,
    )


def make_scale(space, actor=None, name="Parts égales", **definition) -> Scale:
    values = {**SCALE_DEFAULTS, **EQUAL, **definition}
    return services.create_scale(actor=actor, space=space, name=name, **values)


def member_communes(world):
    return list(services.member_organisations(world.space))


def make_scenario(
    world, *, service=None, scale=None, total="1000.00", name="Scénario A", year=2026
):
    service = service or make_service(world.space)
    if not service.subscriptions.exists():
        for organisation in member_communes(world):
            subscribe(service, organisation, units=1)
    scale = scale or make_scale(world.space, name=f"Barème de {name}")
    scenario = services.create_scenario(
        actor=None,
        space=world.space,
        name=name,
        service=service,
        scale=scale,
        year=year,
        total=Decimal(total),
    )
    return services.compute_scenario(actor=None, scenario=scenario)


def adopted_vote(world):
    from maillage.meetings.models import Body

    body = Body.objects.filter(space=world.space, name="Conseil").first()
    body = body or council(world.space, members=2)
    sitting = closed_sitting(body, at(2026, 3, 10))
    return closed_vote(AgendaItemFactory(sitting=sitting, position=1))


def chosen_scenario(world, **kwargs):
    scenario = make_scenario(world, **kwargs)
    return services.choose_scenario(actor=None, scenario=scenario, vote=adopted_vote(world))


def sent_statements(world, **kwargs):
    scenario = chosen_scenario(world, **kwargs)
    created = statements.generate_statements(actor=None, scenario=scenario)
    statements.send_statements(actor=None, scenario=scenario)
    return scenario, created
