"""Replies to convocations: present, absent, proxies (L2121-20) and suppléants (L5211-6)."""

import datetime

import pytest
from django.db import transaction

from maillage.audit.models import ActionLog
from maillage.meetings.models import Answer, Reply, SeatKind, SittingStatus
from maillage.meetings.services import MeetingError
from maillage.meetings.services import convocations as services
from tests.meetings.factories import (
    AgendaItemFactory,
    BodyFactory,
    SeatFactory,
    SittingFactory,
    council,
    in_days,
)
from tests.people.factories import PersonFactory


@pytest.fixture
def body(world):
    return council(world.space, members=4)


@pytest.fixture
def seats(body):
    return list(body.seats.order_by("id"))


@pytest.fixture
def sitting(body):
    sitting = SittingFactory(body=body, status=SittingStatus.CONVENED, starts_at=in_days(10))
    AgendaItemFactory(sitting=sitting)
    return sitting


def answer(world, sitting, seat, what, holder=None, **kwargs):
    return services.reply(
        actor=world.agent.user,
        sitting=sitting,
        seat=seat,
        answer=what,
        proxy_holder=holder,
        **kwargs,
    )


def test_a_member_answers_present_then_changes_his_mind_on_the_same_reply(world, sitting, seats):
    first = answer(world, sitting, seats[0], Answer.PRESENT)
    second = answer(world, sitting, seats[0], Answer.PROXY, seats[1])
    assert first.pk == second.pk
    assert Reply.objects.get().proxy_holder == seats[1]
    assert ActionLog.objects.filter(action="meetings.reply").count() == 2


def test_a_second_proxy_to_the_same_holder_is_refused(world, sitting, seats):
    answer(world, sitting, seats[0], Answer.PROXY, seats[2])
    with pytest.raises(MeetingError, match="détient déjà un pouvoir.*L2121-20"):
        answer(world, sitting, seats[1], Answer.PROXY, seats[2])
    assert not Reply.objects.filter(seat=seats[1]).exists()


def test_a_second_proxy_given_at_the_same_moment_is_refused_by_the_database(
    world, sitting, seats, monkeypatch
):
    answer(world, sitting, seats[0], Answer.PROXY, seats[2])
    # The other request checked before the first one was saved.
    monkeypatch.setattr(services, "_holder_taken", lambda *args: False)
    with pytest.raises(MeetingError) as error:
        answer(world, sitting, seats[1], Answer.PROXY, seats[2])
    monkeypatch.undo()
    assert "détient déjà un pouvoir" in str(error.value)
    assert Reply.objects.filter(proxy_holder=seats[2]).count() == 1


def test_a_proxy_to_someone_outside_the_body_is_refused(world, sitting, seats):
    elsewhere = SeatFactory(body=BodyFactory(space=world.space, name="Bureau"))
    with pytest.raises(MeetingError, match="même instance"):
        answer(world, sitting, seats[0], Answer.PROXY, elsewhere)


def test_a_proxy_to_a_former_member_is_refused(world, sitting, seats):
    seats[1].end_date = datetime.date(2024, 1, 1)
    seats[1].save()
    with pytest.raises(MeetingError, match="membre en fonctions"):
        answer(world, sitting, seats[0], Answer.PROXY, seats[1])


def test_a_proxy_to_oneself_is_refused(world, sitting, seats):
    with pytest.raises(MeetingError, match="soi-même"):
        answer(world, sitting, seats[0], Answer.PROXY, seats[0])


def test_a_proxy_without_a_holder_is_refused(world, sitting, seats):
    with pytest.raises(MeetingError, match="Choisissez le membre"):
        answer(world, sitting, seats[0], Answer.PROXY)


def test_a_proxy_to_a_member_who_gave_his_own_is_refused(world, sitting, seats):
    answer(world, sitting, seats[1], Answer.PROXY, seats[2])
    with pytest.raises(MeetingError, match="a lui-même donné pouvoir"):
        answer(world, sitting, seats[0], Answer.PROXY, seats[1])


def test_a_member_who_holds_a_proxy_cannot_give_his_own(world, sitting, seats):
    answer(world, sitting, seats[1], Answer.PROXY, seats[0])
    with pytest.raises(MeetingError, match="Vous détenez le pouvoir"):
        answer(world, sitting, seats[0], Answer.PROXY, seats[2])


def test_an_invited_member_has_no_vote_and_does_not_answer(world, sitting, body, seats):
    invited = SeatFactory(body=body, kind=SeatKind.INVITE)
    with pytest.raises(MeetingError, match="Un invité n'a pas de voix"):
        answer(world, sitting, invited, Answer.PRESENT)
    with pytest.raises(MeetingError):
        answer(world, sitting, seats[0], Answer.PROXY, invited)


def test_a_suppleant_does_not_give_a_proxy(world, sitting, body, seats):
    substitute = SeatFactory(body=body, kind=SeatKind.SUPPLEANT, substitute_for=seats[0])
    with pytest.raises(MeetingError, match="Un suppléant ne donne pas de pouvoir"):
        answer(world, sitting, substitute, Answer.PROXY, seats[1])


