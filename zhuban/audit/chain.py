"""How an audit entry is hashed. Pure: the same fields always give the same digest."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def entry_digest(fields: dict[str, Any], prev_hash: str) -> str:
    payload = json.dumps(
        {**fields, "prev_hash": prev_hash}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


HASHED_FIELDS = (
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


def fields_of(entry: Any) -> dict[str, Any]:
    values = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["at"] = entry.at.timestamp()
    return values
