"""The day of a sitting, service by service: opening, attendance, withdrawals, a failed quorum
and its second sitting, closing. Every refusal says why and changes nothing."""

import datetime

import pytest
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.meetings.models import (
    AgendaItem,
    Answer,
    Attendance,
    Deliberation,
    ItemKind,
    Presence,
    Reply,
    SeatKind,
    Sitting,
    SittingMode,
    SittingStatus,
    Vote,
    Withdrawal,
)
from maillage.meetings.services import MeetingError, votes
from maillage.meetings.services import session as services
from tests.meetings.factories import (
    AgendaItemFactory,
    SeatFactory,
    SittingFactory,
    council,
    in_days,
)
from tests.people.factories import UserFactory
from tests.spaces.factories import SpaceFactory


class Day:
    """A council of `members` titulaires with a sitting convened today and `items` items."""

    def __init__(self, members=10, items=3, status=SittingStatus.CONVENED, **sitting):
        self.actor = UserFactory()
        self.space = SpaceFactory()
        self.body = council(self.space, members=members)
        self.seats = list(self.body.seats.order_by("pk"))
        self.sitting = SittingFactory(
            body=self.body, status=status, starts_at=in_days(0, 18), **sitting
        )
        self.items = [
            AgendaItemFactory(sitting=self.sitting, position=i) for i in range(1, items + 1)
        ]

    def open(self, present=None):
        """Open the sitting with the first `present` members present (all by default)."""
        services.open_sitting(actor=self.actor, sitting=self.sitting)
        self.sitting.refresh_from_db()
        present = len(self.seats) if present is None else present
        for seat in self.seats[:present]:
            self.mark(seat, Presence.PRESENT)
        return self

    def mark(self, seat, status, **kwargs):
        return services.record_attendance(
            actor=self.actor, sitting=self.sitting, seat=seat, status=status, **kwargs
        )

    def suppleant(self, titulaire):
        return SeatFactory(body=self.body, kind=SeatKind.SUPPLEANT, substitute_for=titulaire)

    def figures(self, item=None):
        return services.load_day(self.sitting).count(item)


def refused(message_part, call, *args, **kwargs):
    with pytest.raises(MeetingError) as error:
        call(*args, **kwargs)
    assert message_part in str(error.value)
    return error.value


# --- Opening ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_prefills_the_attendance_grid_from_the_replies():
    day = Day(members=6)
    present, proxy, holder, absent_with_substitute, absent, silent = day.seats
    substitute = day.suppleant(absent_with_substitute)
    Reply.objects.create(sitting=day.sitting, seat=present, answer=Answer.PRESENT)
    Reply.objects.create(sitting=day.sitting, seat=holder, answer=Answer.PRESENT)
    Reply.objects.create(sitting=day.sitting, seat=proxy, answer=Answer.PROXY, proxy_holder=holder)
    Reply.objects.create(sitting=day.sitting, seat=absent_with_substitute, answer=Answer.ABSENT)
    Reply.objects.create(sitting=day.sitting, seat=absent, answer=Answer.ABSENT)

    services.open_sitting(actor=day.actor, sitting=day.sitting)

    grid = {row.seat: row for row in Attendance.objects.filter(sitting=day.sitting)}
    assert grid[present].status == Presence.PRESENT
    assert (grid[proxy].status, grid[proxy].proxy_holder) == (Presence.REPRESENTED, holder)
    assert grid[absent_with_substitute].status == Presence.REPLACED
    assert grid[absent_with_substitute].replaced_by == substitute
    assert grid[absent].status == Presence.EXCUSED
    assert grid[silent].status == Presence.ABSENT
    day.sitting.refresh_from_db()
    assert day.sitting.status == SittingStatus.OPEN
    assert day.sitting.opened_at is not None
    # 3 present of 6 (the suppléant counts, the proxy does not): quorum 4 not reached.
    assert day.sitting.quorum_at_opening is False
    assert ActionLog.objects.filter(action="meetings.open_sitting").count() == 1


