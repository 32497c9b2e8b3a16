"""Services of polls: opening, one stance per person, closing, outcome, date poll → sitting."""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.meetings.models import SittingStatus
from maillage.notifications.models import Kind, Notification
from maillage.polls import services
from maillage.polls.models import Audience, Option, Poll, PollKind, PollStatus, Stance
from maillage.polls.rules import ABSTAIN, AGREE, BLOCK, DISAGREE, IF_NEEDED, NO, YES
from maillage.polls.services import PollError
from tests.meetings.factories import council, in_days
from tests.people.factories import person_with_account

from .factories import expire, make_poll, option_ids

pytestmark = pytest.mark.django_db


def answer(person, poll, **kwargs):
    return services.submit_stance(actor=person.user, poll=poll, **kwargs)


# --- Opening ------------------------------------------------------------------------------------


def test_opening_a_poll_notifies_its_audience_but_not_its_author(world):
    poll = make_poll(world.space, world.agent)
    notified = set(Notification.objects.filter(kind=Kind.POLL).values_list("person", flat=True))
    assert notified == {world.elu.pk, world.referent.pk, world.admin.pk}
    assert ActionLog.objects.filter(action="polls.create", object_id=str(poll.pk)).exists()


def test_a_body_poll_notifies_the_current_seats_only(world):
    body = council(world.space, people=[world.elu])
    make_poll(world.space, world.agent, audience=Audience.BODY, body=body)
    notified = set(Notification.objects.filter(kind=Kind.POLL).values_list("person", flat=True))
    assert notified == {world.elu.pk}


def test_a_list_poll_asks_the_chosen_people(world):
    poll = make_poll(world.space, world.agent, audience=Audience.LIST, invitees=[world.referent])
    assert list(services.audience_people(poll)) == [world.referent]


@pytest.mark.parametrize(
    "kind, changes, message",
    [
        (PollKind.CONSENT, {"title": "  "}, "question"),
        (PollKind.CONSENT, {"closes_at": timezone.now()}, "futur"),
        (PollKind.RANKED, {"options": ["Seule"]}, "au moins 2 options"),
        (PollKind.RANKED, {"options": ["A", "a"]}, "même texte"),
        (PollKind.DOTS, {"dot_budget": None}, "nombre de points"),
        (PollKind.DOTS, {"dot_budget": 101}, "nombre de points"),
        (PollKind.DATE, {"dates": []}, "au moins une date"),
        (
            PollKind.DATE,
            {"dates": [timezone.now() + datetime.timedelta(days=1)]},
            "après la clôture",
        ),
        (PollKind.CONSENT, {"audience": Audience.BODY}, "instance"),
        (PollKind.CONSENT, {"audience": Audience.LIST}, "au moins une personne"),
    ],
)
def test_a_poll_that_cannot_be_answered_is_refused(world, kind, changes, message):
    with pytest.raises(PollError, match=message):
        make_poll(world.space, world.agent, kind, **changes)
    assert not Poll.objects.exists()


def test_a_list_with_someone_outside_the_space_is_refused(world):
    with pytest.raises(PollError, match="Otto Ailleurs"):
        make_poll(world.space, world.agent, audience=Audience.LIST, invitees=[world.outsider])


def test_date_options_are_labelled_in_french_in_order(world):
    poll = make_poll(world.space, world.agent, PollKind.DATE)
    labels = list(poll.options.order_by("position").values_list("label", flat=True))
    assert labels[0].endswith("à 18 h 00") and labels[1].endswith("à 09 h 00")


# --- One stance per person ----------------------------------------------------------------------


def test_a_second_stance_replaces_the_first(world):
    poll = make_poll(world.space, world.agent)
    _, updated = answer(world.elu, poll, consent=AGREE)
    assert not updated
    _, updated = answer(world.elu, poll, consent=BLOCK, reason="Contraire au pacte")
    assert updated
    stance = Stance.objects.get(poll=poll)
    assert (stance.consent, stance.reason) == (BLOCK, "Contraire au pacte")
    assert ActionLog.objects.filter(action="polls.change_stance").count() == 1


def test_a_second_ranked_stance_replaces_the_values(world):
    poll = make_poll(world.space, world.agent, PollKind.RANKED)
    a, b, c = option_ids(poll)
    answer(world.elu, poll, values={a: 1, b: 2, c: 3})
    answer(world.elu, poll, values={a: None, b: 1, c: None})
    stance = Stance.objects.get(poll=poll)
    assert [(v.option_id, v.value) for v in stance.values.all()] == [(b, 1)]


def test_the_database_holds_one_stance_per_person_and_poll(world):
    poll = make_poll(world.space, world.agent)
    Stance.objects.create(poll=poll, person=world.elu, consent=AGREE)
    with pytest.raises(IntegrityError):
        Stance.objects.create(poll=poll, person=world.elu, consent=ABSTAIN)


