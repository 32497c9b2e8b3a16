"""Documents de gouvernance."""

from django.db import models  # noqa: F401
