import pytest
from django.db import transaction


@pytest.fixture(autouse=True)
def after_commit_runs_at_once(monkeypatch):
    """pytest-django wraps each test in a transaction that never commits: here what waits for
    the commit (the queue of emails) runs at once, as it would right after a real commit."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
