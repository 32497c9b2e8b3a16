"""Acts services: numbering, publication, corrections, minutes, copies to councillors."""

import datetime

import pytest
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.meetings import rules
from maillage.meetings.models import (
    Attendance,
    Ballot,
    BallotMode,
    BodyKind,
    Choice,
    Deliberation,
    Dispatch,
    ItemKind,
    Matter,
    Minutes,
    Outcome,
    Presence,
    SeatKind,
    SittingStatus,
    Vote,
    Withdrawal,
)
from maillage.meetings.services import MeetingError, acts
from maillage.meetings.services.minutes import minutes_facts
from maillage.people.models import Function
from tests.meetings.factories import (
    AgendaItemFactory,
    BodyFactory,
    SeatFactory,
    SittingFactory,
    at,
    closed_sitting,
    closed_vote,
    council,
)
from tests.people.factories import MandateFactory, PersonFactory
from tests.spaces.factories import SpaceFactory


@pytest.fixture
def body(world):
    return council(world.space, members=3)


def voted(sitting, position, **vote):
    item = AgendaItemFactory(sitting=sitting, position=position, title=f"Objet {position}")
    closed_vote(item, **vote)
    return item


# --- Numbering ---------------------------------------------------------------------------------


def test_closing_numbers_each_voted_item_whose_last_round_is_closed_in_agenda_order(world, body):
    sitting = closed_sitting(body, at(2026, 3, 10))
    first = voted(sitting, 1)
    AgendaItemFactory(sitting=sitting, position=2, kind=ItemKind.INFORMATION)
    postponed = voted(sitting, 3)
    postponed.postponed = True
    postponed.save()
    still_open = AgendaItemFactory(sitting=sitting, position=4)
    Vote.objects.create(item=still_open, mode=BallotMode.ORDINARY)
    last = voted(sitting, 5)

    created = acts.number_deliberations(actor=world.agent.user, sitting=sitting)

    assert [(d.number, d.item) for d in created] == [("2026-001", first), ("2026-002", last)]
    assert ActionLog.objects.filter(action="meetings.number_deliberations").count() == 1


def test_numbers_follow_the_last_of_the_year_and_start_again_each_year(world, body):
    earlier = closed_sitting(body, at(2026, 1, 20))
    for position in range(1, 42):
        voted(earlier, position)
    acts.number_deliberations(actor=None, sitting=earlier)
    march = closed_sitting(body, at(2026, 3, 10))
    voted(march, 1)
    next_year = closed_sitting(body, at(2027, 1, 12))
    voted(next_year, 1)

    assert acts.number_deliberations(actor=None, sitting=march)[0].number == "2026-042"
    assert acts.number_deliberations(actor=None, sitting=next_year)[0].number == "2027-001"


def test_each_space_numbers_its_own_deliberations(world, body):
    voted(closed_sitting(body, at(2026, 3, 10)), 1)
    other = council(SpaceFactory(), members=3)
    voted(closed_sitting(other, at(2026, 3, 11)), 1)

    for sitting in (body.sittings.get(), other.sittings.get()):
        assert acts.number_deliberations(actor=None, sitting=sitting)[0].number == "2026-001"


def test_numbering_twice_creates_nothing_more(world, body):
    sitting = closed_sitting(body, at(2026, 3, 10))
    voted(sitting, 1)
    acts.number_deliberations(actor=None, sitting=sitting)

    assert acts.number_deliberations(actor=None, sitting=sitting) == []
    assert Deliberation.objects.count() == 1


@pytest.mark.parametrize("kind", [BodyKind.COMMISSION, BodyKind.CONFERENCE_MAIRES])
def test_a_commission_or_the_conference_of_mayors_makes_no_deliberation(world, kind):
    body = BodyFactory(space=world.space, kind=kind)
    sitting = closed_sitting(body, at(2026, 3, 10))
    voted(sitting, 1)

    assert acts.number_deliberations(actor=None, sitting=sitting) == []
    assert not Deliberation.objects.exists()


