"""Every change of the open-data capability: creating and revoking API tokens.

A token's key is made of a readable prefix and a random secret (`mlg_` + 40 characters);
only its SHA-256 hash is stored, so that a copy of the database opens nothing."""

import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit.services import log_action

from . import perms
from .models import ApiToken

KEY_PREFIX = "mlg_"
NAME_MAX = 100


class OpendataError(Exception):
    """A refusal, with a French message shown as it is."""


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(30)


def create_token(*, actor, space, name: str) -> tuple[ApiToken, str]:
    """Create a token for the space; returns it with its key, which is never shown again."""
    if not perms.can_manage_tokens(actor, space):
        raise OpendataError(perms.NEED_TOKENS)
    name = " ".join((name or "").split())
    if not name:
        raise OpendataError("Donnez un nom au jeton (par exemple le logiciel qui l'utilisera).")
    if len(name) > NAME_MAX:
        raise OpendataError(f"Le nom du jeton ne dépasse pas {NAME_MAX} caractères.")
    key = new_key()
    try:
        with transaction.atomic():
            if ApiToken.objects.active().filter(space=space, name=name).exists():
                raise OpendataError("Un jeton actif de l'espace porte déjà ce nom.")
            token = ApiToken.objects.create(
                space=space,
                name=name,
                prefix=key[: len(KEY_PREFIX) + 6],
                key_hash=hash_key(key),
                created_by=actor,
            )
            log_action(
                actor=actor,
                action="opendata.token_create",
                obj=token,
                data={"name": name, "prefix": token.prefix},
                space=space,
            )
    except IntegrityError as error:  # two admins, the same name, at the same moment
        raise OpendataError("Un jeton actif de l'espace porte déjà ce nom.") from error
    return token, key


def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token: it answers 401 from now on; the row stays, for the journal."""
    if not perms.can_manage_tokens(actor, token.space):
        raise OpendataError(perms.NEED_TOKENS)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise OpendataError("Ce jeton est déjà révoqué.")
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        log_action(
            actor=actor,
            action="opendata.token_revoke",
            obj=locked,
            data={"name": locked.name, "prefix": locked.prefix},
            space=locked.space,
        )
    return locked


def token_for_key(key: str) -> ApiToken | None:
    """The token (revoked or not) whose key this is, with its space; None if unknown."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    return (
        ApiToken.objects.select_related("space__organisation")
        .filter(key_hash=hash_key(key))
        .first()
    )


# A token's last use is written at most once a minute: a busy client costs no write per call.
LAST_USE_PRECISION_SECONDS = 60


def touch(token: ApiToken, *, now=None) -> None:
    now = now or timezone.now()
    last = token.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USE_PRECISION_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
