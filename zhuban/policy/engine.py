"""The pure evaluator: the disposition rules 1-9 of docs/reading.md, then the discipline rule 四(二).

No ORM and no database: it takes a frozen snapshot and returns one ``Assessment`` per office,
in input order. The rules are tried in the reading's order and the first that applies decides;
a rule is never invented, so an office no clause decides gets ``review`` with the clauses that
were weighed. Before any rule, an office the clauses do not speak of goes to review: a sponsor
that is not one of the campaign city's own units, a host outside the plan's frame (Taiwan, Hong
Kong, Macao), and, as the settings say, offices in Beijing or in non-capital cities.

Cost is linear: offices are indexed by host city once, and 二(二)2's grouping is a union-find
(see ``grouping``).
"""

from __future__ import annotations

import dataclasses
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
    Campaign,
    Disposition,
    Geography,
    Level,
    OfficeFacts,
    SponsorKind,
    Status,
    Violation,
)
from zhuban.policy.grouping import REASON_ASSISTANCE, Group, best_of, group_offices, rank
from zhuban.policy.policy_settings import (
    ASSISTANCE_IN_ADDITION,
    ASSISTANCE_SURVIVOR,
    BEIJING_REVIEW,
    PolicySettings,
)

__all__ = [
    "Assessment",
    "Campaign",
    "Geography",
    "OfficeFacts",
    "SnapshotError",
    "derive_campaign",
    "derive_home_city",
    "evaluate",
]

# A survivor's explanation names the offices merging into it; past this many it says "and N more"
# so one explanation stays readable when a group spans half the country.
NAMES_SHOWN = 10
BEIJING = "北京市"


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


def derive_campaign(offices: Sequence[OfficeFacts]) -> Campaign:
    """A snapshot read as the city's own registry: its city-level sponsors name the city, and every
    county-level government in it is taken to be one of the city's. Callers holding data from
    elsewhere (a file, an API request) must pass the campaign instead: the contract does."""
    counties = frozenset(o.sponsor_government for o in offices if o.sponsor_level == Level.COUNTY)
    return Campaign(city=derive_home_city(offices), counties=counties)


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


@dataclass(frozen=True, slots=True)
class _Outside:
    """Why no clause speaks of an office, decided before the rules: the clauses weighed, the
    reason code of each, and the settings the finding rests on."""

    considered: tuple[tuple[str, str], ...]
    used: tuple[str, ...]


class _Plan:
    """What the rules need to know about the whole snapshot, computed once."""

    def __init__(
        self,
        offices: Sequence[OfficeFacts],
        geography: Geography,
        settings: PolicySettings,
        campaign: Campaign,
    ) -> None:
        self.home_city = campaign.city
        self.geography = geography
        home = settings.home_province
        self.outside: dict[str, _Outside] = {}
        grouped: list[OfficeFacts] = []
        wuhan: list[OfficeFacts] = []
        by_city: dict[tuple[str, str], list[OfficeFacts]] = {}
        for o in offices:
            why = _outside_clauses(o, geography, settings, campaign)
            if why is not None:
                self.outside[o.id] = why
                continue
            if not _is_city_government(o):
                continue
            if o.host_province == home and o.host_city == settings.home_capital:
                wuhan.append(o)
            elif o.host_province != home:
                by_city.setdefault((o.host_province, o.host_city), []).append(o)
                # Counterpart assistance included: it is still a member of its group (the setting
                # assistance_in_group says whether it is the group's one office or kept in addition).
                grouped.append(o)
        groups = group_offices(
            grouped,
            neighbours=geography.neighbours(),
            adjacency=settings.adjacency,
            home_province=home,
            straits=geography.across_strait(),
            strait_reading=settings.strait_adjacency,
            assistance=settings.assistance_in_group,
        )
        self.group_of: dict[str, Group] = {m.id: g for g in groups for m in g.members}
        # The settings that let each member of a group into it: every member's result rests on them.
        self.group_hosts: dict[int, tuple[str, ...]] = {
            id(g): tuple(dict.fromkeys(u for m in g.members for u in _host_settings(m, geography))) for g in groups
        }
        self.targets: dict[tuple[str, str], _Target] = {
            key: self._target(key[1], offices_there) for key, offices_there in by_city.items()
        }
        self.group_text: dict[str, str] = {}  # survivor id -> the group's shared sentence
        # 二(一)3 keeps one city government office in Wuhan: with more, one is proposed.
        self.wuhan = tuple(wuhan)
        # Counterpart assistance plays no part in Wuhan (二(一) applies whatever the office does).
        self.wuhan_survivor: OfficeFacts | None = None
        self.wuhan_reason = ""
        if wuhan:
            self.wuhan_survivor, self.wuhan_reason = best_of(wuhan)

    def _target(self, city: str, offices_there: list[OfficeFacts]) -> _Target:
        options = []
        for direct in offices_there:
            group = self.group_of.get(direct.id)
            pending = group is not None and group.strait_pending is not None
            final = group.survivor if group is not None and not pending else direct
            options.append(_Target(direct=direct, final=final, group=group))
        # Prefer a target that stays in this city, then the office itself over a chain, then rank.
        return min(options, key=lambda t: (t.final.host_city != city, t.final is not t.direct, rank(t.final)))


