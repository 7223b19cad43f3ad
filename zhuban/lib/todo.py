"""What a person has to do, as each app reports it for the home page (工作台).

Framework-free: an app's ``queries.todo_for(user, today)`` returns ``Pile`` values; the home page
(zhuban.desk) only lays them out. A pile is one kind of work (待审核的精简整合意见) with its
total, how many are overdue, the first few items by deadline and the page where all of them are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

# How many items of one pile the home page lists; the rest are behind the pile's own link.
SHOWN = 8


@dataclass(frozen=True)
class Item:
    title: str
    url: str  # the page where this item is done
    due_on: date | None = None
    note: str = ""
    overdue: bool = False


# What a page shows as text: a str, or an app's lazy translation (rendered in the reader's language).
Label = object


@dataclass(frozen=True)
class Pile:
    key: str  # stable, for tests and anchors: "decision.review"
    title: Label
    items: Sequence[Item]
    count: int  # all of them, not only the items shown
    overdue: int = 0
    url: str = ""  # where the whole pile is worked through

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.items))


def by_deadline(items: Iterable[Item]) -> list[Item]:
    """Overdue first, then by deadline (none last), then by title: what is due soonest on top."""
    return sorted(items, key=lambda i: (not i.overdue, i.due_on is None, i.due_on or date.max, i.title))


def pile(key: str, title: Label, items: Iterable[Item], *, url: str = "", today: date | None = None) -> Pile | None:
    """A pile from all its items (already read in a fixed number of queries), or None when empty.
    ``today`` marks as overdue the items whose deadline has passed."""
    marked = [
        Item(i.title, i.url, i.due_on, i.note, True) if today and i.due_on and i.due_on < today else i for i in items
    ]
    if not marked:
        return None
    ordered = by_deadline(marked)
    return Pile(
        key=key,
        title=title,
        items=ordered[:SHOWN],
        count=len(ordered),
        overdue=sum(1 for i in ordered if i.overdue),
        url=url,
    )
