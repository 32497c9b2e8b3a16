"""Guardrails for the whole suite."""

import socket

import pytest

_real_connect = socket.socket.connect
LOCAL_PREFIXES = ("127.", "::1", "localhost")


def _local_only_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not host.startswith(LOCAL_PREFIXES) and not host.startswith("/"):
        raise RuntimeError(f"Appel réseau hors de la machine interdit pendant les tests : {host}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch):
    """Maillage makes no call outside the machine at run time; the tests prove it."""
    monkeypatch.setattr(socket.socket, "connect", _local_only_connect)


@pytest.fixture(autouse=True)
def tasks_run_inline(settings):
    """Background tasks run at once in tests, right after the transaction commits."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