def test_a_sitting_not_yet_convened_or_already_open_takes_no_reply(world, sitting, seats):
    sitting.status = SittingStatus.DRAFT
    sitting.save()
    with pytest.raises(MeetingError, match="pas encore convoquée"):
        answer(world, sitting, seats[0], Answer.PRESENT)
    sitting.status = SittingStatus.OPEN
    sitting.save()
    with pytest.raises(MeetingError, match="ne se modifie plus"):
        answer(world, sitting, seats[0], Answer.PRESENT)


def _past_sittings_with_proxy(world, body, giver, holder, count, *, start=40):
    """`count` sittings before the fixture's, each with a proxy from giver to holder."""
    made = []
    for n in range(count):
        past = SittingFactory(
            body=body, status=SittingStatus.CONVENED, starts_at=in_days(-start + n * 7)
        )
        AgendaItemFactory(sitting=past)
        answer(world, past, giver, Answer.PROXY, holder)
        made.append(past)
    for past in made:
        past.status = SittingStatus.CLOSED
        past.save()
    return made


def test_a_proxy_used_for_three_consecutive_sittings_is_refused_for_the_fourth(
    world, sitting, body, seats
):
    _past_sittings_with_proxy(world, body, seats[0], seats[1], 3)
    assert services.consecutive_proxy_sittings(sitting, seats[0], seats[1]) == 3
    with pytest.raises(MeetingError, match="trois séances consécutives.*maladie"):
        answer(world, sitting, seats[0], Answer.PROXY, seats[1])
    assert not Reply.objects.filter(sitting=sitting).exists()


def test_a_proxy_for_a_certified_illness_goes_beyond_three_sittings(world, sitting, body, seats):
    _past_sittings_with_proxy(world, body, seats[0], seats[1], 3)
    reply = answer(world, sitting, seats[0], Answer.PROXY, seats[1], certified_illness=True)
    assert reply.certified_illness


def test_a_sitting_without_that_proxy_breaks_the_run(world, sitting, body, seats):
    made = _past_sittings_with_proxy(world, body, seats[0], seats[1], 3)
    # The most recent of them: present, not a proxy.
    Reply.objects.filter(sitting=made[-1]).update(answer=Answer.PRESENT, proxy_holder=None)
    assert services.consecutive_proxy_sittings(sitting, seats[0], seats[1]) == 0
    answer(world, sitting, seats[0], Answer.PROXY, seats[1])


def test_a_cancelled_sitting_does_not_break_nor_extend_the_run(world, sitting, body, seats):
    _past_sittings_with_proxy(world, body, seats[0], seats[1], 2, start=40)
    SittingFactory(body=body, status=SittingStatus.CANCELLED, starts_at=in_days(-5))
    assert services.consecutive_proxy_sittings(sitting, seats[0], seats[1]) == 2
    answer(world, sitting, seats[0], Answer.PROXY, seats[1])


def test_a_proxy_to_another_holder_starts_a_new_run(world, sitting, body, seats):
    _past_sittings_with_proxy(world, body, seats[0], seats[1], 3)
    answer(world, sitting, seats[0], Answer.PROXY, seats[2])


@pytest.fixture
def substitute(body, seats):
    person = PersonFactory(first_name="Sam", last_name="Suppléant", email="sam@mairie.test")
    return SeatFactory(body=body, person=person, kind=SeatKind.SUPPLEANT, substitute_for=seats[0])


def test_a_titulaire_absent_without_proxy_calls_his_suppleant_by_email(
    world, sitting, seats, substitute, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer(world, sitting, seats[0], Answer.ABSENT)
    (message,) = mailoutbox
    assert message.to == ["sam@mairie.test"]
    titulaire = seats[0].person.full_name
    assert f"vous siégerez à la place de {titulaire}" in message.body
    assert message.subject.startswith(f"Vous siégerez à la place de {titulaire}")
    assert services.called_substitutes(sitting, seats[0]) == [substitute]
    assert services.replaced_titulaire(sitting, substitute) == seats[0]
    assert ActionLog.objects.filter(action="meetings.call_substitute").count() == 1


def test_answering_absent_twice_calls_the_suppleant_once_and_coming_back_tells_him(
    world, sitting, seats, substitute, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer(world, sitting, seats[0], Answer.ABSENT)
        answer(world, sitting, seats[0], Answer.ABSENT)
        answer(world, sitting, seats[0], Answer.PRESENT)
    assert len(mailoutbox) == 2
    assert "vous ne siégerez plus à sa place" in mailoutbox[1].body
    assert services.called_substitutes(sitting, seats[0]) == []
    assert services.replaced_titulaire(sitting, substitute) is None


def test_a_titulaire_who_gives_a_proxy_does_not_call_his_suppleant(
    world, sitting, seats, substitute, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer(world, sitting, seats[0], Answer.PROXY, seats[1])
    assert mailoutbox == []
    assert services.called_substitutes(sitting, seats[0]) == []


def test_a_refused_reply_changes_nothing(world, sitting, seats):
    answer(world, sitting, seats[0], Answer.PRESENT)
    with pytest.raises(MeetingError), transaction.atomic():
        answer(world, sitting, seats[0], Answer.PROXY, seats[0])
    assert Reply.objects.get().answer == Answer.PRESENT
