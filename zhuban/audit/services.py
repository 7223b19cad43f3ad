"""Writing to the audit trail. Call ``audit_record`` inside the transaction that makes the change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import ForeignObject, Model
from django.utils import timezone

from zhuban.audit.actions import is_known
from zhuban.audit.chain import CURRENT_SCHEME, entry_digest, fields_of, head_mac
from zhuban.audit.models import SYSTEM_PREFIX, AuditEntry, ChainHead

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Actor:
    """Who did it: a signed-in user, or a named command run by the system."""

    def __init__(self, user: User | None = None, label: str | None = None) -> None:
        if label:
            self.label = label
        elif user is not None:
            self.label = user.get_username()
        else:
            raise ValueError("an actor needs a user or a label")
        self.user = user if user is not None and user.pk else None

    @classmethod
    def system(cls, command: str) -> Actor:
        return cls(label=f"{SYSTEM_PREFIX}{command}")

    def __str__(self) -> str:
        return self.label


def as_actor(who: Actor | User) -> Actor:
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
        if isinstance(field, ForeignObject) and field.many_to_one:
            related_id = getattr(instance, field.attname)
            out[name] = None if related_id is None else jsonable(getattr(instance, name))
        else:
            out[name] = jsonable(getattr(instance, name))
    return out


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    before, after = before or {}, after or {}
    return [k for k in after if before.get(k) != after.get(k)] + [k for k in before if k not in after]


@dataclass(frozen=True)
class AuditItem:
    """One entry for ``audit_record_many``: the same fields ``audit_record`` takes."""

    action: str
    obj: Model
    subject: Model
    jurisdiction_path: str
    unit_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str = ""


def audit_record(
    *,
    actor: Actor | User,
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
    item = AuditItem(action, obj, subject, jurisdiction_path, unit_id, before, after, reason)
    written: list[AuditEntry] = []
    _append(actor, [item], batch_size=1, sink=written)
    return written[0]


def audit_record_many(*, actor: Actor | User, items: Iterable[AuditItem], batch_size: int = 1000) -> int:
    """Append many entries at once (a workbook import): the chain head is locked once, hashes are
    computed in sequence exactly as ``audit_record`` computes them, rows go in with bulk_create.
    Must run inside the caller's transaction. Returns the number of entries written."""
    return _append(actor, items, batch_size=batch_size)


def _append(
    actor: Actor | User, items: Iterable[AuditItem], *, batch_size: int, sink: list[AuditEntry] | None = None
) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit entries must be written inside the transaction that makes the change")
    who = as_actor(actor)
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    seq, prev_hash = head.seq, head.hash
    at = timezone.now()
    batch: list[AuditEntry] = []
    count = 0
    for item in items:
        if not is_known(item.action):
            # However it is recorded: one entry, a batch, or a wrapper of either.
            raise ValueError(f"unknown audit action {item.action!r}: declare it in its app's actions.py")
        seq += 1
        entry = AuditEntry(
            seq=seq,
            at=at,
            actor=who.user,
            actor_label=who.label,
            action=str(item.action),
            object_type=item.obj._meta.label_lower,
            object_id=str(item.obj.pk),
            object_label=str(item.obj)[:255],
            subject_type=item.subject._meta.label_lower,
            subject_id=str(item.subject.pk),
            jurisdiction_path=item.jurisdiction_path,
            unit_id=item.unit_id,
            before=item.before,
            after=item.after,
            reason=item.reason,
            prev_hash=prev_hash,
            scheme=CURRENT_SCHEME,
        )
        entry.hash = prev_hash = entry_digest(fields_of(entry), prev_hash)
        batch.append(entry)
        if len(batch) >= batch_size:
            count += _flush(batch, sink)
            batch = []
    count += _flush(batch, sink)
    if count:
        mac = head_mac(settings.AUDIT_ANCHOR_KEY, seq, prev_hash)
        ChainHead.objects.filter(pk=1).update(seq=seq, hash=prev_hash, mac=mac)
    return count


def _flush(batch: list[AuditEntry], sink: list[AuditEntry] | None) -> int:
    if not batch:
        return 0
    if len(batch) == 1:
        batch[0].save()
    else:
        AuditEntry.objects.bulk_create(batch)
    if sink is not None:
        sink += batch
    return len(batch)


def audit_about(
    actor: Actor | User,
    action: str,
    obj: Model,
    subject: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """An entry about a record that belongs to an office-like subject (one with a jurisdiction and
    a sponsor): it joins the subject's history and takes its scope."""
    return audit_record(
        actor=actor,
        action=action,
        obj=obj,
        subject=subject,
        jurisdiction_path=subject.jurisdiction.path,
        unit_id=subject.sponsor_id,
        before=before,
        after=after,
        reason=reason,
    )
