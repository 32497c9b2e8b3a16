"""Bulletin de liaison."""

from django.db import models  # noqa: F401
