"""The pure evaluator: the disposition rules 1-9 of docs/reading.md, then the discipline rule 四(二).

No ORM and no database: it takes a frozen snapshot and returns one ``Assessment`` per office,
in input order. The rules are tried in the reading's order and the first that applies decides;
a rule is never invented, so an office no clause decides gets ``review`` with the clauses that
were weighed. Cost is linear: offices are indexed by host city once, and 二(二)2's grouping is
a union-find (see ``grouping``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhuban.policy.clauses import PUBLIC_LIAISON_PLAQUE, WUHAN_OFFICE_APPROVER
from zhuban.policy.explain import Explainer
from zhuban.policy.facts import (
    DOSSIER_DISPOSITIONS,
    Assessment,
    Disposition,
    Geography,
    Level,
    OfficeFacts,
    SponsorKind,
    Status,
    Violation,
)
from zhuban.policy.grouping import Group, group_offices, rank
from zhuban.policy.policy_settings import PolicySettings

__all__ = ["Assessment", "Geography", "OfficeFacts", "SnapshotError", "derive_home_city", "evaluate"]

# A survivor's explanation names the offices merging into it; past this many it says "and N more"
# so one explanation stays readable when a group spans half the country.
NAMES_SHOWN = 10


class SnapshotError(ValueError):
    """A snapshot the rules cannot be applied to (e.g. offices of two different cities)."""


def derive_home_city(offices: Sequence[OfficeFacts]) -> str | None:
    """The city whose plan this is: the government of every city-level sponsor in the snapshot.

    The rules speak of "the city government" (市政府); a snapshot mixing two cities' offices
    would make rules 5-7 ambiguous, so it is refused rather than guessed.
    """
    cities = {o.sponsor_government for o in offices if o.sponsor_level == Level.CITY}
    if len(cities) > 1:
        raise SnapshotError(
            _("市级设立单位须属于同一个市政府，本批材料中有：%(cities)s。") % {"cities": "、".join(sorted(cities))}
        )
    return next(iter(cities), None)


def _check_ids(offices: Sequence[OfficeFacts]) -> None:
    # Results and merge targets refer to offices by id; two offices sharing one would be conflated.
    if len({o.id for o in offices}) != len(offices):
        raise SnapshotError(_("办事机构编号须唯一。"))


@dataclass(frozen=True, slots=True)
class _Target:
    """Where an office merges under 二(二)1/3: the city government's office in that city (``direct``)
    and, when that office is itself merged under 二(二)2, the group's survivor (``final``)."""

    direct: OfficeFacts
    final: OfficeFacts
    group: Group | None


class _Plan:
    """What the rules need to know about the whole snapshot, computed once."""

    def __init__(
        self, offices: Sequence[OfficeFacts], geography: Geography, settings: PolicySettings, home_city: str | None
    ) -> None:
        self.home_city = home_city
        home = settings.home_province
        grouped: list[OfficeFacts] = []
        by_city: dict[tuple[str, str], list[OfficeFacts]] = {}
        for o in offices:
            if o.host_province != home and _is_city_government(o):
                by_city.setdefault((o.host_province, o.host_city), []).append(o)
                # 二(二)4 overrides 二(二)2: an office kept for counterpart assistance is not grouped.
                if not o.counterpart_assistance:
                    grouped.append(o)
        groups = group_offices(
            grouped, neighbours=geography.neighbours(), adjacency=settings.adjacency, home_province=home
        )
        self.group_of: dict[str, Group] = {m.id: g for g in groups for m in g.members}
        self.targets: dict[tuple[str, str], _Target] = {
            key: self._target(key[1], offices_there) for key, offices_there in by_city.items()
        }
        self.group_text: dict[str, str] = {}  # survivor id -> the group's shared sentence

    def _target(self, city: str, offices_there: list[OfficeFacts]) -> _Target:
        options = []
        for direct in offices_there:
            group = self.group_of.get(direct.id)
            final = group.survivor if group is not None else direct
            options.append(_Target(direct=direct, final=final, group=group))
        # Prefer a target that stays in this city, then the office itself over a chain, then rank.
        return min(options, key=lambda t: (t.final.host_city != city, t.final is not t.direct, rank(t.final)))


