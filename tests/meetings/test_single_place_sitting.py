"""L5211-11-1: a council that sits by videoconference holds at least one sitting in a single
place each semester; the council's page says when none is planned."""

import datetime

import pytest
from django.utils import timezone

from maillage.meetings.models import SittingMode, SittingStatus
from maillage.meetings.rules import semester_of, single_place_sitting_missing
from tests.meetings.factories import SittingFactory, council

D = datetime.date


@pytest.mark.parametrize(
    "day, semester",
    [
        (D(2026, 1, 1), (D(2026, 1, 1), D(2026, 6, 30))),
        (D(2026, 6, 30), (D(2026, 1, 1), D(2026, 6, 30))),
        (D(2026, 7, 1), (D(2026, 7, 1), D(2026, 12, 31))),
        (D(2026, 12, 31), (D(2026, 7, 1), D(2026, 12, 31))),
    ],
)
def test_a_semester_runs_from_january_to_june_or_july_to_december(day, semester):
    assert semester_of(day) == semester


@pytest.mark.parametrize(
    "sittings, missing",
    [
        ([], False),  # no sitting yet: nothing held remotely either
        ([(D(2026, 9, 1), False)], False),
        ([(D(2026, 9, 1), True)], True),
        ([(D(2026, 9, 1), True), (D(2026, 11, 3), False)], False),
        (
            [(D(2026, 9, 1), True), (D(2026, 3, 3), False)],
            True,
        ),  # the in-person one was last semester
    ],
)
def test_a_council_sitting_remotely_owes_one_single_place_sitting_a_semester(sittings, missing):
    assert single_place_sitting_missing(sittings=sittings, today=D(2026, 10, 1)) is missing


def test_the_council_page_warns_when_every_sitting_of_the_semester_is_remote(client, world):
    body = council(world.space, people=[world.elu])
    remote = SittingFactory(
        body=body,
        starts_at=timezone.now(),  # today: always in this semester
        mode=SittingMode.MULTI_SITE,
        video_url="https://visio.exemple.fr/conseil",
    )
    page = client.get(f"/espaces/cc-test/instances/{body.pk}/").content.decode()
    assert "au moins une séance par semestre" in page

    remote.status = SittingStatus.CANCELLED
    remote.save()
    SittingFactory(body=body, starts_at=remote.starts_at)
    page = client.get(f"/espaces/cc-test/instances/{body.pk}/").content.decode()
    assert "au moins une séance par semestre" not in page
