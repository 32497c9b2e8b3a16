"""Pages of polls: list, opening, answering, results (page and partial), close, outcome,
date poll → sitting; query counts."""

import datetime

import pytest
from django.utils import timezone

from maillage.meetings.models import Sitting
from maillage.notifications.models import Notification
from maillage.polls import services
from maillage.polls.models import Audience, Poll, PollKind, PollStatus, Stance
from maillage.polls.rules import AGREE, BLOCK, YES
from tests.meetings.factories import council
from tests.people.factories import MandateFactory, person_with_account

from .factories import expire, make_poll, option_ids

pytestmark = pytest.mark.django_db


SOON = f"{timezone.localdate() + datetime.timedelta(days=10):%Y-%m-%d}T12:00"


def url(poll, suffix=""):
    return f"/espaces/{poll.space.slug}/sondages/{poll.pk}/{suffix}"


# --- List ---------------------------------------------------------------------------------------


def test_the_space_home_links_to_the_polls(client, world):
    assert "/espaces/cc-test/sondages/" in client.get("/espaces/cc-test/").content.decode()


def test_the_list_shows_open_polls_i_can_answer_first_then_closed_ones(login, world):
    body = council(world.space, people=[world.agent])
    not_for_me = make_poll(world.space, world.agent, audience=Audience.BODY, body=body,
                           title="Pour le conseil")  # fmt: skip
    closed = make_poll(world.space, world.agent, title="Déjà clos")
    services.close_poll(actor=world.agent.user, poll=closed)
    mine = make_poll(world.space, world.agent, title="À moi de répondre")
    page = login(world.elu).get("/espaces/cc-test/sondages/")
    assert [p.pk for p in page.context["page"]] == [mine.pk, not_for_me.pk, closed.pk]
    html = page.content.decode()
    assert "À répondre" in html and "Non interrogé" in html


def test_the_list_closes_polls_past_their_date(login, world):
    poll = expire(make_poll(world.space, world.agent))
    login(world.elu).get("/espaces/cc-test/sondages/")
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_query_count_does_not_grow_with_the_polls(
    login, world, django_assert_max_num_queries, count
):
    body = council(world.space, people=[world.elu])
    for i in range(count):
        audience = [Audience.SPACE, Audience.BODY, Audience.LIST][i % 3]
        make_poll(world.space, world.agent, audience=audience, body=body,
                  invitees=[world.elu], title=f"Sondage {i}")  # fmt: skip
    client = login(world.elu)
    with django_assert_max_num_queries(11):
        response = client.get("/espaces/cc-test/sondages/")
    assert len(response.context["page"]) == count


# --- Opening ------------------------------------------------------------------------------------


def test_opening_a_poll_starts_with_its_kind(login, world):
    html = login(world.elu).get("/espaces/cc-test/sondages/nouveau/").content.decode()
    assert 'name="type"' in html and "Choix d&#x27;une date de réunion" in html


def test_the_form_adapts_to_the_kind(login, world):
    client = login(world.elu)
    date = client.get("/espaces/cc-test/sondages/nouveau/?type=date").content.decode()
    assert 'name="dates"' in date and 'name="options"' not in date
    dots = client.get("/espaces/cc-test/sondages/nouveau/?type=points").content.decode()
    assert 'name="options"' in dots and 'name="dot_budget"' in dots
    consent = client.get("/espaces/cc-test/sondages/nouveau/?type=consentement").content
    assert b'name="options"' not in consent and b'name="dates"' not in consent


def test_an_elu_opens_a_date_poll(login, world):
    day = timezone.localdate() + datetime.timedelta(days=30)
    response = login(world.elu).post(
        "/espaces/cc-test/sondages/nouveau/",
        {
            "type": "date",
            "title": "Date du prochain bureau",
            "dates": f"{day:%d/%m/%Y} 18:00\n{day:%d/%m/%Y} à 9 h 30",
            "closes_at": f"{day - datetime.timedelta(days=10):%Y-%m-%d}T12:00",
            "audience": "espace",
        },
    )
    poll = Poll.objects.get()
    assert response.status_code == 302 and response.url == poll.get_absolute_url()
    assert poll.author == world.elu and poll.kind == PollKind.DATE
    assert [timezone.localtime(o.starts_at).hour for o in poll.options.all()] == [9, 18]


