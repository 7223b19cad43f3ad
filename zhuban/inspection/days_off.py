"""The working-day calendar a finding's deadline counts: the national calendar plus the local days
off declared over the jurisdiction concerned.

Local days off live with the campaign (``Campaign.local_days_off``), a peer this app may not
import: ``zhuban.flows.inspection`` registers the lookup here at start-up, the way it registers
the checklist's sources into ``prefill.SOURCES``. Without a lookup the calendar is the national one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from zhuban.lib.workdays import WorkCalendar

# A jurisdiction's path → the local days off that apply there (declared at it or above it).
Lookup = Callable[[str], Iterable[date]]
LOOKUPS: list[Lookup] = []


def register(lookup: Lookup) -> None:
    """For ``zhuban.flows``: where local days off are declared, in an app this one may not import."""
    if lookup not in LOOKUPS:
        LOOKUPS.append(lookup)


def calendar_for(path: str) -> WorkCalendar:
    """The calendar of the jurisdiction at ``path``: one query per registered lookup."""
    return WorkCalendar(extra_days_off=frozenset(d for lookup in LOOKUPS for d in lookup(path)))
