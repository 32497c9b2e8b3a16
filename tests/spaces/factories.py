import factory

from maillage.spaces.models import Role, Space, SpaceMember, SpaceRole
from tests.territories.factories import EpciFactory


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    slug = factory.Sequence(lambda n: f"espace-{n}")
    name = factory.Sequence(lambda n: f"Espace {n}")
    organisation = factory.SubFactory(EpciFactory)


def add_space_members(space, organisations):
    for organisation in organisations:
        SpaceMember.objects.create(space=space, organisation=organisation)


def give(space, person, role=Role.ADMIN, organisation=None):
    return SpaceRole.objects.create(
        space=space, person=person, role=role, organisation=organisation
    )
