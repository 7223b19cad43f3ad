"""Scope keys that stored records carry, translated through the tree's recorded moves.

Pure: given a grant's current path and the aliases (old prefix, current prefix), the prefixes
under which a stored path may still be found.
"""

from __future__ import annotations

from collections.abc import Iterable


def stored_prefixes(path: str, aliases: Iterable[tuple[str, str]]) -> list[str]:
    """Every prefix a stored path under ``path`` may start with.

    A grant at or above a moved subtree reaches all of its old keys; a grant inside it reaches
    the old form of its own place.
    """
    out = [path]
    for old, new in aliases:
        if new.startswith(path):
            out.append(old)
        elif path.startswith(new):
            out.append(old + path[len(new) :])
    return out


def stored_equivalents(path: str, aliases: Iterable[tuple[str, str]]) -> list[str]:
    """Every stored form of exactly ``path`` (for grants that see one node, not its subtree)."""
    return [path] + [old + path[len(new) :] for old, new in aliases if path.startswith(new)]
