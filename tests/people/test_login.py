import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from maillage.people.models import LoginToken, User
from tests.territories.factories import CommuneFactory

from .factories import MandateFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ask_link(django_capture_on_commit_callbacks):
    def ask(client, email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("people:login"), {"email": email})

    return ask


def link_in_last_mail() -> str:
    return re.search(r"http://\S+/connexion/lien/\S+/", mail.outbox[-1].body).group(0)


def path_of(link: str) -> str:
    return link.split("8000", 1)[1]


@pytest.fixture
def mayor():
    return MandateFactory(
        person=PersonFactory(email="maire@mairie.test", first_name="Marie"),
        organisation=CommuneFactory(),
        function="maire",
    ).person


def test_an_elu_with_a_mandate_gets_a_link_by_email_and_an_account(client, mayor, ask_link):
    response = ask_link(client, "Maire@Mairie.test")
    assertContains(response, "un lien de connexion vient d'y être envoyé")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maire@mairie.test"]
    assert message.subject == "Votre lien de connexion à Maillage"
    assert "valable 15 minutes" in message.body
    assert message.alternatives[0][1] == "text/html"
    mayor.refresh_from_db()
    assert mayor.user.email == "maire@mairie.test"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, ask_link):
    response = ask_link(client, "inconnu@nulle-part.test")
    assertContains(response, "un lien de connexion vient d'y être envoyé")
    assert mail.outbox == []
    assert not User.objects.exists()


def test_a_malformed_address_is_refused_in_french_and_kept_in_the_form(client, ask_link):
    response = ask_link(client, "pas-une-adresse")
    assertContains(response, "Adresse électronique non valide")
    assertContains(response, 'value="pas-une-adresse"')


def test_the_link_logs_in_once_after_a_confirmation_click(client, mayor, ask_link):
    ask_link(client, "maire@mairie.test")
    path = path_of(link_in_last_mail())

    # Opening the link (as a mail scanner would) does not use it up.
    assertContains(client.get(path), "Me connecter")
    response = client.post(path)
    assertRedirects(response, reverse("people:my_space"))
    assert client.get(reverse("people:my_space")).status_code == 200

    again = Client().post(path)
    assert again.status_code == 400
    assertContains(again, "Ce lien de connexion a déjà servi", status_code=400)


def test_an_expired_link_says_so(client, mayor, ask_link):
    ask_link(client, "maire@mairie.test")
    LoginToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(path_of(link_in_last_mail()))
    assertContains(response, "Ce lien de connexion a expiré", status_code=400)
    assert "_auth_user_id" not in client.session


def test_a_forged_link_is_refused(client):
    response = client.post(reverse("people:login_link", args=["n-importe-quoi"]))
    assertContains(response, "Ce lien de connexion n&#x27;est pas valide", status_code=400)


def test_only_the_hash_of_the_token_is_stored(client, mayor, ask_link):
    ask_link(client, "maire@mairie.test")
    token = link_in_last_mail().rstrip("/").rsplit("/", 1)[1]
    assert not LoginToken.objects.filter(token_hash=token).exists()


def test_logout_everywhere_ends_the_sessions_on_other_devices(mayor):
    phone, laptop = Client(), Client()
    user = UserFactory()
    phone.force_login(user)
    laptop.force_login(user)

    laptop.post(reverse("people:logout_everywhere"))

    response = phone.get(reverse("people:my_space"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:login"))


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    assert client.get(reverse("people:logout")).status_code == 405
    client.post(reverse("people:logout"))
    assert "_auth_user_id" not in client.session


def test_staff_log_in_with_a_password(client):
    user = UserFactory(username="equipe", is_staff=True)
    user.set_password("un mot de passe solide 2026")
    user.save()
    response = client.post(
        reverse("people:password_login"),
        {"username": "equipe", "password": "un mot de passe solide 2026"},
    )
    assertRedirects(response, reverse("people:my_space"))


def test_a_wrong_password_is_refused_in_french(client):
    response = client.post(reverse("people:password_login"), {"username": "x", "password": "y"})
    assertContains(response, "Identifiant ou mot de passe incorrect")


def test_proconnect_is_offered_only_when_configured(client, settings):
    assert "ProConnect" not in client.get(reverse("people:login")).content.decode()
    settings.PROCONNECT_ENABLED = True
    # The button posts to mozilla-django-oidc's view, mounted only when configured at start.
    with pytest.raises(Exception, match="oidc_authentication_init"):
        client.get(reverse("people:login"))
