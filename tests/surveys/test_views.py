"""Survey pages as a user sees them: list, builder, answer form (refilled on error), results
with accessible charts, CSV export, file download, and query counts."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.people.models import Function
from maillage.surveys.models import (
    AnswerUnit,
    Participation,
    QuestionKind,
    Response,
    Status,
    Survey,
    Target,
)
from tests.people.factories import MandateFactory, PersonFactory
from tests.surveys.factories import PDF_BYTES, add, file_answer, make_survey, named_response

pytestmark = pytest.mark.django_db


def _url(survey, rest=""):
    return f"/espaces/cc-test/enquetes/{survey.pk}/{rest}"


def test_the_space_home_links_to_the_surveys(world, login):
    page = login(world.elu).get("/espaces/cc-test/").content.decode()
    assert 'href="/espaces/cc-test/enquetes/"' in page


def test_a_member_sees_the_surveys_addressed_to_them_with_their_status(world, login):
    answered = make_survey(world.space, title="Déjà répondue")
    question = add(answered, QuestionKind.SHORT_TEXT)
    named_response(answered, world.elu, {question: "ok"})
    make_survey(world.space, title="À faire")
    make_survey(world.space, title="Pour les agents", target=Target.AGENTS)
    make_survey(world.space, title="En préparation", status=Status.DRAFT)
    page = login(world.elu).get("/espaces/cc-test/enquetes/").content.decode()
    assert "Déjà répondue" in page and "Vous avez répondu" in page
    assert "À faire" in page and "À répondre" in page
    assert "Pour les agents" not in page and "En préparation" not in page


def test_an_agent_sees_every_survey_with_its_answer_count(world, login):
    make_survey(world.space, title="En préparation", status=Status.DRAFT)
    make_survey(world.space, title="Pour les agents", target=Target.AGENTS)
    page = login(world.agent).get("/espaces/cc-test/enquetes/").content.decode()
    assert "En préparation" in page and "Pour les agents" in page and "0 réponse" in page
    assert "Nouvelle enquête" in page


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_query_count_does_not_grow_with_its_length(
    world, login, django_assert_max_num_queries, count
):
    for n in range(count):
        make_survey(world.space, title=f"Enquête {n}")
    client = login(world.elu)
    with django_assert_max_num_queries(16):
        assert client.get("/espaces/cc-test/enquetes/").status_code == 200


def test_an_agent_builds_a_survey_from_the_pages(world, login):
    client = login(world.agent)
    deadline = (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/espaces/cc-test/enquetes/nouvelle/",
        {"title": "Besoins", "deadline": deadline, "target": "tous", "answer_unit": "personne"},
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response.url == _url(survey)
    response = client.post(
        _url(survey, "questions/nouvelle/"),
        {"kind": "choix_unique", "label": "Équipés ?", "options": "Oui\nNon", "required": "on"},
    )
    assert response.status_code == 302
    choice = survey.questions.get()
    assert choice.options == ["Oui", "Non"] and choice.required
    client.post(
        _url(survey, "questions/nouvelle/"),
        {"kind": "texte_court", "label": "Lesquels ?", "condition_question": choice.pk,
         "condition_values": "Oui"},
    )  # fmt: skip
    page = client.get(_url(survey)).content.decode()
    assert "Affichée seulement si la réponse à « Équipés ? » est Oui" in page
    response = client.post(_url(survey, "ouvrir/"), follow=True)
    assert "L&#x27;enquête est ouverte : 4 personne(s) prévenue(s)." in response.content.decode()


def test_a_bad_question_comes_back_filled_with_the_french_reason(world, login):
    survey = make_survey(world.space, status=Status.DRAFT)
    response = login(world.agent).post(
        _url(survey, "questions/nouvelle/"),
        {"kind": "choix_unique", "label": "Seule option ?", "options": "Oui"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Donnez au moins deux options" in page and 'value="Seule option ?"' in page


def test_an_open_surveys_questions_cannot_be_changed_from_the_pages(world, login):
    survey = make_survey(world.space)
    question = add(survey, QuestionKind.SINGLE)
    response = login(world.agent).post(
        _url(survey, f"questions/{question.pk}/retirer/"), follow=True
    )
    assert "ne se modifie plus" in response.content.decode()
    assert survey.questions.count() == 1


def _full_survey(world, **kwargs):
    survey = make_survey(world.space, **kwargs)
    questions = {
        "choice": add(survey, QuestionKind.SINGLE, "Êtes-vous équipés ?", required=True),
        "multi": add(survey, QuestionKind.MULTIPLE, "Quels outils ?"),
        "scale": add(survey, QuestionKind.SCALE, "Satisfaction", min_label="Pas du tout"),
        "rank": add(survey, QuestionKind.RANKING, "Priorités"),
        "date": add(survey, QuestionKind.DATE, "Date souhaitée"),
        "matrix": add(survey, QuestionKind.MATRIX, "Services", required=True),
        "text": add(survey, QuestionKind.LONG_TEXT, "Remarques"),
        "file": add(survey, QuestionKind.FILE, "Schéma"),
    }
    questions["detail"] = add(
        survey,
        QuestionKind.SHORT_TEXT,
        "Précisez",
        required=True,
        condition_question=questions["choice"],
        condition_values=["Oui"],
    )
    return survey, questions


def test_the_answer_page_shows_every_kind_of_question_accessibly(world, login):
    survey, q = _full_survey(world)
    page = login(world.elu).get(_url(survey, "repondre/")).content.decode()
    for question in q.values():
        assert question.label in page
    assert 'enctype="multipart/form-data"' in page
    assert f'<label for="q{q["rank"].pk}_0">Oui</label>' in page
    assert 'aria-label="Messagerie : Satisfait"' in page
    assert "1 (Pas du tout)" in page
    assert "À remplir seulement si vous avez répondu « Oui » à la question 1." in page


def test_a_refused_answer_comes_back_filled_with_french_messages(world, login):
    survey, q = _full_survey(world)
    data = {
        f"q{q['choice'].pk}": "Oui",
        f"q{q['multi'].pk}": ["Oui", "Ne sait pas"],
        f"q{q['scale'].pk}": "4",
        f"q{q['rank'].pk}_0": "2",
        f"q{q['rank'].pk}_1": "1",
        f"q{q['rank'].pk}_2": "3",
        f"q{q['date'].pk}": "2025-06-01",
        f"q{q['matrix'].pk}_0": "Satisfait",
        f"q{q['text'].pk}": "Mes remarques détaillées",
        f"q{q['file'].pk}": SimpleUploadedFile("schema.pdf", PDF_BYTES),
        # the required detail and the matrix's second row are missing
    }
    response = login(world.elu).post(_url(survey, "repondre/"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 réponses à compléter ou corriger : rien n&#x27;a été enregistré." in page
    assert "Répondez pour chaque ligne : Site web." in page
    assert "Répondez à cette question : elle est obligatoire." in page
    assert "Mes remarques détaillées" in page
    assert 'value="4" checked' in page and 'value="2025-06-01"' in page
    assert '<option value="1" selected>1</option>' in page
    assert (
        'value="Satisfait" id="q{}_0-0" aria-label="Messagerie : Satisfait" checked'.format(
            q["matrix"].pk
        )
        in page
    )
    assert "choisissez-les à nouveau" in page
    assert not Response.objects.exists()


def test_a_complete_answer_is_recorded_and_can_be_changed(world, login):
    survey, q = _full_survey(world)
    client = login(world.elu)
    data = {
        f"q{q['choice'].pk}": "Non",
        f"q{q['matrix'].pk}_0": "Satisfait",
        f"q{q['matrix'].pk}_1": "Pas satisfait",
        f"q{q['file'].pk}": SimpleUploadedFile("schema.pdf", PDF_BYTES),
    }
    response = client.post(_url(survey, "repondre/"), data)
    assert response.status_code == 302
    page = client.get(_url(survey, "repondre/")).content.decode()
    assert "Vous pouvez modifier votre réponse jusqu'à la date limite." in page
    assert "Fichier déjà envoyé : <a href=" in page and ">schema.pdf</a>" in page
    assert 'value="Non" checked' in page
    data[f"q{q['choice'].pk}"] = "Oui"
    data[f"q{q['detail'].pk}"] = "Le parapheur"
    del data[f"q{q['file'].pk}"]
    assert client.post(_url(survey, "repondre/"), data).status_code == 302
    response = Response.objects.get()
    assert response.answers.count() == 4


def test_an_anonymous_survey_says_so_and_is_not_offered_again(world, login):
    survey = make_survey(world.space, anonymous=True)
    question = add(survey, QuestionKind.SHORT_TEXT, required=True)
    client = login(world.elu)
    assert "Enquête anonyme." in client.get(_url(survey, "repondre/")).content.decode()
    client.post(_url(survey, "repondre/"), {f"q{question.pk}": "secret"})
    page = client.get(_url(survey, "repondre/")).content.decode()
    assert "votre réponse ne se modifie plus" in page and '<form method="post" enctype' not in page


def test_after_the_deadline_the_answer_page_refuses_in_french(world, login):
    survey = make_survey(world.space)
    question = add(survey, QuestionKind.SHORT_TEXT)
    Survey.objects.filter(pk=survey.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    client = login(world.elu)
    page = client.get(_url(survey, "repondre/")).content.decode()
    assert "les réponses ne sont plus acceptées" in page
    response = client.post(_url(survey, "repondre/"), {f"q{question.pk}": "trop tard"})
    assert "les réponses ne sont plus acceptées" in response.content.decode()
    assert not Response.objects.exists()


def test_a_colleague_sees_that_the_organisation_answered_and_by_whom(world, login):
    survey = make_survey(world.space, answer_unit=AnswerUnit.ORGANISATION)
    question = add(survey, QuestionKind.SHORT_TEXT)
    named_response(survey, world.elu, {question: "ok"}, organisation=world.commune)
    page = login(world.referent).get(_url(survey, "repondre/")).content.decode()
    assert "Élise Maire a déjà répondu pour Bonneville." in page
    assert "Il n'y a plus de réponse à donner." in page


def _answered(world, survey, q, people=1):
    for n in range(people):
        person = world.elu if n == 0 else PersonFactory()
        named_response(
            survey,
            person,
            {
                q["choice"]: "Oui" if n % 2 == 0 else "Non",
                q["multi"]: ["Oui", "Non"],
                q["scale"]: 1 + n % 5,
                q["rank"]: ["Non", "Oui", "Ne sait pas"],
                q["date"]: "2025-06-01",
                q["matrix"]: {"Messagerie": "Satisfait", "Site web": "Pas satisfait"},
                q["text"]: f"Remarque {n}",
            },
        )


def test_results_show_accessible_charts_with_the_same_figures_in_tables(world, login):
    survey, q = _full_survey(world)
    _answered(world, survey, q, people=4)
    page = login(world.agent).get(_url(survey, "resultats/")).content.decode()
    assert page.count('role="img"') == 6 + 1  # choice, multi, scale, rank, date, 2 matrix rows
    assert "<title" in page and "Question 1 : Êtes-vous équipés ?" in page
    assert '<th scope="row">Oui</th><td class="num">2</td><td class="num">50,0 %</td>' in page
    assert "Moyenne : <strong>2,50</strong>" in page
    assert "méthode de Borda" in page
    assert "Remarque 0" in page and "Lire toutes les réponses à la question 7" in page
    assert "Exporter toutes les réponses (CSV)" in page


@pytest.mark.parametrize("count", [1, 50])
def test_the_results_query_count_does_not_grow_with_the_answers(
    world, login, django_assert_max_num_queries, count
):
    survey, q = _full_survey(world)
    _answered(world, survey, q, people=count)
    client = login(world.agent)
    with django_assert_max_num_queries(14):
        assert client.get(_url(survey, "resultats/")).status_code == 200


def test_respondents_see_shared_results_but_no_files(world, login):
    survey, q = _full_survey(world, results_shared=True)
    _answered(world, survey, q)
    response = Response.objects.get(person=world.elu)
    file_answer(response, q["file"])
    page = login(world.elu).get(_url(survey, "resultats/")).content.decode()
    assert "Êtes-vous équipés ?" in page and "rapport.pdf" not in page
    assert "Exporter" not in page
    assert login(world.referent).get(_url(survey, "resultats/")).status_code == 403


def test_the_texts_page_is_paginated(world, login):
    survey, q = _full_survey(world)
    _answered(world, survey, q, people=55)
    client = login(world.agent)
    page = client.get(_url(survey, f"resultats/questions/{q['text'].pk}/")).content.decode()
    assert "55 réponses écrites" in page and "Page 1 sur 2" in page


def test_the_csv_export_has_one_row_per_response_and_one_column_per_matrix_row(world, login):
    survey, q = _full_survey(world, answer_unit=AnswerUnit.PERSON)
    _answered(world, survey, q, people=2)
    response = login(world.agent).get(_url(survey, "export.csv"))
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    assert header[:3] == ["Date", "Modifiée le", "Personne"]
    assert "Q6. Services — Messagerie" in header and "Q6. Services — Site web" in header
    assert len(rows) == 3
    first = dict(zip(header, rows[1] if "Élise" in rows[1][2] else rows[2], strict=True))
    assert first["Personne"] == "Élise Maire"
    assert first["Q2. Quels outils ?"] == "Oui ; Non"
    assert first["Q4. Priorités"] == "1. Non ; 2. Oui ; 3. Ne sait pas"
    assert first["Q6. Services — Site web"] == "Pas satisfait"


def test_an_anonymous_export_has_no_person_column(world, login):
    survey = make_survey(world.space, anonymous=True)
    question = add(survey, QuestionKind.SHORT_TEXT, "Avis")
    login(world.elu).post(_url(survey, "repondre/"), {f"q{question.pk}": '=HYPERLINK("x")'})
    text = b"".join(login(world.agent).get(_url(survey, "export.csv")).streaming_content).decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Réponse n°", "Date", "Q1. Avis"]
    assert "Élise" not in text
    assert rows[1][2].startswith("'=")  # a formula is neutralised


def test_a_file_is_downloaded_only_through_the_checked_view(world, login):
    survey = make_survey(world.space)
    question = add(survey, QuestionKind.FILE)
    answer = file_answer(named_response(survey, world.elu, {}), question)
    response = login(world.agent).get(_url(survey, f"fichiers/{answer.pk}/"))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert "rapport.pdf" in response["Content-Disposition"]
    assert login(world.referent).get(_url(survey, f"fichiers/{answer.pk}/")).status_code == 403


def test_a_mayor_survey_is_not_offered_to_an_agent(world, login):
    survey = make_survey(world.space, target=Target.MAYORS)
    response = login(world.referent).get(_url(survey, "repondre/"))
    assert response.status_code == 403
    assert "ne vous est pas adressée" in response.content.decode()


def test_an_agent_of_a_member_commune_answers_a_survey_of_agents(world, login):
    secretary = PersonFactory()
    MandateFactory(
        person=secretary, organisation=world.commune, function=Function.SECRETAIRE_MAIRIE
    )
    from tests.people.factories import UserFactory

    secretary.user = UserFactory()
    secretary.save()
    survey = make_survey(world.space, target=Target.AGENTS, answer_unit=AnswerUnit.ORGANISATION)
    question = add(survey, QuestionKind.SHORT_TEXT)
    client = login(secretary)
    page = client.get(_url(survey, "repondre/")).content.decode()
    assert "Vous répondez pour <strong>Bonneville</strong>" in page
    client.post(
        _url(survey, "repondre/"), {f"q{question.pk}": "ok", "organisation": world.commune.pk}
    )
    assert Participation.objects.get().organisation == world.commune
