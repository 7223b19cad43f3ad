"""The engine's input and output: frozen values, no Django models.

A snapshot is a sequence of ``OfficeFacts`` plus a ``Geography``, the ``PolicySettings`` and an
optional ``as_of`` date; the engine returns one ``Assessment`` per office, in input order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Level(StrEnum):
    CITY = "city"
    COUNTY = "county"


class SponsorKind(StrEnum):
    GOVERNMENT = "government"
    DEPARTMENT = "department"


class Status(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    MERGED = "merged"


class Disposition(StrEnum):
    REVOKE = "revoke"
    MERGE = "merge"
    RETAIN = "retain"
    REVIEW = "review"


# The dispositions carried out by a consolidation dossier (三(二)2): the one rule, read by the
# engine (an office still active after the deadline) and by ``Decision.needs_dossier``.
DOSSIER_DISPOSITIONS = frozenset({Disposition.REVOKE, Disposition.MERGE})


class Violation(StrEnum):
    NEW_OFFICE = "new_office"
    RETAINED_AFTER_DEADLINE = "retained_after_deadline"


@dataclass(frozen=True, slots=True)
class OfficeFacts:
    id: str
    name: str
    sponsor_level: str  # Level
    sponsor_kind: str  # SponsorKind
    # The government the sponsor is or belongs to: 咸宁市 for the city and its departments,
    # 通城县 for that county and its departments.
    sponsor_government: str
    host_city: str
    host_province: str
    host_is_capital: bool
    counterpart_assistance: bool
    established_on: date
    headcount: int | None = None
    status: str = Status.ACTIVE
    # The disposition of the office's approved decision (revoke, merge or retain), None while no
    # decision is approved. 四(二)'s retained_after_deadline follows it, not the engine's proposal.
    approved_disposition: str | None = None


@dataclass(frozen=True, slots=True)
class Campaign:
    """Whose plan this is: the city government and the county-level governments that are its own.

    The clauses speak only of this city's units (the city government, its departments, its
    counties and development zone, their departments); a sponsor whose government is not here
    belongs to another city and is outside every clause.
    """

    city: str | None  # 咸宁市; None when the snapshot has no city above its counties
    counties: frozenset[str]  # 咸安区, 通城县, …, 咸宁高新区

    def owns(self, government: str, level: str) -> bool:
        if level == Level.CITY:
            return government == self.city
        return government in self.counties


@dataclass(frozen=True, slots=True)
class Geography:
    """Which provinces share a border (unordered pairs of full province names), which face each
    other only across a strait, which are municipalities, and which lie outside the plan's frame."""

    adjacent: frozenset[frozenset[str]]
    straits: frozenset[frozenset[str]] = frozenset()
    municipalities: frozenset[str] = frozenset()
    outside_frame: frozenset[str] = frozenset()

    def across_strait(self) -> dict[str, set[str]]:
        return _neighbours(self.straits)

    def neighbours(self) -> dict[str, set[str]]:
        return _neighbours(self.adjacent)


def _neighbours(pairs: frozenset[frozenset[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for pair in pairs:
        a, b = tuple(pair)
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


@dataclass(frozen=True, slots=True)
class Assessment:
    office_id: str
    disposition: str  # Disposition
    merge_into: str | None
    clauses: tuple[str, ...]  # the clause ids the disposition rests on
    approval_required: bool
    approver: str | None
    additional_plaque: str | None
    violations: tuple[str, ...]  # Violation codes; each rests on 四(二)
    # True when part of the result is the product's proposal, not the plan's ruling: the survivor
    # of a 二(二)2 group is a person's choice.
    proposal: bool
    # For ``review``: the clauses weighed, none of which decides the office.
    considered: tuple[str, ...]
    # Ids of the settings this result depends on, so a page can show them beside it.
    settings_used: tuple[str, ...]
    explanation: str
