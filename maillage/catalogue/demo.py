"""Demo data: a few shared services of the catalogue with subscriptions.

    from maillage.catalogue.demo import demo
    demo(space, actor)  # actor: a superuser or an agent/admin of the space

Call it after `maillage.needs.demo.demo` to link the services to the needs they answer.
Goes through the services. Does nothing if the catalogue already has services. Returns the
services created."""

import datetime
from decimal import Decimal

from django.utils import timezone

from maillage.needs.models import Need

from . import perms, services
from .models import Category, ServiceStatus

SERVICES = [
    ("Secrétaires de mairie itinérantes", Category.SHARED_STAFF, "heures", "96000",
     "Au prorata des heures de remplacement.", "secrétaire"),
    ("Délégué à la protection des données mutualisé", Category.GDPR, "communes", "18000",
     "Part fixe par commune, part variable par habitant.", "protection des données"),
    ("Prêt de la balayeuse", Category.EQUIPMENT, "jours", "8000",
     "Au nombre de jours de prêt.", "balayeuse"),
]  # fmt: skip


def demo(space, actor):
    from .models import Service

    if Service.objects.filter(space=space).exists():
        return []
    start = datetime.date(timezone.localdate().year, 1, 1)
    members = perms.subscribing_organisations(actor, space)
    created = []
    for name, category, unit, cost, model, keyword in SERVICES:
        needs = Need.objects.filter(space=space, title__icontains=keyword)
        service = services.create_service(
            actor=actor, space=space, status=ServiceStatus.OPEN, needs=needs, name=name,
            category=category, description=f"{name} pour les communes membres.",
            conditions="Engagement d'une année civile, reconduit tacitement.",
            yearly_cost=Decimal(cost), cost_model=model, unit_label=unit, available_from=start,
        )  # fmt: skip
        created.append(service)
    epcis = perms.paying_epcis(actor, space)
    if epcis and services.epci_communes(epcis[0]).exists():
        services.subscribe_epci(
            actor=actor, service=created[1], epci=epcis[0], start_date=start, units_per_commune=1
        )
    for i, organisation in enumerate(members[:6]):
        subscription = services.subscribe(
            actor=actor, service=created[0], organisation=organisation, start_date=start,
            units=Decimal(20 + 10 * i),
        )  # fmt: skip
        if i == 0:
            services.change_units(
                actor=actor, subscription=subscription, units=Decimal(40),
                from_date=start + datetime.timedelta(days=181),
            )  # fmt: skip
    return created