def _is_city_government(o: OfficeFacts) -> bool:
    # derive_home_city guarantees every city-level sponsor belongs to the one home city.
    return o.sponsor_level == Level.CITY and o.sponsor_kind == SponsorKind.GOVERNMENT


class _Decision:
    __slots__ = (
        "approval_required",
        "approver",
        "clauses",
        "considered",
        "disposition",
        "merge_into",
        "plaque",
        "proposal",
        "sentences",
        "settings_used",
    )

    def __init__(
        self, disposition: str, clauses: tuple[str, ...], sentences: list[str], settings_used: tuple[str, ...]
    ) -> None:
        self.disposition = disposition
        self.clauses = clauses
        self.sentences = sentences
        self.settings_used = settings_used
        self.merge_into: str | None = None
        self.approval_required = False
        self.approver: str | None = None
        self.plaque: str | None = None
        self.proposal = False
        self.considered: tuple[str, ...] = ()


def evaluate(
    offices: Sequence[OfficeFacts],
    geography: Geography,
    settings: PolicySettings | None = None,
    as_of: date | None = None,
) -> tuple[Assessment, ...]:
    """One assessment per office, in input order. ``as_of`` enables the retained_after_deadline check."""
    settings = settings or PolicySettings()
    _check_ids(offices)
    home_city = derive_home_city(offices)
    plan = _Plan(offices, geography, settings, home_city)
    ex = Explainer(home_province=settings.home_province, home_capital=settings.home_capital, home_city=home_city)
    # Chinese sentences carry their own full stops; other languages need a space between them.
    sep = "" if (get_language() or "zh").startswith("zh") else " "
    results = []
    for o in offices:
        d = _decide(o, plan, settings, ex)
        violations, settings_used = _discipline(o, d, settings, ex, as_of)
        results.append(
            Assessment(
                office_id=o.id,
                disposition=d.disposition,
                merge_into=d.merge_into,
                clauses=d.clauses,
                approval_required=d.approval_required,
                approver=d.approver,
                additional_plaque=d.plaque,
                violations=violations,
                proposal=d.proposal,
                considered=d.considered,
                settings_used=d.settings_used + settings_used,
                explanation=sep.join(d.sentences),
            )
        )
    return tuple(results)


def _decide(o: OfficeFacts, plan: _Plan, s: PolicySettings, ex: Explainer) -> _Decision:
    if o.host_province == s.home_province and o.host_city == s.home_capital:
        return _in_home_capital(o, ex)
    if o.host_province != s.home_province:
        return _outside_home_province(o, plan, s, ex)
    return _in_home_province_elsewhere(o, ex)


def _in_home_capital(o: OfficeFacts, ex: Explainer) -> _Decision:
    """二(一): whatever the office does, counterpart assistance included (rules 1-3)."""
    sentences = [ex.facts(o)]
    used = ("home_capital",)
    if o.sponsor_kind == SponsorKind.GOVERNMENT and o.sponsor_level == Level.CITY:
        d = _Decision(Disposition.RETAIN, ("二(一)3",), sentences, used)
        d.approval_required, d.approver, d.plaque = True, WUHAN_OFFICE_APPROVER, PUBLIC_LIAISON_PLAQUE
        sentences.append(ex.t.retain_wuhan % {"cite": ex.cite("二(一)3"), "approver": d.approver, "plaque": d.plaque})
    else:
        clause = "二(一)1" if o.sponsor_kind == SponsorKind.GOVERNMENT else "二(一)2"
        d = _Decision(Disposition.REVOKE, (clause,), sentences, used)
        sentences.append(ex.t.revoke % {"cite": ex.cite(clause)})
    if o.counterpart_assistance:
        sentences.append(ex.t.wuhan_regardless_of_assistance % {"capital": ex.home_capital})
    return d


