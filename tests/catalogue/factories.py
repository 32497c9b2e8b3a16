"""Services and subscriptions for tests, made through the services."""

import datetime

from maillage.catalogue import services
from maillage.catalogue.models import Category, ServiceStatus

START = datetime.date(2026, 1, 1)


def make_service(space, person, *, name="Délégué à la protection des données mutualisé",
                 status=ServiceStatus.OPEN, available_from=START, yearly_cost="12000.00",
                 unit_label="heures", needs=()):  # fmt: skip
    return services.create_service(
        actor=getattr(person, "user", person),
        space=space,
        status=status,
        name=name,
        category=Category.GDPR,
        description="Un DPO partagé entre les communes.",
        conditions="Engagement d'un an.",
        yearly_cost=yearly_cost,
        cost_model="Au prorata des heures.",
        unit_label=unit_label,
        available_from=available_from,
        needs=needs,
    )


def subscribe(service, person, organisation, *, start=START, units=1):
    return services.subscribe(
        actor=getattr(person, "user", person),
        service=service,
        organisation=organisation,
        start_date=start,
        units=units,
    )
