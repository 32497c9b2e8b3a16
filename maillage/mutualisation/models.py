"""Mutualisation : barèmes, scénarios et appels de contribution."""

from django.db import models  # noqa: F401