@pytest.mark.django_db
def test_a_sitting_cannot_be_opened_before_its_day():
    day = Day()
    day.sitting.starts_at = in_days(3)
    day.sitting.save()
    error = refused(
        "ne peut pas être ouverte avant",
        services.open_sitting,
        actor=day.actor,
        sitting=day.sitting,
    )
    assert str(in_days(3).day) in str(error)
    day.sitting.refresh_from_db()
    assert day.sitting.status == SittingStatus.CONVENED


@pytest.mark.django_db
def test_a_sitting_cannot_be_opened_after_its_day():
    day = Day()
    day.sitting.starts_at = in_days(-1)
    day.sitting.save()
    refused("ne s'ouvre que le jour", services.open_sitting, actor=day.actor, sitting=day.sitting)


@pytest.mark.django_db
def test_a_sitting_may_be_opened_later_the_same_day():
    day = Day()
    day.sitting.starts_at = timezone.now() - datetime.timedelta(minutes=1)
    day.sitting.save()
    if timezone.localdate(day.sitting.starts_at) != timezone.localdate():
        pytest.skip("Just after midnight.")
    services.open_sitting(actor=day.actor, sitting=day.sitting)
    day.sitting.refresh_from_db()
    assert day.sitting.status == SittingStatus.OPEN


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status, message",
    [
        (SittingStatus.DRAFT, "n'a pas été convoquée"),
        (SittingStatus.OPEN, "déjà ouverte"),
        (SittingStatus.CLOSED, "close"),
        (SittingStatus.CANCELLED, "annulée"),
    ],
)
def test_only_a_convened_sitting_can_be_opened(status, message):
    day = Day(status=status)
    refused(message, services.open_sitting, actor=day.actor, sitting=day.sitting)
    assert not Attendance.objects.exists()


# --- Attendance ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretary_records_a_suppleant_sitting_for_the_titulaire():
    day = Day(members=4).open(present=2)
    titulaire = day.seats[2]
    substitute = day.suppleant(titulaire)
    day.mark(titulaire, Presence.REPLACED, replaced_by=substitute)
    assert day.figures().present == 3
    day.sitting.refresh_from_db()
    assert day.sitting.quorum_at_opening is True


@pytest.mark.django_db
def test_only_the_titulaires_own_suppleant_may_replace_them():
    day = Day(members=4).open(present=2)
    other = day.suppleant(day.seats[3])
    refused("n'est pas suppléant", day.mark, day.seats[2], Presence.REPLACED, replaced_by=other)
    refused("Choisissez le suppléant", day.mark, day.seats[2], Presence.REPLACED)
    assert Attendance.objects.get(seat=day.seats[2]).status == Presence.ABSENT


@pytest.mark.django_db
def test_remote_presence_is_refused_in_a_sitting_held_in_one_place():
    day = Day(members=3).open(present=0)
    refused("plusieurs lieux", day.mark, day.seats[0], Presence.REMOTE)


@pytest.mark.django_db
def test_remote_presence_counts_in_a_multi_site_sitting():
    day = Day(
        members=3, mode=SittingMode.MULTI_SITE, video_url="https://visio.example.test/conseil"
    ).open(present=0)
    day.mark(day.seats[0], Presence.REMOTE)
    day.mark(day.seats[1], Presence.PRESENT)
    assert day.figures().reached is True


