"""The home page (工作台): what is the user's to do now, gathered from every app.

It reads several apps, so it stands in the top layer beside zhuban.flows; each app says what
is to do in its own ``queries.todo_for(user, today)``, through the access chokepoint, so only
what the user's grants and capabilities allow is listed. A fixed number of queries whatever the
data: each pile is one or a few queries (tests/test_query_counts.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from zhuban.campaign import queries as campaign
from zhuban.consolidation import queries as consolidation
from zhuban.decision import queries as decision
from zhuban.inspection import queries as inspection
from zhuban.lib.todo import Pile
from zhuban.oversight import queries as oversight
from zhuban.reception import queries as reception

# In the order of the plan's work: proposals and their approval, consolidation, the campaign's
# submissions, inspection, then the retained offices and their receptions.
SOURCES: list[Callable[[Any, date], list[Pile]]] = [
    decision.todo_for,
    consolidation.todo_for,
    campaign.todo_for,
    inspection.todo_for,
    oversight.todo_for,
    reception.todo_for,
]


@dataclass(frozen=True)
class Desk:
    piles: list[Pile]

    @property
    def count(self) -> int:
        return sum(p.count for p in self.piles)

    @property
    def overdue(self) -> int:
        return sum(p.overdue for p in self.piles)


def desk_for(user: Any, today: date) -> Desk:
    return Desk([p for source in SOURCES for p in source(user, today)])
