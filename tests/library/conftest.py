import pytest
from django.db import transaction


@pytest.fixture(autouse=True)
def run_on_commit_at_once(request, monkeypatch):
    """Tests run inside one transaction that never commits: the library's after-commit work
    (reading a file's text, indexing published deliberations) runs at once instead. A test
    marked `real_commit` checks the true path with django_capture_on_commit_callbacks."""
    if request.node.get_closest_marker("real_commit") is None:
        monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def pytest_configure(config):
    config.addinivalue_line("markers", "real_commit: keep transaction.on_commit as it is")
