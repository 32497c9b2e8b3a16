"""Threads, replies and mayors for the discussions tests."""

import factory
from django.utils import timezone

from maillage.discussions.models import Reply, Theme, Thread
from maillage.people.models import Function
from tests.people.factories import MandateFactory, person_with_account
from tests.spaces.factories import add_space_members
from tests.territories.factories import CommuneFactory

DEFAULT_THEMES = [("Besoins et solutions", 1), ("Questions", 2), ("Bonnes pratiques", 3)]


def default_themes():
    """The themes of migration 0002 (a transactional test may have flushed them)."""
    for name, position in DEFAULT_THEMES:
        Theme.objects.get_or_create(space=None, name=name, defaults={"position": position})
    return Theme.objects.get(space=None, name="Besoins et solutions")


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    theme = factory.LazyFunction(default_themes)
    title = factory.Sequence(lambda n: f"Échange n° {n}")
    body = "Nous cherchons une solution pour le déneigement des petites routes."
    last_activity_at = factory.LazyFunction(timezone.now)


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    thread = factory.SubFactory(ThreadFactory)
    body = "Nous avons mutualisé une saleuse avec la commune voisine."


def mayor(space, *, first_name="Marc", last_name=None, commune=None):
    """A person with an account, mayor of a (new) member commune of the space."""
    if commune is None:
        commune = CommuneFactory()
        add_space_members(space, [commune])
    person = person_with_account(
        first_name=first_name, **({"last_name": last_name} if last_name else {})
    )
    MandateFactory(person=person, organisation=commune, function=Function.MAIRE)
    return person
