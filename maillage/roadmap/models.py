"""Projet de territoire, feuille de route et expérimentations."""

from django.db import models  # noqa: F401
