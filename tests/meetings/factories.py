import datetime

import factory
from django.utils import timezone

from maillage.meetings.models import (
    AgendaItem,
    Body,
    BodyKind,
    ItemKind,
    Seat,
    SeatKind,
    Sitting,
    SittingStatus,
)
from tests.people.factories import PersonFactory
from tests.spaces.factories import SpaceFactory


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    space = factory.SubFactory(SpaceFactory)
    kind = BodyKind.CONSEIL_COMMUNAUTAIRE
    name = factory.Sequence(lambda n: f"Conseil communautaire {n}")


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)
    kind = SeatKind.TITULAIRE
    start_date = datetime.date(2020, 7, 15)


def in_days(days: int, hour: int = 18) -> datetime.datetime:
    """An aware datetime `days` from today at `hour` o'clock, Paris time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class SittingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sitting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(lambda: in_days(14))
    place = "Salle du conseil, 1 place de la Mairie"
    clear_days = 5
    status = SittingStatus.DRAFT


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    sitting = factory.SubFactory(SittingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Objet n° {n + 1}")
    kind = ItemKind.DELIBERATION
    draft_text = "Le conseil communautaire, après en avoir délibéré, approuve le projet."


def council(space, *, members: int = 0, people=(), chair=None) -> Body:
    """A council of the space with `people` (and `members` more fictitious people) seated as
    titulaires; `chair` (a person among them) presides."""
    body = BodyFactory(space=space, kind=BodyKind.CONSEIL_COMMUNAUTAIRE, name="Conseil")
    for person in people:
        SeatFactory(body=body, person=person, is_chair=person == chair)
    for _ in range(members):
        SeatFactory(body=body)
    return body


def meeting_world(world):
    """For the permission matrix: the world's élu sits in the space's council, which has a
    convened sitting with one item. Built once per test."""
    if getattr(world, "_meetings", None) is None:
        body = council(world.space, members=2, people=[world.elu], chair=world.elu)
        sitting = SittingFactory(body=body, status=SittingStatus.CONVENED)
        item = AgendaItemFactory(sitting=sitting, position=1)
        world._meetings = {"body": body, "sitting": sitting, "item": item}
    return world._meetings


def at(year: int, month: int, day: int, hour: int = 18) -> datetime.datetime:
    """An aware datetime, Paris time."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def closed_sitting(body, starts_at, **kwargs) -> Sitting:
    """A sitting of `body` held at `starts_at` and closed (acts area)."""
    return SittingFactory(
        body=body,
        starts_at=starts_at,
        status=SittingStatus.CLOSED,
        opened_at=starts_at,
        closed_at=starts_at + datetime.timedelta(hours=2),
        quorum_at_opening=True,
        **kwargs,
    )


def closed_vote(item, **counts):
    """A closed vote round on `item` with the given snapshot counts (acts area); by default an
    ordinary vote of 3 members, all present, adopted unanimously."""
    from maillage.meetings.models import BallotMode, Outcome, Vote

    values = {
        "mode": BallotMode.ORDINARY,
        "members_in_office": 3,
        "present": 3,
        "represented": 0,
        "votes_for": 3,
        "votes_against": 0,
        "abstentions": 0,
        "outcome": Outcome.ADOPTED,
        "status": Vote.Status.CLOSED,
        "closed_at": timezone.now(),
        **counts,
    }
    return Vote.objects.create(item=item, **values)
