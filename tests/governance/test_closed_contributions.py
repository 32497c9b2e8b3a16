"""Contributions close by themselves after their last day: no more amendment links, forms or
supports, the list says so, and those who decide are told the next morning."""

import datetime

import pytest
from django.core.management import call_command

from maillage.governance import rules
from maillage.governance.models import Document
from maillage.notifications.models import Notification

from .factories import first_article, in_contributions, propose

D = datetime.date


@pytest.mark.parametrize(
    ("stage", "until", "today", "told"),
    [
        ("contributions", D(2026, 3, 10), D(2026, 3, 11), True),
        ("contributions", D(2026, 3, 10), D(2026, 3, 10), False),  # still the last day
        ("contributions", D(2026, 3, 10), D(2026, 3, 12), False),  # told once
        ("finale", D(2026, 3, 10), D(2026, 3, 11), False),  # already moved on
        ("contributions", None, D(2026, 3, 11), False),
    ],
)
def test_those_who_decide_are_told_the_day_after_the_last_day(stage, until, today, told):
    assert rules.contributions_just_closed(stage, until, today) is told


def close_yesterday(document):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Document.objects.filter(pk=document.pk).update(contributions_until=yesterday)
    document.refresh_from_db()
    return document


def test_after_the_last_day_an_elu_no_longer_sees_how_to_amend(world, login):
    document = in_contributions(world.space, world.agent)
    amendment = propose(document, world.referent)
    close_yesterday(document)
    client = login(world.elu)

    page = client.get(document.get_absolute_url()).content.decode()
    assert "Les contributions sont closes depuis" in page
    assert "Amender l&#x27;article" not in page and "Amender l'article" not in page
    response = client.get(f"{first_article(document).get_absolute_url()}amender/")
    assert response.status_code == 403
    assert (
        "Soutenir cet amendement" not in client.get(amendment.get_absolute_url()).content.decode()
    )
    listing = client.get("/espaces/cc-test/gouvernance/").content.decode()
    assert "Contributions closes le" in listing


def test_on_the_last_day_contributions_are_still_open(world, login):
    document = in_contributions(world.space, world.agent)
    Document.objects.filter(pk=document.pk).update(contributions_until=datetime.date.today())
    response = login(world.elu).get(f"{first_article(document).get_absolute_url()}amender/")
    assert response.status_code == 200


def test_the_daily_command_tells_agents_admins_and_rapporteur_once(world):
    document = in_contributions(world.space, world.agent)
    Document.objects.filter(pk=document.pk).update(rapporteur=world.elu)
    until = document.contributions_until
    next_day = until + datetime.timedelta(days=1)

    call_command(
        "remind_governance_deadlines", date=until.isoformat(), stdout=open("/dev/null", "w")
    )
    assert not Notification.objects.filter(title__startswith="Contributions closes").exists()
    call_command(
        "remind_governance_deadlines", date=next_day.isoformat(), stdout=open("/dev/null", "w")
    )

    told = Notification.objects.filter(title__startswith="Contributions closes")
    assert {n.person_id for n in told} == {world.agent.pk, world.admin.pk, world.elu.pk}
    assert "passez à l'étape suivante" in told.first().body
    assert told.first().url == document.get_absolute_url()