def _host_settings(o: OfficeFacts, g: Geography) -> tuple[str, ...]:
    """The settings whose default reading lets 二(二) speak of this host at all."""
    used: tuple[str, ...] = ()
    if o.host_province == BEIJING:
        used += ("beijing_offices",)
    if o.host_province in g.municipalities:
        used += ("municipalities_as_capitals",)
    if not o.host_is_capital:  # as read: a municipality is a capital unless the setting says not
        used += ("non_capital_hosts",)
    return used


def _is_city_government(o: OfficeFacts) -> bool:
    # Offices of another city never reach here (see _outside_clauses).
    return o.sponsor_level == Level.CITY and o.sponsor_kind == SponsorKind.GOVERNMENT


def _clauses_for(o: OfficeFacts, in_home_capital: bool) -> tuple[str, ...]:
    """The clauses that would speak of an office of this city with this sponsor and place."""
    government = o.sponsor_kind == SponsorKind.GOVERNMENT
    if in_home_capital:
        if government:
            return ("二(一)3",) if o.sponsor_level == Level.CITY else ("二(一)1",)
        return ("二(一)2",)
    if o.sponsor_level == Level.CITY:
        return ("二(二)2",) if government else ("二(二)1",)
    return ("二(二)3",) if government else ("二(二)4",)


def _outside_clauses(o: OfficeFacts, g: Geography, s: PolicySettings, campaign: Campaign) -> _Outside | None:
    """None when the clauses may speak of the office; else why they do not (POLICY.md rule 9)."""
    in_home_capital = o.host_province == s.home_province and o.host_city == s.home_capital
    clauses = _clauses_for(o, in_home_capital)
    if not campaign.owns(o.sponsor_government, o.sponsor_level):
        return _Outside(tuple((c, "not_own_unit") for c in clauses), ())
    if o.host_province in g.outside_frame:
        return _Outside(tuple((c, "outside_frame") for c in clauses), ())
    if o.host_province == s.home_province:
        return None
    if o.host_province == BEIJING and s.beijing_offices == BEIJING_REVIEW:
        return _Outside(tuple((c, "beijing_rules") for c in clauses), ("beijing_offices",))
    if not o.host_is_capital and not s.non_capital_hosts:
        used: tuple[str, ...] = ("non_capital_hosts",)
        if o.host_province in g.municipalities:
            used += ("municipalities_as_capitals",)
        return _Outside(tuple((c, "not_capital") for c in clauses), used)
    return None


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

    def use(self, *ids: str) -> None:
        used = self.settings_used
        for i in ids:
            if i not in used:
                used += (i,)
        self.settings_used = used