def test_a_deliberation_takes_the_text_matter_and_the_counts_of_the_last_round(world, body):
    sitting = closed_sitting(body, at(2026, 3, 10))
    item = AgendaItemFactory(
        sitting=sitting,
        position=1,
        title="Tarifs de l'eau",
        draft_text="Le conseil fixe les tarifs.",
        matter=Matter.FINANCES,
    )
    closed_vote(item, round_number=1, votes_for=1, votes_against=2, outcome=Outcome.REJECTED)
    closed_vote(
        item,
        round_number=2,
        members_in_office=40,
        present=30,
        represented=4,
        votes_for=20,
        votes_against=12,
        abstentions=2,
        outcome=Outcome.ADOPTED,
    )

    (deliberation,) = acts.number_deliberations(actor=None, sitting=sitting)

    assert (deliberation.title, deliberation.text, deliberation.matter) == (
        "Tarifs de l'eau",
        "Le conseil fixe les tarifs.",
        Matter.FINANCES,
    )
    assert deliberation.decided_on == datetime.date(2026, 3, 10)
    assert deliberation.outcome == Outcome.ADOPTED
    assert (
        deliberation.members_in_office,
        deliberation.present,
        deliberation.represented,
        deliberation.votes_for,
        deliberation.votes_against,
        deliberation.abstentions,
    ) == (40, 30, 4, 20, 12, 2)


def test_a_number_taken_meanwhile_is_refused_in_french_and_nothing_is_numbered(
    world, body, monkeypatch
):
    taken = closed_sitting(body, at(2026, 1, 10))
    voted(taken, 1)
    acts.number_deliberations(actor=None, sitting=taken)
    sitting = closed_sitting(body, at(2026, 3, 10))
    voted(sitting, 1)
    voted(sitting, 2)
    # As if another sitting had taken the number meanwhile: the first number collides.
    monkeypatch.setattr(acts, "_next_sequence", lambda space_id, year: 1)

    with pytest.raises(MeetingError, match="une autre séance"):
        acts.number_deliberations(actor=None, sitting=sitting)
    assert Deliberation.objects.count() == 1


# --- Publication and corrections ---------------------------------------------------------------


@pytest.fixture
def numbered(world, body):
    sitting = closed_sitting(body, at(2026, 3, 10))
    voted(sitting, 1)
    voted(sitting, 2)
    acts.number_deliberations(actor=None, sitting=sitting)
    return sitting


def test_publishing_puts_every_deliberation_of_the_sitting_online(world, numbered):
    published = acts.publish_deliberations(actor=world.agent.user, sitting=numbered)

    assert len(published) == 2
    assert Deliberation.objects.published().count() == 2
    log = ActionLog.objects.get(action="meetings.publish_deliberations")
    assert log.data["deadline"] == "2026-03-17"


def test_the_list_is_published_once_and_only_after_the_sitting(world, numbered, body):
    acts.publish_deliberations(actor=None, sitting=numbered)
    with pytest.raises(MeetingError, match="déjà publiée"):
        acts.publish_deliberations(actor=None, sitting=numbered)
    convened = SittingFactory(body=body, status=SittingStatus.CONVENED)
    with pytest.raises(MeetingError, match="une fois la séance close"):
        acts.publish_deliberations(actor=None, sitting=convened)


def test_a_deliberation_is_fixed_before_publication_and_never_after(world, numbered):
    deliberation = Deliberation.objects.order_by("sequence").first()
    acts.update_deliberation(
        actor=None, deliberation=deliberation, title="Objet corrigé", text="Texte corrigé."
    )
    deliberation.refresh_from_db()
    assert deliberation.title == "Objet corrigé"

    acts.publish_deliberations(actor=None, sitting=numbered)
    with pytest.raises(MeetingError, match="publiée : elle ne se modifie plus"):
        acts.update_deliberation(actor=None, deliberation=deliberation, title="Autre", text="")
    deliberation.refresh_from_db()
    assert (deliberation.title, deliberation.text) == ("Objet corrigé", "Texte corrigé.")


def test_a_correction_from_a_later_sitting_links_to_the_act_it_corrects(world, numbered, body):
    acts.publish_deliberations(actor=None, sitting=numbered)
    wrong = Deliberation.objects.get(sequence=1)
    later = closed_sitting(body, at(2026, 4, 7))
    item = voted(later, 1)
    acts.number_deliberations(actor=None, sitting=later)

    corrector = acts.correct_deliberation(actor=None, deliberation=wrong, item=item)

    assert corrector.number == "2026-003"
    assert list(wrong.corrections.all()) == [corrector]
    assert ActionLog.objects.filter(action="meetings.correct_deliberation").exists()


