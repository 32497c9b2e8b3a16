"""Pages of convocations: the sitting panel, sending, tracking, paper, the dossier link,
replies, calendar files and the private feed."""

import datetime
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.meetings.models import (
    Answer,
    CalendarFeed,
    Channel,
    Convocation,
    Reply,
    SeatKind,
    SittingStatus,
)
from maillage.meetings.services import calendars
from maillage.meetings.services import convocations as services
from tests.meetings.factories import (
    AgendaItemFactory,
    SeatFactory,
    SittingFactory,
    council,
    in_days,
)
from tests.people.factories import PersonFactory


@pytest.fixture
def body(world):
    return council(world.space, members=2, people=[world.elu], chair=world.elu)


@pytest.fixture
def sitting(body):
    sitting = SittingFactory(body=body, starts_at=in_days(14), place="Salle des fêtes")
    AgendaItemFactory(
        sitting=sitting, position=1, title="Pacte de gouvernance", summary="Le projet de pacte."
    )
    return sitting


def url(name, sitting, *args):
    return reverse(f"meetings:{name}", args=[sitting.body.space.slug, sitting.pk, *args])


def sent(world, sitting, mailoutbox, capture):
    with capture(execute=True):
        services.send_convocations(actor=world.agent.user, sitting=sitting)
    sitting.refresh_from_db()
    return {m.to[0]: m for m in mailoutbox}


def token_of(message) -> str:
    return re.search(r"/convocations/([\w-]+)/", message.body).group(1)


# --- Sending and tracking ----------------------------------------------------------------------


def test_the_sitting_page_shows_the_deadline_the_recipients_and_the_send_button(
    login, world, sitting
):
    page = login(world.agent).get(sitting.get_absolute_url()).content.decode()
    assert "Date limite d'envoi" in page
    assert f"{services.deadline(sitting).year}" in page
    assert "Destinataires" in page and "3 titulaires" in page
    assert "Envoyer les convocations" in page


def test_a_member_sees_no_send_button_but_the_reply_link_once_convened(login, world, sitting):
    sitting.status = SittingStatus.CONVENED
    sitting.save()
    page = login(world.elu).get(sitting.get_absolute_url()).content.decode()
    assert "Envoyer les convocations" not in page
    assert url("reply", sitting) in page
    assert url("sitting_ics", sitting) in page


def test_sending_from_the_panel_convenes_the_sitting_and_says_so(
    login, world, sitting, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("send_convocations", sitting), follow=True)
    page = response.content.decode()
    assert "3 convocation(s) envoyée(s) par courriel" in page
    assert "La séance est convoquée." in page
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CONVENED
    assert len(mailoutbox) == 3


def test_a_member_without_email_is_named_on_the_panel_until_his_paper_is_recorded(
    login, world, body, sitting
):
    SeatFactory(body=body, person=PersonFactory(first_name="Paul", last_name="Papier", email=""))
    client = login(world.agent)
    page = client.post(url("send_convocations", sitting), follow=True).content.decode()
    assert "pas encore marquée convoquée" in page and "Paul Papier" in page
    paper = Convocation.objects.get(channel=Channel.PAPER)
    form_url = url("record_paper_convocation", sitting, paper.pk)
    assert form_url in client.get(url("convocations", sitting) + "?filtre=papier").content.decode()

    future = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(form_url, {"sent_at": future, "note": "En main propre"}).content.decode()
    assert "ne peut pas être dans le futur" in page
    assert 'value="En main propre"' in page

    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    page = client.post(form_url, {"sent_at": now, "note": "En main propre"}, follow=True)
    assert "la séance est convoquée" in page.content.decode()
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CONVENED


