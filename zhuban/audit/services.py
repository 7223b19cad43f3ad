"""Writing to the audit trail. Call ``audit_record`` inside the transaction that makes the change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import ForeignObject, Model
from django.utils import timezone

from zhuban.audit.actions import is_known
from zhuban.audit.chain import CURRENT_SCHEME, chain_of, entry_digest, fields_of, head_mac
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
    """Append many entries at once (a workbook import): each chain's head is locked once, hashes
    are computed in sequence exactly as ``audit_record`` computes them, rows go in with
    bulk_create. Must run inside the caller's transaction. Returns the number of entries written."""
    return _append(actor, items, batch_size=batch_size)


def _append(
    actor: Actor | User, items: Iterable[AuditItem], *, batch_size: int, sink: list[AuditEntry] | None = None
) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit entries must be written inside the transaction that makes the change")
    who = as_actor(actor)
    pending = list(items)
    for item in pending:
        if not is_known(item.action):
            # However it is recorded: one entry, a batch, or a wrapper of either.
            raise ValueError(f"unknown audit action {item.action!r}: declare it in its app's actions.py")
    if not pending:
        return 0
    chains = [chain_of(item.jurisdiction_path) for item in pending]
    heads = _lock_heads(sorted(set(chains)))
    # Numbers are taken with the heads held, so within a chain seq grows with the link.
    seqs = _next_seqs(len(pending))
    at = timezone.now()
    batch: list[AuditEntry] = []
    count = 0
    for item, chain, seq in zip(pending, chains, seqs, strict=True):
        head = heads[chain]
        head.link += 1
        entry = AuditEntry(
            seq=seq,
            chain=chain,
            link=head.link,
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
            prev_hash=head.hash,
            scheme=CURRENT_SCHEME,
        )
        if connection.vendor == "postgresql":
            entry.pk = seq  # the number came from the table's own sequence
        entry.hash = head.hash = entry_digest(fields_of(entry), head.hash)
        batch.append(entry)
        if len(batch) >= batch_size:
            count += _flush(batch, sink)
            batch = []
    count += _flush(batch, sink)
    for head in heads.values():
        mac = head_mac(settings.AUDIT_ANCHOR_KEY, head.link, head.hash, head.chain)
        ChainHead.objects.filter(pk=head.pk).update(link=head.link, hash=head.hash, mac=mac)
    return count


def _lock_heads(chains: list[str]) -> dict[str, ChainHead]:
    """The heads of these chains, locked until commit (in chain order, so that two writers
    touching the same chains cannot deadlock); a chain written for the first time gets one."""
    heads = {h.chain: h for h in ChainHead.objects.select_for_update().filter(chain__in=chains).order_by("chain")}
    missing = [chain for chain in chains if chain not in heads]
    if missing:
        # Two first writers of a chain at once: the second's insert waits for the first and is
        # dropped, then its lock waits for the first's commit like any other writer's.
        ChainHead.objects.bulk_create([ChainHead(chain=chain) for chain in missing], ignore_conflicts=True)
        heads.update(
            (h.chain, h) for h in ChainHead.objects.select_for_update().filter(chain__in=missing).order_by("chain")
        )
        if len(heads) != len(chains):
            raise RuntimeError(f"audit chain heads could not be created for {sorted(set(chains) - set(heads))}")
    return heads


def _next_seqs(count: int) -> list[int]:
    """Numbers for the next entries in the trail's order. On PostgreSQL they come from the
    entries' id sequence, which never waits for another transaction; SQLite has one writer at
    a time (IMMEDIATE transactions), so the largest number so far is safe to count on from."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('audit_auditentry', 'id')) FROM generate_series(1, %s)",
                [count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_auditentry")
        last = cursor.fetchone()[0]
    return list(range(last + 1, last + 1 + count))


def _flush(batch: list[AuditEntry], sink: list[AuditEntry] | None) -> int:
    if not batch:
        return 0
    if len(batch) == 1:
        batch[0].save(force_insert=True)
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
