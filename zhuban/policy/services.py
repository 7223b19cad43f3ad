"""Writes of the policy app: issuing and using API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from zhuban.audit.services import audit_record
from zhuban.policy.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor

# Tokens have no jurisdiction; their audit entries sit at the root of the tree.
CREDENTIAL_AUDIT_PATH = "/"
# Seconds between last_used_at writes: a busy client must not turn every request into a write.
LAST_USED_RESOLUTION = 60


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Actor | User, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the key, which is never stored and shown only now."""
    key = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, key_hash=hash_key(key))
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="api_token.create",
        obj=token,
        subject=token,
        jurisdiction_path=CREDENTIAL_AUDIT_PATH,
        unit_id=None,
        before=None,
        after={"user": user.get_username(), "name": name},
    )
    return token, key


def api_token_authenticate(*, key: str) -> Any | None:
    """The active user the key belongs to, or None. Records when the token was last used."""
    if not key:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION:
        # update(), not save(): no race with a concurrent request rewriting the other fields.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
