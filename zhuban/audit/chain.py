"""How an audit entry is hashed. Pure: the same fields always give the same digest.

Schemes are versioned so that no stored entry is ever rewritten: an entry is checked with the
fields of the scheme it was written with. Scheme 1 left out the actor's account id (only the
name was hashed), so moving an entry onto another account went unnoticed; scheme 2 hashes every
field that says who did what, and the scheme number itself. Scheme 3 came with one chain per
jurisdiction (so that writers in different places never wait for one another's head): it
hashes the chain an entry belongs to and its position there.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

GENESIS = "0" * 64

HASHED_FIELDS_V1 = (
    "seq",
    "at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "subject_type",
    "subject_id",
    "jurisdiction_path",
    "unit_id",
    "before",
    "after",
    "reason",
)
HASHED_FIELDS_V2 = (*HASHED_FIELDS_V1, "actor_id", "scheme")
HASHED_FIELDS = {1: HASHED_FIELDS_V1, 2: HASHED_FIELDS_V2, 3: (*HASHED_FIELDS_V2, "chain", "link")}
# The scheme every new entry is written with, and the first that hashes an entry's chain.
CURRENT_SCHEME = 3
CHAINED_SCHEME = 3
# The one chain of the entries written before chains were kept per jurisdiction (schemes 1 and
# 2): its entries carry no link, their seq is their position (it had no gaps), and it is closed.
LEGACY_CHAIN = ""


def chain_of(jurisdiction_path: str) -> str:
    """The chain an entry joins: its jurisdiction's code, the last segment of its path ("/" for
    the national root). A code outlives a move of the tree above it, so a county's chain goes
    on under its new path."""
    segments = [s for s in jurisdiction_path.split("/") if s]
    return segments[-1] if segments else "/"


class UnknownScheme(ValueError):
    pass


def entry_digest(fields: dict[str, Any], prev_hash: str) -> str:
    payload = json.dumps(
        {**fields, "prev_hash": prev_hash}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def fields_of(entry: Any) -> dict[str, Any]:
    scheme = getattr(entry, "scheme", 1)
    if scheme not in HASHED_FIELDS:
        raise UnknownScheme(scheme)
    values = {name: getattr(entry, name) for name in HASHED_FIELDS[scheme]}
    values["at"] = entry.at.timestamp()
    return values


# The entry that carries the chain from scheme 1 to 2 (migration 0003): its ``after`` holds the
# digest of (seq, actor id) of every entry before it, so the account ids of entries written
# under scheme 1, which their own hashes do not cover, are covered by this scheme-2 entry.
SCHEME_UPGRADE = "audit.scheme_upgrade"


def actor_ids_line(seq: int, actor_id: int | None) -> bytes:
    """One entry's part of the scheme-upgrade digest (sha256 over these lines, in seq order)."""
    return f"{seq}:{'' if actor_id is None else actor_id}\n".encode()


def head_mac(key: str, link: int, head_hash: str, chain: str = LEGACY_CHAIN) -> str:
    """A chain head signed with a key that lives outside the database: whoever can write the
    database but not read the key cannot move the head or re-hash the chain unnoticed. (The
    closed legacy chain keeps the message it was signed with.)"""
    if chain == LEGACY_CHAIN:
        message = f"zhuban-audit-head:{link}:{head_hash}"
    else:
        message = f"zhuban-audit-head:{chain}:{link}:{head_hash}"
    return _mac(key, message)


def checkpoint_mac(key: str, chain: str, link: int, seq: int, entry_hash: str, at: str) -> str:
    """A verified point of a chain signed the same way: a checkpoint written into the database by
    someone without the key is refused, so it cannot make the verifier skip entries."""
    return _mac(key, f"zhuban-audit-checkpoint:{chain}:{link}:{seq}:{entry_hash}:{at}")


def _mac(key: str, message: str) -> str:
    return hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def macs_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