@pytest.mark.django_db
def test_a_proxy_needs_a_holder_of_the_body_who_exercises_no_other():
    day = Day(members=5).open(present=2)
    holder = day.seats[0]
    refused("Choisissez le membre", day.mark, day.seats[3], Presence.REPRESENTED)
    refused(
        "propre pouvoir", day.mark, day.seats[3], Presence.REPRESENTED, proxy_holder=day.seats[3]
    )
    stranger = SeatFactory()  # a seat of another body
    refused("même instance", day.mark, day.seats[3], Presence.REPRESENTED, proxy_holder=stranger)
    day.mark(day.seats[3], Presence.REPRESENTED, proxy_holder=holder)
    error = refused(
        "n'exerce qu'un seul pouvoir",
        day.mark,
        day.seats[4],
        Presence.REPRESENTED,
        proxy_holder=holder,
    )
    assert str(holder.person) in str(error)
    assert Attendance.objects.get(seat=day.seats[4]).status == Presence.ABSENT
    # The same proxy may be recorded again (a correction).
    day.mark(day.seats[3], Presence.REPRESENTED, proxy_holder=holder)


@pytest.mark.django_db
def test_a_suppleant_has_no_attendance_row_of_their_own():
    day = Day(members=2).open()
    substitute = day.suppleant(day.seats[0])
    refused("titulaires", day.mark, substitute, Presence.PRESENT)


@pytest.mark.django_db
def test_late_arrivals_and_early_departures_name_items_of_the_agenda():
    day = Day(members=3, items=3).open(present=2)
    refused("pas de point n° 9", day.mark, day.seats[2], Presence.PRESENT, arrived_at_item=9)
    refused(
        "antérieur", day.mark, day.seats[2], Presence.PRESENT, arrived_at_item=3, left_after_item=2
    )
    day.mark(day.seats[2], Presence.PRESENT, arrived_at_item=2)
    assert day.figures(day.items[0]).present == 2
    assert day.figures(day.items[1]).present == 3


@pytest.mark.django_db
def test_attendance_is_recorded_only_while_the_sitting_is_open():
    day = Day(members=2)
    refused("pas encore ouverte", day.mark, day.seats[0], Presence.PRESENT)


@pytest.mark.django_db
def test_attendance_changes_are_logged():
    Day(members=2).open()
    assert ActionLog.objects.filter(action="meetings.record_attendance").count() == 2


# --- Withdrawals -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_who_withdraws_is_not_counted_for_that_item():
    day = Day(members=4, items=2).open(present=3)
    services.record_withdrawal(
        actor=day.actor, item=day.items[0], seat=day.seats[0], reason="Intérêt personnel"
    )
    assert day.figures(day.items[0]).reached is False
    assert day.figures(day.items[1]).reached is True
    refused(
        "déjà retiré",
        services.record_withdrawal,
        actor=day.actor,
        item=day.items[0],
        seat=day.seats[0],
    )
    assert Withdrawal.objects.count() == 1


@pytest.mark.django_db
def test_a_withdrawal_is_recorded_before_the_vote():
    day = Day(members=3, items=1).open()
    votes.open_vote(actor=day.actor, item=day.items[0])
    refused(
        "avant le vote",
        services.record_withdrawal,
        actor=day.actor,
        item=day.items[0],
        seat=day.seats[0],
    )


@pytest.mark.django_db
def test_only_a_member_of_the_body_may_withdraw():
    day = Day(members=3, items=1).open()
    refused(
        "membre de l'instance",
        services.record_withdrawal,
        actor=day.actor,
        item=day.items[0],
        seat=SeatFactory(),
    )


# --- Failed quorum ---------------------------------------------------------------------------


def later(days):
    return in_days(days, 18)


@pytest.mark.django_db
def test_a_failed_quorum_closes_the_sitting_and_prepares_a_second_one_on_the_same_agenda():
    day = Day(members=10, items=2).open(present=4)
    second = services.record_quorum_failure(
        actor=day.actor, sitting=day.sitting, starts_at=later(6), place="Salle des fêtes"
    )
    day.sitting.refresh_from_db()
    assert day.sitting.status == SittingStatus.CLOSED
    assert day.sitting.quorum_at_opening is False
    assert second.status == SittingStatus.DRAFT
    assert second.quorum_failed_for == day.sitting
    assert second.is_second_convocation
    assert second.clear_days == 5
    assert [i.title for i in second.items.all()] == [i.title for i in day.items]
    assert ActionLog.objects.filter(action="meetings.quorum_failure").exists()


