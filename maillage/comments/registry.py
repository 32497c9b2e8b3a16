"""Which models may carry comments, and who may read and write them on each object.

A capability registers its model once (in `CommentsConfig.ready` or its own app's `ready`):

    from maillage.comments.registry import register
    register(
        Project,
        can_read=lambda user, project: perms.can_view_project(user, project),
        can_comment=lambda user, project: perms.can_view_project(user, project),
        space_of=lambda project: project.space,
        url_of=lambda project: project.get_absolute_url(),
        followers=lambda project: [project.owner],  # notified of each new comment
    )

Nothing is commentable unless registered, and a comment is never shown to someone for whom
`can_read(user, obj)` is false: comments never leak from a private object.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models


@dataclass(frozen=True)
class Commentable:
    model: type[models.Model]
    can_read: Callable  # (user, obj) -> bool
    can_comment: Callable  # (user, obj) -> bool
    space_of: Callable  # obj -> Space (its admins moderate)
    url_of: Callable  # obj -> the URL of the page that shows its comments
    followers: Callable  # obj -> Iterable[Person] told of every new comment
    label_of: Callable  # obj -> str, how notifications name it

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


_registry: dict[str, Commentable] = {}


def register(
    model,
    *,
    can_read: Callable,
    can_comment: Callable,
    space_of: Callable,
    url_of: Callable,
    followers: Callable[[object], Iterable] = lambda obj: (),
    label_of: Callable[[object], str] = str,
) -> Commentable:
    entry = Commentable(model, can_read, can_comment, space_of, url_of, followers, label_of)
    _registry[entry.key] = entry
    return entry


def entry_for(obj_or_model) -> Commentable | None:
    """The registration of an object's model, or None if it cannot carry comments."""
    return _registry.get(obj_or_model._meta.label_lower)


def entry_by_key(key: str) -> Commentable | None:
    """By "app_label.model" (as in the URLs)."""
    return _registry.get(key)


def target_of(comment) -> tuple[Commentable | None, models.Model | None]:
    """The registration and the object a comment is attached to."""
    content_type = ContentType.objects.get_for_id(comment.content_type_id)
    entry = _registry.get(f"{content_type.app_label}.{content_type.model}")
    if entry is None:
        return None, None
    return entry, entry.model._default_manager.filter(pk=comment.object_id).first()
