import datetime

import pytest
from django.core import mail
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.notifications.models import Notification
from maillage.quality import reports, services
from maillage.quality.models import Improvement, Process, ReportStatus
from tests.library.factories import make_document

from .factories import make_improvement, make_process, report_with_pdf, submitted

TODAY = timezone.localdate()


def test_a_process_is_documented_and_its_owner_told(world):
    process = services.create_process(
        actor=world.agent.user,
        space=world.space,
        title="Convoquer",
        purpose="Dans les délais.",
        steps=["Préparer", "Envoyer"],
        owner=world.referent,
        next_review_on=TODAY + datetime.timedelta(days=30),
    )
    assert process.steps == ["Préparer", "Envoyer"]
    assert Notification.objects.filter(person=world.referent).exists()
    assert ActionLog.objects.filter(action="quality.process_create").count() == 1


@pytest.mark.parametrize(
    "values, message",
    [
        ({"title": " "}, "intitulé"),
        ({"steps": []}, "au moins une étape"),
        (
            {"last_review_on": TODAY, "next_review_on": TODAY - datetime.timedelta(days=1)},
            "ne peut pas précéder",
        ),
    ],
)
def test_a_bad_process_is_refused_in_french(world, values, message):
    base = {
        "title": "Convoquer",
        "purpose": "x",
        "steps": ["a"],
        "owner": world.agent,
        "next_review_on": TODAY + datetime.timedelta(days=30),
        **values,
    }
    with pytest.raises(services.QualityError, match=message):
        services.create_process(actor=world.agent.user, space=world.space, **base)
    assert not Process.objects.exists()


def test_the_services_themselves_refuse_those_who_may_not_act(world):
    """Not only the pages: a command or the API calling a service is refused the same way."""
    process = make_process(world.space, world.agent)
    line = submitted(world)
    refused = [
        lambda: services.create_process(
            actor=world.elu.user, space=world.space, title="T", purpose="P", steps=["A"],
            owner=world.elu, next_review_on=TODAY + datetime.timedelta(days=9),
        ),
        lambda: services.review_process(
            actor=world.referent.user, process=process,
            next_review_on=TODAY + datetime.timedelta(days=9),
        ),
        lambda: services.archive_process(actor=world.elu.user, process=process),
        lambda: services.add_process_document(
            actor=world.referent.user, process=process, url="https://example.org/"
        ),
        lambda: services.submit_improvement(
            actor=world.outsider.user, space=world.space, kind="irritant", title="T",
            description="D",
        ),
        lambda: services.analyse_improvement(actor=world.elu.user, improvement=line,
                                             analysis="A"),
        lambda: reports.save_introduction(
            actor=world.referent.user, space=world.space, year=TODAY.year - 1, introduction="x"
        ),
    ]  # fmt: skip
    for call in refused:
        with pytest.raises(services.QualityError, match="réservé|pilote"):
            call()
    assert (
        not ActionLog.objects.filter(action__startswith="quality.")
        .exclude(action="quality.improvement_submit")
        .exists()
    )


def test_two_processes_cannot_share_a_title(world):
    make_process(world.space, world.agent, title="Convoquer")
    with pytest.raises(services.QualityError, match="porte déjà"):
        services.create_process(
            actor=world.agent.user,
            space=world.space,
            title="convoquer",
            purpose="x",
            steps=["a"],
            owner=world.agent,
            next_review_on=TODAY,
        )


def test_overdue_reviews_are_reminded_once_a_week(world):
    late = make_process(
        world.space, world.referent, next_review_on=TODAY - datetime.timedelta(days=1)
    )
    make_process(world.space, world.referent, title="À jour")
    assert services.remind_overdue_reviews(today=TODAY) == [late]
    assert services.remind_overdue_reviews(today=TODAY + datetime.timedelta(days=1)) == []
    assert services.remind_overdue_reviews(today=TODAY + datetime.timedelta(days=7)) == [late]


def test_the_reminder_command_runs(world, capsys):
    from django.core.management import call_command

    make_process(world.space, world.referent, next_review_on=TODAY - datetime.timedelta(days=3))
    call_command("remind_process_reviews")
    assert "1 pilote" in capsys.readouterr().out


def test_a_review_moves_the_next_date_forward(world):
    process = make_process(world.space, world.referent, next_review_on=TODAY)
    services.review_process(
        actor=world.referent.user,
        process=process,
        next_review_on=TODAY + datetime.timedelta(days=365),
    )
    process.refresh_from_db()
    assert process.last_review_on == TODAY
    with pytest.raises(services.QualityError, match="après aujourd'hui"):
        services.review_process(actor=world.referent.user, process=process, next_review_on=TODAY)


def test_a_link_or_a_library_file_but_not_both(world):
    process = make_process(world.space, world.agent)
    services.add_process_document(actor=world.agent.user, process=process, url="https://x.fr/g")
    with pytest.raises(services.QualityError, match="ou donnez un lien\\.$"):
        services.add_process_document(actor=world.agent.user, process=process)
    document = make_document(world.space, world.agent)
    with pytest.raises(services.QualityError, match="pas les deux"):
        services.add_process_document(
            actor=world.agent.user, process=process, document=document, url="https://x.fr/h"
        )
    with pytest.raises(services.QualityError, match="https"):
        services.add_process_document(actor=world.agent.user, process=process, url="javascript:x")


