"""Surveys for tests: built with the models directly (the services are what the tests check)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from maillage.surveys.models import (
    Answer,
    Participation,
    Question,
    QuestionKind,
    Response,
    Status,
    Survey,
    Target,
)

# The smallest valid PDF head that `filetype` recognises.
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def make_survey(space, *, status=Status.OPEN, days=10, **kwargs) -> Survey:
    values = {
        "title": "Besoins numériques des communes",
        "description": "Pour préparer le **schéma de mutualisation**.",
        "deadline": timezone.now() + datetime.timedelta(days=days),
        "target": Target.ALL,
        "status": status,
        **kwargs,
    }
    return Survey.objects.create(space=space, **values)


def add(survey, kind, label="Question", **kwargs) -> Question:
    position = survey.questions.count() + 1
    defaults = {}
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING):
        defaults["options"] = ["Oui", "Non", "Ne sait pas"]
    if kind == QuestionKind.SCALE:
        defaults.update(scale_min=1, scale_max=5)
    if kind == QuestionKind.MATRIX:
        defaults.update(rows=["Messagerie", "Site web"], columns=["Satisfait", "Pas satisfait"])
    defaults.update(kwargs)
    return Question.objects.create(
        survey=survey, position=position, kind=kind, label=label, **defaults
    )


def named_response(survey, person, answers: dict, organisation=None) -> Response:
    """A named response with `answers` {question: value}, and its participation."""
    Participation.objects.create(survey=survey, person=person, organisation=organisation)
    response = Response.objects.create(
        survey=survey, person=person, organisation=organisation, submitted_on=timezone.localdate()
    )
    for question, value in answers.items():
        Answer.objects.create(response=response, question=question, value=value)
    return response


def file_answer(response, question, name="rapport.pdf") -> Answer:
    answer = Answer(response=response, question=question, file_name=name)
    answer.file.save(name, ContentFile(PDF_BYTES), save=False)
    answer.save()
    return answer


def getlist(data: dict):
    """A form's getlist over a dict of str or list values."""

    def get(name):
        value = data.get(name, [])
        return list(value) if isinstance(value, list | tuple) else [str(value)]

    return get
