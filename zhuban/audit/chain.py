"""How an audit entry is hashed. Pure: the same fields always give the same digest.

Schemes are versioned so that no stored entry is ever rewritten: an entry is checked with the
fields of the scheme it was written with. Scheme 1 left out the actor's account id (only the
name was hashed), so moving an entry onto another account went unnoticed; scheme 2 hashes every
field that says who did what, and the scheme number itself.
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
HASHED_FIELDS = {1: HASHED_FIELDS_V1, 2: (*HASHED_FIELDS_V1, "actor_id", "scheme")}
# The scheme every new entry is written with.
CURRENT_SCHEME = 2


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


def head_mac(key: str, seq: int, head_hash: str) -> str:
    """The chain head signed with a key that lives outside the database: whoever can write the
    database but not read the key cannot move the head or re-hash the chain unnoticed."""
    message = f"zhuban-audit-head:{seq}:{head_hash}".encode()
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def macs_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
