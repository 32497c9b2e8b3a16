"""Pages of the commissions open to municipal councillors: what a councillor, a mayor, a chair
and an admin see and do; forms keep what was typed; lists do not grow in queries."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from maillage.commissions.models import (
    CommissionSettings,
    Follow,
    JoinRequest,
    Replacement,
    RequestStatus,
)
from maillage.meetings.models import (
    Attendance,
    BodyKind,
    Presence,
    Seat,
    SittingMode,
    SittingStatus,
)
from tests.commissions.factories import commission, commission_world, councillor, marignier
from tests.meetings.factories import SeatFactory, SittingFactory, closed_sitting, in_days

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"commissions:{name}", args=["cc-test", *args])


@pytest.fixture
def cw(world):
    return commission_world(world)


def test_the_space_home_links_to_the_commissions(client, world, login):
    login(world.elu)
    assertContains(client.get("/espaces/cc-test/"), url("list"))


def test_a_councillor_sees_the_commissions_members_next_sittings_and_actions(
    client, world, cw, login
):
    login(cw["rose"])
    response = client.get(url("list"))
    assertContains(response, "Commission mobilités")
    assertContains(response, "Commission finances")
    assertContains(response, "Marc Membre")
    assertContains(response, "Claire Présidente")
    assertContains(response, "Demander à siéger")
    assertContains(response, "Suivre sans siéger")
    assertContains(response, "1 siège au plus par commune")


def test_a_working_group_is_listed_only_once_opened(client, world, cw, login):
    commission(world.space, name="Groupe vélo", kind=BodyKind.GROUPE_TRAVAIL, opened=False)
    login(cw["rose"])
    assertNotContains(client.get(url("list")), "Groupe vélo")
    login(world.admin)
    response = client.get(url("list"))
    assertContains(response, "non ouverts")
    assertContains(response, "Groupe vélo")


def test_an_agent_sees_the_list_without_the_councillors_actions(client, world, cw, login):
    login(world.agent)
    response = client.get(url("list"))
    assertContains(response, "Commission mobilités")
    assertNotContains(response, "Demander à siéger</a>")
    assertContains(response, "réservés aux conseillers municipaux")


def test_a_councillor_asks_to_join_and_is_sent_to_the_commission(client, world, cw, login):
    login(cw["rose"])
    response = client.post(
        url("join", cw["body"].pk), {"commune": world.commune.pk, "message": "Je suis cycliste."}
    )
    assert response["Location"] == url("detail", cw["body"].pk)
    request = JoinRequest.objects.get(person=cw["rose"])
    assert (request.commune, request.message) == (world.commune, "Je suis cycliste.")
    assertContains(client.get(response["Location"]), "Demande en attente")


def test_a_second_request_is_refused_and_the_message_kept(client, world, cw, login):
    login(world.elu)
    body = cw["finances"]
    response = client.post(
        url("join", body.pk), {"commune": world.commune.pk, "message": "Texte tapé"}
    )
    assert response.status_code == 200
    assertContains(response, "déjà une demande en attente")
    assertContains(response, "Texte tapé")


def test_following_toggles_and_htmx_gets_the_button_only(client, world, cw, login):
    login(cw["rose"])
    response = client.post(url("follow", cw["body"].pk))
    assert response.status_code == 302
    assert Follow.objects.filter(person=cw["rose"]).exists()
    response = client.post(url("follow", cw["body"].pk), headers={"HX-Request": "true"})
    assertContains(response, "Suivre sans siéger")
    assertNotContains(response, "<html")
    assert not Follow.objects.filter(person=cw["rose"]).exists()


def test_the_admin_accepts_a_request_from_the_list_of_pending_requests(client, world, cw, login):
    login(world.admin)
    body, pending = cw["finances"], cw["pending"]
    page = client.get(url("settings", body.pk))
    assertContains(page, "Élise Maire")
    response = client.post(url("decide", body.pk, pending.pk), {"decision": "accepter"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == RequestStatus.ACCEPTED
    assert Seat.objects.current().filter(body=body, person=world.elu).exists()


def test_a_refusal_without_reason_says_so(client, world, cw, login):
    login(world.admin)
    response = client.post(
        url("decide", cw["finances"].pk, cw["pending"].pk), {"decision": "refuser", "reason": ""}
    )
    assert response.status_code == 200
    assertContains(response, "Indiquez le motif du refus")


def test_the_representation_limit_is_explained_in_french(client, world, cw, login):
    request = JoinRequest.objects.create(person=cw["rose"], body=cw["body"], commune=world.commune)
    login(cw["chair"])
    response = client.post(url("decide", cw["body"].pk, request.pk), {"decision": "accepter"})
    assert response.status_code == 200
    assertContains(response, "Bonneville a déjà un siège dans cette commission")


def test_the_chair_sees_the_pending_requests_on_the_commission_page(client, world, cw, login):
    JoinRequest.objects.create(person=cw["rose"], body=cw["body"], commune=world.commune)
    login(cw["chair"])
    response = client.get(url("detail", cw["body"].pk))
    assertContains(response, "Demandes en attente (1)")
    assertContains(response, "Rose Remplaçante")


def test_a_plain_member_may_not_decide(client, world, cw, login):
    request = JoinRequest.objects.create(person=cw["rose"], body=cw["body"], commune=world.commune)
    login(cw["member"])
    response = client.get(url("decide", cw["body"].pk, request.pk))
    assert response.status_code == 403
    assertContains(response, "président de la commission", status_code=403)


def test_the_admin_sets_the_seats_per_commune(client, world, cw, login):
    login(world.admin)
    response = client.post(
        url("settings", cw["body"].pk), {"open_to_councillors": "on", "max_seats_per_commune": 2}
    )
    assert response.status_code == 302
    assert CommissionSettings.objects.get(body=cw["body"]).max_seats_per_commune == 2
    response = client.post(
        url("settings", cw["body"].pk), {"open_to_councillors": "on", "max_seats_per_commune": 0}
    )
    assert response.status_code == 200
    assertContains(response, "error-summary")


# --- A sitting's dossier ----------------------------------------------------------------------


def test_a_follower_gets_the_agenda_the_dossier_and_the_video_link(client, world, cw, login):
    sitting = cw["sitting"]
    sitting.mode = SittingMode.MULTI_SITE
    sitting.video_url = "https://visio.example.org/mobilites"
    sitting.save()
    login(world.elu)
    response = client.get(url("sitting", cw["body"].pk, sitting.pk))
    assertContains(response, "Plan vélo")
    assertContains(response, "https://visio.example.org/mobilites")
    assertContains(response, url("note", cw["body"].pk, sitting.pk))
    assertContains(response, "Carte des pistes")
    assertContains(response, "Rose Remplaçante remplace Marc Membre")
    download = client.get(url("annex", cw["body"].pk, sitting.pk, cw["annex"].pk))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_an_in_person_sitting_shows_no_video_link(client, world, cw, login):
    login(world.elu)
    response = client.get(url("sitting", cw["body"].pk, cw["sitting"].pk))
    assertNotContains(response, "Rejoindre la visioconférence")


def test_the_replacement_sees_the_dossier_of_that_sitting_only(client, world, cw, login):
    login(cw["rose"])
    response = client.get(url("sitting", cw["body"].pk, cw["sitting"].pk))
    assertContains(response, "Vous remplacez <strong>Marc Membre</strong>")
    other = SittingFactory(body=cw["body"], status=SittingStatus.CONVENED)
    assert client.get(url("sitting", cw["body"].pk, other.pk)).status_code == 403


def test_a_sitting_in_preparation_is_not_shown(client, world, cw, login):
    draft = SittingFactory(body=cw["body"])
    login(world.elu)
    assert client.get(url("sitting", cw["body"].pk, draft.pk)).status_code == 403


# --- The mayor names a replacement ------------------------------------------------------------


def test_the_mayor_names_a_replacement_from_the_form(client, world, cw, login):
    sitting = SittingFactory(body=cw["body"], status=SittingStatus.CONVENED)
    login(world.elu)
    page = client.get(url("replace", cw["body"].pk, sitting.pk))
    assertContains(page, "Marc Membre (Bonneville)")
    assertContains(page, "Rose Remplaçante")
    assertNotContains(page, "Claire Présidente")
    response = client.post(
        url("replace", cw["body"].pk, sitting.pk),
        {"seat": cw["member_seat"].pk, "replacement": cw["rose"].pk},
    )
    assert response.status_code == 302
    assert Replacement.objects.filter(sitting=sitting, replacement=cw["rose"]).exists()


def test_a_councillor_of_another_commune_is_not_offered(client, world, cw, login):
    stranger = councillor(marignier(), first_name="Sam", last_name="Voisin")
    sitting = SittingFactory(body=cw["body"], status=SittingStatus.CONVENED)
    login(world.elu)
    response = client.post(
        url("replace", cw["body"].pk, sitting.pk),
        {"seat": cw["member_seat"].pk, "replacement": stranger.pk},
    )
    assert response.status_code == 200
    assertContains(response, "Choisissez un conseiller municipal de la commune")


def test_a_second_replacement_for_the_member_is_refused_in_french(client, world, cw, login):
    other = councillor(world.commune, first_name="Otto", last_name="Autre")
    login(world.elu)
    response = client.post(
        url("replace", cw["body"].pk, cw["sitting"].pk),
        {"seat": cw["member_seat"].pk, "replacement": other.pk},
    )
    assert response.status_code == 200
    assertContains(response, "déjà remplacé par Rose Remplaçante")


def test_a_closed_sitting_takes_no_replacement(client, world, cw, login):
    sitting = closed_sitting(cw["body"], in_days(-7))
    login(world.elu)
    response = client.get(url("replace", cw["body"].pk, sitting.pk))
    assertContains(response, "La séance est close")
    assertNotContains(response, "Désigner le remplaçant</button>")


def test_the_mayor_withdraws_the_replacement(client, world, cw, login):
    login(world.elu)
    response = client.post(
        url("replacement_cancel", cw["body"].pk, cw["sitting"].pk, cw["replacement"].pk)
    )
    assert response.status_code == 302
    assert not Replacement.objects.exists()


def test_another_mayor_may_not_withdraw_it(client, world, cw, login):
    from maillage.people.models import Function

    other_mayor = councillor(marignier(), function=Function.MAIRE, first_name="Max")
    login(other_mayor)
    response = client.post(
        url("replacement_cancel", cw["body"].pk, cw["sitting"].pk, cw["replacement"].pk)
    )
    assert response.status_code == 403


# --- My attendance history --------------------------------------------------------------------


def test_the_history_shows_attendance_following_and_replacements(client, world, cw, login):
    held = closed_sitting(cw["body"], in_days(-30))
    Attendance.objects.create(sitting=held, seat=cw["member_seat"], status=Presence.EXCUSED)
    login(cw["member"])
    response = client.get(url("history"))
    assertContains(response, "Excusé")
    assertContains(response, "Remplacé")
    assertContains(response, "Par Rose Remplaçante")
    login(cw["rose"])
    response = client.get(url("history"))
    assertContains(response, "Remplace Marc Membre (Bonneville)")
    login(world.elu)
    assertContains(client.get(url("history")), "Suivie sans siège")


def _history_rows(world, body, seat, count):
    for index in range(count):
        sitting = closed_sitting(body, in_days(-(index + 2)))
        Attendance.objects.create(sitting=sitting, seat=seat, status=Presence.PRESENT)


@pytest.mark.parametrize("count", [1, 50])
def test_the_history_query_count_does_not_grow(
    client, world, login, count, django_assert_max_num_queries
):
    body = commission(world.space)
    seat = SeatFactory(body=body, person=world.elu, organisation=world.commune)
    _history_rows(world, body, seat, count)
    login(world.elu)
    with django_assert_max_num_queries(16):
        response = client.get(url("history"))
    assert response.content.decode().count("<tr>") == count + 1


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_query_count_does_not_grow(
    client, world, login, count, django_assert_max_num_queries
):
    for index in range(count):
        body = commission(world.space, name=f"Commission {index:02d}")
        SeatFactory(body=body, person=councillor(world.commune), organisation=world.commune)
        SittingFactory(body=body, status=SittingStatus.CONVENED)
    login(world.elu)
    with django_assert_max_num_queries(16):
        response = client.get(url("list"))
    assert response.content.decode().count('class="commissions-situation"') == count
