"""The quality plan from its pages, as an agent, a référent and an élu use it: a process
documented, reviewed and given its documents; a line of the register walked from the
suggestion to its result; the activity report written, printed and sent to the mayors."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from maillage.notifications.models import Notification
from maillage.people.models import Function
from maillage.quality.models import Improvement, Process
from tests.people.factories import MandateFactory, PersonFactory
from tests.quality.factories import report_with_pdf

pytestmark = pytest.mark.django_db

Q = "/espaces/cc-test/qualite/"
TODAY = timezone.localdate()


def day(days: int) -> str:
    return (TODAY + datetime.timedelta(days=days)).isoformat()


def test_a_process_is_documented_reviewed_and_given_a_document_from_its_pages(world, login):
    client = login(world.agent)  # one client: each `login` changes who uses it
    response = client.post(
        f"{Q}processus/nouveau/",
        {
            "title": "Convoquer le conseil",
            "purpose": "Convoquer **dans les délais** légaux.",
            "steps": "1. Fixer l'ordre du jour\n2. Envoyer les convocations\n\nTenir la séance",
            "owner": world.referent.pk,
            "last_review_on": day(-30),
            "next_review_on": day(60),
        },
    )
    process = Process.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{Q}processus/{process.pk}/"
    assert process.steps == ["Fixer l'ordre du jour", "Envoyer les convocations", "Tenir la séance"]
    page = client.get(f"{Q}processus/{process.pk}/").content.decode()
    for shown in ("Envoyer les convocations", "Rémi Référent", "<strong>dans les délais</strong>"):
        assert shown in page, shown
    assert Notification.objects.filter(person=world.referent).exists()  # the owner is told
    # The owner reviews it: the next review moves forward.
    response = login(world.referent).post(
        f"{Q}processus/{process.pk}/revue/", {"next_review_on": day(365), "note": "RAS"}
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert (process.last_review_on, process.next_review_on.isoformat()) == (TODAY, day(365))
    client = login(world.agent)
    response = client.post(
        f"{Q}processus/{process.pk}/document/",
        {"url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006390076",
         "label": "Article L2121-12"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "Article L2121-12" in client.get(f"{Q}processus/{process.pk}/").content.decode()


def test_a_line_of_the_register_walks_from_suggestion_to_result_from_its_page(world, login):
    response = login(world.referent).post(
        f"{Q}ameliorations/nouvelle/",
        {"kind": "suggestion", "title": "Ordre du jour plus tôt", "description": "J-8 ?"},
    )
    line = Improvement.objects.get()
    url = f"{Q}ameliorations/{line.pk}/"
    assert response["Location"] == url
    # An élu reads the line but neither analyses it nor decides.
    elu = login(world.elu)
    assert 'name="etape"' not in elu.get(url).content.decode()
    assert elu.post(f"{url}suivi/", {"etape": "analyse", "analysis": "x"}).status_code == 403
    agent = login(world.agent)
    assert 'value="analyse"' in agent.get(url).content.decode()
    steps = [
        {"etape": "analyse", "analysis": "Fondé : trois séances sur cinq."},
        {"etape": "action", "action": "Envoyer l'ordre du jour provisoire à J-8.",
         "owner": world.agent.pk, "due_on": day(30)},
        {"etape": "resultat", "result": "Fait depuis mars : plus de plainte."},
    ]  # fmt: skip
    for step in steps:
        assert agent.post(f"{url}suivi/", step).status_code == 302, step["etape"]
    line.refresh_from_db()
    assert line.is_closed and line.status == "resultat"
    page = agent.get(url).content.decode()
    for shown in ("Fondé : trois séances sur cinq.", "à J-8", "plus de plainte"):
        assert shown in page, shown
    assert 'name="etape"' not in page  # a closed line no longer changes
    # The référent who suggested it heard of each step.
    assert Notification.objects.filter(person=world.referent).count() == 3


def test_the_activity_report_is_written_printed_and_sent_to_each_mayor_from_its_page(
    world, login, django_capture_on_commit_callbacks
):
    year = TODAY.year - 1
    world.elu.email = "maire@bonneville.fr"
    world.elu.save()
    marignier = world.space.members.get(organisation__name="Marignier").organisation
    MandateFactory(
        person=PersonFactory(last_name="Sans-Courriel", email=""),
        organisation=marignier,
        function=Function.MAIRE,
    )
    client = login(world.agent)
    report = f"{Q}rapports/{year}/"
    page = client.get(report).content.decode()
    assert f"30 septembre {year + 1}" in page
    assert client.post(report, {"introduction": "Une **belle** année."}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{report}produire/").status_code == 302
    assert b"".join(client.get(f"{report}rapport.pdf").streaming_content)[:4] == b"%PDF"
    # The page says who gets it by email (one mayor: "au maire", not "à chacun des 1
    # maire") and, for as long as it matters, who must get it by post.
    page = client.get(report).content.decode()
    assert "au maire qui a une adresse électronique : Élise Maire (Bonneville)." in page
    assert "Camille Sans-Courriel, maire de Marignier" in page
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"{report}envoyer/", follow=True).content.decode()
    assert "Rapport mis en file d&#x27;envoi pour 1 maire." in page
    assert [m.to for m in mail.outbox] == [["maire@bonneville.fr"]]
    page = client.get(report).content.decode()
    assert "Aucun maire n'attend plus le rapport par courriel : 1 l'a reçu." in page
    assert "Envoyer le rapport aux maires</button>" not in page
    assert "Camille Sans-Courriel, maire de Marignier" in page  # still to post
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"{report}envoyer/", follow=True).content.decode()
    assert "pour 0 maire. 1 maire l&#x27;avait déjà reçu : rien ne lui est renvoyé." in page
    assert len(mail.outbox) == 1


def test_a_report_whose_mayors_have_no_email_is_marked_sent_by_post(world, login):
    world.elu.email = ""
    world.elu.save()
    world.elu.user.email = ""
    world.elu.user.save()
    report_with_pdf(world.space, TODAY.year - 1)
    client = login(world.agent)
    url = f"{Q}rapports/{TODAY.year - 1}/"
    page = client.get(url).content.decode()
    assert "Ce maire n'a pas d'adresse électronique dans Maillage : adressez-lui" in page
    assert "Élise Maire, maire de Bonneville" in page
    assert "Marquer le rapport comme envoyé (par courrier)</button>" in page
    client.post(f"{url}envoyer/")
    page = client.get(url).content.decode()
    assert "Marquer le rapport comme envoyé" not in page and "envoyé le" in page
    assert not mail.outbox