def _outside_home_province(o: OfficeFacts, plan: _Plan, s: PolicySettings, ex: Explainer) -> _Decision:
    """二(二), in the reading's order: 4 overrides 5-7; 5 and 6 come before 7; 8 catches the rest."""
    if o.counterpart_assistance:
        return _rule4_assistance(o, s, ex)
    is_government = o.sponsor_kind == SponsorKind.GOVERNMENT
    if o.sponsor_level == Level.CITY and not is_government:
        return _merge_into_city_office(o, "二(二)1", plan, ex)
    if o.sponsor_level == Level.COUNTY and is_government:
        return _merge_into_city_office(o, "二(二)3", plan, ex)
    if o.sponsor_level == Level.CITY:
        group = plan.group_of[o.id]
        if len(group.members) > 1:
            return _rule7_group(o, group, plan, s, ex)
        return _rule8_alone(o, s, ex)
    # A county department's office: 二(二)1 names city departments, 二(二)3 county governments.
    return _review(
        o,
        [("二(二)1", "city_departments_only"), ("二(二)3", "county_governments_only"), ("二(二)4", "no_assistance")],
        ex,
    )


def _rule4_assistance(o: OfficeFacts, s: PolicySettings, ex: Explainer) -> _Decision:
    d = _Decision(Disposition.RETAIN, ("二(二)4",), [ex.facts(o)], ("home_province", "approver_outside_home"))
    d.approval_required, d.approver = True, s.approver_outside_home
    d.sentences.append(ex.t.retain_assistance % {"cite": ex.cite("二(二)4"), "approver": d.approver})
    return d


def _merge_into_city_office(o: OfficeFacts, clause: str, plan: _Plan, ex: Explainer) -> _Decision:
    """Rules 5 (二(二)1) and 6 (二(二)3); review when the city government has no office there."""
    target = plan.targets.get((o.host_province, o.host_city))
    if target is None:
        why = "no_city_office" if plan.home_city is not None else "no_home_city"
        return _review(o, [(clause, why), ("二(二)4", "no_assistance")], ex)
    chained = target.final is not target.direct
    proposal = target.group is not None and len(target.group.members) > 1
    clauses = (clause, "二(二)2") if chained else (clause,)
    used = ("home_province", "adjacency") if proposal else ("home_province",)
    d = _Decision(Disposition.MERGE, clauses, [ex.facts(o)], used)
    d.merge_into, d.proposal = target.final.id, proposal
    d.sentences.append(
        ex.t.merge_into_city_office
        % {"home": ex.home_city, "city": o.host_city, "target": target.direct.name, "cite": ex.cite(clause)}
    )
    if chained:
        d.sentences.append(
            ex.t.merge_chained
            % {"target": target.direct.name, "cite": ex.cite("二(二)2"), "survivor": target.final.name}
        )
    elif proposal:
        d.sentences.append(ex.t.target_is_proposed_survivor % {"target": target.direct.name})
    if proposal:
        d.sentences.append(ex.t.proposal_note)
    return d


def _rule7_group(o: OfficeFacts, group: Group, plan: _Plan, s: PolicySettings, ex: Explainer) -> _Decision:
    survivor = group.survivor
    head = plan.group_text.get(survivor.id)
    if head is None:
        provinces = list(dict.fromkeys(m.host_province for m in group.members))
        head = ex.t.group % {
            "home": ex.home_city,
            "provinces": ex.t.list_sep.join(provinces),
            "count": len(group.members),
            "reading": ex.t.adjacency_readings[s.adjacency],
            "cite": ex.cite("二(二)2"),
        }
        plan.group_text[survivor.id] = head
    reason = ex.t.group_reasons[group.reason]
    if o is survivor:
        d = _Decision(
            Disposition.RETAIN,
            ("二(二)2", "二(四)1"),
            [ex.facts(o), head],
            ("home_province", "adjacency", "approver_outside_home"),
        )
        d.approval_required, d.approver = True, s.approver_outside_home
        d.sentences.append(ex.t.group_survivor % {"reason": reason, "others": _others(group, ex)})
        d.sentences.append(ex.t.proposal_note)
        d.sentences.append(ex.t.approval % {"cite": ex.cite("二(四)1"), "approver": d.approver})
    else:
        d = _Decision(Disposition.MERGE, ("二(二)2",), [ex.facts(o), head], ("home_province", "adjacency"))
        d.merge_into = survivor.id
        d.sentences.append(ex.t.group_member % {"survivor": survivor.name, "reason": reason})
        d.sentences.append(ex.t.proposal_note)
    d.proposal = True
    return d


