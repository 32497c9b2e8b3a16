"""Dated records (memberships, mandates, roles…): current ones have no end date, and an end
never precedes the start. Records are ended, never deleted."""

from django.db import models


class PeriodQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end_date__isnull=True)


def ends_after_it_starts(name: str, message) -> models.CheckConstraint:
    """The database refuses an end date before the start date (either may be unknown)."""
    return models.CheckConstraint(
        condition=models.Q(end_date__isnull=True)
        | models.Q(start_date__isnull=True)
        | models.Q(end_date__gte=models.F("start_date")),
        name=name,
        violation_error_message=message,
    )
