"""Needs for tests, made through the services (so that they obey the rules)."""

from maillage.needs import services
from maillage.needs.models import Urgency


def make_need(space, person, organisation, *, title="Secrétariat de mairie mutualisé",
              theme="Ressources humaines et remplacements", cost=None, urgency=Urgency.MEDIUM,
              thread=None):  # fmt: skip
    user = getattr(person, "user", person)
    return services.express_need(
        actor=user,
        space=space,
        organisation=organisation,
        theme=theme,
        title=title,
        description="Nous n'avons personne pour remplacer la secrétaire en congé.",
        urgency=urgency,
        current_cost=cost,
        thread=thread,
    )


def other_commune(world):
    """The second member commune of the world (Marignier)."""
    return world.space.members.exclude(organisation=world.commune).get().organisation
