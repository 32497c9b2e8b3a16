"""`manage.py close_opinion_requests`, run daily by a timer."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from maillage.notifications.models import Notification
from maillage.opinions.models import Status
from tests.opinions.factories import sent_request

pytestmark = pytest.mark.django_db


def test_the_command_closes_requests_past_their_deadline_and_tells_the_agents(world, capsys):
    due = sent_request(world.space, sent_on=datetime.date(2025, 1, 10))
    running = sent_request(world.space, sent_on=datetime.date(2025, 2, 10), title="Autre")
    Notification.objects.all().delete()
    call_command("close_opinion_requests", "--date", "2025-03-11")
    due.refresh_from_db()
    running.refresh_from_db()
    assert due.status == Status.CLOSED
    assert running.status == Status.OPEN
    assert "1 demande(s) d'avis close(s)" in capsys.readouterr().out
    titles = set(Notification.objects.values_list("title", flat=True))
    assert titles == {"Demande d'avis close : Projet de pacte de gouvernance"}


def test_the_command_run_twice_closes_nothing_more(world, capsys):
    sent_request(world.space, sent_on=datetime.date(2025, 1, 10))
    call_command("close_opinion_requests", "--date", "2025-03-11")
    Notification.objects.all().delete()
    call_command("close_opinion_requests", "--date", "2025-03-12")
    assert "0 demande(s)" in capsys.readouterr().out
    assert not Notification.objects.exists()


def test_the_command_refuses_a_badly_written_date(db):
    with pytest.raises(CommandError, match="AAAA-MM-JJ"):
        call_command("close_opinion_requests", "--date", "11/03/2025")
