import datetime

import factory

from maillage.projects.models import Milestone, Project, ProjectStatus


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Projet {n}")
    status = ProjectStatus.IN_PROGRESS
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2027, 12, 31)


def milestones(project, *, total: int, done: int):
    Milestone.objects.bulk_create(
        Milestone(
            project=project,
            title=f"Jalon {i}",
            due_date=datetime.date(2026, 6, 1),
            done_on=datetime.date(2026, 5, 1) if i < done else None,
        )
        for i in range(total)
    )


def make_project(world, **kwargs):
    """A project of the world's space created through the service by its agent, concerning
    the two member communes, with the mayor of Bonneville associated."""
    from maillage.projects import services

    values = {
        "title": "Voie verte intercommunale",
        "description": "Relier les **deux** communes.",
        "status": ProjectStatus.IN_PROGRESS,
        "start_date": datetime.date(2026, 1, 1),
        "end_date": datetime.date(2027, 12, 31),
        "communes": list(world.space.members.current().values_list("organisation", flat=True)),
        "participants": [world.elu],
        **kwargs,
    }
    from maillage.territories.models import Organisation

    values["communes"] = list(Organisation.objects.filter(pk__in=values["communes"]))
    return services.create_project(actor=world.agent.user, space=world.space, **values)
