"""Opinion request pages as their users see them."""

import datetime

import pytest
from django.urls import reverse

from maillage.opinions import services
from maillage.opinions.models import Opinion, OpinionRequest, Status
from maillage.people.models import Function
from maillage.spaces.models import Space
from tests.opinions.factories import PDF, PNG, draft_request, pdf, sent_request
from tests.people.factories import MandateFactory, person_with_account
from tests.spaces.factories import add_space_members, give
from tests.territories.factories import CommuneFactory, EpciFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def detail_url(request):
    return reverse("opinions:detail", args=[request.space.slug, request.pk])


def record_url(request, target):
    return reverse("opinions:record", args=[request.space.slug, request.pk, target.pk])


def test_an_agent_prepares_a_request_from_the_form(world, login):
    client = login(world.agent)
    response = client.post(
        "/espaces/cc-test/avis/nouvelle/",
        {
            "title": "Rapport de mutualisation 2026",
            "description": "Merci de **délibérer**.",
            "document": pdf(),
            "audience": "membres",
            "rule": "rapport_mutualisation",
        },
    )
    request = OpinionRequest.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(request)
    page = client.get(response.url).content.decode()
    assert "<strong>délibérer</strong>" in page
    assert "Envoyer la demande" in page


def test_a_refused_form_keeps_what_was_typed(world, login):
    client = login(world.agent)
    response = client.post(
        "/espaces/cc-test/avis/nouvelle/",
        {
            "title": "Pacte de gouvernance",
            "description": "Texte soigneusement écrit",
            "document": pdf("image.pdf", PNG),
            "audience": "membres",
            "rule": "pacte_gouvernance",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "n&#x27;est pas un PDF" in page
    assert "Texte soigneusement écrit" in page
    assert 'value="Pacte de gouvernance"' in page
    assert not OpinionRequest.objects.exists()


def test_sending_from_the_page_opens_the_request(world, login):
    request = draft_request(world.space)
    response = login(world.agent).post(
        reverse("opinions:send", args=["cc-test", request.pk]), follow=True
    )
    request.refresh_from_db()
    assert request.status == Status.OPEN
    assert "envoyée à 2 destinataires" in response.content.decode()


def test_the_mayor_records_the_councils_opinion_from_the_form(world, login):
    request = sent_request(world.space)
    target = request.targets.get(organisation=world.commune)
    client = login(world.elu)
    page = client.get(detail_url(request)).content.decode()
    assert "Rendre ou corriger l'avis de Bonneville" in page
    response = client.post(
        record_url(request, target),
        {
            "value": "reserves",
            "comment": "Sous réserve d'un siège au bureau.",
            "deliberation_number": "2025-07",
            "deliberation_date": TODAY.isoformat(),
            "deliberation_pdf": pdf("delib.pdf"),
        },
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.value == "reserves"
    page = client.get(detail_url(request)).content.decode()
    assert "Favorable avec réserves" in page
    assert "n° 2025-07" in page
    pdf_url = reverse("opinions:deliberation", args=["cc-test", request.pk, target.pk])
    assert pdf_url in page
    assert b"".join(client.get(pdf_url).streaming_content) == PDF


def test_reservations_without_text_show_the_form_again_filled(world, login):
    request = sent_request(world.space)
    target = request.targets.get(organisation=world.commune)
    response = login(world.elu).post(
        record_url(request, target),
        {"value": "reserves", "deliberation_number": "2025-07", "deliberation_date": TODAY},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "énonce ses réserves" in page
    assert 'value="2025-07"' in page
    assert not Opinion.objects.exists()
    # The message stands under the field at fault, not only in the summary.
    assert response.context["form"].errors["comment"] == [
        "Un avis favorable avec réserves énonce ses réserves."
    ]


def test_the_mayor_of_another_member_gets_a_french_403(world, login):
    request = sent_request(world.space)
    marignier = request.targets.exclude(organisation=world.commune).get()
    response = login(world.elu).get(record_url(request, marignier))
    assert response.status_code == 403
    assert "maire (ou son président)" in response.content.decode()


def test_after_the_deadline_the_form_is_gone_and_silence_is_shown(world, login):
    request = sent_request(
        world.space, rule="libre", silence="favorable", deadline=TODAY + datetime.timedelta(1)
    )
    OpinionRequest.objects.filter(pk=request.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    target = request.targets.get(organisation=world.commune)
    client = login(world.elu)
    page = client.get(record_url(request, target)).content.decode()
    assert "Le délai de réponse a expiré" in page
    assert '<form method="post" enctype' not in page
    response = client.post(
        record_url(request, target),
        {"value": "favorable", "deliberation_number": "1", "deliberation_date": TODAY},
    )
    assert "a expiré le" in response.content.decode()
    summary = client.get(detail_url(request)).content.decode()
    assert "Réputé favorable (pas de réponse dans le délai)" in summary


def test_the_document_is_served_to_the_space_and_not_to_an_outsider(world, login):
    request = sent_request(world.space)
    url = reverse("opinions:document", args=["cc-test", request.pk])
    assert b"".join(login(world.referent).get(url).streaming_content) == PDF
    assert login(world.outsider).get(url).status_code == 403


def test_a_public_request_is_read_by_anyone(world, client):
    request = sent_request(world.space, is_public=True)
    assert client.get(detail_url(request)).status_code == 200
    url = reverse("opinions:document", args=["cc-test", request.pk])
    assert client.get(url).status_code == 200
    listing = client.get("/espaces/cc-test/avis/").content.decode()
    assert request.title in listing


def test_the_list_hides_drafts_and_private_requests_from_the_public(world, client, login):
    draft_request(world.space, title="Brouillon secret")
    sent_request(world.space, title="Demande interne")
    anonymous = client.get("/espaces/cc-test/avis/").content.decode()
    assert "Brouillon secret" not in anonymous and "Demande interne" not in anonymous
    elu = login(world.elu).get("/espaces/cc-test/avis/").content.decode()
    assert "Demande interne" in elu and "Brouillon secret" not in elu
    agent = login(world.agent).get("/espaces/cc-test/avis/").content.decode()
    assert "Brouillon secret" in agent


def test_the_csv_has_one_row_per_member_with_silence_as_counted(world, login):
    request = sent_request(world.space, sent_on=TODAY - datetime.timedelta(days=100))
    services.record_opinion(
        actor=world.agent.user,
        target=request.targets.get(organisation=world.commune),
        value="defavorable",
        comment="Trop de compétences transférées.",
        deliberation_number="D-12",
        deliberation_date=TODAY - datetime.timedelta(days=90),
        today=TODAY - datetime.timedelta(days=80),
    )
    response = login(world.referent).get(reverse("opinions:csv", args=["cc-test", request.pk]))
    lines = response.content.decode("utf-8-sig").strip().split("\r\n")
    assert lines[0].startswith("Destinataire;Code;Population totale")
    assert lines[1].startswith("Bonneville;74042;1000;")
    assert "Défavorable;Trop de compétences transférées.;D-12" in lines[1]
    assert "Pas d'avis rendu, la procédure se poursuit" in lines[2]


def test_filters_narrow_the_table(world, login):
    request = sent_request(world.space)
    services.record_opinion(
        actor=world.elu.user,
        target=request.targets.get(organisation=world.commune),
        value="favorable",
        deliberation_number="1",
        deliberation_date=TODAY,
    )
    client = login(world.agent)
    page = client.get(detail_url(request), {"outcome": "sans_reponse"}).content.decode()
    assert "Marignier" in page and "Bonneville</th>" not in page
    page = client.get(detail_url(request), {"q": "bonne"}).content.decode()
    assert "Bonneville" in page and "Marignier" not in page


# --- Query counts -----------------------------------------------------------------------------


def big_space(members: int):
    epci = EpciFactory()
    space = Space.objects.create(slug=f"grand-{members}", name="Grand", organisation=epci)
    communes = [CommuneFactory() for _ in range(members)]
    add_space_members(space, communes)
    agent = person_with_account()
    give(space, agent, "agent")
    request = sent_request(space, actor=agent.user)
    for index, target in enumerate(request.targets.all()):
        mayor = person_with_account()
        MandateFactory(person=mayor, organisation=target.organisation, function=Function.MAIRE)
        if index % 2:
            services.record_opinion(
                actor=mayor.user,
                target=target,
                value="reserves",
                comment="Réserve",
                deliberation_number=str(index),
                deliberation_date=TODAY,
                deliberation_pdf=pdf(),
            )
    return agent, request


@pytest.mark.parametrize("members", [1, 50])
def test_the_summary_takes_the_same_queries_at_1_and_50_members(
    client, django_assert_max_num_queries, members
):
    agent, request = big_space(members)
    client.force_login(agent.user)
    with django_assert_max_num_queries(13):
        response = client.get(detail_url(request))
    assert response.status_code == 200
    assert response.content.decode().count('data-label="Reçue le"') == members


@pytest.mark.parametrize("members", [1, 50])
def test_the_list_and_csv_take_the_same_queries_at_1_and_50_members(
    client, django_assert_max_num_queries, members
):
    agent, request = big_space(members)
    client.force_login(agent.user)
    with django_assert_max_num_queries(9):
        assert client.get(f"/espaces/{request.space.slug}/avis/").status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(reverse("opinions:csv", args=[request.space.slug, request.pk]))
    assert len(response.content.decode().strip().split("\r\n")) == members + 1


def test_an_agent_edits_a_draft_and_keeps_its_document(world, login):
    request = draft_request(world.space)
    client = login(world.agent)
    url = reverse("opinions:edit", args=["cc-test", request.pk])
    assert 'value="Projet de pacte de gouvernance"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "Pacte révisé",
            "audience": "membres",
            "rule": "libre",
            "silence": "sans_avis",
            "deadline": (TODAY + datetime.timedelta(days=40)).isoformat(),
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.title, request.silence) == ("Pacte révisé", "sans_avis")
    assert request.document.read() == PDF


def test_a_commission_member_answers_for_themself_without_a_deliberation(world, login):
    from tests.opinions.test_services import dgs_commission

    body, dgs_one, _ = dgs_commission(world)
    request = sent_request(world.space, audience="instance", body=body, answer_by="personne")
    target = request.targets.get(person=dgs_one)
    client = login(dgs_one)
    form = client.get(record_url(request, target)).content.decode()
    assert "Numéro de la délibération" not in form
    assert "le membre de l&#x27;instance" in form
    response = client.post(record_url(request, target), {"value": "favorable"})
    assert response.status_code == 302
    page = client.get(detail_url(request)).content.decode()
    assert "Avis par membre" in page
    assert "Population totale" not in page
