from django.db import models

from .models import ActionLog


def log_action(
    *, actor, action: str, obj: models.Model | None = None, data=None, space=None
) -> ActionLog:
    """Record one action in the append-only log; call it inside the service's transaction."""
    return ActionLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        space=space,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:250] if obj is not None else "",
        data=data or {},
    )
