"""Two sittings of the same space closing at the same moment never share a number."""

import threading

import pytest
from django.db import connection, transaction

from maillage.meetings.models import Deliberation
from maillage.meetings.services import acts
from tests.meetings.factories import AgendaItemFactory, at, closed_sitting, closed_vote, council
from tests.spaces.factories import SpaceFactory


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database locks tables instead of waiting; on a file "
    "database, Maillage's IMMEDIATE transactions serialize the writers anyway.",
)
@pytest.mark.django_db(transaction=True)
def test_two_sittings_closing_at_once_never_share_a_number():
    space = SpaceFactory()
    body = council(space, members=3)
    sittings = [closed_sitting(body, at(2026, 3, day)) for day in (10, 11)]
    for sitting in sittings:
        for position in (1, 2, 3):
            closed_vote(AgendaItemFactory(sitting=sitting, position=position))
    barrier = threading.Barrier(len(sittings))
    errors = []

    def close(sitting):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                acts.number_deliberations(actor=None, sitting=sitting)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=close, args=(sitting,)) for sitting in sittings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    numbers = sorted(Deliberation.objects.values_list("sequence", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
