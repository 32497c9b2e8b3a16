"""API ouverte et données."""

from django.db import models  # noqa: F401