def evaluate(
    offices: Sequence[OfficeFacts],
    geography: Geography,
    settings: PolicySettings | None = None,
    as_of: date | None = None,
    campaign: Campaign | None = None,
) -> tuple[Assessment, ...]:
    """One assessment per office, in input order. ``as_of`` enables the retained_after_deadline check.

    ``campaign`` names the city whose plan this is and its own county-level governments; without
    it the snapshot is read as that city's own registry (``derive_campaign``).
    """
    settings = settings or PolicySettings()
    _check_ids(offices)
    if campaign is None:
        campaign = derive_campaign(offices)
    offices = _as_read(offices, geography, settings)
    plan = _Plan(offices, geography, settings, campaign)
    ex = Explainer(home_province=settings.home_province, home_capital=settings.home_capital, home_city=campaign.city)
    # Chinese sentences carry their own full stops; other languages need a space between them.
    sep = "" if (get_language() or "zh").startswith("zh") else " "
    results = []
    for o in offices:
        d = _decide(o, plan, settings, ex)
        if o.status != Status.ACTIVE:
            d.sentences.insert(1, ex.t.status[o.status])
        violations, settings_used = _discipline(o, d, settings, ex, as_of)
        d.use(*settings_used)
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
                settings_used=d.settings_used,
                explanation=sep.join(d.sentences),
            )
        )
    return tuple(results)


def _as_read(offices: Sequence[OfficeFacts], g: Geography, s: PolicySettings) -> Sequence[OfficeFacts]:
    """The facts as the settings read them: a municipality is not a capital when the setting says so."""
    if s.municipalities_as_capitals or not g.municipalities:
        return offices
    return [
        dataclasses.replace(o, host_is_capital=False)
        if o.host_province in g.municipalities and o.host_province != s.home_province
        else o
        for o in offices
    ]


def _decide(o: OfficeFacts, plan: _Plan, s: PolicySettings, ex: Explainer) -> _Decision:
    outside = plan.outside.get(o.id)
    if outside is not None:
        return _review(o, list(outside.considered), ex, outside.used)
    if o.host_province == s.home_province and o.host_city == s.home_capital:
        return _in_home_capital(o, plan, ex)
    if o.host_province != s.home_province:
        d = _outside_home_province(o, plan, s, ex)
        # Settings whose default reading let 二(二) speak of this host, and of the hosts of the
        # group the office belongs to or merges into.
        d.use(*_host_settings(o, plan.geography))
        group = plan.group_of.get(o.id)
        if group is None:
            target = plan.targets.get((o.host_province, o.host_city))
            group = target.group if target is not None and d.disposition == Disposition.MERGE else None
        if group is not None:
            d.use(*plan.group_hosts[id(group)])
        return d
    return _in_home_province_elsewhere(o, ex)


def _in_home_capital(o: OfficeFacts, plan: _Plan, ex: Explainer) -> _Decision:
    """二(一): whatever the office does, counterpart assistance included (rules 1-3)."""
    sentences = [ex.facts(o)]
    used = ("home_province", "home_capital")
    if o.sponsor_kind == SponsorKind.GOVERNMENT and o.sponsor_level == Level.CITY:
        d = _wuhan_city_office(o, plan, ex, sentences, used)
    else:
        clause = "二(一)1" if o.sponsor_kind == SponsorKind.GOVERNMENT else "二(一)2"
        d = _Decision(Disposition.REVOKE, (clause,), sentences, used)
        sentences.append(ex.t.revoke % {"cite": ex.cite(clause)})
    if o.counterpart_assistance:
        sentences.append(ex.t.wuhan_regardless_of_assistance % {"capital": ex.home_capital})
    return d


def _wuhan_city_office(
    o: OfficeFacts, plan: _Plan, ex: Explainer, sentences: list[str], used: tuple[str, ...]
) -> _Decision:
    """二(一)3 keeps the city government's Wuhan office: one. With two or more, one is proposed."""
    survivor = plan.wuhan_survivor
    others = [m for m in plan.wuhan if m is not survivor]
    if o is survivor or survivor is None:
        d = _Decision(Disposition.RETAIN, ("二(一)3",), sentences, used)
        d.approval_required, d.approver, d.plaque = True, WUHAN_OFFICE_APPROVER, PUBLIC_LIAISON_PLAQUE
        sentences.append(ex.t.retain_wuhan % {"cite": ex.cite("二(一)3"), "approver": d.approver, "plaque": d.plaque})
        if others:
            reason = ex.t.group_reasons[plan.wuhan_reason]
            sentences.append(
                ex.t.wuhan_survivor % {"count": len(plan.wuhan), "reason": reason, "others": ex.joined(_names(others))}
            )
            sentences.append(ex.t.proposal_note)
            d.proposal = True
        return d
    d = _Decision(Disposition.MERGE, ("二(一)3",), sentences, used)
    d.merge_into, d.proposal = survivor.id, True
    sentences.append(
        ex.t.wuhan_member
        % {
            "cite": ex.cite("二(一)3"),
            "count": len(plan.wuhan),
            "survivor": survivor.name,
            "reason": ex.t.group_reasons[plan.wuhan_reason],
        }
    )
    sentences.append(ex.t.proposal_note)
    return d