def test_two_simultaneous_submissions_never_make_two_rows(world, monkeypatch):
    """The other request inserts its row after our look-up and before our insert: the
    constraint refuses ours, which becomes an update of that row."""
    poll = make_poll(world.space, world.agent)
    Stance.objects.create(poll=poll, person=world.elu, consent=AGREE)  # the other request
    real_filter = Stance.objects.filter
    looked_up = []

    def filter_not_yet_seeing_it(*args, **kwargs):
        queryset = real_filter(*args, **kwargs)
        if not looked_up:
            looked_up.append(True)
            return queryset.none()
        return queryset

    monkeypatch.setattr(Stance.objects, "filter", filter_not_yet_seeing_it)
    _, updated = answer(world.elu, poll, consent=ABSTAIN)
    assert updated
    assert Stance.objects.filter(poll=poll).count() == 1
    assert Stance.objects.get(poll=poll).consent == ABSTAIN


def test_disagreeing_without_a_reason_is_refused(world):
    poll = make_poll(world.space, world.agent)
    with pytest.raises(PollError, match="raison"):
        answer(world.elu, poll, consent=DISAGREE, reason="")
    assert not Stance.objects.exists()


def test_someone_outside_the_audience_is_refused(world):
    body = council(world.space, people=[world.elu])
    poll = make_poll(world.space, world.agent, audience=Audience.BODY, body=body)
    with pytest.raises(PollError, match="ne s'adresse pas à vous"):
        answer(world.referent, poll, consent=AGREE)
    with pytest.raises(PollError, match="ne s'adresse pas à vous"):
        answer(world.outsider, poll, consent=AGREE)


def test_a_stance_after_the_closing_date_is_refused_even_before_anyone_closes_it(world):
    poll = expire(make_poll(world.space, world.agent))
    with pytest.raises(PollError, match="clos"):
        answer(world.elu, poll, consent=AGREE)


def test_a_stance_on_a_closed_poll_is_refused(world):
    poll = make_poll(world.space, world.agent)
    answer(world.elu, poll, consent=AGREE)
    services.close_poll(actor=world.agent.user, poll=poll)
    with pytest.raises(PollError, match="clos"):
        answer(world.elu, poll, consent=ABSTAIN)
    assert Stance.objects.get().consent == AGREE


def test_spending_more_points_than_the_budget_is_refused(world):
    poll = make_poll(world.space, world.agent, PollKind.DOTS, dot_budget=5)
    a, b, _ = option_ids(poll)
    with pytest.raises(PollError, match="6 points : vous en avez 5 au plus"):
        answer(world.elu, poll, values={a: 3, b: 3})
    answer(world.elu, poll, values={a: 3, b: 2})
    assert sorted(Stance.objects.get().values.values_list("value", flat=True)) == [2, 3]


def test_a_ranked_ballot_with_a_missing_rank_is_refused(world):
    poll = make_poll(world.space, world.agent, PollKind.RANKED)
    a, b, c = option_ids(poll)
    with pytest.raises(PollError, match="rang 2 manque"):
        answer(world.elu, poll, values={a: 1, b: 3, c: None})


def test_a_date_answer_must_cover_every_date(world):
    poll = make_poll(world.space, world.agent, PollKind.DATE)
    a, b, _ = option_ids(poll)
    with pytest.raises(PollError, match="chaque date"):
        answer(world.elu, poll, values={a: YES, b: NO})


def test_an_option_of_another_poll_is_refused(world):
    poll = make_poll(world.space, world.agent, PollKind.SCORE)
    other = make_poll(world.space, world.agent, PollKind.SCORE)
    with pytest.raises(PollError, match="pas dans le sondage"):
        answer(world.elu, poll, values={option_ids(other)[0]: 3})


# --- Closing ------------------------------------------------------------------------------------


def test_the_author_closes_early_and_the_audience_is_told(world):
    poll = make_poll(world.space, world.agent)
    Notification.objects.all().delete()
    services.close_poll(actor=world.agent.user, poll=poll)
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and poll.closed_at is not None
    titles = set(Notification.objects.values_list("title", flat=True))
    assert titles == {f"Sondage clos : {poll.title}"}
    assert Notification.objects.count() == 4  # the author is of the audience too
    with pytest.raises(PollError, match="déjà clos"):
        services.close_poll(actor=world.agent.user, poll=poll)


def test_close_polls_closes_those_past_their_date_only(world):
    due = expire(make_poll(world.space, world.agent))
    running = make_poll(world.space, world.agent)
    call_command("close_polls")
    due.refresh_from_db()
    running.refresh_from_db()
    assert due.status == PollStatus.CLOSED
    assert due.closed_at == due.closes_at  # closed at its date, not at the command's run
    assert running.status == PollStatus.OPEN
    log = ActionLog.objects.get(action="polls.close")
    assert log.actor is None and log.data == {"automatic": True}