@pytest.mark.django_db
def test_the_second_sitting_leaves_five_clear_days():
    day = Day(members=10).open(present=4)
    error = refused(
        "5 jours francs",
        services.record_quorum_failure,
        actor=day.actor,
        sitting=day.sitting,
        starts_at=later(5),
        place="Salle",
    )
    assert str(later(6).day) in str(error)
    assert not Sitting.objects.filter(quorum_failed_for=day.sitting).exists()
    day.sitting.refresh_from_db()
    assert day.sitting.status == SittingStatus.OPEN


@pytest.mark.django_db
def test_no_failed_quorum_when_the_quorum_is_reached():
    day = Day(members=10).open(present=6)
    refused(
        "quorum est atteint",
        services.record_quorum_failure,
        actor=day.actor,
        sitting=day.sitting,
        starts_at=later(6),
        place="Salle",
    )


@pytest.mark.django_db
def test_a_second_sitting_needs_a_place():
    day = Day(members=10).open(present=2)
    refused(
        "lieu",
        services.record_quorum_failure,
        actor=day.actor,
        sitting=day.sitting,
        starts_at=later(6),
        place="  ",
    )


@pytest.mark.django_db
def test_no_item_can_be_added_to_a_second_sitting_and_it_votes_without_quorum():
    day = Day(members=10, items=1).open(present=2)
    second = services.record_quorum_failure(
        actor=day.actor, sitting=day.sitting, starts_at=later(6), place="Salle"
    )
    refused("même ordre du jour", services.check_agenda_editable, second)
    services.check_agenda_editable(day.sitting)  # an ordinary sitting: nothing to say

    second.status = SittingStatus.CONVENED
    second.starts_at = in_days(0, 18)
    second.save()
    again = Day.__new__(Day)
    again.actor, again.sitting, again.seats = day.actor, second, day.seats
    again.items = list(second.items.all())
    again.open(present=1)
    vote = votes.open_vote(actor=day.actor, item=again.items[0])
    assert vote.present == 1
    refused(
        "déjà une seconde convocation",
        services.record_quorum_failure,
        actor=day.actor,
        sitting=second,
        starts_at=later(8),
        place="Salle",
    )


# --- Closing ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_sitting_is_closed_once_no_vote_is_open():
    day = Day(members=3, items=1).open()
    vote = votes.open_vote(actor=day.actor, item=day.items[0])
    refused("encore ouvert", services.close_sitting, actor=day.actor, sitting=day.sitting)
    votes.record_counts(actor=day.actor, vote=vote, votes_for=3)
    votes.close_vote(actor=day.actor, vote=vote)
    services.close_sitting(actor=day.actor, sitting=day.sitting)
    day.sitting.refresh_from_db()
    assert day.sitting.status == SittingStatus.CLOSED
    assert day.sitting.closed_at is not None
    refused("close", services.close_sitting, actor=day.actor, sitting=day.sitting)


@pytest.mark.django_db
def test_closing_the_sitting_numbers_its_deliberations():
    day = Day(members=3, items=2).open()
    vote = votes.open_vote(actor=day.actor, item=day.items[0])
    votes.record_counts(actor=day.actor, vote=vote, votes_for=2, votes_against=1)
    votes.close_vote(actor=day.actor, vote=vote)
    services.close_sitting(actor=day.actor, sitting=day.sitting)
    deliberation = Deliberation.objects.get()
    assert deliberation.item == day.items[0]
    assert (deliberation.present, deliberation.votes_for) == (3, 2)


@pytest.mark.django_db
def test_an_information_item_is_not_voted():
    day = Day(members=3, items=0).open()
    item = AgendaItem.objects.create(
        sitting=day.sitting, position=1, title="Rapport d'activité", kind=ItemKind.INFORMATION
    )
    refused("information", votes.open_vote, actor=day.actor, item=item)
    assert not Vote.objects.exists()