def test_a_correction_must_come_from_a_later_numbered_unpublished_act(world, numbered, body):
    wrong = Deliberation.objects.get(sequence=2)
    same_sitting = Deliberation.objects.get(sequence=1).item
    with pytest.raises(MeetingError, match="n'a pas été prise après"):
        acts.correct_deliberation(actor=None, deliberation=wrong, item=same_sitting)

    later = closed_sitting(body, at(2026, 4, 7))
    not_numbered = AgendaItemFactory(sitting=later, position=1)
    with pytest.raises(MeetingError, match="pas de délibération numérotée"):
        acts.correct_deliberation(actor=None, deliberation=wrong, item=not_numbered)

    item = voted(later, 2)
    acts.number_deliberations(actor=None, sitting=later)
    acts.publish_deliberations(actor=None, sitting=later)
    with pytest.raises(MeetingError, match="est publiée"):
        acts.correct_deliberation(actor=None, deliberation=wrong, item=item)
    assert not wrong.corrections.exists()


# --- Minutes -----------------------------------------------------------------------------------


@pytest.fixture
def day(world):
    """A council of five: Alice present, Bruno represented by Alice, Chloé replaced by her
    suppléant Sam, Denis excused, Emma absent; one public vote on item 1, one secret on 2."""
    body = council(world.space)
    names = ["Alice Martin", "Bruno Petit", "Chloé Durand", "Denis Roux", "Emma Blanc"]
    seats = {}
    for name in names:
        first, last = name.split()
        seats[first] = SeatFactory(
            body=body, person=PersonFactory(first_name=first, last_name=last)
        )
    seats["Alice"].is_chair = True
    seats["Alice"].save()
    sam = SeatFactory(
        body=body,
        person=PersonFactory(first_name="Sam", last_name="Suppléant"),
        kind=SeatKind.SUPPLEANT,
        substitute_for=seats["Chloé"],
    )
    secretary = PersonFactory(first_name="Sophie", last_name="Secrétaire")
    sitting = closed_sitting(body, at(2026, 3, 10), secretary=secretary)
    Attendance.objects.create(sitting=sitting, seat=seats["Alice"], status=Presence.PRESENT)
    Attendance.objects.create(
        sitting=sitting,
        seat=seats["Bruno"],
        status=Presence.REPRESENTED,
        proxy_holder=seats["Alice"],
    )
    Attendance.objects.create(
        sitting=sitting, seat=seats["Chloé"], status=Presence.REPLACED, replaced_by=sam
    )
    Attendance.objects.create(sitting=sitting, seat=seats["Denis"], status=Presence.EXCUSED)
    public = AgendaItemFactory(sitting=sitting, position=1, title="Pacte de gouvernance")
    vote = closed_vote(
        public,
        mode=BallotMode.PUBLIC,
        public_requests=1,
        members_in_office=5,
        present=2,
        represented=1,
        votes_for=2,
        votes_against=1,
    )
    Ballot.objects.create(vote=vote, voter=seats["Alice"], choice=Choice.FOR)
    Ballot.objects.create(
        vote=vote, voter=seats["Alice"], on_behalf_of=seats["Bruno"], choice=Choice.FOR
    )
    Ballot.objects.create(vote=vote, voter=sam, choice=Choice.AGAINST)
    secret = AgendaItemFactory(sitting=sitting, position=2, title="Désignation au SDIS")
    closed_vote(secret, mode=BallotMode.SECRET, secret_requests=1, present=2, represented=1)
    Withdrawal.objects.create(item=secret, seat=sam, reason="Intérêt personnel")
    acts.number_deliberations(actor=None, sitting=sitting)
    return sitting


def test_the_minutes_list_who_was_present_represented_by_whom_excused_and_absent(day):
    facts = minutes_facts(day)

    assert [(m.name, m.note) for m in facts.present] == [
        ("Alice Martin", ""),
        ("Sam Suppléant", "suppléant(e) de Chloé Durand"),
    ]
    assert [(m.name, m.note) for m in facts.represented] == [
        ("Bruno Petit", "pouvoir à Alice Martin")
    ]
    assert [m.name for m in facts.excused] == ["Denis Roux"]
    assert [m.name for m in facts.absent] == ["Emma Blanc"]
    assert (facts.chair, facts.secretary) == ("Alice Martin", "Sophie Secrétaire")