def _others(group: Group, ex: Explainer) -> str:
    names = [m.name for m in group.members if m is not group.survivor]
    shown = ex.joined(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        return ex.t.names_more % {"names": shown, "count": len(names)}
    return shown


def _rule8_alone(o: OfficeFacts, s: PolicySettings, ex: Explainer) -> _Decision:
    d = _Decision(
        Disposition.RETAIN,
        ("二(四)1",),
        [ex.facts(o), ex.t.retain_alone % {"home": ex.home_city}],
        ("home_province", "adjacency", "approver_outside_home"),
    )
    d.approval_required, d.approver = True, s.approver_outside_home
    d.sentences.append(ex.t.approval % {"cite": ex.cite("二(四)1"), "approver": d.approver})
    return d


def _in_home_province_elsewhere(o: OfficeFacts, ex: Explainer) -> _Decision:
    """In Hubei but not in Wuhan: 二(一) covers only Wuhan, 二(二) only other provinces."""
    is_government = o.sponsor_kind == SponsorKind.GOVERNMENT
    if is_government and o.sponsor_level == Level.CITY:
        considered = [("二(一)3", "not_home_capital"), ("二(二)2", "not_outside")]
    elif is_government:
        considered = [("二(一)1", "not_home_capital"), ("二(二)3", "not_outside")]
    elif o.sponsor_level == Level.CITY:
        considered = [("二(一)2", "not_home_capital"), ("二(二)1", "not_outside")]
    else:
        considered = [("二(一)2", "not_home_capital")]
    if o.counterpart_assistance:
        considered.append(("二(二)4", "not_outside"))
    return _review(o, considered, ex)


def _review(o: OfficeFacts, considered: list[tuple[str, str]], ex: Explainer) -> _Decision:
    """Rule 9: no clause decides; say which were weighed and why each does not."""
    d = _Decision(Disposition.REVIEW, (), [ex.facts(o), ex.review(o, considered)], ("home_province", "home_capital"))
    d.considered = tuple(cid for cid, _why in considered)
    return d


def _discipline(
    o: OfficeFacts, d: _Decision, s: PolicySettings, ex: Explainer, as_of: date | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """四(二): violations apply whatever the disposition; each adds its sentence to ``d``."""
    violations: list[str] = []
    used: list[str] = []
    if o.established_on > s.plan_issue_date:
        violations.append(Violation.NEW_OFFICE)
        used.append("plan_issue_date")
        d.sentences.append(
            ex.t.violation_new_office
            % {
                "established": ex.day(o.established_on),
                "issued": ex.day(s.plan_issue_date),
                "cite": ex.cite("四(二)"),
            }
        )
    if (
        as_of is not None
        and as_of > s.consolidation_deadline
        and o.status == Status.ACTIVE
        and d.disposition in DOSSIER_DISPOSITIONS
    ):
        violations.append(Violation.RETAINED_AFTER_DEADLINE)
        used.append("consolidation_deadline")
        action = ex.t.action_revoke if d.disposition == Disposition.REVOKE else ex.t.action_merge
        d.sentences.append(
            ex.t.violation_retained
            % {
                "as_of": ex.day(as_of),
                "action": action,
                "deadline": ex.day(s.consolidation_deadline),
                "cite": ex.cite("四(二)"),
            }
        )
    return tuple(violations), tuple(used)
