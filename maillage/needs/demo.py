"""Demo data: a few realistic needs of the member communes, with « nous aussi » and a group.

    from maillage.needs.demo import demo
    demo(space, actor)  # actor: a superuser or an agent/admin of the space

Goes through the services (so the log and the rules apply). Does nothing if the space
already has needs or fewer than two member organisations. Returns the needs created."""

from decimal import Decimal

from . import perms, services

NEEDS = [
    ("Ressources humaines et remplacements", "Remplacer la secrétaire de mairie pendant ses congés",
     "La mairie ferme trois semaines l'été faute de remplaçant. Un **pool de secrétaires "
     "itinérantes** nous suffirait.", "forte", "4800"),
    ("Juridique, assurances et RGPD", "Délégué à la protection des données",
     "Nous n'avons pas de DPO désigné ; le registre des traitements n'est pas tenu.",
     "moyenne", "1500"),
    ("Matériel et équipements", "Balayeuse pour les centres-bourgs",
     "Le balayage est fait à la main deux fois par an.", "faible", None),
    ("Numérique et informatique", "Sauvegarde des postes de la mairie",
     "Une seule sauvegarde, sur un disque dans le bureau du maire.", "forte", "600"),
]  # fmt: skip


def demo(space, actor):
    from .models import Need

    members = perms.acting_organisations(actor, space)
    if Need.objects.filter(space=space).exists() or len(members) < 2:
        return []
    created = []
    for i, (theme, title, description, urgency, cost) in enumerate(NEEDS):
        organisation = members[i % len(members)]
        need = services.express_need(
            actor=actor, space=space, organisation=organisation, theme=theme, title=title,
            description=description, urgency=urgency,
            current_cost=Decimal(cost) if cost else None,
        )  # fmt: skip
        for j, other in enumerate(members[:4]):
            if other.pk != organisation.pk and (i % 2 == 0 or j == 0):
                services.support_need(
                    actor=actor, need=need, organisation=other,
                    current_cost=Decimal(cost) / 2 if cost else None,
                    remark="Même situation chez nous.",
                )  # fmt: skip
        created.append(need)
    services.group_needs(
        actor=actor, space=space, needs=created[:2], title="Personnel partagé entre communes"
    )
    return created
