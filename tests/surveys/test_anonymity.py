"""Anonymity that really is anonymous: nothing in the database ties an anonymous answer to its
author; only a participation (person, survey, no date) prevents a second answer."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.surveys import services
from maillage.surveys.models import (
    Answer,
    AnswerUnit,
    Participation,
    QuestionKind,
    Response,
)
from tests.surveys.factories import add, getlist, make_survey

pytestmark = pytest.mark.django_db


def _anonymous_answer(world, **kwargs):
    survey = make_survey(world.space, anonymous=True, **kwargs)
    question = add(survey, QuestionKind.SHORT_TEXT, required=True)
    services.submit_answers(
        actor=world.elu.user,
        survey=survey,
        person=world.elu,
        getlist=getlist({f"q{question.pk}": "Réponse sincère"}),
    )
    return survey, Response.objects.get(survey=survey)


def test_an_anonymous_response_names_nobody_and_keeps_only_the_date(world):
    survey, response = _anonymous_answer(world)
    assert response.anonymous is True
    assert (response.person_id, response.organisation_id, response.updated_at) == (None, None, None)
    assert response.submitted_on == timezone.localdate()
    assert Participation.objects.filter(survey=survey, person=world.elu).exists()


def test_the_database_refuses_an_anonymous_response_with_an_author(world):
    from django.db import IntegrityError

    survey = make_survey(world.space, anonymous=True)
    with pytest.raises(IntegrityError):
        Response.objects.create(
            survey=survey, anonymous=True, person=world.elu, submitted_on=timezone.localdate()
        )


def test_no_table_links_an_anonymous_answer_to_its_author(world):
    """The answers' tables hold no date-time and their keys are random; no other table points
    to them; participations point to no answer and carry no date."""
    for model in (Response, Answer):
        assert isinstance(model._meta.pk, models.UUIDField)
        assert not [f for f in model._meta.concrete_fields if type(f) is models.DateTimeField
                    and f.name != "updated_at"]  # fmt: skip
    # Only an answer points to a response; nothing points to an answer.
    pointing = [
        (model.__name__, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in (Response, Answer)
    ]
    assert pointing == [("Answer", "response")]
    participation_fields = {f.name for f in Participation._meta.concrete_fields}
    assert participation_fields == {"id", "survey", "person", "organisation"}


def test_the_journal_records_an_anonymous_answer_without_its_author_or_its_key(world):
    survey, response = _anonymous_answer(world)
    entry = ActionLog.objects.get(action="surveys.answer_anonymous")
    assert entry.actor is None and entry.object_id == str(survey.pk)
    assert str(response.pk) not in str(entry.data)
    assert not ActionLog.objects.filter(actor=world.elu.user).exists()


def test_an_anonymous_answer_for_an_organisation_does_not_name_the_organisation(world):
    survey, response = _anonymous_answer(world, answer_unit=AnswerUnit.ORGANISATION)
    assert response.organisation_id is None
    assert Participation.objects.get(survey=survey).organisation == world.commune


def test_an_anonymous_files_name_does_not_reveal_its_author(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.surveys.factories import PDF_BYTES

    survey = make_survey(world.space, anonymous=True)
    question = add(survey, QuestionKind.FILE, required=True)
    services.submit_answers(
        actor=world.elu.user,
        survey=survey,
        person=world.elu,
        getlist=getlist({}),
        uploads={question.pk: SimpleUploadedFile("Bonneville - Élise Maire.pdf", PDF_BYTES)},
    )
    answer = Answer.objects.get()
    assert answer.file_name == "fichier.pdf"
    assert "Bonneville" not in answer.file.name and "Maire" not in answer.file.name