def test_a_late_sending_is_refused_on_the_page_and_keeps_the_reason_typed(login, world, body):
    sitting = SittingFactory(body=body, starts_at=in_days(1))
    AgendaItemFactory(sitting=sitting)
    response = login(world.agent).post(
        url("send_convocations", sitting), {"urgent": "on", "urgency_reason": "Crue du Giffre"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Même en urgence" in page
    assert "Crue du Giffre" in page
    assert not Convocation.objects.exists()


def test_past_the_deadline_the_panel_offers_only_an_urgency_with_its_reason(login, world, body):
    sitting = SittingFactory(body=body, starts_at=in_days(3))
    AgendaItemFactory(sitting=sitting)
    client = login(world.agent)
    page = client.get(sitting.get_absolute_url()).content.decode()
    assert "Envoyer les convocations en urgence" in page
    assert "Motif de l&#x27;urgence" in page
    client.post(url("send_convocations", sitting), {"urgent": "on", "urgency_reason": "Crue"})
    sitting.refresh_from_db()
    assert sitting.urgent and sitting.status == SittingStatus.CONVENED
    assert "Convocation en urgence" in client.get(sitting.get_absolute_url()).content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_convocations_page_query_count_does_not_grow_with_its_length(
    login, world, django_assert_max_num_queries, rows
):
    body = council(world.space, members=rows)
    sitting = SittingFactory(body=body)
    AgendaItemFactory(sitting=sitting)
    services.send_convocations(actor=world.agent.user, sitting=sitting)
    seats = list(body.seats.all()[:2])
    if len(seats) == 2:
        services.reply(
            actor=None, sitting=sitting, seat=seats[0], answer=Answer.PROXY, proxy_holder=seats[1]
        )
    client = login(world.agent)
    with django_assert_max_num_queries(14):
        page = client.get(url("convocations", sitting)).content.decode()
    assert page.count("<tr>") == min(rows + 1, 50) + 1  # one per recipient (+ copy) + header


def test_the_convocations_page_lists_reason_channel_and_reply(
    login, world, sitting, body, mailoutbox, django_capture_on_commit_callbacks
):
    sent(world, sitting, mailoutbox, django_capture_on_commit_callbacks)
    seat = body.seats.get(person=world.elu)
    holder = body.seats.exclude(person=world.elu).first()
    services.reply(actor=None, sitting=sitting, seat=seat, answer=Answer.PROXY, proxy_holder=holder)
    page = login(world.agent).get(url("convocations", sitting)).content.decode()
    assert "Membre de l&#x27;instance" in page and "Courriel" in page
    assert f"Je donne pouvoir à {holder.person.full_name}" in page


# --- The dossier link --------------------------------------------------------------------------


def test_the_dossier_link_shows_the_agenda_and_records_the_first_opening(
    client, world, sitting, mailoutbox, django_capture_on_commit_callbacks
):
    messages = sent(world, sitting, mailoutbox, django_capture_on_commit_callbacks)
    token = token_of(messages[world.elu.email])
    page = client.get(f"/convocations/{token}/").content.decode()
    assert "Pacte de gouvernance" in page and "Le projet de pacte." in page
    assert "Salle des fêtes" in page
    assert "Accuser réception" in page
    convocation = Convocation.objects.get(person=world.elu)
    first_opening = convocation.opened_at
    assert first_opening is not None
    client.get(f"/convocations/{token}/")
    convocation.refresh_from_db()
    assert convocation.opened_at == first_opening


def test_acknowledging_receipt_from_the_dossier_link(
    client, world, sitting, mailoutbox, django_capture_on_commit_callbacks
):
    messages = sent(world, sitting, mailoutbox, django_capture_on_commit_callbacks)
    token = token_of(messages[world.elu.email])
    response = client.post(f"/convocations/{token}/accuser-reception/", follow=True)
    assert "accusé de réception est enregistré" in response.content.decode()
    assert Convocation.objects.get(person=world.elu).acknowledged_at is not None
    assert "Accuser réception" not in response.content.decode()


def test_a_member_answers_with_a_proxy_from_the_dossier_link_without_logging_in(
    client, world, sitting, body, mailoutbox, django_capture_on_commit_callbacks
):
    messages = sent(world, sitting, mailoutbox, django_capture_on_commit_callbacks)
    token = token_of(messages[world.elu.email])
    holder = body.seats.exclude(person=world.elu).first()
    page = client.get(f"/convocations/{token}/").content.decode()
    assert "Je donne pouvoir à" in page and holder.person.full_name in page
    response = client.post(
        f"/convocations/{token}/", {"answer": "pouvoir", "proxy_holder": holder.pk}, follow=True
    )
    assert "Votre réponse est enregistrée" in response.content.decode()
    assert Reply.objects.get().proxy_holder == holder


def test_a_refused_proxy_is_explained_on_the_dossier_page(
    client, world, sitting, body, mailoutbox, django_capture_on_commit_callbacks
):
    messages = sent(world, sitting, mailoutbox, django_capture_on_commit_callbacks)
    token = token_of(messages[world.elu.email])
    giver, holder = body.seats.exclude(person=world.elu)
    services.reply(
        actor=None, sitting=sitting, seat=giver, answer=Answer.PROXY, proxy_holder=holder
    )
    page = client.post(
        f"/convocations/{token}/", {"answer": "pouvoir", "proxy_holder": holder.pk}
    ).content.decode()
    assert "détient déjà un pouvoir" in page
    assert not Reply.objects.filter(seat__person=world.elu).exists()


def test_a_copy_recipient_sees_the_dossier_but_no_reply_form(
    client, world, body, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.people.factories import MandateFactory

    councillor = MandateFactory(organisation=world.commune).person
    sitting = SittingFactory(body=body)
    AgendaItemFactory(sitting=sitting, title="Rapport d'activité")
    messages = sent(world, sitting, mailoutbox, django_capture_on_commit_callbacks)
    message = messages[councillor.email]
    assert "Pour information (article L5211-40-2" in message.body
    page = client.get(f"/convocations/{token_of(message)}/").content.decode()
    assert "Rapport d&#x27;activité" in page
    assert "Copie aux conseillers municipaux" in page
    assert "Ma réponse" not in page


def test_an_unknown_or_expired_dossier_link_is_a_french_404(
    client, world, body, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    response = client.get("/convocations/inconnu/")
    assert response.status_code == 404
    assert "Lien introuvable ou expiré" in response.content.decode()
    sitting = SittingFactory(body=body)
    AgendaItemFactory(sitting=sitting)
    messages = sent(world, sitting, mailoutbox, django_capture_on_commit_callbacks)
    token = token_of(messages[world.elu.email])
    later = sitting.starts_at + datetime.timedelta(days=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(f"/convocations/{token}/").status_code == 404
    assert client.post(f"/convocations/{token}/accuser-reception/").status_code == 404


# --- Replies for logged-in members -------------------------------------------------------------


def test_a_titulaire_answers_absent_and_the_page_shows_his_suppleant_is_called(
    login, world, sitting, body, mailoutbox, django_capture_on_commit_callbacks
):
    sitting.status = SittingStatus.CONVENED
    sitting.save()
    seat = body.seats.get(person=world.elu)
    substitute = SeatFactory(body=body, kind=SeatKind.SUPPLEANT, substitute_for=seat)
    client = login(world.elu)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("reply", sitting), {"answer": "absent"}, follow=True)
    page = response.content.decode()
    assert "Votre réponse actuelle : <strong>Je serai absent" in page
    assert f"{substitute.person.full_name}, est appelé à siéger à votre place" in page
    assert mailoutbox[0].to == [substitute.person.email]


def test_a_proxy_without_a_holder_is_refused_on_the_reply_page(login, world, sitting):
    sitting.status = SittingStatus.CONVENED
    sitting.save()
    page = login(world.elu).post(url("reply", sitting), {"answer": "pouvoir"}).content.decode()
    assert "Choisissez le membre à qui vous donnez pouvoir." in page
    assert not Reply.objects.exists()


# --- Calendars ---------------------------------------------------------------------------------


def test_the_sitting_calendar_file_parses_with_a_stable_uid_and_paris_times(client, sitting):
    sitting.status = SittingStatus.CONVENED
    sitting.save()
    response = client.get(url("sitting_ics", sitting))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]).startswith(f"seance-{sitting.pk}@")
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Paris"
    assert start == sitting.starts_at
    assert event.decoded("dtend") - start == datetime.timedelta(hours=2)
    assert str(event["location"]) == "Salle des fêtes"
    assert "1. Pacte de gouvernance" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"
    again = icalendar.Calendar.from_ical(client.get(url("sitting_ics", sitting)).content)
    assert again.walk("VEVENT")[0]["uid"] == event["uid"]


def test_a_cancelled_sitting_is_cancelled_in_the_calendar(client, sitting):
    sitting.status = SittingStatus.CANCELLED
    sitting.save()
    calendar = icalendar.Calendar.from_ical(client.get(url("sitting_ics", sitting)).content)
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"


def test_cancelling_a_convened_sitting_tells_every_recipient_and_cancels_the_calendar_event(
    login, world, body, sitting, mailoutbox, django_capture_on_commit_callbacks
):
    SeatFactory(body=body, person=PersonFactory(first_name="Paul", last_name="Papier", email=""))
    convocations = sent(world, sitting, mailoutbox, django_capture_on_commit_callbacks)
    paper = Convocation.objects.get(channel=Channel.PAPER)
    services.record_paper_convocation(actor=world.agent.user, convocation=paper,
                                      sent_at=timezone.now())  # fmt: skip
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.CONVENED
    mailoutbox.clear()
    client = login(world.agent)
    assert (
        "en sont averties par courriel"
        in client.get(url("sitting_cancel", sitting)).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("sitting_cancel", sitting), {"reason": "Salle inondée"},
                               follow=True)  # fmt: skip
    page = response.content.decode()
    assert "Les 3 personnes convoquées en sont averties par courriel" in page
    assert "à prévenir par un autre moyen : Paul Papier" in page
    assert {m.to[0] for m in mailoutbox} == set(convocations)
    message = mailoutbox[0]
    assert message.subject.startswith(f"Séance annulée — {body.name} du ")
    assert "est annulée" in message.body and "Motif de l'annulation : Salle inondée" in message.body
    assert "Salle inondée" in message.alternatives[0][0]
    token = token_of(convocations[world.elu.email])
    calendar = icalendar.Calendar.from_ical(client.get(f"/convocations/{token}/seance.ics").content)
    (event,) = calendar.walk("VEVENT")
    assert (str(event["status"]), event["sequence"]) == ("CANCELLED", 1)
    assert "(annulée)" in str(event["summary"])


def test_the_convocation_email_links_to_a_calendar_file(
    client, world, sitting, mailoutbox, django_capture_on_commit_callbacks
):
    messages = sent(world, sitting, mailoutbox, django_capture_on_commit_callbacks)
    token = token_of(messages[world.elu.email])
    assert f"/convocations/{token}/seance.ics" in messages[world.elu.email].body
    calendar = icalendar.Calendar.from_ical(client.get(f"/convocations/{token}/seance.ics").content)
    assert len(calendar.walk("VEVENT")) == 1


def test_the_private_feed_is_created_on_demand_shown_on_my_space_and_renewed(
    login, world, sitting, body
):
    sitting.status = SittingStatus.CONVENED
    sitting.save()
    SittingFactory(body=body)  # in preparation: not in the feed
    client = login(world.elu)
    page = client.get("/mon-espace/").content.decode()
    assert "Créer mon adresse d'agenda privé" in page
    page = client.post("/mon-espace/agenda/renouveler/", follow=True).content.decode()
    feed = CalendarFeed.objects.get(person=world.elu)
    assert f"/agenda/{feed.token}.ics" in page and "Renouveler l'adresse" in page

    calendar = icalendar.Calendar.from_ical(client.get(f"/agenda/{feed.token}.ics").content)
    assert [str(e["uid"]) for e in calendar.walk("VEVENT")] == [
        str(e["uid"])
        for e in icalendar.Calendar.from_ical(client.get(url("sitting_ics", sitting)).content).walk(
            "VEVENT"
        )
    ]

    old = feed.token
    client.post("/mon-espace/agenda/renouveler/")
    feed.refresh_from_db()
    assert feed.token != old
    assert client.get(f"/agenda/{old}.ics").status_code == 404
    assert client.get(f"/agenda/{feed.token}.ics").status_code == 200


def test_the_feed_includes_sittings_one_was_sent_a_copy_of(
    client, world, body, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.people.factories import MandateFactory

    councillor = MandateFactory(organisation=world.commune).person
    sitting = SittingFactory(body=body)
    AgendaItemFactory(sitting=sitting)
    sent(world, sitting, mailoutbox, django_capture_on_commit_callbacks)
    feed = calendars.renew_calendar_feed(actor=None, person=councillor)
    calendar = icalendar.Calendar.from_ical(client.get(f"/agenda/{feed.token}.ics").content)
    assert len(calendar.walk("VEVENT")) == 1


def test_once_sent_the_panel_offers_sending_only_to_recipients_added_since(
    login, world, body, sitting
):
    SeatFactory(body=body, person=PersonFactory(email=""))
    client = login(world.agent)
    client.post(url("send_convocations", sitting))
    page = client.get(sitting.get_absolute_url()).content.decode()
    assert "Envoyer les convocations" not in page
    SeatFactory(body=body)
    page = client.get(sitting.get_absolute_url()).content.decode()
    assert "1 destinataire ajouté depuis l'envoi" in page
    assert "Envoyer les convocations" in page
