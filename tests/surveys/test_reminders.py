"""Reminders before the deadline: 3 days and 1 day before, to those who have not answered,
never twice."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from maillage.notifications.models import Kind, Notification
from maillage.people.models import Function
from maillage.surveys import services
from maillage.surveys.models import AnswerUnit, QuestionKind, ReminderSent, Status, Target
from tests.people.factories import MandateFactory, person_with_account
from tests.surveys.factories import add, make_survey, named_response

pytestmark = pytest.mark.django_db


def _reminded():
    return set(
        Notification.objects.filter(kind=Kind.SURVEY, title__startswith="Rappel").values_list(
            "person", flat=True
        )
    )


def test_those_who_have_not_answered_are_reminded_once_per_step(world):
    survey = make_survey(world.space, target=Target.ALL)
    question = add(survey, QuestionKind.SHORT_TEXT)
    named_response(survey, world.elu, {question: "fait"})
    two_days_before = survey.deadline - datetime.timedelta(days=2)
    sent = services.send_reminders(now=two_days_before)
    assert [(s.pk, step, count) for s, step, count in sent] == [(survey.pk, 3, 3)]
    assert _reminded() == {world.agent.pk, world.referent.pk, world.admin.pk}
    # Run again the same day: nothing more.
    assert services.send_reminders(now=two_days_before) == []
    assert Notification.objects.filter(title__startswith="Rappel").count() == 3
    # The day before: the second step, once.
    sent = services.send_reminders(now=survey.deadline - datetime.timedelta(hours=20))
    assert [step for _, step, _ in sent] == [1]
    assert Notification.objects.filter(title__startswith="Rappel").count() == 6
    assert services.send_reminders(now=survey.deadline - datetime.timedelta(hours=2)) == []
    assert set(ReminderSent.objects.values_list("days_before", flat=True)) == {3, 1}


def test_no_reminder_for_a_draft_a_closed_or_a_distant_survey(world):
    for status in (Status.DRAFT, Status.CLOSED):
        make_survey(world.space, status=status, days=2)
    make_survey(world.space, days=8)
    assert services.send_reminders() == []


def test_a_late_survey_gets_only_its_nearest_reminder(world):
    survey = make_survey(world.space, days=0.5)
    sent = services.send_reminders()
    assert [step for _, step, _ in sent] == [1]
    assert dict(
        ReminderSent.objects.filter(survey=survey).values_list("days_before", "recipients")
    ) == {
        3: 0,
        1: 4,
    }


def test_when_the_organisation_has_answered_its_people_are_not_reminded(world):
    survey = make_survey(world.space, target=Target.MAYORS, answer_unit=AnswerUnit.ORGANISATION)
    question = add(survey, QuestionKind.SHORT_TEXT)
    other_mayor = person_with_account()
    other = world.space.members.exclude(organisation=world.commune).get().organisation
    MandateFactory(person=other_mayor, organisation=other, function=Function.MAIRE)
    named_response(survey, world.elu, {question: "fait"}, organisation=world.commune)
    services.send_reminders(now=survey.deadline - datetime.timedelta(days=2))
    assert _reminded() == {other_mayor.pk}


def test_the_command_reports_what_it_sent(world):
    make_survey(world.space, days=2)
    out = StringIO()
    call_command("send_survey_reminders", stdout=out)
    assert "relance J-3, 4 personne(s)" in out.getvalue()
    assert "1 relance(s) envoyée(s)." in out.getvalue()
