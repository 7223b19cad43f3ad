"""Reading the audit trail."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from zhuban.audit.chain import (
    GENESIS,
    SCHEME_UPGRADE,
    UnknownScheme,
    actor_ids_line,
    entry_digest,
    fields_of,
    head_mac,
    macs_equal,
)
from zhuban.audit.models import AuditEntry, ChainHead
from zhuban.lib.keyset import keyset_page
from zhuban.org.access import access_for, scoped
from zhuban.org.models import Jurisdiction
from zhuban.org.scope import stored_prefixes

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


def verify_chain(batch_size: int = 5000, anchors: Path | None = None) -> tuple[int, ChainBreak | None]:
    """Walk the whole chain in order; return how many entries were checked and the first break.

    Past the entries themselves: the head must carry a valid signature (AUDIT_ANCHOR_KEY), so a
    chain re-hashed from some entry on, or cut short with the head wound back, is caught; and
    every head written to the anchor file must still be in the chain, which catches a head
    replayed from an earlier day.
    """
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    newest_scheme = 1
    by_seq: dict[int, str] = {}
    actor_ids = hashlib.sha256()
    anchored = _anchors(anchors if anchors is not None else settings.AUDIT_ANCHOR_FILE)
    for entry in _in_order(batch_size):
        if entry.seq != expected_seq:
            return checked, ChainBreak(expected_seq, "missing")
        if entry.prev_hash != expected_prev:
            return checked, ChainBreak(entry.seq, "prev_hash")
        if entry.scheme < newest_scheme:
            # A newer entry before it was written with a later scheme: this one was rewritten.
            return checked, ChainBreak(entry.seq, "hash")
        try:
            digest = entry_digest(fields_of(entry), entry.prev_hash)
        except UnknownScheme:
            return checked, ChainBreak(entry.seq, "hash")
        if digest != entry.hash:
            return checked, ChainBreak(entry.seq, "hash")
        if entry.action == SCHEME_UPGRADE and entry.scheme >= 2:
            # The account ids of every entry before it, which scheme 1 did not hash.
            if (entry.after or {}).get("actor_ids") != actor_ids.hexdigest():
                return checked, ChainBreak(entry.seq, "actor_ids")
        actor_ids.update(actor_ids_line(entry.seq, entry.actor_id))
        newest_scheme = entry.scheme
        if entry.seq in anchored:
            by_seq[entry.seq] = entry.hash
        expected_prev = entry.hash
        expected_seq += 1
        checked += 1
    for seq, (anchored_hash, valid) in sorted(anchored.items()):
        if not valid:
            return checked, ChainBreak(seq, "anchor_forged")
        if seq not in by_seq:
            # The anchor file saw this entry; the chain no longer has it.
            return checked, ChainBreak(checked + 1, "missing")
        if by_seq[seq] != anchored_hash:
            return checked, ChainBreak(seq, "anchor")
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        return checked, (ChainBreak(1, "head") if checked else None)
    if (head.seq, head.hash) != (checked, expected_prev):
        # Entries at the end were removed: the head still remembers them.
        return checked, ChainBreak(checked + 1, "missing")
    if checked and not macs_equal(head.mac, head_mac(settings.AUDIT_ANCHOR_KEY, head.seq, head.hash)):
        # The head matches the entries but not its signature: the chain was cut short or
        # re-hashed by someone who does not hold the key.
        return checked, ChainBreak(checked, "head")
    return checked, None


def anchor_line(head: ChainHead, at: str) -> str:
    """One line of the anchor file: when, the head's seq and hash, and their signature."""
    return f"{at} {head.seq} {head.hash} {head_mac(settings.AUDIT_ANCHOR_KEY, head.seq, head.hash)}\n"


def _anchors(path: Path) -> dict[int, tuple[str, bool]]:
    """seq → (hash, signature valid) for every line of the anchor file, if there is one."""
    out: dict[int, tuple[str, bool]] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) != 4 or not parts[1].isdigit():
            out[-len(out) - 1] = ("", False)
            continue
        seq, digest, mac = int(parts[1]), parts[2], parts[3]
        if seq == 0:
            continue
        out[seq] = (digest, macs_equal(mac, head_mac(settings.AUDIT_ANCHOR_KEY, seq, digest)))
    return out


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


# ---- Searching the trail ----------------------------------------------------------------------


# The subject of an office's history: its own entries and those of its assets, staff and entities.
OFFICE_SUBJECT = "registry.office"


@dataclass(frozen=True)
class TrailFilter:
    """What the trail is searched for. Every field is a person's words or a choice from a list
    of labels: no code, id or field name is typed or shown."""

    office: str = ""  # part of an office's name: the entries of its history
    actor: str = ""  # part of the name the entry was written under
    action: str = ""  # one action (chosen by its label)
    jurisdiction: Jurisdiction | None = None  # entries of it and everything under it
    since: date | None = None
    until: date | None = None

    @property
    def active(self) -> bool:
        return any((self.office, self.actor, self.action, self.jurisdiction, self.since, self.until))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_trail(user: User | AnonymousUser, f: TrailFilter) -> QuerySet[AuditEntry]:
    """The entries the user may read (the chokepoint first), narrowed by the filter. The office
    is matched among the offices the user may see, so a name never reveals another's records."""
    entries = trail_for(user)
    if f.office:
        # Entries name their subject by model label, as they store it; the registry sits above
        # this app, so its office model is found by that label rather than imported.
        office_model = apps.get_model(OFFICE_SUBJECT)
        offices = scoped(user, office_model.objects.filter(name__icontains=f.office)).annotate(
            key=Cast("pk", CharField())
        )
        entries = entries.filter(subject_type=OFFICE_SUBJECT, subject_id__in=offices.values("key"))
    if f.actor:
        entries = entries.filter(
            Q(actor_label__icontains=f.actor)
            | Q(actor__first_name__icontains=f.actor)
            | Q(actor__last_name__icontains=f.actor)
        )
    if f.action:
        entries = entries.filter(action=f.action)
    if f.jurisdiction is not None:
        # Entries keep the path they were written with: the tree's old keys find them too.
        within = Q()
        for prefix in stored_prefixes(f.jurisdiction.path, access_for(user).aliases()):
            within |= Q(jurisdiction_path__startswith=prefix)
        entries = entries.filter(within)
    if f.since:
        entries = entries.filter(at__gte=_day_start(f.since))
    if f.until:
        entries = entries.filter(at__lt=_day_start(f.until + timedelta(days=1)))
    return entries


def jurisdiction_names(user: User | AnonymousUser) -> dict[str, str]:
    """path → name over the user's reach, for the export's column, in one query."""
    return dict(scoped(user, Jurisdiction.objects.all()).values_list("path", "name"))
