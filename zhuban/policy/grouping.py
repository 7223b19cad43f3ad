"""二(二)2: group the city government's offices outside the home province and propose a survivor.

Offices are grouped when they sit in the same province or in provinces adjacent under the
chosen reading of 临近省区 (setting ``adjacency``); grouping is transitive, so it is a
union-find over offices, linear in their number (provinces are few, so the adjacency pass is
bounded by the border table, not by offices).

Provinces that face each other only across a strait (``Geography.straits``) are linked, kept
apart, or left to a person (setting ``strait_adjacency``); the setting matters only where such a
pair would join two groups that the land borders keep apart, and only those groups record it.

A counterpart-assistance office (二(二)4) is a member of its group like any other; under the
default reading (setting ``assistance_in_group``) it is the group's one office.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zhuban.policy.facts import OfficeFacts, Status
from zhuban.policy.policy_settings import ADJACENCY_TO_HOME, ASSISTANCE_SURVIVOR, STRAIT_GROUP, STRAIT_REVIEW

# Why the proposed survivor was preferred, most decisive first.
REASON_ASSISTANCE = "assistance"
REASON_ONLY_ACTIVE = "only_active"
REASON_CAPITAL = "capital"
REASON_HEADCOUNT = "headcount"
REASON_ID = "id"


@dataclass(frozen=True, slots=True)
class Group:
    members: tuple[OfficeFacts, ...]  # in input order
    survivor: OfficeFacts
    reason: str  # one of the REASON_ codes; "" for a group of one
    # A strait pair (two province names) that would join this group with another: under the
    # default reading a person decides, so the group's offices go to review.
    strait_pending: tuple[str, str] | None = None
    # True when a strait pair decided the group's extent (joined or kept apart by the setting).
    strait_decided: bool = False

    @property
    def assisted(self) -> tuple[OfficeFacts, ...]:
        return tuple(m for m in self.members if m.counterpart_assistance)


class _UnionFind:
    __slots__ = ("parent",)

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:  # path compression keeps later finds O(1)
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_offices(
    offices: Sequence[OfficeFacts],
    *,
    neighbours: dict[str, set[str]],
    adjacency: str,
    home_province: str,
    straits: dict[str, set[str]] | None = None,
    strait_reading: str = STRAIT_REVIEW,
    assistance: str = ASSISTANCE_SURVIVOR,
) -> list[Group]:
    """Partition ``offices`` (all the city government's, outside the home province) into groups."""
    uf = _UnionFind(len(offices))
    first_in_province: dict[str, int] = {}
    for i, office in enumerate(offices):
        j = first_in_province.setdefault(office.host_province, i)
        if j != i:
            uf.union(i, j)
    _link_provinces(uf, first_in_province, neighbours, adjacency, home_province)
    pending, decided = _straits(uf, first_in_province, straits or {}, adjacency, strait_reading)

    members: dict[int, list[OfficeFacts]] = {}
    for i, office in enumerate(offices):
        members.setdefault(uf.find(i), []).append(office)
    groups = []
    for root, group in members.items():
        survivor, reason = propose_survivor(group, assistance=assistance)
        groups.append(
            Group(
                members=tuple(group),
                survivor=survivor,
                reason=reason,
                strait_pending=pending.get(root),
                strait_decided=root in decided,
            )
        )
    return groups


def _link_provinces(
    uf: _UnionFind,
    first_in_province: dict[str, int],
    neighbours: dict[str, set[str]],
    adjacency: str,
    home_province: str,
) -> None:
    if adjacency == ADJACENCY_TO_HOME:
        # Alternative reading: 临近省区 are the provinces bordering Hubei, all taken together.
        near = [first_in_province[p] for p in sorted(neighbours.get(home_province, ())) if p in first_in_province]
        for i in near[1:]:
            uf.union(near[0], i)
        return
    # Default reading: provinces bordering each other, transitively.
    for province, i in first_in_province.items():
        for other in neighbours.get(province, ()):
            j = first_in_province.get(other)
            if j is not None:
                uf.union(i, j)


def _straits(
    uf: _UnionFind,
    first_in_province: dict[str, int],
    straits: dict[str, set[str]],
    adjacency: str,
    reading: str,
) -> tuple[dict[int, tuple[str, str]], set[int]]:
    """Apply the strait pairs that would join two groups; return (root -> pending pair, decided roots).

    Under the reading "adjacent to the home province" no strait pair borders Hubei, so none matters.
    """
    if adjacency == ADJACENCY_TO_HOME:
        return {}, set()
    decisive = []
    for province, i in sorted(first_in_province.items()):
        for other in sorted(straits.get(province, ())):
            j = first_in_province.get(other)
            if j is not None and province < other and uf.find(i) != uf.find(j):
                decisive.append((province, other, i, j))
    if reading == STRAIT_GROUP:
        for _a, _b, i, j in decisive:
            uf.union(i, j)
        return {}, {uf.find(i) for _a, _b, i, _j in decisive}
    if reading == STRAIT_REVIEW:
        pending: dict[int, tuple[str, str]] = {}
        for a, b, i, j in decisive:
            pending.setdefault(uf.find(i), (a, b))
            pending.setdefault(uf.find(j), (a, b))
        return pending, set()
    return {}, {uf.find(k) for _a, _b, i, j in decisive for k in (i, j)}


def rank(office: OfficeFacts) -> tuple[int, int, str]:
    # A capital first, then the larger headcount (unknown counts as smallest), then the id so the
    # proposal never depends on input order.
    headcount = -1 if office.headcount is None else office.headcount
    return (0 if office.host_is_capital else 1, -headcount, office.id)


def propose_survivor(group: Iterable[OfficeFacts], *, assistance: str = ASSISTANCE_SURVIVOR) -> tuple[OfficeFacts, str]:
    """The office to propose keeping, and the code of the criterion that decided it.

    Under the default reading an office kept for counterpart assistance (二(二)4) is the group's
    one office; under the alternative it is kept in addition, so the survivor is chosen among the
    others.
    """
    group = list(group)
    if len(group) == 1:
        return group[0], ""
    assisted = [o for o in group if o.counterpart_assistance]
    if assistance == ASSISTANCE_SURVIVOR and assisted:
        best, reason = best_of(assisted)
        return best, REASON_ASSISTANCE if len(assisted) == 1 else reason
    others = [o for o in group if not o.counterpart_assistance]
    return best_of(others or group)


def best_of(group: list[OfficeFacts]) -> tuple[OfficeFacts, str]:
    if len(group) == 1:
        return group[0], ""
    # An office already recorded as merged or revoked has been decided against by a person;
    # proposing it would contradict the record.
    active = [o for o in group if o.status == Status.ACTIVE]
    candidates = active or group
    if len(candidates) == 1:
        return candidates[0], REASON_ONLY_ACTIVE
    # Two linear passes rather than a sort: a group may hold most of a national-scale snapshot.
    best = min(candidates, key=rank)
    best_rank = rank(best)
    runner_up = min(rank(o) for o in candidates if o is not best)
    if best_rank[0] != runner_up[0]:
        return best, REASON_CAPITAL
    if best_rank[1] != runner_up[1]:
        return best, REASON_HEADCOUNT
    return best, REASON_ID
