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
    # Members doing counterpart assistance (computed once: the engine asks per office).
    assisted: tuple[OfficeFacts, ...] = ()
    # A strait pair (two province names) whose reading would change this group's outcome (another
    # group joining it would bring another survivor): under the default reading a person decides,
    # so the group's offices go to review.
    strait_pending: tuple[str, str] | None = None
    # A strait pair that may bring another group into this one without changing its survivor:
    # its outcomes stand, and its explanations say that the other group awaits a person.
    strait_touching: tuple[str, str] | None = None
    # True when a strait pair decided the group's extent (joined or kept apart by the setting).
    strait_decided: bool = False


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
    decisive = _decisive_straits(uf, first_in_province, straits or {}, adjacency)
    decided: set[int] = set()
    if decisive and strait_reading == STRAIT_GROUP:
        for _a, _b, i, j in decisive:
            uf.union(i, j)
        decided = {uf.find(i) for _a, _b, i, _j in decisive}
    elif decisive and strait_reading != STRAIT_REVIEW:
        decided = {uf.find(k) for _a, _b, i, j in decisive for k in (i, j)}

    members: dict[int, list[OfficeFacts]] = {}
    for i, office in enumerate(offices):
        members.setdefault(uf.find(i), []).append(office)
    survivors = {root: propose_survivor(group, assistance=assistance) for root, group in members.items()}
    pending: dict[int, tuple[str, str]] = {}
    touching: dict[int, tuple[str, str]] = {}
    if decisive and strait_reading == STRAIT_REVIEW:
        pending, touching = _pending(uf, decisive, members, survivors, assistance)
    return [
        Group(
            members=tuple(group),
            survivor=survivors[root][0],
            reason=survivors[root][1],
            assisted=tuple(o for o in group if o.counterpart_assistance),
            strait_pending=pending.get(root),
            strait_touching=touching.get(root),
            strait_decided=root in decided,
        )
        for root, group in members.items()
    ]


def _decisive_straits(
    uf: _UnionFind, first_in_province: dict[str, int], straits: dict[str, set[str]], adjacency: str
) -> list[tuple[str, str, int, int]]:
    """The strait pairs that would join two groups the land borders keep apart.

    Under the reading "adjacent to the home province" no strait pair borders Hubei, so none matters.
    """
    if adjacency == ADJACENCY_TO_HOME:
        return []
    decisive = []
    for province, i in sorted(first_in_province.items()):
        for other in sorted(straits.get(province, ())):
            j = first_in_province.get(other)
            if j is not None and province < other and uf.find(i) != uf.find(j):
                decisive.append((province, other, i, j))
    return decisive


def _pending(
    uf: _UnionFind,
    decisive: list[tuple[str, str, int, int]],
    members: dict[int, list[OfficeFacts]],
    survivors: dict[int, tuple[OfficeFacts, str]],
    assistance: str,
) -> tuple[dict[int, tuple[str, str]], dict[int, tuple[str, str]]]:
    """Which land groups' outcomes the strait question would change: those whose survivor is not
    the survivor of the groups joined across the strait (their members would merge elsewhere)."""
    joined = _UnionFind(len(uf.parent))
    joined.parent = [uf.find(i) for i in range(len(uf.parent))]
    pair_of: dict[int, tuple[str, str]] = {}
    for a, b, i, j in decisive:
        joined.union(i, j)
        pair_of.setdefault(uf.find(i), (a, b))
        pair_of.setdefault(uf.find(j), (a, b))
    by_joined: dict[int, list[int]] = {}
    for root in pair_of:
        by_joined.setdefault(joined.find(root), []).append(root)
    pending: dict[int, tuple[str, str]] = {}
    touching: dict[int, tuple[str, str]] = {}
    for roots in by_joined.values():
        survivor, _reason = propose_survivor([o for r in roots for o in members[r]], assistance=assistance)
        for root in roots:
            target = pending if survivors[root][0] is not survivor else touching
            target[root] = pair_of[root]
    return pending, touching


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
