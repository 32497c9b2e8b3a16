import pytest

# The browser fixtures, for test_browser.py (shared with tests/browser, see its conftest).
from tests.browser.conftest import browser, new_page  # noqa: F401
from tests.discussions.factories import default_themes


@pytest.fixture(autouse=True)
def themes(db):
    """The three default themes exist in every test."""
    return default_themes()