def test_closing_a_date_poll_chooses_the_best_date(world):
    poll = make_poll(world.space, world.agent, PollKind.DATE)
    a, b, c = option_ids(poll)
    answer(world.elu, poll, values={a: NO, b: YES, c: IF_NEEDED})
    answer(world.referent, poll, values={a: YES, b: YES, c: YES})
    services.close_poll(actor=world.agent.user, poll=poll)
    poll.refresh_from_db()
    assert poll.chosen_option_id == b


# --- Outcome ------------------------------------------------------------------------------------


def test_the_outcome_is_written_once_closed_and_the_audience_is_told_once(world):
    poll = make_poll(world.space, world.agent)
    with pytest.raises(PollError, match="une fois le sondage clos"):
        services.write_outcome(actor=world.agent.user, poll=poll, text="Adopté")
    services.close_poll(actor=world.agent.user, poll=poll)
    Notification.objects.all().delete()
    services.write_outcome(actor=world.agent.user, poll=poll, text="**Adopté**")
    services.write_outcome(actor=world.agent.user, poll=poll, text="**Adopté** à l'unanimité")
    poll.refresh_from_db()
    assert poll.outcome == "**Adopté** à l'unanimité"
    assert Notification.objects.count() == 3  # once, the author left out


def test_an_empty_outcome_is_refused(world):
    poll = make_poll(world.space, world.agent)
    services.close_poll(actor=world.agent.user, poll=poll)
    with pytest.raises(PollError, match="Écrivez la conclusion"):
        services.write_outcome(actor=world.agent.user, poll=poll, text="  ")


def test_the_author_may_choose_another_date_than_the_best(world):
    poll = make_poll(world.space, world.agent, PollKind.DATE)
    services.close_poll(actor=world.agent.user, poll=poll)
    third = poll.options.order_by("position").last()
    services.write_outcome(actor=world.agent.user, poll=poll, text="Le 3e", chosen_option=third)
    poll.refresh_from_db()
    assert poll.chosen_option == third


# --- Date poll → sitting ------------------------------------------------------------------------


def closed_date_poll(world, **kwargs):
    body = council(world.space, people=[world.elu])
    poll = make_poll(world.space, world.agent, PollKind.DATE, audience=Audience.BODY, body=body)
    a, b, c = option_ids(poll)
    answer(world.elu, poll, values={a: NO, b: YES, c: NO})
    services.close_poll(actor=world.agent.user, poll=poll)
    poll.refresh_from_db()
    return poll


def test_a_closed_date_poll_becomes_a_sitting_at_the_chosen_date(world):
    poll = closed_date_poll(world)
    sitting = services.create_sitting_from_poll(
        actor=world.agent.user, poll=poll, place="Salle du conseil"
    )
    poll.refresh_from_db()
    assert poll.sitting == sitting
    assert sitting.starts_at == poll.chosen_option.starts_at == in_days(21, 9)
    assert sitting.status == SittingStatus.DRAFT and sitting.body == poll.body
    assert ActionLog.objects.filter(action="polls.to_sitting").exists()
    with pytest.raises(PollError, match="déjà été créée"):
        services.create_sitting_from_poll(actor=world.agent.user, poll=poll, place="Ailleurs")


def test_the_sittings_french_refusal_is_shown_as_it_is(world):
    poll = closed_date_poll(world)
    Option.objects.filter(pk=poll.chosen_option_id).update(
        starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    with pytest.raises(PollError, match="^La séance ne peut pas avoir lieu dans le passé.$"):
        services.create_sitting_from_poll(actor=world.agent.user, poll=poll, place="Salle")
    with pytest.raises(PollError, match="^Indiquez le lieu de la séance.$"):
        Option.objects.filter(pk=poll.chosen_option_id).update(starts_at=in_days(30))
        services.create_sitting_from_poll(actor=world.agent.user, poll=poll, place=" ")
    poll.refresh_from_db()
    assert poll.sitting is None


def test_an_open_date_poll_or_one_without_body_is_not_a_sitting(world):
    poll = make_poll(world.space, world.agent, PollKind.DATE)
    with pytest.raises(PollError, match="Closez le sondage"):
        services.create_sitting_from_poll(actor=world.agent.user, poll=poll, place="Salle")
    services.close_poll(actor=world.agent.user, poll=poll)
    with pytest.raises(PollError, match="aucune instance"):
        services.create_sitting_from_poll(actor=world.agent.user, poll=poll, place="Salle")


def test_a_date_poll_may_name_a_body_while_asking_a_list(world):
    body = council(world.space, people=[world.elu])
    extra = person_with_account()
    poll = make_poll(
        world.space, world.agent, PollKind.DATE, audience=Audience.LIST,
        invitees=[world.referent], body=body,
    )  # fmt: skip
    assert poll.body == body
    assert extra not in services.audience_people(poll)
