import re

import pytest

from maillage.notifications import services
from maillage.notifications.models import Frequency, Kind, Notification
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_my_notifications_are_listed_newest_first_with_unread_ones_labelled(login, world):
    NotificationFactory(person=world.elu, title="Ancienne", read_at="2025-01-01T10:00Z")
    NotificationFactory(person=world.elu, title="Récente")
    NotificationFactory(person=world.agent, title="Pas pour moi")
    html = login(world.elu).get("/notifications/").content.decode()
    assert html.index("Récente") < html.index("Ancienne")
    assert "Pas pour moi" not in html
    assert html.count("Non lue</strong>") == 1


def test_the_header_shows_the_unread_count_in_words(login, world):
    NotificationFactory.create_batch(3, person=world.elu)
    html = login(world.elu).get("/").content.decode()
    assert '<span class="notif-count">3<span class="visually-hidden"> non lues</span>' in html


def test_the_header_count_costs_one_query_and_none_for_a_visitor(
    client, login, world, django_assert_num_queries
):
    from django.test import RequestFactory

    from maillage.notifications.context_processors import notifications

    request = RequestFactory().get("/")
    request.user = world.elu.user
    count = notifications(request)["unread_notification_count"]
    with django_assert_num_queries(1):
        assert count() == 0
        assert count() == 0
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert notifications(request)["unread_notification_count"]() == 0


def test_marking_one_as_read_removes_the_label(login, world):
    notification = NotificationFactory(person=world.elu)
    client = login(world.elu)
    response = client.post(f"/notifications/{notification.pk}/lue/")
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "Non lue</strong>" not in client.get("/notifications/").content.decode()


def test_marking_read_with_htmx_returns_the_row_and_the_new_count(login, world):
    first, _second = NotificationFactory.create_batch(2, person=world.elu)
    response = login(world.elu).post(f"/notifications/{first.pk}/lue/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert f'id="notification-{first.pk}"' in html and "Non lue" not in html.split("unread")[0]
    assert 'hx-swap-oob="true"' in html and ">1<" in html


def test_someone_elses_notification_cannot_be_marked(login, world):
    notification = NotificationFactory(person=world.agent)
    assert login(world.elu).post(f"/notifications/{notification.pk}/lue/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_all_as_read(login, world):
    NotificationFactory.create_batch(3, person=world.elu)
    other = NotificationFactory(person=world.agent)
    login(world.elu).post("/notifications/tout-marquer-lu/")
    assert not Notification.objects.filter(person=world.elu, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


@pytest.mark.parametrize("count", [1, 50])
def test_the_notification_list_costs_the_same_queries_at_1_and_50_rows(
    login, world, django_assert_max_num_queries, count
):
    NotificationFactory.create_batch(count, person=world.elu, space=world.space)
    client = login(world.elu)
    with django_assert_max_num_queries(6):
        response = client.get("/notifications/")
    assert response.content.decode().count("Non lue</strong>") == count


def test_the_list_is_paginated_by_50(login, world):
    NotificationFactory.create_batch(51, person=world.elu)
    html = login(world.elu).get("/notifications/").content.decode()
    assert html.count("Non lue</strong>") == 50 and "Page 1 sur 2" in html


def test_preferences_show_one_choice_per_kind_with_its_default(login, world):
    html = login(world.elu).get("/notifications/preferences/").content.decode()
    assert html.count("<legend>") == len(Kind)
    assert "Par défaut : Tout de suite." in html


def test_preferences_are_saved_from_the_form(login, world):
    data = services.preferences_of(world.elu) | {Kind.POLL: Frequency.WEEKLY}
    response = login(world.elu).post("/notifications/preferences/", data)
    assert response.status_code == 302
    assert services.preferences_of(world.elu)[Kind.POLL] == Frequency.WEEKLY


def test_a_refused_preferences_form_is_shown_again_filled(login, world):
    data = services.preferences_of(world.elu) | {Kind.POLL: Frequency.WEEKLY, Kind.SURVEY: "x"}
    response = login(world.elu).post("/notifications/preferences/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "erreur" in html
    assert re.search(r'name="sondage" value="hebdomadaire"[^>]*checked', html)
    assert services.preferences_of(world.elu)[Kind.POLL] == Frequency.DAILY


def test_my_space_links_to_the_preferences(login, world):
    assert "/notifications/preferences/" in login(world.elu).get("/mon-espace/").content.decode()


# Unsubscribe from the email


def test_the_unsubscribe_link_asks_before_changing_anything(client, world):
    token = services.unsubscribe_token(world.elu, Kind.MENTION)
    response = client.get(f"/notifications/desabonnement/{token}/")
    assert response.status_code == 200
    assert "Confirmer le désabonnement" in response.content.decode()
    assert services.preferences_of(world.elu)[Kind.MENTION] == Frequency.IMMEDIATE


def test_the_one_click_post_of_a_mail_client_unsubscribes_without_login_or_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    token = services.unsubscribe_token(world.elu, Kind.MENTION)
    response = client.post(
        f"/notifications/desabonnement/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert "Désabonnement enregistré" in response.content.decode()
    assert services.preferences_of(world.elu)[Kind.MENTION] == Frequency.NEVER


def test_a_tampered_unsubscribe_link_gets_a_french_400_page(client, world):
    token = services.unsubscribe_token(world.elu, Kind.MENTION)
    response = client.post(f"/notifications/desabonnement/{token}x/")
    assert response.status_code == 400
    assert "pas valide" in response.content.decode()
    assert services.preferences_of(world.elu)[Kind.MENTION] == Frequency.IMMEDIATE


def test_an_expired_unsubscribe_link_says_so(client, world):
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=1_000_000_000):
        token = services.unsubscribe_token(world.elu, Kind.MENTION)
    response = client.get(f"/notifications/desabonnement/{token}/")
    assert response.status_code == 400
    assert "a expiré" in response.content.decode()
