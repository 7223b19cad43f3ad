"""Reading the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Model, QuerySet

from zhuban.audit.chain import GENESIS, entry_digest, fields_of
from zhuban.audit.models import AuditEntry, ChainHead
from zhuban.lib.keyset import keyset_page
from zhuban.org.access import scoped

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def history_of(user: User | AnonymousUser, subject: Model) -> QuerySet[AuditEntry]:
    """Every entry about a record and what hangs off it, newest first, as the user may see them."""
    return scoped(
        user,
        AuditEntry.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk)),
    ).select_related("actor")


def trail_for(user: User | AnonymousUser) -> QuerySet[AuditEntry]:
    return scoped(user, AuditEntry.objects.all()).select_related("actor")


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str


def verify_chain(batch_size: int = 5000) -> tuple[int, ChainBreak | None]:
    """Walk the whole chain in order; return how many entries were checked and the first break."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    for entry in _in_order(batch_size):
        if entry.seq != expected_seq:
            return checked, ChainBreak(expected_seq, "missing")
        if entry.prev_hash != expected_prev:
            return checked, ChainBreak(entry.seq, "prev_hash")
        if entry_digest(fields_of(entry), entry.prev_hash) != entry.hash:
            return checked, ChainBreak(entry.seq, "hash")
        expected_prev = entry.hash
        expected_seq += 1
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (checked, expected_prev):
        # Entries at the end were removed: the head still remembers them.
        return checked, ChainBreak(checked + 1, "missing")
    return checked, None


def _in_order(batch_size: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def trail_page(queryset: QuerySet[AuditEntry], *, before: int | None, after: int | None, size: int = 100):
    """A page of the trail by keyset on ``seq``: as fast deep in millions of entries as at the top."""
    return keyset_page(
        older_than=lambda k, n: queryset.filter(**({"seq__lt": k} if k is not None else {})).order_by("-seq")[:n],
        newer_than=lambda k, n: queryset.filter(seq__gt=k).order_by("seq")[:n],
        key=lambda e: e.seq,
        before=before,
        after=after,
        size=size,
    )
