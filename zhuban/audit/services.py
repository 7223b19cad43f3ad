"""Writing to the audit trail. Call ``audit_record`` inside the transaction that makes the change."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from zhuban.audit.chain import entry_digest, fields_of
from zhuban.audit.models import AuditEntry, ChainHead


class Actor:
    """Who did it: a signed-in user, or a named command run by the system."""

    def __init__(self, user: Any = None, label: str | None = None) -> None:
        if user is None and not label:
            raise ValueError("an actor needs a user or a label")
        self.user = user if user is not None and getattr(user, "pk", None) else None
        self.label = label or user.get_username()

    @classmethod
    def system(cls, command: str) -> Actor:
        return cls(label=f"system:{command}")

    def __str__(self) -> str:
        return self.label


def as_actor(who: Any) -> Actor:
    return who if isinstance(who, Actor) else Actor(user=who)


def jsonable(value: Any) -> Any:
    """Values as they go into before/after: exact and stable (decimals and dates as text)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Model):
        return {"id": value.pk, "label": str(value)}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def snapshot(instance: Model, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a model instance, foreign keys as {id, label}, ready for the trail."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.is_relation and field.many_to_one:
            related_id = getattr(instance, field.attname)
            out[name] = None if related_id is None else jsonable(getattr(instance, name))
        else:
            out[name] = jsonable(getattr(instance, name))
    return out


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    before, after = before or {}, after or {}
    return [k for k in after if before.get(k) != after.get(k)] + [k for k in before if k not in after]


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Model,
    subject: Model,
    jurisdiction_path: str,
    unit_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction that makes the change")
    who = as_actor(actor)
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    entry = AuditEntry(
        seq=head.seq + 1,
        at=timezone.now(),
        actor=who.user,
        actor_label=who.label,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:255],
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        jurisdiction_path=jurisdiction_path,
        unit_id=unit_id,
        before=before,
        after=after,
        reason=reason,
        prev_hash=head.hash,
    )
    entry.hash = entry_digest(fields_of(entry), entry.prev_hash)
    entry.save()
    ChainHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)
    return entry
