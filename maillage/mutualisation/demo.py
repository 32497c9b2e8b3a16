"""Demo data for mutualisation: a shared service of the catalogue with subscriptions of the
space's member communes, two scales (per inhabitant with a floor; population brackets with a
fixed part), two scenarios computed and compared, one chosen by an adopted deliberation of the
space (or an adopted vote), its statements produced and sent to the members.

    from maillage.mutualisation.demo import create_mutualisation_demo
    create_mutualisation_demo(space, actor)  # actor: a superuser, or an agent/admin of the space

Everything goes through the services (catalogue and mutualisation), so it is in the action log.
Does nothing if the space already has a scenario. Returns the scenarios created."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from maillage.catalogue import services as catalogue
from maillage.catalogue.models import Category, Service, ServiceStatus
from maillage.catalogue.perms import subscribing_organisations

from . import services, statements
from .models import Scale, Scenario

SERVICE_NAME = "Assistance informatique et cybersécurité"
YEARLY_COST = Decimal("36000.00")
MAX_SUBSCRIBERS = 12
BASE = {
    "description": "",
    "tiers": [],
    "tier_population": "population_municipale",
    "per_inhabitant_in_tier": False,
    "fixed_amount": Decimal(0),
    "floor": None,
    "ceiling": None,
    "payer_rate": Decimal(0),
}
SCALES = [
    (
        "Par habitant, plancher de 500 €",
        {
            "description": "Au prorata de la population municipale ; aucune commune ne paie "
            "moins de 500 €.",
            "parts": [("population_municipale", Decimal(1))],
            "floor": Decimal(500),
        },
    ),
    (
        "Par tranches de population",
        {
            "description": "Une part fixe de 300 € par commune, puis le reste selon la tranche "
            "de population : 1 part sous 500 habitants, 2 parts jusqu'à 2 000, 4 parts au-delà.",
            "parts": [("tiers", Decimal(1))],
            "tiers": [(0, 500, Decimal(1)), (500, 2000, Decimal(2)), (2000, None, Decimal(4))],
            "fixed_amount": Decimal(300),
        },
    ),
]


def _service(space, actor, start) -> Service:
    existing = Service.objects.filter(space=space, name=SERVICE_NAME).first()
    if existing is not None:
        return existing
    return catalogue.create_service(
        actor=actor,
        space=space,
        status=ServiceStatus.OPEN,
        name=SERVICE_NAME,
        category=Category.SECURITY,
        description="Un technicien partagé pour le parc informatique des mairies, les "
        "sauvegardes, la messagerie et la sensibilisation à la cybersécurité.",
        conditions="Engagement d'une année civile, reconduit tacitement.",
        yearly_cost=YEARLY_COST,
        cost_model="Selon le barème de contribution retenu par le conseil communautaire.",
        unit_label="postes",
        available_from=start,
    )


def _subscribe(service, actor, start) -> int:
    """Up to MAX_SUBSCRIBERS member communes with population data (a per-inhabitant scale
    needs it), each with a few workstations."""
    already = set(service.subscriptions.values_list("organisation_id", flat=True))
    communes = [
        o
        for o in subscribing_organisations(actor, service.space)
        if o.kind == "commune" and o.population_municipale and o.pk not in already
    ]
    for index, commune in enumerate(communes[: max(0, MAX_SUBSCRIBERS - len(already))]):
        catalogue.subscribe(
            actor=actor,
            service=service,
            organisation=commune,
            start_date=start,
            units=Decimal(2 + index % 5),
        )
    return service.subscriptions.count()


def _scale(space, actor, name, definition) -> Scale:
    existing = Scale.objects.active().filter(space=space, name=name).first()
    if existing is not None:
        return existing
    return services.create_scale(actor=actor, space=space, name=name, **{**BASE, **definition})


def _decision(space):
    """An adopted deliberation of the space, else an adopted closed vote of its sittings."""
    from maillage.meetings.models import Deliberation, Vote

    deliberation = (
        Deliberation.objects.filter(space=space, outcome="adopted").order_by("-decided_on").first()
    )
    if deliberation is not None:
        return {"deliberation": deliberation}
    vote = (
        Vote.objects.filter(item__sitting__body__space=space, status="clos", outcome="adopted")
        .order_by("-pk")
        .first()
    )
    return {"vote": vote} if vote is not None else None


def create_mutualisation_demo(space, actor) -> list[Scenario]:
    """See the module's docstring. All or nothing (one transaction)."""
    if Scenario.objects.filter(space=space).exists():
        return []
    year = timezone.localdate().year
    start = datetime.date(year, 1, 1)
    with transaction.atomic():
        service = _service(space, actor, start)
        if not _subscribe(service, actor, start):
            return []
        created = []
        for name, definition in SCALES:
            scale = _scale(space, actor, name, definition)
            scenario = services.create_scenario(
                actor=actor,
                space=space,
                name=name,
                service=service,
                scale=scale,
                year=year,
                total=YEARLY_COST,
            )
            created.append(services.compute_scenario(actor=actor, scenario=scenario))
        decision = _decision(space)
        if decision is not None:
            chosen = services.choose_scenario(actor=actor, scenario=created[0], **decision)
            statements.generate_statements(actor=actor, scenario=chosen)
            statements.send_statements(actor=actor, scenario=chosen)
    return created