def _outside_home_province(o: OfficeFacts, plan: _Plan, s: PolicySettings, ex: Explainer) -> _Decision:
    """二(二), in the reading's order: 4 overrides 1 and 3 and, for a city government office, takes
    part in 2 as the setting says; 1 and 3 come before 2; 二(四)1 catches a lone city office."""
    is_government = o.sponsor_kind == SponsorKind.GOVERNMENT
    if o.counterpart_assistance:
        if o.sponsor_level == Level.CITY and is_government:
            return _assistance_city_office(o, plan.group_of[o.id], plan, s, ex)
        return _rule4_assistance(o, s, ex)
    if o.sponsor_level == Level.CITY and not is_government:
        return _merge_into_city_office(o, "二(二)1", plan, ex)
    if o.sponsor_level == Level.COUNTY and is_government:
        return _merge_into_city_office(o, "二(二)3", plan, ex)
    if o.sponsor_level == Level.CITY:
        group = plan.group_of[o.id]
        if group.strait_pending is not None:
            return _strait_review(o, group, ex)
        if len(group.members) > 1:
            return _rule7_group(o, group, plan, s, ex)
        return _rule8_alone(o, group, s, ex)
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


def _assistance_city_office(o: OfficeFacts, group: Group, plan: _Plan, s: PolicySettings, ex: Explainer) -> _Decision:
    """A city government office kept for counterpart assistance is still a member of its 二(二)2 group."""
    if len(group.members) == 1:
        return _rule4_assistance(o, s, ex)
    head = _group_sentence(group, plan, s, ex)
    used: tuple[str, ...] = ("home_province", "adjacency", "approver_outside_home", "assistance_in_group")
    used += ("strait_adjacency",) if _strait_matters(group) else ()
    if s.assistance_in_group == ASSISTANCE_SURVIVOR and o is not group.survivor and group.strait_pending is None:
        # Two assistance offices in one group: 二(二)4 keeps each, 二(二)2 keeps one; a person decides.
        d = _review(
            o, [("二(二)4", "assistance_conflict"), ("二(二)2", "assistance_conflict")], ex, used[:2] + used[3:]
        )
        d.sentences.insert(1, head)
        return d
    d = _Decision(Disposition.RETAIN, ("二(二)4", "二(二)2"), [ex.facts(o)], used)
    d.approval_required, d.approver = True, s.approver_outside_home
    d.sentences.append(ex.t.retain_assistance_grouped % {"cite": ex.cite("二(二)4"), "approver": d.approver})
    d.sentences.append(head)
    if group.strait_pending is not None:
        d.clauses = ("二(二)4",)
        d.sentences.append(ex.t.strait_pending_assistance % _strait_args(group.strait_pending))
    elif s.assistance_in_group == ASSISTANCE_SURVIVOR:
        d.sentences.append(ex.t.assistance_survivor % {"others": _others(group, ex)})
        if len(group.assisted) > 1:
            d.proposal = True
            d.sentences.append(ex.t.proposal_note)
    else:
        d.clauses = ("二(二)4",)
        d.sentences.append(
            ex.t.assistance_in_addition % {"others": _listed([m for m in group.members if m is not o], ex)}
        )
    return d


