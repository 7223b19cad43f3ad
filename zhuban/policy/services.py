"""Writes of the policy app: a city's settings, and issuing and using API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from zhuban.audit.services import audit_record
from zhuban.org.models import Jurisdiction
from zhuban.policy import events
from zhuban.policy.actions import Action
from zhuban.policy.models import ApiToken, PolicySettingsRecord
from zhuban.policy.policy_settings import PolicySettings

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
def api_token_create(
    *,
    actor: Actor | User,
    user: User,
    name: str,
    jurisdiction: Jurisdiction | None = None,
    resources: list[str] | None = None,
    rate_per_minute: int = 120,
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the key, which is never stored and shown only now.
    ``jurisdiction`` narrows what it reads to a subtree, ``resources`` to some of the read API's."""
    key = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        key_hash=hash_key(key),
        jurisdiction=jurisdiction,
        resources=sorted(resources or []),
        rate_per_minute=rate_per_minute,
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action=Action.API_TOKEN_CREATE,
        obj=token,
        subject=token,
        jurisdiction_path=CREDENTIAL_AUDIT_PATH,
        unit_id=None,
        before=None,
        after={
            "user": user.get_username(),
            "name": name,
            "jurisdiction": jurisdiction.path if jurisdiction else None,
            "resources": token.resources,
            "rate_per_minute": rate_per_minute,
        },
    )
    return token, key


def api_token_authenticate(*, key: str) -> Any | None:
    """The active user the key belongs to, or None. Records when the token was last used."""
    token = api_token_of(key=key)
    return token.user if token else None


def api_token_of(*, key: str) -> ApiToken | None:
    """The token of an active user the key belongs to, or None. Records when it was last used."""
    if not key:
        return None
    token = ApiToken.objects.select_related("user", "jurisdiction").filter(key_hash=hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION:
        # update(), not save(): no race with a concurrent request rewriting the other fields.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def policy_settings_change(
    *, actor: Any, root: Jurisdiction, values: dict[str, Any], reason: str = ""
) -> PolicySettings:
    """Save a city's settings (only the keys that differ from the default reading)."""
    settings = PolicySettings.from_dict(values)
    overrides = {k: v for k, v in settings.to_dict().items() if k in settings.changed()}
    record, _created = PolicySettingsRecord.objects.select_for_update().get_or_create(jurisdiction=root)
    before = dict(record.values)
    record.values = overrides
    record.version += 1
    record.save()
    audit_record(
        actor=actor,
        action=Action.POLICY_SETTINGS_CHANGE,
        obj=record,
        subject=root,
        jurisdiction_path=root.path,
        unit_id=None,
        before=before,
        after=overrides,
        reason=reason,
    )
    events.policy_settings_changed.send(sender=PolicySettingsRecord, root=root, settings=settings, actor=actor)
    return settings
