"""Services of the commissions open to municipal councillors: every rule and refusal."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from maillage.audit.models import ActionLog
from maillage.commissions import services
from maillage.commissions.models import (
    CommissionSettings,
    Follow,
    JoinRequest,
    Replacement,
    RequestStatus,
)
from maillage.commissions.services import CommissionError
from maillage.meetings.models import BodyKind, Seat, SeatKind, SittingStatus
from maillage.notifications.models import Kind, Notification
from maillage.people.models import Function
from tests.commissions.factories import commission, commission_world, councillor, marignier
from tests.meetings.factories import SeatFactory, SittingFactory
from tests.people.factories import MandateFactory
from tests.spaces.factories import add_space_members
from tests.territories.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(world):
    return commission_world(world)


# --- Asking to join ---------------------------------------------------------------------------


def test_a_councillor_asks_to_join_an_open_commission_and_the_deciders_are_told(world, cw):
    paul = councillor(marignier(), first_name="Paul", last_name="Demandeur")
    request = services.ask_to_join(
        actor=paul.user, person=paul, body=cw["body"], commune=marignier(), message="Motivé"
    )
    assert request.status == RequestStatus.PENDING
    told = set(Notification.objects.filter(kind=Kind.COMMISSION).values_list("person", flat=True))
    assert {world.admin.pk, cw["chair"].pk} <= told
    assert ActionLog.objects.filter(action="commissions.ask_to_join").exists()


def test_a_second_pending_request_for_the_same_commission_is_refused(world, cw):
    paul = councillor(marignier(), first_name="Paul", last_name="Demandeur")
    services.ask_to_join(actor=paul.user, person=paul, body=cw["body"], commune=marignier())
    with pytest.raises(CommissionError, match="déjà une demande en attente"):
        services.ask_to_join(actor=paul.user, person=paul, body=cw["body"], commune=marignier())


def test_the_database_refuses_two_pending_requests(world, cw):
    with pytest.raises(IntegrityError), transaction.atomic():
        JoinRequest.objects.create(person=world.elu, body=cw["finances"], commune=world.commune)


def test_after_a_refusal_a_councillor_may_ask_again(world, cw):
    services.refuse_request(actor=world.admin.user, join_request=cw["pending"], reason="Complet")
    again = services.ask_to_join(
        actor=world.elu.user, person=world.elu, body=cw["finances"], commune=world.commune
    )
    assert again.status == RequestStatus.PENDING


def test_a_commission_not_opened_refuses_requests(world):
    body = commission(world.space, opened=False)
    with pytest.raises(CommissionError, match="n'est pas ouverte aux conseillers municipaux"):
        services.ask_to_join(
            actor=world.elu.user, person=world.elu, body=body, commune=world.commune
        )


def test_a_commission_without_settings_is_not_open(world):
    body = commission(world.space, opened=None)
    with pytest.raises(CommissionError, match="n'est pas ouverte"):
        services.ask_to_join(
            actor=world.elu.user, person=world.elu, body=body, commune=world.commune
        )


def test_one_may_only_ask_for_a_commune_where_one_is_councillor(world, cw):
    with pytest.raises(CommissionError, match="n'est pas conseiller municipal de Marignier"):
        services.ask_to_join(
            actor=world.elu.user, person=world.elu, body=cw["body"], commune=marignier()
        )


def test_a_commune_outside_the_space_is_refused(world, cw):
    elsewhere = CommuneFactory(name="Ailleurs")
    MandateFactory(person=world.outsider, organisation=elsewhere, function=Function.MAIRE)
    with pytest.raises(CommissionError, match="commune membre"):
        services.ask_to_join(
            actor=world.outsider.user, person=world.outsider, body=cw["body"], commune=elsewhere
        )


def test_a_member_does_not_ask_to_join_again(world, cw):
    with pytest.raises(CommissionError, match="siège déjà"):
        services.ask_to_join(
            actor=cw["member"].user, person=cw["member"], body=cw["body"], commune=world.commune
        )


def test_the_requester_withdraws_a_pending_request(world, cw):
    services.withdraw_request(actor=world.elu.user, join_request=cw["pending"])
    cw["pending"].refresh_from_db()
    assert cw["pending"].status == RequestStatus.WITHDRAWN


# --- Decisions and the representation of the communes -----------------------------------------


def test_accepting_a_request_seats_the_councillor_for_their_commune(world, cw):
    accepted = services.accept_request(actor=world.admin.user, join_request=cw["pending"])
    seat = accepted.seat
    assert (seat.body, seat.person, seat.kind, seat.organisation) == (
        cw["finances"],
        world.elu,
        SeatKind.TITULAIRE,
        world.commune,
    )
    assert accepted.status == RequestStatus.ACCEPTED
    assert accepted.decided_by == world.admin.user
    assert accepted.decided_at is not None
    note = Notification.objects.get(person=world.elu, kind=Kind.COMMISSION)
    assert "acceptée" in note.title
    assert ActionLog.objects.filter(action="meetings.add_seat").exists()


def test_a_commune_at_its_maximum_gets_no_more_seat(world, cw):
    rose = cw["rose"]
    request = JoinRequest.objects.create(person=rose, body=cw["body"], commune=world.commune)
    with pytest.raises(CommissionError, match="Bonneville a déjà un siège"):
        services.accept_request(actor=world.admin.user, join_request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    assert not Seat.objects.filter(body=cw["body"], person=rose).exists()


def test_a_higher_maximum_lets_a_second_councillor_of_the_commune_sit(world, cw):
    services.update_settings(
        actor=world.admin.user, body=cw["body"], open_to_councillors=True, max_seats_per_commune=2
    )
    request = JoinRequest.objects.create(person=cw["rose"], body=cw["body"], commune=world.commune)
    services.accept_request(actor=world.admin.user, join_request=request)
    assert Seat.objects.current().filter(body=cw["body"], organisation=world.commune).count() == 2


def test_an_ended_seat_frees_the_commune_place(world, cw):
    seat = cw["member_seat"]
    seat.end_date = datetime.date.today()
    seat.save()
    request = JoinRequest.objects.create(person=cw["rose"], body=cw["body"], commune=world.commune)
    services.accept_request(actor=world.admin.user, join_request=request)


def test_the_chair_accepts_a_request_from_a_commune_with_room(world, cw):
    cluses = CommuneFactory(name="Cluses")
    add_space_members(world.space, [cluses])
    paul = councillor(cluses, first_name="Paul", last_name="Demandeur")
    request = services.ask_to_join(actor=paul.user, person=paul, body=cw["body"], commune=cluses)
    accepted = services.accept_request(actor=cw["chair"].user, join_request=request)
    assert accepted.seat.organisation == cluses
    assert accepted.decided_by == cw["chair"].user


def test_refusing_needs_a_reason_sent_to_the_requester(world, cw):
    with pytest.raises(CommissionError, match="motif du refus"):
        services.refuse_request(actor=world.admin.user, join_request=cw["pending"], reason=" ")
    services.refuse_request(
        actor=world.admin.user, join_request=cw["pending"], reason="La commission est complète."
    )
    cw["pending"].refresh_from_db()
    assert cw["pending"].status == RequestStatus.REFUSED
    note = Notification.objects.get(person=world.elu)
    assert "refusée" in note.title and note.body == "La commission est complète."


def test_a_decided_request_is_not_decided_twice(world, cw):
    services.refuse_request(actor=world.admin.user, join_request=cw["pending"], reason="Non")
    with pytest.raises(CommissionError, match="déjà refusée"):
        services.accept_request(actor=world.admin.user, join_request=cw["pending"])


def test_a_requester_who_left_the_council_is_not_seated(world, cw):
    world.elu.mandates.update(end_date=datetime.date.today())
    with pytest.raises(CommissionError, match="n'est plus conseiller municipal"):
        services.accept_request(actor=world.admin.user, join_request=cw["pending"])


def test_a_closed_commission_accepts_no_request(world, cw):
    CommissionSettings.objects.filter(body=cw["finances"]).update(open_to_councillors=False)
    with pytest.raises(CommissionError, match="n'est plus ouverte"):
        services.accept_request(actor=world.admin.user, join_request=cw["pending"])


# --- Settings ---------------------------------------------------------------------------------


def test_the_admin_opens_a_working_group(world):
    group = commission(world.space, name="Groupe vélo", kind=BodyKind.GROUPE_TRAVAIL, opened=None)
    services.update_settings(
        actor=world.admin.user, body=group, open_to_councillors=True, max_seats_per_commune=3
    )
    assert group.commission_settings.max_seats_per_commune == 3
    assert ActionLog.objects.filter(action="commissions.update_settings").exists()


@pytest.mark.parametrize("maximum", [0, 101, None])
def test_the_seats_per_commune_are_between_1_and_100(world, cw, maximum):
    with pytest.raises(CommissionError, match="entre 1 et 100"):
        services.update_settings(
            actor=world.admin.user,
            body=cw["body"],
            open_to_councillors=True,
            max_seats_per_commune=maximum,
        )


def test_a_council_is_never_opened_to_councillors(world):
    council = commission(
        world.space, name="Conseil", kind=BodyKind.CONSEIL_COMMUNAUTAIRE, opened=None
    )
    with pytest.raises(CommissionError, match="Seuls les commissions"):
        services.update_settings(
            actor=world.admin.user, body=council, open_to_councillors=True, max_seats_per_commune=1
        )


# --- Following --------------------------------------------------------------------------------


def test_following_toggles(world, cw):
    rose = cw["rose"]
    assert services.toggle_follow(actor=rose.user, person=rose, body=cw["body"]) is True
    assert Follow.objects.filter(person=rose, body=cw["body"]).exists()
    assert services.toggle_follow(actor=rose.user, person=rose, body=cw["body"]) is False
    assert not Follow.objects.filter(person=rose, body=cw["body"]).exists()
    actions = list(ActionLog.objects.values_list("action", flat=True))
    assert "commissions.follow" in actions and "commissions.unfollow" in actions


def test_the_database_keeps_one_follow_per_person_and_commission(world, cw):
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(person=world.elu, body=cw["body"])


def test_a_commission_not_opened_can_still_be_followed(world):
    body = commission(world.space, opened=False)
    assert services.toggle_follow(actor=world.elu.user, person=world.elu, body=body)


def test_a_closed_working_group_cannot_be_followed(world):
    group = commission(world.space, name="Groupe", kind=BodyKind.GROUPE_TRAVAIL, opened=False)
    with pytest.raises(CommissionError, match="n'est pas ouverte"):
        services.toggle_follow(actor=world.elu.user, person=world.elu, body=group)


def test_only_municipal_councillors_follow(world, cw):
    with pytest.raises(CommissionError, match="réservé aux conseillers municipaux"):
        services.toggle_follow(actor=world.agent.user, person=world.agent, body=cw["body"])


def test_a_member_does_not_follow_their_own_commission(world, cw):
    with pytest.raises(CommissionError, match="vous recevez déjà"):
        services.toggle_follow(actor=cw["member"].user, person=cw["member"], body=cw["body"])


def test_followers_are_told_once_of_a_convened_sitting(world, cw):
    assert services.notify_followers(sitting=cw["sitting"]) == 1
    assert services.notify_followers(sitting=cw["sitting"]) == 0
    assert services.notify_followers_of_convened_sittings() == 0
    note = Notification.objects.get(person=world.elu, kind=Kind.COMMISSION)
    assert "se réunit" in note.title
    assert note.url.endswith(f"/seances/{cw['sitting'].pk}/")


def test_the_sweep_tells_followers_of_every_convened_sitting_to_come(world, cw):
    SittingFactory(body=cw["body"], status=SittingStatus.CONVENED)
    SittingFactory(body=cw["body"], status=SittingStatus.DRAFT)
    assert services.notify_followers_of_convened_sittings() == 2


# --- Replacement by the mayor (L5211-40-1) ----------------------------------------------------


@pytest.fixture
def fresh(world, cw):
    """A second convened sitting with no replacement yet."""
    return SittingFactory(body=cw["body"], status=SittingStatus.CONVENED)


def test_the_mayor_names_a_councillor_of_the_commune_to_replace_a_member(world, cw, fresh):
    named = services.name_replacement(
        actor=world.elu.user, sitting=fresh, seat=cw["member_seat"], replacement=cw["rose"]
    )
    assert (named.commune, named.named_by_person, named.named_by) == (
        world.commune,
        world.elu,
        world.elu.user,
    )
    titles = dict(Notification.objects.values_list("person_id", "title"))
    assert "Vous remplacez Marc Membre" in titles[cw["rose"].pk]
    assert "Rose Remplaçante vous remplace" in titles[cw["member"].pk]
    assert ActionLog.objects.filter(action="commissions.name_replacement").exists()


def test_only_the_mayor_of_that_commune_names_the_replacement(world, cw, fresh):
    other_mayor = councillor(marignier(), function=Function.MAIRE, first_name="Max")
    with pytest.raises(CommissionError, match="Seul le maire de Bonneville"):
        services.name_replacement(
            actor=other_mayor.user, sitting=fresh, seat=cw["member_seat"], replacement=cw["rose"]
        )


def test_a_councillor_who_is_not_mayor_cannot_name(world, cw, fresh):
    with pytest.raises(CommissionError, match="Seul le maire"):
        services.name_replacement(
            actor=cw["rose"].user, sitting=fresh, seat=cw["member_seat"], replacement=cw["rose"]
        )


def test_a_councillor_of_another_commune_cannot_replace(world, cw, fresh):
    stranger = councillor(marignier(), first_name="Sam")
    with pytest.raises(CommissionError, match="n'est pas conseiller municipal de Bonneville"):
        services.name_replacement(
            actor=world.elu.user, sitting=fresh, seat=cw["member_seat"], replacement=stranger
        )


def test_the_mayor_names_only_for_a_member_of_the_commune(world, cw, fresh):
    chair_seat = Seat.objects.get(body=cw["body"], person=cw["chair"])
    with pytest.raises(CommissionError, match="Seul le maire de Marignier"):
        services.name_replacement(
            actor=world.elu.user, sitting=fresh, seat=chair_seat, replacement=cw["rose"]
        )
    with pytest.raises(CommissionError, match="ne représente pas Bonneville"):
        services.name_replacement(
            actor=world.elu.user,
            sitting=fresh,
            seat=chair_seat,
            replacement=cw["rose"],
            commune=world.commune,
        )


@pytest.mark.parametrize(
    "status", [SittingStatus.CLOSED, SittingStatus.OPEN, SittingStatus.CANCELLED]
)
def test_no_replacement_for_a_sitting_already_opened_or_closed(world, cw, fresh, status):
    fresh.status = status
    fresh.save()
    with pytest.raises(CommissionError, match="La séance est"):
        services.name_replacement(
            actor=world.elu.user, sitting=fresh, seat=cw["member_seat"], replacement=cw["rose"]
        )


def test_a_member_is_replaced_once_per_sitting(world, cw):
    other = councillor(world.commune, first_name="Otto")
    with pytest.raises(CommissionError, match="déjà remplacé par Rose Remplaçante"):
        services.name_replacement(
            actor=world.elu.user, sitting=cw["sitting"], seat=cw["member_seat"], replacement=other
        )


def test_the_database_keeps_one_replacement_per_seat_and_sitting(world, cw):
    other = councillor(world.commune, first_name="Otto")
    with pytest.raises(IntegrityError), transaction.atomic():
        Replacement.objects.create(
            sitting=cw["sitting"],
            replaced_seat=cw["member_seat"],
            replacement=other,
            commune=world.commune,
        )


def test_a_replacement_replaces_one_member_per_sitting(world, cw):
    second = councillor(world.commune, first_name="Léa", last_name="Seconde")
    seat = SeatFactory(body=cw["body"], person=second, organisation=world.commune)
    with pytest.raises(CommissionError, match="remplace déjà Marc Membre"):
        services.name_replacement(
            actor=world.elu.user, sitting=cw["sitting"], seat=seat, replacement=cw["rose"]
        )


def test_a_member_of_the_commission_cannot_be_the_replacement(world, cw, fresh):
    second = councillor(world.commune, first_name="Léa", last_name="Seconde")
    SeatFactory(body=cw["body"], person=second, organisation=world.commune)
    with pytest.raises(CommissionError, match="siège déjà dans cette commission"):
        services.name_replacement(
            actor=world.elu.user, sitting=fresh, seat=cw["member_seat"], replacement=second
        )


def test_the_mayor_withdraws_a_replacement_before_the_sitting(world, cw):
    services.cancel_replacement(actor=world.elu.user, replacement=cw["replacement"])
    assert not Replacement.objects.exists()
    assert Notification.objects.filter(person=cw["rose"], title__contains="ne remplacez plus")


def test_a_replacement_of_a_closed_sitting_stays(world, cw):
    cw["sitting"].status = SittingStatus.CLOSED
    cw["sitting"].save()
    with pytest.raises(CommissionError, match="ne se retire plus"):
        services.cancel_replacement(actor=world.elu.user, replacement=cw["replacement"])