def _merge_into_city_office(o: OfficeFacts, clause: str, plan: _Plan, ex: Explainer) -> _Decision:
    """Rules 5 (二(二)1) and 6 (二(二)3); review when the city government has no office there."""
    target = plan.targets.get((o.host_province, o.host_city))
    if target is None:
        why = "no_city_office" if plan.home_city is not None else "no_home_city"
        return _review(o, [(clause, why), ("二(二)4", "no_assistance")], ex)
    group = target.group
    pending = group is not None and group.strait_pending is not None
    chained = target.final is not target.direct
    proposal = group is not None and len(group.members) > 1 and not pending
    proposal = proposal and not (group is not None and group.reason == REASON_ASSISTANCE)
    clauses = (clause, "二(二)2") if chained else (clause,)
    used: tuple[str, ...] = ("home_province",)
    if group is not None and len(group.members) > 1:
        used += ("adjacency",)
    if group is not None and _strait_matters(group):
        used += ("strait_adjacency",)
    if group is not None and group.assisted and len(group.members) > 1:
        used += ("assistance_in_group",)
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
    elif pending and group is not None:
        d.sentences.append(
            ex.t.target_strait_pending % {"target": target.direct.name, **_strait_args(group.strait_pending)}
        )
    elif proposal:
        d.sentences.append(ex.t.target_is_proposed_survivor % {"target": target.direct.name})
    if proposal:
        d.sentences.append(ex.t.proposal_note)
    return d


def _group_sentence(group: Group, plan: _Plan, s: PolicySettings, ex: Explainer) -> str:
    head = plan.group_text.get(group.survivor.id)
    if head is None:
        provinces = list(dict.fromkeys(m.host_province for m in group.members))
        head = ex.t.group % {
            "home": ex.home_city,
            "provinces": ex.t.list_sep.join(provinces),
            "count": len(group.members),
            "reading": ex.t.adjacency_readings[s.adjacency],
            "cite": ex.cite("二(二)2"),
        }
        if group.strait_decided:
            head += ex.t.strait_readings[s.strait_adjacency]
        plan.group_text[group.survivor.id] = head
    return head


def _rule7_group(o: OfficeFacts, group: Group, plan: _Plan, s: PolicySettings, ex: Explainer) -> _Decision:
    survivor = group.survivor
    head = _group_sentence(group, plan, s, ex)
    used: tuple[str, ...] = ("home_province", "adjacency")
    used += ("strait_adjacency",) if _strait_matters(group) else ()
    used += ("assistance_in_group",) if group.assisted else ()
    reason = ex.t.group_reasons[group.reason] if group.reason else ""
    if survivor.counterpart_assistance and s.assistance_in_group == ASSISTANCE_SURVIVOR:
        # The group's one office is the one kept for counterpart assistance: the setting decides it.
        d = _Decision(Disposition.MERGE, ("二(二)2", "二(二)4"), [ex.facts(o), head], used)
        d.merge_into = survivor.id
        d.sentences.append(ex.t.merge_into_assistance % {"survivor": survivor.name, "cite": ex.cite("二(二)4")})
        if len(group.assisted) > 1:
            d.proposal = True
            d.sentences.append(ex.t.proposal_note)
        return d
    # Under the alternative reading the assistance offices are kept in addition; one of the others stays.
    kept_apart = list(group.assisted) if s.assistance_in_group == ASSISTANCE_IN_ADDITION else []
    rest = [m for m in group.members if m not in kept_apart]
    if o is survivor:
        d = _Decision(
            Disposition.RETAIN, ("二(二)2", "二(四)1"), [ex.facts(o), head], used + ("approver_outside_home",)
        )
        d.approval_required, d.approver = True, s.approver_outside_home
        if len(rest) > 1:
            d.sentences.append(ex.t.group_survivor % {"reason": reason, "others": _others(group, ex, kept_apart)})
            d.sentences.append(ex.t.proposal_note)
            d.proposal = True
        if kept_apart:
            d.sentences.append(ex.t.kept_in_addition % {"names": _listed(kept_apart, ex)})
        if group.strait_touching is not None:
            d.sentences.append(ex.t.strait_may_join % _strait_args(group.strait_touching))
        d.sentences.append(ex.t.approval % {"cite": ex.cite("二(四)1", "procedure"), "approver": d.approver})
        return d
    d = _Decision(Disposition.MERGE, ("二(二)2",), [ex.facts(o), head], used)
    d.merge_into = survivor.id
    d.sentences.append(ex.t.group_member % {"survivor": survivor.name, "reason": reason})
    if kept_apart:
        d.sentences.append(ex.t.kept_in_addition % {"names": _listed(kept_apart, ex)})
    d.sentences.append(ex.t.proposal_note)
    d.proposal = True
    return d


def _names(offices: Sequence[OfficeFacts]) -> list[str]:
    return [m.name for m in offices]


