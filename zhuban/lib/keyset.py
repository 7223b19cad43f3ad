"""Keyset pagination over a descending integer key: no OFFSET and no COUNT, so page 10,000 of
a table of millions costs what page 1 does. Framework-free: works on any list-returning fetch."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    items: list[T]
    newer: int | None  # pass as ?after= to see the page before this one
    older: int | None  # pass as ?before= to see the next page

    @property
    def has_other_pages(self) -> bool:
        return self.newer is not None or self.older is not None


def keyset_page(
    *,
    older_than: Callable[[int | None, int], Iterable[T]],
    newer_than: Callable[[int, int], Iterable[T]],
    key: Callable[[T], int],
    before: int | None,
    after: int | None,
    size: int,
) -> KeysetPage[T]:
    """``older_than(k, n)``: up to n items with key < k (all when k is None), newest first;
    ``newer_than(k, n)``: up to n items with key > k, oldest first."""
    if after is not None:
        rows = list(newer_than(after, size + 1))
        more_newer = len(rows) > size
        items = list(reversed(rows[:size]))
        return KeysetPage(items, key(items[0]) if more_newer and items else None, key(items[-1]) if items else None)
    rows = list(older_than(before, size + 1))
    more_older = len(rows) > size
    items = rows[:size]
    return KeysetPage(
        items,
        key(items[0]) if before is not None and items else None,
        key(items[-1]) if more_older and items else None,
    )


def int_param(params: Mapping[str, str], name: str) -> int | None:
    """A whole-number query parameter, or None when absent or not a number (never an error page)."""
    raw = params.get(name, "")
    # isdigit() alone accepts "²" and other digits int() refuses: ASCII digits only.
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None