def test_the_minutes_count_the_quorum_at_the_opening_and_for_each_item(day):
    facts = minutes_facts(day)

    assert (facts.opening.present, facts.opening.needed, facts.opening.reached) == (2, 3, False)
    second = facts.items[1]
    assert (second.count.present, second.count.withdrawn) == (2, 1)
    assert second.withdrawn == ["Sam Suppléant"]


def test_the_minutes_name_the_voters_of_a_public_vote_and_never_of_a_secret_one(day):
    public, secret = minutes_facts(day).items

    (round_,) = public.rounds
    names = {
        label: [(b.name, b.proxy_for) for b in ballots] for label, ballots in round_.named_choices
    }
    assert names == {
        "Pour": [("Alice Martin", ""), ("Bruno Petit", "Alice Martin")],
        "Contre": [("Sam Suppléant", "")],
    }
    assert public.ballot_requests[0].public_requests == 1
    assert secret.rounds[0].named_choices == []
    assert [d.number for d in minutes_facts(day).deliberations] == ["2026-001", "2026-002"]


def test_the_debates_are_written_until_approval_and_not_after(world, day):
    acts.update_minutes(actor=world.agent.user, sitting=day, debates_summary="  M. X expose. ")
    minutes = Minutes.objects.get(sitting=day)
    assert minutes.debates_summary == "M. X expose."

    later = closed_sitting(day.body, at(2026, 4, 7))
    acts.approve_minutes(actor=world.agent.user, minutes=minutes, at_sitting=later)
    with pytest.raises(MeetingError, match="approuvé : il ne se modifie plus"):
        acts.update_minutes(actor=None, sitting=day, debates_summary="Autre chose")
    minutes.refresh_from_db()
    assert minutes.debates_summary == "M. X expose."
    assert minutes.approved_on == datetime.date(2026, 4, 7)


def test_minutes_are_written_only_once_the_sitting_is_closed(world, body):
    sitting = SittingFactory(body=body, status=SittingStatus.OPEN)
    with pytest.raises(MeetingError, match="une fois la séance close"):
        acts.update_minutes(actor=None, sitting=sitting, debates_summary="Trop tôt")
    assert not Minutes.objects.exists()


def test_minutes_are_approved_only_at_a_later_held_sitting_of_the_same_body(world, day):
    minutes = acts.minutes_of(day)
    earlier = closed_sitting(day.body, at(2026, 2, 10))
    other_body = closed_sitting(BodyFactory(space=world.space), at(2026, 4, 7))
    not_held = SittingFactory(body=day.body, starts_at=at(2026, 4, 7), status="convoquee")

    for sitting, reason in [
        (earlier, "séance postérieure"),
        (other_body, "même instance"),
        (not_held, "pas encore eu lieu"),
    ]:
        with pytest.raises(MeetingError, match=reason):
            acts.approve_minutes(actor=None, minutes=minutes, at_sitting=sitting)
    minutes.refresh_from_db()
    assert minutes.approved_on is None

    opened = SittingFactory(body=day.body, starts_at=at(2026, 4, 8), status=SittingStatus.OPEN)
    acts.approve_minutes(actor=None, minutes=minutes, at_sitting=opened)
    with pytest.raises(MeetingError, match="déjà approuvé"):
        acts.approve_minutes(actor=None, minutes=minutes, at_sitting=opened)


def test_only_approved_minutes_are_published_and_only_once(world, day):
    minutes = acts.minutes_of(day)
    with pytest.raises(MeetingError, match="Seul un procès-verbal approuvé"):
        acts.publish_minutes(actor=None, minutes=minutes)
    acts.approve_minutes(
        actor=None, minutes=minutes, at_sitting=closed_sitting(day.body, at(2026, 4, 7))
    )

    published = acts.publish_minutes(actor=world.agent.user, minutes=minutes)

    assert published.published_at is not None
    with pytest.raises(MeetingError, match="déjà publié"):
        acts.publish_minutes(actor=None, minutes=minutes)
    log = ActionLog.objects.get(action="meetings.publish_minutes")
    assert log.data["deadline"] == "2026-04-14"


# --- Copies to municipal councillors (L5211-40-2) ---------------------------------------------


