"""Finding a table's header in a sheet as people really fill it in. Framework-free and pure.

The header is found, not assumed to be row 1: titles and 填报单位 lines may sit above it, a
group heading may sit over part of it (a second header row), and its cells may be merged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from zhuban.lib.cells import header_key, is_blank, text

Merged = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col)), 0-based


@dataclass(frozen=True)
class Header:
    first_row: int  # 0-based index of the first header row
    last_row: int  # 0-based index of the last header row; data starts below it
    columns: dict[str, int]  # key → 0-based column index
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (key, column) seen a second time
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (column, text) that match no key


def alias_table(aliases: Iterable[tuple[str, str]]) -> dict[str, str]:
    """(header text, key) pairs → the lookup ``find_header`` needs."""
    return {header_key(label): key for label, key in aliases}


def find_header(
    rows: Sequence[Sequence[Any]],
    aliases: Mapping[str, str],
    *,
    merged: Iterable[Merged] = (),
    scan: int = 40,
    minimum: int = 3,
) -> Header | None:
    """The header among the first ``scan`` rows: the row (or pair of rows) naming most keys.

    ``aliases`` maps ``header_key(text)`` to a key (see ``alias_table``). None when no row names
    at least ``minimum`` distinct keys.
    """
    top = [list(row) for row in rows[:scan]]
    _fill_merged(top, merged)
    found = [_matches(row, aliases) for row in top] + [{}]
    best, best_score = -1, 0
    for index in range(len(top)):
        score = len(set(found[index].values()) | set(found[index + 1].values()))
        if score > best_score:
            best, best_score = index, score
    if best_score < minimum:
        return None
    header_rows = [r for r in (best, best + 1) if found[r]]
    columns: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    width = max(len(top[r]) for r in header_rows)
    for col in range(width):
        # The lower row names a column more precisely (实有人数 under a 人员情况 group heading).
        key = next((found[r][col] for r in reversed(header_rows) if col in found[r]), None)
        if key is None:
            continue
        if key in columns:
            duplicates.append((key, col))
        else:
            columns[key] = col
    return Header(
        first_row=header_rows[0],
        last_row=header_rows[-1],
        columns=columns,
        duplicates=duplicates,
        unknown=_unknown(top, header_rows, found, width),
    )


def _matches(row: Sequence[Any], aliases: Mapping[str, str]) -> dict[int, str]:
    out = {}
    for col, value in enumerate(row):
        if isinstance(value, str) and value:
            key = aliases.get(header_key(value))
            if key is not None:
                out[col] = key
    return out


def _fill_merged(top: list[list[Any]], merged: Iterable[Merged]) -> None:
    """Give every cell of a merged range its top-left value, only for the cells the scan reads
    (a hostile sheet may claim a range of a million rows, or list the same range many times):
    each distinct range, clipped to the scan, costs one slice assignment per row."""
    height = len(top)
    widths = [len(row) for row in top]
    seen = set()
    for (r0, c0), (r1, c1) in merged:
        if r0 >= height or r0 < 0 or c0 < 0 or r1 < r0 or c1 < c0 or c0 >= widths[r0]:
            continue
        clipped = (r0, c0, min(r1, height - 1), min(c1, 1 << 16))
        if clipped in seen:
            continue
        seen.add(clipped)
        value = top[r0][c0]
        for r in range(r0, clipped[2] + 1):
            end = min(c1 + 1, widths[r])
            if end > c0:
                top[r][c0:end] = [value] * (end - c0)


def _unknown(
    top: list[list[Any]], header_rows: list[int], found: list[dict[int, str]], width: int
) -> list[tuple[int, str]]:
    """Header cells that name nothing we know, in columns no header row gave a key to."""
    out = []
    for col in range(width):
        if any(col in found[r] for r in header_rows):
            continue
        for r in reversed(header_rows):
            if col < len(top[r]) and not is_blank(top[r][col]):
                out.append((col, text(top[r][col])))
                break
    return out
