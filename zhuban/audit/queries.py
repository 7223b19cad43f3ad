"""Reading the audit trail."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from zhuban.audit.chain import (
    CHAINED_SCHEME,
    CURRENT_SCHEME,
    GENESIS,
    HASHED_FIELDS,
    LEGACY_CHAIN,
    SCHEME_UPGRADE,
    UnknownScheme,
    actor_ids_line,
    checkpoint_mac,
    entry_digest,
    fields_of,
    head_mac,
    macs_equal,
)
from zhuban.audit.models import AuditEntry, ChainHead, Checkpoint
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
    """The first thing found wrong: the entry where it shows (for a missing entry, the one after
    the gap), what is wrong, and in which chain at which position (``link``)."""

    seq: int
    problem: str
    chain: str = LEGACY_CHAIN
    link: int | None = None


@dataclass
class _Walked:
    checked: int = 0
    link: int = 0
    seq: int = 0
    hash: str = GENESIS
    scheme: int = 1


def verify_chain(
    batch_size: int = 5000,
    anchors: Path | None = None,
    *,
    incremental: bool = False,
    checkpoint: bool = False,
) -> tuple[int, ChainBreak | None]:
    """Walk every chain in order; return how many entries were checked and the first break.

    Past the entries themselves: each chain's head must carry a valid signature
    (AUDIT_ANCHOR_KEY), so a chain re-hashed from some entry on, or cut short with its head
    wound back, is caught; and every head written to the anchor file must still be in its
    chain, which catches a head replayed from an earlier day.

    ``incremental`` starts each chain at its signed checkpoint (a forged one is a break): what
    was written before it is not read again, which is the point, and which is why a full walk
    stays available and should run now and then. ``checkpoint`` records, when nothing is
    broken, a signed checkpoint at the end of every chain.
    """
    anchored = _anchors(anchors if anchors is not None else settings.AUDIT_ANCHOR_FILE)
    for (chain, link), (_, valid) in sorted(anchored.items()):
        if not valid:
            return 0, ChainBreak(link, "anchor_forged", chain, link)
    heads = {h.chain: h for h in ChainHead.objects.all()}
    starts = {c.chain: c for c in Checkpoint.objects.all()} if incremental else {}
    # The entries the checkpoints name, and each chain's newest entry, in one query each: a
    # chain with nothing new since its checkpoint costs no query of its own.
    at_points = {
        row["seq"]: SimpleNamespace(**row)
        for row in AuditEntry.objects.filter(seq__in=[c.seq for c in starts.values()]).values(
            "seq", "chain", "link", "hash", "scheme"
        )
    }
    newest = _newest_by_chain()
    chains = set(heads) | set(starts) | {chain for chain, _ in anchored} | set(newest)
    checked = 0
    ends: dict[str, _Walked] = {}
    for chain in sorted(chains):
        start, broken = _start_of(chain, starts.get(chain), at_points)
        if broken is not None:
            return checked, broken
        anchored_here = {k: v[0] for (c, k), v in anchored.items() if c == chain}
        walked, broken = _walk(chain, start, batch_size, anchored_here, newest.get(chain, 0))
        checked += walked.checked - start.checked
        if broken is not None:
            return checked, broken
        broken = _check_head(chain, heads.get(chain), walked)
        if broken is not None:
            return checked, broken
        ends[chain] = walked
    if checkpoint:
        _record_checkpoints(ends)
    return checked, None


def _newest_by_chain() -> dict[str, int]:
    """Every chain that has entries (one whose head was removed shows here too) with the seq of
    its newest entry, by a walk down the (chain, seq) index: one probe per chain, not a scan of
    millions of entries."""
    sql = (
        "WITH RECURSIVE c(chain) AS ("
        " SELECT MIN(chain) FROM audit_auditentry"
        " UNION ALL"
        " SELECT (SELECT MIN(e.chain) FROM audit_auditentry e WHERE e.chain > c.chain) FROM c WHERE c.chain IS NOT NULL"
        ") SELECT chain, (SELECT MAX(e.seq) FROM audit_auditentry e WHERE e.chain = c.chain) FROM c"
        " WHERE chain IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def _start_of(chain: str, point: Checkpoint | None, at_points: dict[int, Any]) -> tuple[_Walked, ChainBreak | None]:
    if point is None:
        return _Walked(), None
    if not macs_equal(point.mac, _checkpoint_mac(point)):
        return _Walked(), ChainBreak(point.seq, "checkpoint_forged", chain, point.link)
    entry = at_points.get(point.seq)
    if entry is None or entry.chain != chain or _position(entry) != point.link or entry.hash != point.hash:
        # The entry the last run ended on is gone or changed since: the trail was rewritten.
        return _Walked(), ChainBreak(point.seq, "checkpoint", chain, point.link)
    # A walk from a checkpoint does not see the account ids sealed by the legacy chain's
    # scheme-upgrade entry (it lies before any checkpoint, which only the full walk rereads).
    return _Walked(checked=0, link=point.link, seq=point.seq, hash=point.hash, scheme=entry.scheme), None


def _position(entry: Any) -> int:
    return entry.seq if entry.chain == LEGACY_CHAIN else (entry.link or 0)


def _walk(
    chain: str, start: _Walked, batch_size: int, anchored: dict[int, str], newest_seq: int
) -> tuple[_Walked, ChainBreak | None]:
    at = _Walked(start.checked, start.link, start.seq, start.hash, start.scheme)
    actor_ids = hashlib.sha256()
    for entry in _in_order(chain, start.seq, batch_size) if newest_seq > start.seq else ():
        position = _position(entry)
        if position != at.link + 1:
            return at, ChainBreak(entry.seq if chain else at.link + 1, "missing", chain, at.link + 1)
        if entry.prev_hash != at.hash:
            return at, ChainBreak(entry.seq, "prev_hash", chain, position)
        if entry.scheme < at.scheme or (chain != LEGACY_CHAIN) != (entry.scheme >= CHAINED_SCHEME):
            # A newer entry before it was written with a later scheme, or it claims a scheme
            # that does not hash the chain it is in: this one was rewritten.
            return at, ChainBreak(entry.seq, "hash", chain, position)
        try:
            digest = entry_digest(fields_of(entry), entry.prev_hash)
        except UnknownScheme:
            return at, ChainBreak(entry.seq, "hash", chain, position)
        if digest != entry.hash:
            return at, ChainBreak(entry.seq, "hash", chain, position)
        if entry.action == SCHEME_UPGRADE and entry.scheme >= 2 and not start.link:
            # The account ids of every entry before it, which scheme 1 did not hash.
            if (entry.after or {}).get("actor_ids") != actor_ids.hexdigest():
                return at, ChainBreak(entry.seq, "actor_ids", chain, position)
        actor_ids.update(actor_ids_line(entry.seq, entry.actor_id))
        if position in anchored and anchored[position] != entry.hash:
            return at, ChainBreak(entry.seq, "anchor", chain, position)
        at.checked, at.link, at.seq, at.hash, at.scheme = at.checked + 1, position, entry.seq, entry.hash, entry.scheme
    beyond = [link for link in anchored if link > at.link]
    if beyond:
        # The anchor file saw this position; the chain no longer has it.
        return at, ChainBreak(at.link + 1 if not chain else at.seq, "missing", chain, at.link + 1)
    return at, None


def _check_head(chain: str, head: ChainHead | None, walked: _Walked) -> ChainBreak | None:
    if head is None:
        return ChainBreak(walked.seq, "head", chain, walked.link) if walked.link else None
    if (head.link, head.hash) != (walked.link, walked.hash):
        # Entries at the end were removed: the head still remembers them.
        return ChainBreak(walked.link + 1 if not chain else walked.seq, "missing", chain, walked.link + 1)
    if walked.link and not macs_equal(head.mac, head_mac(settings.AUDIT_ANCHOR_KEY, head.link, head.hash, chain)):
        # The head matches the entries but not its signature: the chain was cut short or
        # re-hashed by someone who does not hold the key.
        return ChainBreak(walked.seq, "head", chain, walked.link)
    return None


def _checkpoint_mac(point: Checkpoint) -> str:
    return checkpoint_mac(
        settings.AUDIT_ANCHOR_KEY, point.chain, point.link, point.seq, point.hash, point.verified_at.isoformat()
    )


def _record_checkpoints(ends: dict[str, _Walked]) -> None:
    now = timezone.now().replace(microsecond=0)
    points = []
    for chain, end in ends.items():
        if not end.link:
            continue
        point = Checkpoint(chain=chain, link=end.link, seq=end.seq, hash=end.hash, verified_at=now)
        point.mac = _checkpoint_mac(point)
        points.append(point)
    Checkpoint.objects.bulk_create(
        points,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["chain"],
        update_fields=["link", "seq", "hash", "verified_at", "mac"],
    )


def anchor_lines(at: str) -> list[str]:
    """Lines for the anchor file: when, a head's chain, link and hash, and their signature; one
    for each chain whose head moved since the file last saw it. (A line of the closed legacy
    chain has no chain field, as the lines written before chains were split.)"""
    seen = {chain: link for (chain, link), _ in sorted(_anchors(settings.AUDIT_ANCHOR_FILE).items())}
    lines = []
    for head in ChainHead.objects.filter(link__gt=0).order_by("chain"):
        if seen.get(head.chain) == head.link:
            continue
        mac = head_mac(settings.AUDIT_ANCHOR_KEY, head.link, head.hash, head.chain)
        chain = f" {head.chain}" if head.chain != LEGACY_CHAIN else ""
        lines.append(f"{at}{chain} {head.link} {head.hash} {mac}\n")
    return lines


def _anchors(path: Path) -> dict[tuple[str, int], tuple[str, bool]]:
    """(chain, link) → (hash, signature valid) for every line of the anchor file, if there is one."""
    out: dict[tuple[str, int], tuple[str, bool]] = {}
    if not path.exists():
        return out
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if len(parts) == 4:
            parts.insert(1, LEGACY_CHAIN)
        if len(parts) != 5 or not parts[2].isdigit():
            out[("?", -number)] = ("", False)
            continue
        chain, link, digest, mac = parts[1], int(parts[2]), parts[3], parts[4]
        if link == 0:
            continue
        out[(chain, link)] = (digest, macs_equal(mac, head_mac(settings.AUDIT_ANCHOR_KEY, link, digest, chain)))
    return out


# What the walk reads of each entry: the hashed fields of every scheme and the chain's links.
_WALKED_FIELDS = tuple(dict.fromkeys(("seq", "chain", "link", "prev_hash", "hash", *HASHED_FIELDS[CURRENT_SCHEME])))


def _in_order(chain: str, after_seq: int, batch_size: int) -> Iterator[Any]:
    """The chain's entries after ``after_seq`` in order, as plain rows (the walk reads millions:
    model instances would cost several times the hashing)."""
    last = after_seq
    while True:
        rows = list(
            AuditEntry.objects.filter(chain=chain, seq__gt=last).order_by("seq").values(*_WALKED_FIELDS)[:batch_size]
        )
        if not rows:
            return
        for row in rows:
            yield SimpleNamespace(**row)
        last = rows[-1]["seq"]


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
