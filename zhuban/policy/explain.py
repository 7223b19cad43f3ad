"""The engine's explanations: translatable templates (Chinese msgids) filled with the facts used.

Templates and clause quotations are translated once per language and cached, so explaining
20,000 offices costs string formatting, not 20,000 catalogue look-ups per template. Every
decision sentence quotes the clause it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhuban.policy.clauses import CLAUSES, EXCERPTS
from zhuban.policy.facts import Level, OfficeFacts, SponsorKind, Status
from zhuban.policy.grouping import REASON_ASSISTANCE, REASON_CAPITAL, REASON_HEADCOUNT, REASON_ID, REASON_ONLY_ACTIVE
from zhuban.policy.policy_settings import (
    ADJACENCY_MUTUAL,
    ADJACENCY_TO_HOME,
    STRAIT_APART,
    STRAIT_GROUP,
    STRAIT_REVIEW,
)
from zhuban.ui.formatting import format_date

# A development zone is run by a management committee, not a people's government.
_ZONE_SUFFIXES = ("高新区", "开发区")


@dataclass(frozen=True, slots=True)
class Phrases:
    """Every template the engine uses, already translated into one language."""

    quotes: dict[str, str]
    excerpts: dict[str, str]
    status: dict[str, str]
    wuhan_survivor: str
    wuhan_member: str
    retain_assistance_grouped: str
    assistance_survivor: str
    assistance_in_addition: str
    merge_into_assistance: str
    kept_in_addition: str
    strait_pending: str
    strait_pending_assistance: str
    strait_may_join: str
    target_strait_pending: str
    strait_readings: dict[str, str]
    cite: str
    list_sep: str
    item_sep: str
    name: str
    names_more: str
    facts: str
    assistance: str
    sponsor_government: str
    sponsor_zone: str
    sponsor_department: str
    sponsor_kinds: dict[tuple[str, str], str]
    host_home_capital: str
    host_home_other: str
    host_outside_capital: str
    host_outside_other: str
    revoke: str
    wuhan_regardless_of_assistance: str
    retain_wuhan: str
    retain_assistance: str
    merge_into_city_office: str
    merge_chained: str
    target_is_proposed_survivor: str
    group: str
    group_member: str
    group_survivor: str
    group_reasons: dict[str, str]
    adjacency_readings: dict[str, str]
    proposal_note: str
    approval: str
    retain_alone: str
    review: str
    considered_item: str
    violation_new_office: str
    violation_retained: str
    action_revoke: str
    action_merge: str
    why: dict[str, str]


@lru_cache(maxsize=8)
def _phrases(language: str | None) -> Phrases:  # noqa: ARG001 - the cache key; gettext reads the active language
    return Phrases(
        quotes={cid: _(c.text) for cid, c in CLAUSES.items()},
        excerpts={key: _(text) for key, text in EXCERPTS.items()},
        status={
            Status.REVOKED: _("登记簿记载本机构已撤销。"),
            Status.MERGED: _("登记簿记载本机构已整合。"),
        },
        wuhan_survivor=_(
            "市政府在武汉共有%(count)s个办事机构，二(一)3只保留一个：建议保留本机构（%(reason)s），%(others)s并入本机构。"
        ),
        wuhan_member=_(
            "市政府在武汉共有%(count)s个办事机构，依据%(cite)s只保留一个：建议保留“%(survivor)s”（%(reason)s），"
            "本机构并入该机构。"
        ),
        retain_assistance_grouped=_("依据%(cite)s，经审批可以保留，须报%(approver)s批准。"),
        assistance_survivor=_("本机构从事对口援助，按设置由本机构作为该组保留的一个机构，同组的%(others)s并入本机构。"),
        assistance_in_addition=_("按设置，本机构作为对口援助机构另行保留，不计入该组；同组的%(others)s之间另行整合。"),
        merge_into_assistance=_(
            "同组的“%(survivor)s”从事对口援助，依据%(cite)s予以保留；按设置由它作为该组保留的一个机构，本机构并入该机构。"
        ),
        kept_in_addition=_("同组的%(names)s从事对口援助，按设置另行保留，不计入该组。"),
        strait_pending=_(
            "%(a)s与%(b)s仅隔海峡相望、没有陆地边界，方案未说是否属“临近省区”，而这决定本机构与哪些机构整合。"
        ),
        strait_pending_assistance=_(
            "%(a)s与%(b)s仅隔海峡相望，是否属“临近省区”须由人审查，同组其他机构是否并入本机构随之而定。"
        ),
        strait_may_join=_(
            "另，%(a)s与%(b)s仅隔海峡相望，对岸的市政府机构是否与本组整合须由人审查；如整合，本组仍保留本机构。"
        ),
        target_strait_pending=_(
            "“%(target)s”是否依据二(二)2与他处机构整合，取决于%(a)s与%(b)s是否属“临近省区”，须由人审查。"
        ),
        strait_readings={
            STRAIT_REVIEW: "",
            STRAIT_GROUP: _("仅隔海峡相望的省区按设置视为临近。"),
            STRAIT_APART: _("仅隔海峡相望的省区按设置不视为临近。"),
        },
        cite=_("%(clause)s“%(text)s”"),
        list_sep=_("、"),
        item_sep=_("；"),
        name=_("“%(name)s”"),
        names_more=_("%(names)s等%(count)s个机构"),
        facts=_("设立单位为%(sponsor)s（%(sponsor_kind)s），驻在%(city)s（%(host)s）%(assistance)s。"),
        assistance=_("，从事对口援助"),
        sponsor_government=_("%(government)s人民政府"),
        sponsor_zone=_("%(government)s管理委员会"),
        sponsor_department=_("%(government)s所属部门"),
        sponsor_kinds={
            (Level.CITY, SponsorKind.GOVERNMENT): _("市级政府"),
            (Level.CITY, SponsorKind.DEPARTMENT): _("市级部门"),
            (Level.COUNTY, SponsorKind.GOVERNMENT): _("县级政府"),
            (Level.COUNTY, SponsorKind.DEPARTMENT): _("县级部门"),
        },
        host_home_capital=_("本省省会"),
        host_home_other=_("本省非省会城市"),
        host_outside_capital=_("外省省会城市，%(province)s"),
        host_outside_other=_("外省非省会城市，%(province)s"),
        revoke=_("依据%(cite)s，应予撤销。"),
        wuhan_regardless_of_assistance=_(
            "二(一)适用于一切驻%(capital)s的办事机构，不论是否从事对口援助；二(二)4不适用。"
        ),
        retain_wuhan=_("依据%(cite)s，予以保留，须报%(approver)s批准，并加挂“%(plaque)s”牌子。"),
        retain_assistance=_("依据%(cite)s，经审批可以保留，须报%(approver)s批准；该条优先于二(二)1至二(二)3。"),
        merge_into_city_office=_(
            "%(home)s人民政府在%(city)s也设有办事机构“%(target)s”，依据%(cite)s，本机构应并入该机构。"
        ),
        merge_chained=_(
            "而“%(target)s”又依据%(cite)s与同组机构整合，建议保留“%(survivor)s”，故本机构最终并入“%(survivor)s”。"
        ),
        target_is_proposed_survivor=_("“%(target)s”是依据二(二)2整合时建议保留的机构。"),
        group=_(
            "%(home)s人民政府在%(provinces)s共设有%(count)s个办事机构（同一省区或临近省区，临近省区按“%(reading)s”理解），"
            "依据%(cite)s，应整合并只保留一个。"
        ),
        group_member=_("建议保留“%(survivor)s”（%(reason)s），本机构并入该机构。"),
        group_survivor=_("建议保留本机构（%(reason)s），同组的%(others)s并入本机构。"),
        group_reasons={
            REASON_ASSISTANCE: _("从事对口援助"),
            REASON_ONLY_ACTIVE: _("同组其他机构已登记为撤销或整合"),
            REASON_CAPITAL: _("位于省会城市"),
            REASON_HEADCOUNT: _("实有人数最多"),
            REASON_ID: _("条件相同，按编号顺序选定"),
        },
        adjacency_readings={
            ADJACENCY_MUTUAL: _("彼此相邻的省区"),
            ADJACENCY_TO_HOME: _("与本省相邻的省区"),
        },
        proposal_note=_("保留哪一个由人决定，此为建议。"),
        approval=_("保留须依据%(cite)s按程序报%(approver)s批准。"),
        retain_alone=_("%(home)s人民政府在同一省区及临近省区没有须与本机构整合的其他办事机构。"),
        review=_("已考虑的条款：%(considered)s。没有条款能决定本机构的处置，须由人审查。"),
        considered_item=_("%(clause)s（%(why)s）"),
        violation_new_office=_(
            "违规：本机构设立于%(established)s，晚于方案印发日期%(issued)s；依据%(cite)s，属违规新设。"
        ),
        violation_retained=_(
            "违规：截至%(as_of)s本机构仍在运行，而经批准应予%(action)s的机构须在%(deadline)s前完成精简整合；"
            "依据%(cite)s，属逾期保留。"
        ),
        action_revoke=_("撤销"),
        action_merge=_("整合"),
        why={
            "not_home_capital": _("仅适用于驻%(capital)s的办事机构，本机构驻在%(city)s"),
            "not_outside": _("仅适用于驻外省的办事机构，本机构驻在%(province)s"),
            "no_city_office": _("%(home)s人民政府在%(city)s没有办事机构，“在同一城市分别派驻”不成立"),
            "city_departments_only": _("只涉及市级政府所属部门，本机构的设立单位是县级部门"),
            "county_governments_only": _("只涉及县（市、区）政府本身，本机构的设立单位是县级部门"),
            "no_assistance": _("本机构不从事对口援助"),
            "no_home_city": _("材料中没有市级设立单位，无法确定本市政府"),
            "not_own_unit": _(
                "只适用于%(home)s及其所属县（市、区）的单位，本机构的设立单位属于%(government)s，不是本市的单位"
            ),
            "outside_frame": _("方案只涉及内地各省区和直辖市，本机构驻在%(province)s，不在其列"),
            "beijing_rules": _("按设置，驻北京的办事机构另有国家规定"),
            "not_capital": _("按设置，二(二)只适用于驻外省省会城市的办事机构，%(city)s不是省会城市"),
            "assistance_conflict": _("二(二)4保留每个对口援助机构，二(二)2每组只保留一个，同组另有对口援助机构"),
            "strait": _("须先由人认定仅隔海峡相望的省区是否“临近”"),
        },
    )


class Explainer:
    """Builds the sentences of one evaluation, in the language active when it was created."""

    def __init__(self, *, home_province: str, home_capital: str, home_city: str | None) -> None:
        self.t = _phrases(get_language())
        self.home_province = home_province
        self.home_capital = home_capital
        self.home_city = home_city or "—"
        self._facts_cache: dict[tuple[object, ...], str] = {}

    def cite(self, clause_id: str, excerpt: str | None = None) -> str:
        """The clause id and its words: the whole clause, or the one sentence of it that decides."""
        text = self.t.excerpts[f"{clause_id}.{excerpt}"] if excerpt else self.t.quotes[clause_id]
        return self.t.cite % {"clause": clause_id, "text": text}

    def day(self, value: date) -> str:
        return format_date(value)

    def facts(self, o: OfficeFacts) -> str:
        """ "设立单位为…，驻在…" — cached, since many offices share sponsor and host."""
        key: tuple[object, ...] = (o.sponsor_government, o.sponsor_level, o.sponsor_kind, o.host_city)
        key += (o.host_province, o.host_is_capital, o.counterpart_assistance)
        text = self._facts_cache.get(key)
        if text is None:
            text = self.t.facts % {
                "sponsor": self._sponsor(o),
                "sponsor_kind": self.t.sponsor_kinds.get((o.sponsor_level, o.sponsor_kind), ""),
                "city": o.host_city,
                "host": self._host(o),
                "assistance": self.t.assistance if o.counterpart_assistance else "",
            }
            self._facts_cache[key] = text
        return text

    def _sponsor(self, o: OfficeFacts) -> str:
        if o.sponsor_kind == SponsorKind.DEPARTMENT:
            return self.t.sponsor_department % {"government": o.sponsor_government}
        template = self.t.sponsor_zone if o.sponsor_government.endswith(_ZONE_SUFFIXES) else self.t.sponsor_government
        return template % {"government": o.sponsor_government}

    def _host(self, o: OfficeFacts) -> str:
        if o.host_province == self.home_province:
            return self.t.host_home_capital if o.host_city == self.home_capital else self.t.host_home_other
        template = self.t.host_outside_capital if o.host_is_capital else self.t.host_outside_other
        return template % {"province": o.host_province}

    def why(self, code: str, o: OfficeFacts) -> str:
        return self.t.why[code] % {
            "capital": self.home_capital,
            "city": o.host_city,
            "province": o.host_province,
            "home": self.home_city,
            "government": o.sponsor_government,
        }

    def review(self, o: OfficeFacts, considered: list[tuple[str, str]]) -> str:
        items = self.t.item_sep.join(
            self.t.considered_item % {"clause": cid, "why": self.why(code, o)} for cid, code in considered
        )
        return self.t.review % {"considered": items}

    def joined(self, names: list[str]) -> str:
        return self.t.list_sep.join(self.t.name % {"name": n} for n in names)
