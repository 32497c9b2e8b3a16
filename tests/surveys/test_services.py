"""Building, opening, closing and answering surveys: every rule and every refusal."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.notifications.models import Kind, Notification
from maillage.people.models import Function
from maillage.surveys import services, targets
from maillage.surveys.models import (
    AnswerUnit,
    Participation,
    QuestionKind,
    Response,
    Status,
    Target,
)
from tests.meetings.factories import BodyFactory, SeatFactory
from tests.people.factories import MandateFactory, PersonFactory, person_with_account
from tests.surveys.factories import PDF_BYTES, add, getlist, make_survey

pytestmark = pytest.mark.django_db


def _later(days=10):
    return timezone.now() + datetime.timedelta(days=days)


def _question_values(**kwargs):
    values = {
        "kind": QuestionKind.SINGLE,
        "label": "Êtes-vous équipés ?",
        "help_text": "",
        "required": True,
        "options": ["Oui", "Non"],
        "rows": [],
        "columns": [],
        "scale_min": None,
        "scale_max": None,
        "min_label": "",
        "max_label": "",
        "condition_question": None,
        "condition_values": [],
    }
    values.update(kwargs)
    return values


# --- Building --------------------------------------------------------------------------------


def test_an_agent_creates_a_draft_survey_and_it_is_logged(world):
    survey = services.create_survey(
        actor=world.agent.user,
        space=world.space,
        title="  Besoins  ",
        deadline=_later(),
        target=Target.ALL,
    )
    assert survey.status == Status.DRAFT and survey.title == "Besoins"
    assert ActionLog.objects.filter(action="surveys.create", object_id=str(survey.pk)).exists()


@pytest.mark.parametrize(
    "values, message",
    [
        ({"target": Target.LIST}, "au moins une personne"),
        ({"target": Target.BODY}, "l'instance"),
        ({"deadline": timezone.now() - datetime.timedelta(hours=1)}, "dans le futur"),
    ],
)
def test_a_survey_without_its_target_or_with_a_past_deadline_is_refused(world, values, message):
    arguments = {"title": "T", "deadline": _later(), "target": Target.ALL, **values}
    with pytest.raises(services.SurveyError, match=message):
        services.create_survey(actor=world.agent.user, space=world.space, **arguments)


def test_a_body_of_another_space_cannot_be_the_target(world):
    other = BodyFactory()
    with pytest.raises(services.SurveyError, match="l'instance de l'espace"):
        services.create_survey(
            actor=world.agent.user,
            space=world.space,
            title="T",
            deadline=_later(),
            target=Target.BODY,
            body=other,
        )


def test_questions_are_added_at_the_end_and_a_bad_one_is_refused(world):
    survey = make_survey(world.space, status=Status.DRAFT)
    first = services.add_question(actor=world.agent.user, survey=survey, **_question_values())
    second = services.add_question(
        actor=world.agent.user,
        survey=survey,
        **_question_values(kind=QuestionKind.SCALE, label="Note", scale_min=1, scale_max=10),
    )
    assert (first.position, second.position) == (1, 2)
    with pytest.raises(services.SurveyError, match="au moins deux options"):
        services.add_question(
            actor=world.agent.user, survey=survey, **_question_values(options=["Oui"])
        )
    with pytest.raises(services.SurveyError, match="Écrivez la question"):
        services.add_question(actor=world.agent.user, survey=survey, **_question_values(label=" "))


def test_a_condition_must_point_to_an_earlier_choice_question_and_its_options(world):
    survey = make_survey(world.space, status=Status.DRAFT)
    choice = services.add_question(actor=world.agent.user, survey=survey, **_question_values())
    dependent = services.add_question(
        actor=world.agent.user,
        survey=survey,
        **_question_values(
            kind=QuestionKind.SHORT_TEXT,
            label="Lesquels ?",
            condition_question=choice,
            condition_values=["Oui"],
        ),
    )
    assert dependent.condition_question == choice
    with pytest.raises(services.SurveyError, match="options de la question choisie"):
        services.add_question(
            actor=world.agent.user,
            survey=survey,
            **_question_values(condition_question=choice, condition_values=["Peut-être"]),
        )


def test_a_survey_is_edited_only_while_it_is_a_draft(world):
    survey = make_survey(world.space, status=Status.OPEN)
    question = add(survey, QuestionKind.SINGLE)
    with pytest.raises(services.SurveyError, match="ne se modifie plus"):
        services.add_question(actor=world.agent.user, survey=survey, **_question_values())
    with pytest.raises(services.SurveyError, match="ne se modifie plus"):
        services.update_question(actor=world.agent.user, question=question, **_question_values())
    with pytest.raises(services.SurveyError, match="ne se modifie plus"):
        services.delete_question(actor=world.agent.user, question=question)
    with pytest.raises(services.SurveyError, match="ne se modifie plus"):
        services.update_survey(
            actor=world.agent.user, survey=survey, title="T", deadline=_later(), target=Target.ALL
        )


def test_questions_are_reordered_but_never_before_the_question_they_depend_on(world):
    survey = make_survey(world.space, status=Status.DRAFT)
    choice = add(survey, QuestionKind.SINGLE, "Équipés ?")
    text = add(survey, QuestionKind.SHORT_TEXT, "Précisez", condition_question=choice,
               condition_values=["Oui"])  # fmt: skip
    other = add(survey, QuestionKind.DATE, "Quand ?")
    services.move_question(actor=world.agent.user, question=other, up=True)
    assert list(survey.questions.order_by("position").values_list("label", flat=True)) == [
        "Équipés ?",
        "Quand ?",
        "Précisez",
    ]
    services.move_question(actor=world.agent.user, question=other, up=True)
    services.move_question(actor=world.agent.user, question=other, up=True)  # already first
    with pytest.raises(services.SurveyError, match="doit rester après"):
        services.move_question(actor=world.agent.user, question=text, up=True)


def test_a_question_others_depend_on_cannot_be_removed_nor_lose_the_option(world):
    survey = make_survey(world.space, status=Status.DRAFT)
    choice = add(survey, QuestionKind.SINGLE, "Équipés ?")
    add(survey, QuestionKind.SHORT_TEXT, "Précisez", condition_question=choice,
        condition_values=["Oui"])  # fmt: skip
    with pytest.raises(services.SurveyError, match="retirez d'abord sa condition"):
        services.delete_question(actor=world.agent.user, question=choice)
    with pytest.raises(services.SurveyError, match="dépend de celle-ci"):
        services.update_question(
            actor=world.agent.user,
            question=choice,
            **_question_values(label="Équipés ?", options=["Non", "Peu"]),
        )


def test_opening_needs_a_question(world):
    survey = make_survey(world.space, status=Status.DRAFT)
    with pytest.raises(services.SurveyError, match="au moins une question"):
        services.open_survey(actor=world.agent.user, survey=survey)


def test_opening_notifies_every_member_of_the_target_once(world):
    survey = make_survey(world.space, status=Status.DRAFT)
    add(survey, QuestionKind.SINGLE)
    count = services.open_survey(actor=world.agent.user, survey=survey)
    survey.refresh_from_db()
    assert survey.status == Status.OPEN and survey.opened_at is not None
    notified = set(Notification.objects.filter(kind=Kind.SURVEY).values_list("person", flat=True))
    assert notified == {world.elu.pk, world.agent.pk, world.referent.pk, world.admin.pk}
    assert count == 4
    assert world.outsider.pk not in notified


def test_closing_refuses_further_answers(world):
    survey = make_survey(world.space)
    add(survey, QuestionKind.SHORT_TEXT)
    services.close_survey(actor=world.agent.user, survey=survey)
    with pytest.raises(services.SurveyError, match="close"):
        services.submit_answers(
            actor=world.elu.user, survey=survey, person=world.elu, getlist=getlist({})
        )
    with pytest.raises(services.SurveyError, match="Seule une enquête ouverte"):
        services.close_survey(actor=world.agent.user, survey=survey)


# --- Targets ---------------------------------------------------------------------------------


def test_each_target_asks_the_right_people(world):
    secretary = PersonFactory()
    MandateFactory(
        person=secretary, organisation=world.commune, function=Function.SECRETAIRE_MAIRIE
    )
    body = BodyFactory(space=world.space)
    SeatFactory(body=body, person=world.outsider)

    def people(**kwargs):
        return set(targets.target_people(make_survey(world.space, **kwargs)))

    assert people(target=Target.ALL) == {world.elu, world.agent, world.referent, world.admin,
                                         secretary}  # fmt: skip
    assert people(target=Target.MAYORS) == {world.elu}
    assert people(target=Target.AGENTS) == {secretary}
    assert people(target=Target.BODY, body=body) == {world.outsider}
    chosen = make_survey(world.space, target=Target.LIST)
    chosen.people.set([world.referent])
    assert set(targets.target_people(chosen)) == {world.referent}


# --- Answering -------------------------------------------------------------------------------


def _answer(survey, person, data=None, **kwargs):
    return services.submit_answers(
        actor=person.user if person.user_id else None,
        survey=survey,
        person=person,
        getlist=getlist(data or {}),
        **kwargs,
    )


def test_a_member_answers_and_the_answer_is_recorded_and_logged(world):
    survey = make_survey(world.space)
    question = add(survey, QuestionKind.SINGLE, required=True)
    response = _answer(survey, world.elu, {f"q{question.pk}": "Oui"})
    assert response.person == world.elu
    assert response.answers.get().value == "Oui"
    assert Participation.objects.filter(survey=survey, person=world.elu).count() == 1
    assert ActionLog.objects.filter(action="surveys.answer", actor=world.elu.user).exists()


def test_someone_outside_the_target_cannot_answer(world):
    survey = make_survey(world.space, target=Target.MAYORS)
    add(survey, QuestionKind.SHORT_TEXT)
    with pytest.raises(services.SurveyError, match="ne faites pas partie"):
        _answer(survey, world.agent)
    with pytest.raises(services.SurveyError, match="ne faites pas partie"):
        _answer(survey, world.outsider)


def test_an_answer_after_the_deadline_is_refused_in_french(world):
    survey = make_survey(world.space)
    add(survey, QuestionKind.SHORT_TEXT)
    later = survey.deadline + datetime.timedelta(minutes=1)
    with pytest.raises(services.SurveyError, match="close depuis le"):
        _answer(survey, world.elu, now=later)


def test_a_required_question_unanswered_refuses_everything(world):
    survey = make_survey(world.space)
    first = add(survey, QuestionKind.SHORT_TEXT, required=True)
    second = add(survey, QuestionKind.SHORT_TEXT)
    with pytest.raises(services.AnswerErrors) as refused:
        _answer(survey, world.elu, {f"q{second.pk}": "texte"})
    assert refused.value.errors == {first.pk: "Répondez à cette question : elle est obligatoire."}
    assert "rien n'a été enregistré" in str(refused.value)
    assert not Response.objects.exists() and not Participation.objects.exists()


def test_a_hidden_questions_answer_is_ignored_and_its_requirement_lifted(world):
    survey = make_survey(world.space)
    choice = add(survey, QuestionKind.SINGLE, required=True)
    detail = add(survey, QuestionKind.SHORT_TEXT, required=True, condition_question=choice,
                 condition_values=["Oui"])  # fmt: skip
    response = _answer(survey, world.elu, {f"q{choice.pk}": "Non", f"q{detail.pk}": "caché"})
    assert list(response.answers.values_list("question_id", flat=True)) == [choice.pk]


def test_a_named_answer_can_be_changed_until_the_deadline(world):
    survey = make_survey(world.space)
    question = add(survey, QuestionKind.SINGLE, required=True)
    _answer(survey, world.elu, {f"q{question.pk}": "Oui"})
    response = _answer(survey, world.elu, {f"q{question.pk}": "Non"})
    assert Response.objects.count() == 1 and response.answers.get().value == "Non"
    assert response.updated_at is not None
    assert ActionLog.objects.filter(action="surveys.change_answer").count() == 1


def test_an_anonymous_answer_cannot_be_sent_twice_nor_changed(world):
    survey = make_survey(world.space, anonymous=True)
    question = add(survey, QuestionKind.SINGLE, required=True)
    assert _answer(survey, world.elu, {f"q{question.pk}": "Oui"}) is None
    with pytest.raises(services.SurveyError, match="ne se modifie pas"):
        _answer(survey, world.elu, {f"q{question.pk}": "Non"})
    assert Response.objects.get().answers.get().value == "Oui"


def test_two_answers_at_once_are_caught_by_the_database(world, monkeypatch):
    survey = make_survey(world.space)
    question = add(survey, QuestionKind.SINGLE, required=True)
    _answer(survey, world.elu, {f"q{question.pk}": "Oui"})
    # The second request read "no answer yet" before the first one committed.
    monkeypatch.setattr(services, "existing_participation", lambda *args: None)
    with pytest.raises(services.SurveyError, match="une seule réponse est acceptée"):
        _answer(survey, world.elu, {f"q{question.pk}": "Non"})
    assert Response.objects.count() == 1


def test_a_file_is_stored_under_a_random_name_and_checked(world):
    survey = make_survey(world.space)
    question = add(survey, QuestionKind.FILE, required=True)
    good = SimpleUploadedFile("Schéma Bonneville.pdf", PDF_BYTES)
    response = _answer(survey, world.elu, uploads={question.pk: good})
    answer = response.answers.get()
    assert answer.file_name == "Schéma Bonneville.pdf"
    assert "Bonneville" not in answer.file.name and answer.file.name.endswith(".pdf")
    fake = SimpleUploadedFile("virus.pdf", b"MZ" + b"\x00" * 100)
    with pytest.raises(services.AnswerErrors) as refused:
        _answer(survey, world.referent, uploads={question.pk: fake})
    assert "type de fichier" in refused.value.errors[question.pk]


def test_a_file_over_10_mo_is_refused(world, monkeypatch):
    survey = make_survey(world.space)
    question = add(survey, QuestionKind.FILE, required=True)
    big = SimpleUploadedFile("gros.pdf", PDF_BYTES)
    big.size = 10 * 1024 * 1024 + 1
    with pytest.raises(services.AnswerErrors) as refused:
        _answer(survey, world.elu, uploads={question.pk: big})
    assert "10 Mo" in refused.value.errors[question.pk]


def test_changing_a_named_answer_keeps_the_file_already_sent(world):
    survey = make_survey(world.space)
    text = add(survey, QuestionKind.SHORT_TEXT)
    upload = add(survey, QuestionKind.FILE, required=True)
    _answer(survey, world.elu, uploads={upload.pk: SimpleUploadedFile("a.pdf", PDF_BYTES)})
    response = _answer(survey, world.elu, {f"q{text.pk}": "ajout"})
    assert set(response.answers.values_list("question_id", flat=True)) == {text.pk, upload.pk}


# --- One answer per organisation -------------------------------------------------------------


def _colleague(world, function=Function.ADJOINT):
    person = person_with_account(first_name="Adèle", last_name="Adjointe")
    MandateFactory(person=person, organisation=world.commune, function=function)
    return person


def test_the_first_person_of_an_organisation_answers_for_it_and_others_see_who(world):
    survey = make_survey(world.space, answer_unit=AnswerUnit.ORGANISATION)
    question = add(survey, QuestionKind.SHORT_TEXT, required=True)
    colleague = _colleague(world)
    response = _answer(survey, world.elu, {f"q{question.pk}": "Pour Bonneville"})
    assert response.organisation == world.commune
    with pytest.raises(services.SurveyError, match="Élise Maire a déjà répondu pour Bonneville"):
        _answer(survey, colleague, {f"q{question.pk}": "Moi aussi"})
    # The first respondent may still change the organisation's answer.
    _answer(survey, world.elu, {f"q{question.pk}": "Corrigé"})
    assert Response.objects.get().answers.get().value == "Corrigé"


def test_an_anonymous_organisation_answer_does_not_say_who_answered(world):
    survey = make_survey(world.space, answer_unit=AnswerUnit.ORGANISATION, anonymous=True)
    question = add(survey, QuestionKind.SHORT_TEXT, required=True)
    colleague = _colleague(world)
    _answer(survey, world.elu, {f"q{question.pk}": "Pour Bonneville"})
    with pytest.raises(services.SurveyError) as refused:
        _answer(survey, colleague, {f"q{question.pk}": "Moi aussi"})
    assert "Élise" not in str(refused.value) and "pour Bonneville" in str(refused.value)


def test_a_person_without_a_member_organisation_cannot_answer_for_one(world):
    survey = make_survey(world.space, answer_unit=AnswerUnit.ORGANISATION)
    add(survey, QuestionKind.SHORT_TEXT)
    with pytest.raises(services.SurveyError, match="aucune organisation membre"):
        _answer(survey, world.agent)


def test_a_person_of_two_organisations_chooses_which_one_they_answer_for(world):
    survey = make_survey(world.space, answer_unit=AnswerUnit.ORGANISATION, target=Target.AGENTS)
    question = add(survey, QuestionKind.SHORT_TEXT, required=True)
    secretary = person_with_account()
    other = world.space.members.exclude(organisation=world.commune).get().organisation
    for commune in (world.commune, other):
        MandateFactory(person=secretary, organisation=commune, function=Function.SECRETAIRE_MAIRIE)
    with pytest.raises(services.SurveyError, match="Choisissez l'organisation"):
        _answer(survey, secretary, {f"q{question.pk}": "x"})
    _answer(survey, secretary, {f"q{question.pk}": "x"}, organisation_id=world.commune.pk)
    _answer(survey, secretary, {f"q{question.pk}": "y"}, organisation_id=other.pk)
    assert Response.objects.filter(survey=survey).count() == 2