def _listed(offices: Sequence[OfficeFacts], ex: Explainer) -> str:
    shown = ex.joined(_names(offices[:NAMES_SHOWN]))
    if len(offices) > NAMES_SHOWN:
        return ex.t.names_more % {"names": shown, "count": len(offices)}
    return shown


def _strait_matters(group: Group) -> bool:
    return group.strait_pending is not None or group.strait_touching is not None or group.strait_decided


def _others(group: Group, ex: Explainer, leave_out: Sequence[OfficeFacts] = ()) -> str:
    names = [m.name for m in group.members if m is not group.survivor and m not in leave_out]
    shown = ex.joined(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        return ex.t.names_more % {"names": shown, "count": len(names)}
    return shown


def _rule8_alone(o: OfficeFacts, group: Group, s: PolicySettings, ex: Explainer) -> _Decision:
    used: tuple[str, ...] = ("home_province", "adjacency", "approver_outside_home")
    used += ("strait_adjacency",) if _strait_matters(group) else ()
    d = _Decision(Disposition.RETAIN, ("二(四)1",), [ex.facts(o), ex.t.retain_alone % {"home": ex.home_city}], used)
    if group.strait_decided:
        d.sentences.append(ex.t.strait_readings[s.strait_adjacency])
    if group.strait_touching is not None:
        d.sentences.append(ex.t.strait_may_join % _strait_args(group.strait_touching))
    d.approval_required, d.approver = True, s.approver_outside_home
    d.sentences.append(ex.t.approval % {"cite": ex.cite("二(四)1", "procedure"), "approver": d.approver})
    return d


def _strait_args(pair: tuple[str, str] | None) -> dict[str, str]:
    a, b = pair or ("", "")
    return {"a": a, "b": b}


def _strait_review(o: OfficeFacts, group: Group, ex: Explainer) -> _Decision:
    d = _review(o, [("二(二)2", "strait")], ex, ("home_province", "adjacency", "strait_adjacency"))
    d.sentences.insert(1, ex.t.strait_pending % _strait_args(group.strait_pending))
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


def _review(o: OfficeFacts, considered: list[tuple[str, str]], ex: Explainer, used: tuple[str, ...] = ()) -> _Decision:
    """Rule 9: no clause decides; say which were weighed and why each does not."""
    base = ("home_province", "home_capital")
    d = _Decision(
        Disposition.REVIEW,
        (),
        [ex.facts(o), ex.review(o, considered)],
        base + tuple(u for u in used if u not in base),
    )
    d.considered = tuple(dict.fromkeys(cid for cid, _why in considered))
    return d


def _discipline(
    o: OfficeFacts, d: _Decision, s: PolicySettings, ex: Explainer, as_of: date | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """四(二): violations apply whatever the disposition; each adds its sentence to ``d``.

    retained_after_deadline follows the approved decision and the registry's status: an office
    whose approved revocation or merger is not carried out (still active) after the deadline.
    The engine's own proposal never makes an office late, and an approved retention never does.
    """
    violations: list[str] = []
    # Whether an office is new rests on the issue date, flagged or not.
    used: list[str] = ["plan_issue_date"]
    if o.established_on > s.plan_issue_date:
        violations.append(Violation.NEW_OFFICE)
        d.sentences.append(
            ex.t.violation_new_office
            % {
                "established": ex.day(o.established_on),
                "issued": ex.day(s.plan_issue_date),
                "cite": ex.cite("四(二)", "new_office"),
            }
        )
    awaiting = as_of is not None and o.status == Status.ACTIVE and o.approved_disposition in DOSSIER_DISPOSITIONS
    if awaiting:
        used.append("consolidation_deadline")  # late or not yet, it rests on the deadline
    if awaiting and as_of is not None and as_of > s.consolidation_deadline:
        violations.append(Violation.RETAINED_AFTER_DEADLINE)
        action = ex.t.action_revoke if o.approved_disposition == Disposition.REVOKE else ex.t.action_merge
        d.sentences.append(
            ex.t.violation_retained
            % {
                "as_of": ex.day(as_of),
                "action": action,
                "deadline": ex.day(s.consolidation_deadline),
                "cite": ex.cite("四(二)", "retained"),
            }
        )
    return tuple(violations), tuple(used)
