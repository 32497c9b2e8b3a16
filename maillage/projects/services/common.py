"""What the project services share: the exception, the notification kind, date checks."""

import datetime

from maillage.notifications.models import Kind

# The lead adds Kind.PROJECT ("Projets que je suis") with the notifications migration; until
# then the project news go out as comments-like notifications.
NOTIFY_KIND = getattr(Kind, "PROJECT", Kind.COMMENT)


class ProjectError(Exception):
    """A change refused; the message is in French and shown as it is."""


def fr_date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def check_in_project(project, day: datetime.date | None, what: str) -> None:
    """Refuse a date (of a milestone, a task) outside the project's start and end."""
    if day is None:
        return
    if project.start_date and day < project.start_date:
        raise ProjectError(
            f"{what} ({fr_date(day)}) tombe avant le début du projet "
            f"({fr_date(project.start_date)}) : changez la date ou le début du projet."
        )
    if project.end_date and day > project.end_date:
        raise ProjectError(
            f"{what} ({fr_date(day)}) tombe après la fin prévue du projet "
            f"({fr_date(project.end_date)}) : changez la date ou la fin du projet."
        )


def check_open(project) -> None:
    if project.archived_at is not None:
        raise ProjectError("Ce projet est archivé : restaurez-le avant de le modifier.")