@pytest.fixture
def councillors(world):
    """Two municipal councillors of a member commune, one of them also community councillor."""
    plain = PersonFactory(first_name="Paul", last_name="Municipal", email="paul@example.org")
    MandateFactory(person=plain, organisation=world.commune, function=Function.CONSEILLER_MUNICIPAL)
    both = PersonFactory(first_name="Clara", last_name="Double", email="clara@example.org")
    MandateFactory(person=both, organisation=world.commune, function=Function.CONSEILLER_MUNICIPAL)
    MandateFactory(person=both, organisation=world.epci, function=Function.CONSEILLER_COMMUNAUTAIRE)
    no_email = PersonFactory(first_name="Noé", last_name="Papier", email="")
    MandateFactory(
        person=no_email, organisation=world.commune, function=Function.CONSEILLER_MUNICIPAL
    )
    return plain


def test_the_published_list_is_emailed_to_municipal_councillors_who_are_not_in_the_council(
    world, numbered, councillors, mailoutbox, django_capture_on_commit_callbacks
):
    acts.publish_deliberations(actor=None, sitting=numbered)
    with django_capture_on_commit_callbacks(execute=True):
        dispatch = acts.send_dispatch(
            actor=world.agent.user, sitting=numbered, document=Dispatch.Document.LIST
        )

    assert dispatch.due_on == rules.copy_deadline(datetime.date(2026, 3, 10))
    # Paul and the world's mayor, one email each; not Clara (community councillor) nor Noé
    # (no address: the document is consultable at the town hall).
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        ["paul@example.org", world.elu.email]
    )
    assert dispatch.recipients == 2
    assert f"/espaces/cc-test/seances/{numbered.pk}/liste/" in mailoutbox[0].body
    assert "L5211-40-2" in mailoutbox[0].body
    assert ActionLog.objects.filter(action="meetings.send_dispatch").exists()


def test_a_document_is_sent_once_and_only_once_it_is_published(world, numbered, councillors):
    with pytest.raises(MeetingError, match="publication de la liste"):
        acts.send_dispatch(actor=None, sitting=numbered, document=Dispatch.Document.LIST)
    with pytest.raises(MeetingError, match="approbation du procès-verbal"):
        acts.send_dispatch(actor=None, sitting=numbered, document=Dispatch.Document.MINUTES)
    acts.publish_deliberations(actor=None, sitting=numbered)
    acts.send_dispatch(actor=None, sitting=numbered, document=Dispatch.Document.LIST)

    with pytest.raises(MeetingError, match="déjà été envoyé"):
        acts.send_dispatch(actor=None, sitting=numbered, document=Dispatch.Document.LIST)
    assert Dispatch.objects.count() == 1


def test_the_approved_minutes_are_due_one_month_after_their_approval(world, numbered, councillors):
    minutes = acts.minutes_of(numbered)
    acts.approve_minutes(
        actor=None, minutes=minutes, at_sitting=closed_sitting(numbered.body, at(2026, 1 + 3, 30))
    )
    acts.publish_minutes(actor=None, minutes=minutes)

    dispatch = acts.send_dispatch(actor=None, sitting=numbered, document=Dispatch.Document.MINUTES)

    assert dispatch.due_on == datetime.date(2026, 5, 30)


def test_only_an_epci_council_sends_copies(world):
    bureau = BodyFactory(space=world.space, kind=BodyKind.BUREAU)
    sitting = closed_sitting(bureau, at(2026, 3, 10))
    assert acts.dispatch_states(sitting) == []
    with pytest.raises(MeetingError, match="Seul le conseil communautaire"):
        acts.send_dispatch(actor=None, sitting=sitting, document=Dispatch.Document.LIST)


def test_a_dispatch_not_sent_by_its_due_date_is_late(world, body):
    long_ago = closed_sitting(body, timezone.now() - datetime.timedelta(days=60))
    (state, _) = acts.dispatch_states(long_ago)
    assert state.late
    recent = closed_sitting(body, timezone.now() - datetime.timedelta(days=2))
    assert not acts.dispatch_states(recent)[0].late


def test_closing_a_sitting_through_the_session_numbers_its_deliberations(world, body):
    from maillage.meetings.services import session

    sitting = SittingFactory(body=body, starts_at=at(2026, 3, 10), status=SittingStatus.OPEN)
    voted(sitting, 1)

    session.close_sitting(actor=world.agent.user, sitting=sitting)

    assert [d.number for d in Deliberation.objects.filter(item__sitting=sitting)] == ["2026-001"]
