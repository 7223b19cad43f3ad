"""二(二)2: group the city government's offices outside the home province and propose a survivor.

Offices are grouped when they sit in the same province or in provinces adjacent under the
chosen reading of 临近省区 (setting ``adjacency``); grouping is transitive, so it is a
union-find over offices, linear in their number (provinces are few, so the adjacency pass is
bounded by the border table, not by offices).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zhuban.policy.facts import OfficeFacts, Status
from zhuban.policy.policy_settings import ADJACENCY_TO_HOME

# Why the proposed survivor was preferred, most decisive first.
REASON_ONLY_ACTIVE = "only_active"
REASON_CAPITAL = "capital"
REASON_HEADCOUNT = "headcount"
REASON_ID = "id"


@dataclass(frozen=True, slots=True)
class Group:
    members: tuple[OfficeFacts, ...]  # in input order
    survivor: OfficeFacts
    reason: str  # one of the REASON_ codes; "" for a group of one


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
) -> list[Group]:
    """Partition ``offices`` (all the city government's, outside the home province) into groups."""
    uf = _UnionFind(len(offices))
    first_in_province: dict[str, int] = {}
    for i, office in enumerate(offices):
        j = first_in_province.setdefault(office.host_province, i)
        if j != i:
            uf.union(i, j)
    _link_provinces(uf, first_in_province, neighbours, adjacency, home_province)

    members: dict[int, list[OfficeFacts]] = {}
    for i, office in enumerate(offices):
        members.setdefault(uf.find(i), []).append(office)
    groups = []
    for group in members.values():
        survivor, reason = propose_survivor(group)
        groups.append(Group(members=tuple(group), survivor=survivor, reason=reason))
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


def rank(office: OfficeFacts) -> tuple[int, int, str]:
    # A capital first, then the larger headcount (unknown counts as smallest), then the id so the
    # proposal never depends on input order.
    headcount = -1 if office.headcount is None else office.headcount
    return (0 if office.host_is_capital else 1, -headcount, office.id)


def propose_survivor(group: Iterable[OfficeFacts]) -> tuple[OfficeFacts, str]:
    """The office to propose keeping, and the code of the criterion that decided it."""
    group = list(group)
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