def test_the_register_walks_its_steps_and_tells_the_submitter(world):
    line = submitted(world)
    assert line.number == 1
    services.analyse_improvement(actor=world.agent.user, improvement=line, analysis="Fondé.")
    with pytest.raises(services.QualityError, match="passée"):
        services.decide_action(
            actor=world.agent.user,
            improvement=line,
            action="x",
            owner=world.agent,
            due_on=TODAY - datetime.timedelta(days=1),
        )
    services.decide_action(
        actor=world.agent.user,
        improvement=line,
        action="Envoyer J-8",
        owner=world.agent,
        due_on=TODAY + datetime.timedelta(days=30),
    )
    services.record_result(actor=world.agent.user, improvement=line, result="Fait.")
    line.refresh_from_db()
    assert line.status == "resultat" and line.closed_at is not None
    assert Notification.objects.filter(person=world.elu).count() == 3
    with pytest.raises(services.QualityError, match="close"):
        services.analyse_improvement(actor=world.agent.user, improvement=line, analysis="Encore")


def test_a_step_cannot_be_skipped(world):
    line = submitted(world)
    with pytest.raises(services.QualityError, match="ne peut pas passer"):
        services.record_result(actor=world.agent.user, improvement=line, result="x")


def test_the_report_is_printed_and_sent_once_to_each_mayor(
    world, django_capture_on_commit_callbacks
):
    year = TODAY.year - 1
    report = reports.save_introduction(
        actor=world.agent.user, space=world.space, year=year, introduction="Une **belle** année."
    )
    with django_capture_on_commit_callbacks(execute=True):
        reports.request_pdf(actor=world.agent.user, report=report)  # the task runs inline
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.pdf.read(4) == b"%PDF"
    world.elu.email = "maire@bonneville.fr"
    world.elu.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = reports.send_to_mayors(actor=world.agent.user, report=report)
    assert result["queued"] == 1
    assert [m.to for m in mail.outbox] == [["maire@bonneville.fr"]]
    with django_capture_on_commit_callbacks(execute=True):
        again = reports.send_to_mayors(actor=world.agent.user, report=report)
    assert again["queued"] == 0 and again["already"] == 1
    assert len(mail.outbox) == 1
    assert ActionLog.objects.filter(action="quality.report_delivery").count() == 1
    with pytest.raises(services.QualityError, match="ne se modifie plus"):
        reports.save_introduction(
            actor=world.agent.user, space=world.space, year=year, introduction="x"
        )


def test_a_report_without_pdf_is_not_sent(world):
    report = reports.save_introduction(
        actor=world.agent.user, space=world.space, year=TODAY.year - 1, introduction="x"
    )
    with pytest.raises(services.QualityError, match="Produisez"):
        reports.send_to_mayors(actor=world.agent.user, report=report)


# --- Pages ---------------------------------------------------------------------------------------

Q = "/espaces/cc-test/qualite/"


def test_a_member_submits_a_proposal_from_the_form(world, login):
    response = login(world.referent).post(
        f"{Q}ameliorations/nouvelle/",
        {"kind": "irritant", "title": "Trop de courriels", "description": "Un résumé par jour ?"},
    )
    line = Improvement.objects.get()
    assert response.status_code == 302 and response["Location"] == line.get_absolute_url()


def test_a_refused_step_shows_the_form_again_filled(world, login):
    line = submitted(world)
    response = login(world.agent).post(
        f"{Q}ameliorations/{line.pk}/suivi/",
        {"etape": "action", "action": "Mon texte gardé", "owner": world.agent.pk, "due_on": ""},
    )
    assert response.status_code == 400
    assert "Mon texte gardé" in response.content.decode()


def test_the_process_form_keeps_what_was_typed(world, login):
    response = login(world.agent).post(
        f"{Q}processus/nouveau/",
        {
            "title": "Publier",
            "purpose": "Gardé",
            "steps": "",
            "owner": world.agent.pk,
            "next_review_on": "2030-01-01",
        },
    )
    assert response.status_code == 200
    assert "Gardé" in response.content.decode()


def test_indicators_page_and_csv(world, login):
    client = login(world.elu)
    page = client.get(f"{Q}indicateurs/?annee=2025")
    assert "<svg" in page.content.decode() and "Délais de convocation" in page.content.decode()
    # A year without sittings: its rates are not measured, not « 0 % », in the charts too.
    assert "T1 : 0,0 %" not in page.content.decode()
    assert "T1 : aucune donnée" in page.content.decode()
    assert "T1 : 0 numéro<" in page.content.decode()
    csv = client.get(f"{Q}indicateurs.csv?annee=2025")
    assert "Indicateur;Valeur" in csv.content.decode("utf-8-sig")


def test_the_report_page_shows_the_legal_deadline(world, login):
    report_with_pdf(world.space, 2024)
    content = login(world.elu).get(f"{Q}rapports/2024/").content.decode()
    assert "30 septembre 2025" in content


@pytest.mark.parametrize("size", [1, 50])
def test_lists_cost_the_same_queries(world, login, size, django_assert_max_num_queries):
    for n in range(size):
        make_improvement(world.space, world.elu, title=f"Ligne {n}")
        make_process(world.space, world.agent, title=f"Processus {n}")
    client = login(world.agent)
    with django_assert_max_num_queries(14):
        assert client.get(f"{Q}ameliorations/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"{Q}processus/").status_code == 200
