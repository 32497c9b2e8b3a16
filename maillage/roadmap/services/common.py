"""What the steering services share: the error, the integrity guard, the text checks."""

import contextlib

from django.db import IntegrityError


class RoadmapError(Exception):
    """A change refused; the message is in French and shown as it is."""


@contextlib.contextmanager
def integrity(message: str):
    """Turn a constraint the database refused (a double click, two people at once) into a
    French refusal."""
    try:
        yield
    except IntegrityError as error:
        raise RoadmapError(message) from error


def required_text(value, message: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise RoadmapError(message)
    if len(value) > max_length:
        raise RoadmapError(f"Ce texte dépasse {max_length} caractères.")
    return value


def optional_text(value, max_length: int) -> str:
    value = (value or "").strip()
    if len(value) > max_length:
        raise RoadmapError(f"Ce texte dépasse {max_length} caractères.")
    return value


def check_projects(space, projects):
    """Projects linked to the steering belong to the space and are not archived."""
    projects = list(dict.fromkeys(projects or []))
    foreign = [p.title for p in projects if p.space_id != space.pk]
    if foreign:
        raise RoadmapError("Ces projets ne sont pas de l'espace : " + ", ".join(foreign) + ".")
    archived = [p.title for p in projects if p.archived_at is not None]
    if archived:
        raise RoadmapError("Ces projets sont archivés : " + ", ".join(archived) + ".")
    return projects
