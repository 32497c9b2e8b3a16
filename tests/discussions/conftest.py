import pytest

from tests.discussions.factories import default_themes


@pytest.fixture(autouse=True)
def themes(db):
    """The three default themes exist in every test."""
    return default_themes()