def test_a_refused_poll_keeps_what_was_typed(login, world):
    response = login(world.elu).post(
        "/espaces/cc-test/sondages/nouveau/",
        {"type": "classement", "title": "Où se réunir ?", "options": "Une seule salle",
         "closes_at": SOON, "audience": "espace"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "au moins 2 options" in html and "Une seule salle" in html and "Où se réunir ?" in html
    assert not Poll.objects.exists()


def test_an_unreadable_date_is_refused_in_french(login, world):
    response = login(world.elu).post(
        "/espaces/cc-test/sondages/nouveau/",
        {"type": "date", "title": "Quand ?", "dates": "mardi prochain",
         "closes_at": SOON, "audience": "espace"},
    )  # fmt: skip
    assert "« mardi prochain » n&#x27;est pas une date lisible" in response.content.decode()


# --- Answering ----------------------------------------------------------------------------------


def test_an_elu_answers_then_changes_their_stance(login, world):
    poll = make_poll(world.space, world.agent)
    client = login(world.elu)
    assert client.post(url(poll), {"consent": AGREE}).status_code == 302
    response = client.post(url(poll), {"consent": BLOCK, "reason": "Pas budgété"}, follow=True)
    assert "Votre réponse est modifiée." in response.content.decode()
    assert Stance.objects.get().consent == BLOCK
    assert 'value="blocage" id="id_consent_3" required checked' in response.content.decode()


def test_the_answer_form_shows_my_current_stance(login, world):
    poll = make_poll(world.space, world.agent, PollKind.DOTS)
    a, b, c = option_ids(poll)
    services.submit_stance(actor=world.elu.user, poll=poll, values={a: 7, b: 3})
    form = login(world.elu).get(url(poll)).context["form"]
    assert form.initial == {f"option_{a}": 7, f"option_{b}": 3, f"option_{c}": 0}


def test_a_refused_answer_keeps_the_reason_typed(login, world):
    poll = make_poll(world.space, world.agent)
    response = login(world.elu).post(url(poll), {"consent": "desaccord", "reason": ""})
    assert "Donnez la raison" in response.content.decode()
    response = login(world.elu).post(url(poll), {"consent": "abstention", "reason": "x" * 2001})
    assert "x" * 2001 in response.content.decode()


def test_a_dot_vote_over_budget_is_refused_in_french(login, world):
    poll = make_poll(world.space, world.agent, PollKind.DOTS, dot_budget=5)
    a, b, _ = option_ids(poll)
    response = login(world.elu).post(url(poll), {f"option_{a}": 4, f"option_{b}": 4})
    assert "Vous avez réparti 8 points : vous en avez 5 au plus." in response.content.decode()
    assert not Stance.objects.exists()


def test_a_person_outside_the_audience_gets_a_french_403(login, world):
    body = council(world.space, people=[world.elu])
    poll = make_poll(world.space, world.agent, audience=Audience.BODY, body=body)
    client = login(world.referent)
    assert "ne s'adresse pas à vous" in client.get(url(poll)).content.decode()
    response = client.post(url(poll), {"consent": AGREE})
    assert response.status_code == 403
    assert "ne s&#x27;adresse pas à vous" in response.content.decode()
    assert not Stance.objects.exists()


def test_an_answer_after_the_close_is_refused(login, world):
    poll = make_poll(world.space, world.agent)
    client = login(world.elu)
    expire(poll)
    response = client.post(url(poll), {"consent": AGREE})
    assert response.status_code == 200
    assert "Le sondage est clos" in response.content.decode()
    assert not Stance.objects.exists()


def test_the_first_view_after_the_date_closes_the_poll_and_tells_the_audience(login, world):
    poll = expire(make_poll(world.space, world.agent))
    html = login(world.elu).get(url(poll)).content.decode()
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED and poll.closed_at == poll.closes_at
    assert "Le sondage est clos" in html and "Clore le sondage" not in html
    assert Notification.objects.filter(title=f"Sondage clos : {poll.title}").count() == 4


def test_a_closed_poll_refuses_a_late_answer_with_a_french_message(login, world, monkeypatch):
    """The poll closes between the page's check and the service's (a race): the service's
    refusal is shown on the form."""
    poll = make_poll(world.space, world.agent)
    monkeypatch.setattr("maillage.polls.perms.can_answer", lambda user, poll: True)
    services.close_poll(actor=world.agent.user, poll=poll)
    response = login(world.elu).post(url(poll), {"consent": AGREE})
    assert "les réponses ne sont plus acceptées" in response.content.decode()


# --- Results ------------------------------------------------------------------------------------


def test_results_show_as_svg_bars_and_a_table(login, world):
    poll = make_poll(world.space, world.agent, PollKind.SCORE)
    a, b = option_ids(poll)
    services.submit_stance(actor=world.elu.user, poll=poll, values={a: 4, b: 2})
    html = login(world.elu).get(url(poll)).content.decode()
    assert "<svg" in html and 'role="img"' in html and "<caption>Résultats par option" in html
    assert "Projet A : 4,00 (en tête)" in html and "En tête : Projet A." in html
    assert 'width="80.0%"' in html  # 4 of 5


def test_hidden_results_are_shown_to_nobody_before_the_close(login, world):
    poll = make_poll(world.space, world.agent, PollKind.RANKED, hide_results=True)
    a, b, c = option_ids(poll)
    services.submit_stance(actor=world.elu.user, poll=poll, values={a: 1, b: 2, c: 3})
    for person in (world.elu, world.agent, world.admin):
        client = login(person)
        for path in (url(poll), url(poll, "resultats/")):
            html = client.get(path).content.decode()
            assert "cachés jusqu'à la clôture" in html
            assert "(en tête)" not in html and "<svg" not in html
            assert "Option retenue" not in html
            assert "1 réponse sur 4" in html
    services.close_poll(actor=world.agent.user, poll=poll)
    for path in (url(poll), url(poll, "resultats/")):
        html = login(world.elu).get(path).content.decode()
        assert "Option retenue : Salle des fêtes" in html and "<svg" in html


def test_the_results_partial_is_the_results_block_alone(login, world):
    poll = make_poll(world.space, world.agent)
    services.submit_stance(actor=world.elu.user, poll=poll, consent=AGREE)
    html = login(world.elu).get(url(poll, "resultats/"), HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith("{#") is False and "<html" not in html
    assert 'id="resultats"' in html and "Consentement : aucune objection bloquante." in html


def test_consent_reasons_are_shown_with_names(login, world):
    poll = make_poll(world.space, world.agent)
    services.submit_stance(actor=world.elu.user, poll=poll, consent=BLOCK, reason="Trop tôt")
    html = login(world.agent).get(url(poll)).content.decode()
    assert "Élise Maire" in html and "Trop tôt" in html and "Proposition bloquée" in html


@pytest.mark.parametrize("voters", [1, 50])
def test_the_poll_page_query_count_does_not_grow_with_the_voters(
    login, world, django_assert_max_num_queries, voters
):
    body = council(world.space, people=[world.elu])
    poll = make_poll(world.space, world.agent, PollKind.DATE, audience=Audience.BODY, body=body)
    ids = option_ids(poll)
    people = [world.elu] + [person_with_account() for _ in range(voters - 1)]
    for person in people[1:]:
        body.seats.create(person=person, kind="titulaire")
        MandateFactory(person=person, organisation=world.commune)
    for person in people:
        services.submit_stance(actor=person.user, poll=poll, values=dict.fromkeys(ids, YES))
    client = login(world.elu)
    with django_assert_max_num_queries(14):
        response = client.get(url(poll))
    assert response.context["answer_count"] == voters
    assert f"{voters} réponse" in response.content.decode()


# --- Close, outcome, sitting --------------------------------------------------------------------


def test_only_those_who_manage_the_poll_close_it(login, world):
    poll = make_poll(world.space, world.elu)
    assert login(world.referent).post(url(poll, "clore/")).status_code == 403
    assert login(world.elu).post(url(poll, "clore/")).status_code == 302
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED


def test_the_outcome_is_shown_at_the_top_as_markdown(login, world):
    poll = make_poll(world.space, world.agent)
    services.close_poll(actor=world.agent.user, poll=poll)
    client = login(world.agent)
    response = client.post(url(poll, "conclusion/"), {"text": "**Adopté** <script>x</script>"})
    assert response.status_code == 302
    html = client.get(url(poll)).content.decode()
    assert "<strong>Adopté</strong>" in html and "<script>x" not in html
    assert html.index("Conclusion") < html.index("Votre réponse")


def test_an_agent_turns_a_closed_date_poll_into_a_sitting(login, world):
    body = council(world.space, people=[world.elu])
    poll = make_poll(world.space, world.agent, PollKind.DATE, audience=Audience.BODY, body=body)
    values = dict.fromkeys(option_ids(poll), YES)
    services.submit_stance(actor=world.elu.user, poll=poll, values=values)
    services.close_poll(actor=world.agent.user, poll=poll)
    client = login(world.agent)
    page = client.get(url(poll)).content.decode()
    assert "Créer la séance" in page
    response = client.post(url(poll, "seance/"), {"place": "Salle du conseil"})
    sitting = Sitting.objects.get()
    assert response.status_code == 302 and response.url == sitting.get_absolute_url()
    html = client.get(url(poll)).content.decode()
    assert "Séance créée" in html and sitting.get_absolute_url() in html
    assert "Créer la séance" not in html


def test_a_refused_sitting_shows_the_french_error_and_keeps_the_place(login, world):
    body = council(world.space, people=[world.elu])
    poll = make_poll(world.space, world.agent, PollKind.DATE, audience=Audience.BODY, body=body)
    values = dict.fromkeys(option_ids(poll), YES)
    services.submit_stance(actor=world.elu.user, poll=poll, values=values)
    services.close_poll(actor=world.agent.user, poll=poll)
    poll.options.update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    response = login(world.agent).post(url(poll, "seance/"), {"place": "Salle des fêtes"})
    html = response.content.decode()
    assert "La séance ne peut pas avoir lieu dans le passé." in html
    assert 'value="Salle des fêtes"' in html
    assert not Sitting.objects.exists()


def test_an_elu_cannot_turn_a_poll_into_a_sitting(login, world):
    body = council(world.space, people=[world.elu])
    poll = make_poll(world.space, world.elu, PollKind.DATE, audience=Audience.BODY, body=body)
    services.close_poll(actor=world.elu.user, poll=poll)
    response = login(world.elu).post(url(poll, "seance/"), {"place": "Salle"})
    assert (
        response.status_code == 403 and "agents et aux administrateurs" in response.content.decode()
    )
