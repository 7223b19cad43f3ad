"""The campaign's settings: the plan's ambiguities (docs/reading.md, "Where the text allows more than one
reading") and dates, as data.

Each setting carries the plan's own wording and the default reading, so a page can show the
reading beside every result it affects, and a user can change it. ``PolicySettings`` is the
frozen value the engine receives; ``from_dict`` is the one place a user's values are checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from types import MappingProxyType
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zhuban.policy.clauses import PLAN_ISSUED_ON

ADJACENCY_MUTUAL = "mutual"
ADJACENCY_TO_HOME = "adjacent_to_home"
STRAIT_REVIEW = "review"
STRAIT_GROUP = "group"
STRAIT_APART = "apart"
BEIJING_SAME_RULES = "same_rules"
BEIJING_REVIEW = "review"
ASSISTANCE_SURVIVOR = "survivor"
ASSISTANCE_IN_ADDITION = "in_addition"
# The plan's own cap on a county window: "人数不得超过3人"; a setting may lower it, never raise it.
PLAN_WINDOW_CAP = 3


@dataclass(frozen=True, slots=True)
class SettingSpec:
    id: str
    label: str  # Chinese msgid; English comes from the catalogue
    label_en: str
    plan_wording: str  # quoted from the plan, or the document that fixes it
    reading: str  # the default reading, Chinese msgid
    default: Any
    kind: str  # "text", "date", "int", "bool" or "choice"
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    choice_labels: tuple[str, ...] = ()  # Chinese msgids, one per choice
    affects: tuple[str, ...] = ()  # clause ids whose results depend on it
    ambiguity: int | None = None  # its number in docs/reading.md's list of ambiguities
    plan_value: Any = None  # the plan's own value where the default departs from it


_SPECS = (
    SettingSpec(
        id="home_province",
        label=gettext_noop("本省"),
        label_en="Home province",
        plan_wording="鄂政办函〔2015〕50号",
        reading=gettext_noop("方案为湖北省咸宁市所定，本省为湖北省。"),
        default="湖北省",
        kind="text",
        affects=("二(一)1", "二(一)2", "二(一)3", "二(二)1", "二(二)2", "二(二)3", "二(二)4"),
    ),
    SettingSpec(
        id="home_capital",
        label=gettext_noop("本省省会"),
        label_en="Home capital",
        plan_wording="精简市县政府驻武汉办事机构",
        reading=gettext_noop("二(一)所称驻武汉（驻汉）办事机构，即驻本省省会武汉市的办事机构。"),
        default="武汉市",
        kind="text",
        affects=("二(一)1", "二(一)2", "二(一)3"),
    ),
    SettingSpec(
        id="adjacency",
        label=gettext_noop("“临近省区”的含义"),
        label_en="Reading of 'neighbouring provinces'",
        plan_wording="市政府在同一省区多个城市或者临近省区多个城市派驻办事机构的,要实行整合,保留一个办事机构。",
        reading=gettext_noop("默认：彼此相邻的省区（有共同边界，可传递）；另一读法：与湖北省相邻的省区。"),
        default=ADJACENCY_MUTUAL,
        kind="choice",
        choices=(ADJACENCY_MUTUAL, ADJACENCY_TO_HOME),
        choice_labels=(gettext_noop("彼此相邻的省区"), gettext_noop("与本省相邻的省区")),
        affects=("二(二)2",),
        ambiguity=2,
    ),
    SettingSpec(
        id="strait_adjacency",
        label=gettext_noop("隔海相望的省区是否“临近”"),
        label_en="Provinces facing each other across a strait: neighbouring?",
        plan_wording="市政府在同一省区多个城市或者临近省区多个城市派驻办事机构的,要实行整合,保留一个办事机构。",
        reading=gettext_noop(
            "仅隔海峡相望、没有陆地边界的省区（海南与广东、山东与辽宁），方案未说是否“临近”；"
            "默认：此类省区决定整合与否时交由人审查；也可设为视为临近或不视为临近。"
        ),
        default=STRAIT_REVIEW,
        kind="choice",
        choices=(STRAIT_REVIEW, STRAIT_GROUP, STRAIT_APART),
        choice_labels=(gettext_noop("交由人审查"), gettext_noop("视为临近，一并整合"), gettext_noop("不视为临近")),
        affects=("二(二)2",),
        ambiguity=9,
    ),
    SettingSpec(
        id="non_capital_hosts",
        label=gettext_noop("二(二)适用于驻外省非省会城市的机构"),
        label_en="二(二) applies to offices in non-capital cities of other provinces",
        plan_wording="整合驻外省省会城市办事机构。",
        reading=gettext_noop(
            "驻外省的非省会城市（计划单列市、经济特区等）的办事机构同样按二(二)整合；关闭后，此类机构交由人审查。"
        ),
        default=True,
        kind="bool",
        affects=("二(二)1", "二(二)2", "二(二)3", "二(二)4"),
        ambiguity=6,
    ),
    SettingSpec(
        id="municipalities_as_capitals",
        label=gettext_noop("直辖市视同省会城市"),
        label_en="Municipalities count as provincial capitals",
        plan_wording="整合驻外省省会城市办事机构。",
        reading=gettext_noop(
            "北京、天津、上海、重庆四个直辖市视同省会城市：适用二(二)，整合时与省会城市同样优先保留。"
        ),
        default=True,
        kind="bool",
        affects=("二(二)1", "二(二)2", "二(二)3", "二(二)4"),
        ambiguity=7,
    ),
    SettingSpec(
        id="beijing_offices",
        label=gettext_noop("驻北京办事机构"),
        label_en="Offices in Beijing",
        plan_wording="严格遵守中央及省有关规定",
        reading=gettext_noop(
            "方案未对驻京办事机构另作规定；默认与其他驻外省机构适用同样的规则；另一读法：驻京机构另有国家规定，交由人审查。"
        ),
        default=BEIJING_SAME_RULES,
        kind="choice",
        choices=(BEIJING_SAME_RULES, BEIJING_REVIEW),
        choice_labels=(gettext_noop("适用同样的规则"), gettext_noop("另有国家规定，交由人审查")),
        affects=("二(二)1", "二(二)2", "二(二)3", "二(二)4"),
        ambiguity=8,
    ),
    SettingSpec(
        id="assistance_in_group",
        label=gettext_noop("对口援助机构与二(二)2整合"),
        label_en="A counterpart-assistance office within its 二(二)2 group",
        plan_wording="从事对口援助的驻省会城市办事机构经审批,可以保留。",
        reading=gettext_noop(
            "依二(二)4保留的市政府对口援助机构仍属其二(二)2的同组机构：默认由它作为该组保留的一个机构，"
            "同组其他市政府机构并入它；另一读法：它另行保留，同组其他机构之间再保留一个。"
        ),
        default=ASSISTANCE_SURVIVOR,
        kind="choice",
        choices=(ASSISTANCE_SURVIVOR, ASSISTANCE_IN_ADDITION),
        choice_labels=(gettext_noop("作为该组保留的一个机构"), gettext_noop("另行保留，不计入该组")),
        affects=("二(二)2", "二(二)4"),
        ambiguity=10,
    ),
    SettingSpec(
        id="county_window_cap",
        label=gettext_noop("每县工作窗口人数上限"),
        label_en="County window: maximum staff per county",
        plan_wording="人数不得超过3人",
        reading=gettext_noop("每个县（市、区）至多3人。"),
        default=PLAN_WINDOW_CAP,
        kind="int",
        minimum=0,
        maximum=PLAN_WINDOW_CAP,
        affects=("三(二)2",),
        ambiguity=3,
    ),
    SettingSpec(
        id="rotation_max_years",
        label=gettext_noop("干部定期轮换年限"),
        label_en="Rotation: maximum years in post",
        plan_wording="驻省会城市办事机构干部原则上实行3年定期轮换,辅助性工作人员可在驻地聘用。",
        reading=gettext_noop("在编干部在岗至多3年；辅助性工作人员不受此限。"),
        default=3,
        kind="int",
        minimum=1,
        affects=("二(四)3",),
        ambiguity=4,
    ),
    SettingSpec(
        id="approver_outside_home",
        label=gettext_noop("对口援助及省外保留机构的审批机关"),
        label_en="Approver of counterpart-assistance offices and of offices retained outside Hubei",
        plan_wording="从事对口援助的驻省会城市办事机构经审批,可以保留。",
        reading=gettext_noop("方案未指明审批机关，默认为市人民政府，可修改。"),
        default="市人民政府",
        kind="text",
        affects=("二(二)4", "二(二)2", "二(四)1"),
        ambiguity=5,
    ),
    SettingSpec(
        id="registration_due",
        label=gettext_noop("附表一报送截止日期"),
        label_en="Registration table due date",
        plan_wording="并将相关情况(见附表一)于6月30日前报市机关事务管理局。",
        reading=gettext_noop("方案写6月30日，但核实登记环节为7月20日至7月31日；默认以2015年7月31日为截止日期。"),
        default=date(2015, 7, 31),
        kind="date",
        affects=("三(二)1",),
        ambiguity=1,
        plan_value=date(2015, 6, 30),
    ),
    SettingSpec(
        id="consolidation_deadline",
        label=gettext_noop("精简整合截止日期"),
        label_en="Consolidation deadline",
        plan_wording="精简整合环节(8月1日至8月31日)。",
        reading=gettext_noop("应撤销或整合的机构须在2015年8月31日前完成精简整合。"),
        default=date(2015, 8, 31),
        kind="date",
        affects=("三(二)2", "四(二)"),
    ),
    SettingSpec(
        id="plan_issue_date",
        label=gettext_noop("方案印发日期"),
        label_en="Plan issue date",
        plan_wording="2015年7月20日",
        reading=gettext_noop("此日期之后设立的办事机构属违规新设。"),
        default=PLAN_ISSUED_ON,
        kind="date",
        affects=("四(二)",),
    ),
    SettingSpec(
        id="development_zone_window",
        label=gettext_noop("开发区可申请工作窗口"),
        label_en="Development zones may request a county window",
        plan_wording="已撤销驻武汉办事机构的县(市、区)政府根据工作需要并报市政府批准,可选派人员……设立工作窗口",
        reading=gettext_noop("咸宁高新区视同县（市、区），可申请工作窗口。"),
        default=True,
        kind="bool",
        affects=("三(二)2",),
    ),
)

SETTING_SPECS: Mapping[str, SettingSpec] = MappingProxyType({s.id: s for s in _SPECS})

# Settings once offered and withdrawn because no rule reads them (a setting no rule reads is not
# offered). A city's stored values may still carry them: reading stored values drops them, while
# a request that names one is told why it is gone.
RETIRED_SETTINGS: Mapping[str, str] = MappingProxyType({})


class PolicySettingsError(ValueError):
    """Settings a user gave that cannot be used; ``errors`` name each bad key and value."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class PolicySettings:
    home_province: str = SETTING_SPECS["home_province"].default
    home_capital: str = SETTING_SPECS["home_capital"].default
    adjacency: str = SETTING_SPECS["adjacency"].default
    county_window_cap: int = SETTING_SPECS["county_window_cap"].default
    rotation_max_years: int = SETTING_SPECS["rotation_max_years"].default
    approver_outside_home: str = SETTING_SPECS["approver_outside_home"].default
    registration_due: date = SETTING_SPECS["registration_due"].default
    consolidation_deadline: date = SETTING_SPECS["consolidation_deadline"].default
    plan_issue_date: date = SETTING_SPECS["plan_issue_date"].default
    development_zone_window: bool = SETTING_SPECS["development_zone_window"].default
    strait_adjacency: str = SETTING_SPECS["strait_adjacency"].default
    non_capital_hosts: bool = SETTING_SPECS["non_capital_hosts"].default
    municipalities_as_capitals: bool = SETTING_SPECS["municipalities_as_capitals"].default
    beijing_offices: str = SETTING_SPECS["beijing_offices"].default
    assistance_in_group: str = SETTING_SPECS["assistance_in_group"].default

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None, *, prefix: str = "", stored: bool = False) -> PolicySettings:
        """Defaults overridden by ``data``; every problem is reported, each naming its key.

        ``stored``: the values come from a city's saved record, where a retired setting is dropped."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise PolicySettingsError([_("设置必须是一个对象（键值对）。")])
        values: dict[str, Any] = {}
        errors: list[str] = []
        for key, raw in data.items():
            spec = SETTING_SPECS.get(key)
            if spec is None and key in RETIRED_SETTINGS:
                if not stored:
                    errors.append(
                        _("设置项“%(key)s”已取消：%(reason)s。")
                        % {"key": prefix + key, "reason": _(RETIRED_SETTINGS[key])}
                    )
                continue
            if spec is None:
                errors.append(
                    _("未知的设置项“%(key)s”；可用的设置项：%(known)s。")
                    % {"key": prefix + str(key), "known": "、".join(SETTING_SPECS)}
                )
                continue
            if stored and spec.maximum is not None and isinstance(raw, int) and not isinstance(raw, bool):
                # Saved before the plan's ceiling was enforced: the plan's own limit applies.
                raw = min(raw, spec.maximum)
            try:
                values[key] = _coerce(spec, raw)
            except ValueError as exc:
                errors.append(
                    _("设置项“%(key)s”的值 %(value)s 无效：%(reason)s")
                    % {"key": prefix + key, "value": _show(raw), "reason": exc}
                )
        if errors:
            raise PolicySettingsError(errors)
        settings = cls(**values)
        if settings.consolidation_deadline < settings.plan_issue_date:
            raise PolicySettingsError(
                [
                    _("设置项“%(key)s”（%(value)s）不能早于方案印发日期（%(issue)s）。")
                    % {
                        "key": prefix + "consolidation_deadline",
                        "value": settings.consolidation_deadline.isoformat(),
                        "issue": settings.plan_issue_date.isoformat(),
                    }
                ]
            )
        return settings

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as YYYY-MM-DD."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, date) else value
        return out

    def changed(self) -> tuple[str, ...]:
        """Ids of the settings that differ from the default reading."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name) != SETTING_SPECS[f.name].default)


def _show(raw: Any) -> str:
    return repr(raw) if not isinstance(raw, str) else f"“{raw}”"


def _coerce(spec: SettingSpec, raw: Any) -> Any:
    """The typed value of one setting, or ValueError with the reason (translated)."""
    if spec.kind == "text":
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError(_("须为非空文本。"))
        return raw.strip()
    if spec.kind == "choice":
        if raw not in spec.choices:
            raise ValueError(_("须为以下之一：%(choices)s。") % {"choices": "、".join(spec.choices)})
        return raw
    if spec.kind == "bool":
        if not isinstance(raw, bool):
            raise ValueError(_("须为 true 或 false。"))
        return raw
    if spec.kind == "int":
        # bool is an int in Python; a JSON true must not pass as 1.
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(_("须为整数。"))
        if spec.minimum is not None and raw < spec.minimum:
            raise ValueError(_("不能小于 %(minimum)s。") % {"minimum": spec.minimum})
        if spec.maximum is not None and raw > spec.maximum:
            raise ValueError(
                _("不能大于 %(maximum)s（方案原文：“%(wording)s”；设置只能降低，不能提高）。")
                % {"maximum": spec.maximum, "wording": spec.plan_wording}
            )
        return raw
    if spec.kind == "date":
        return parse_iso_date(raw)
    raise AssertionError(f"unknown setting kind {spec.kind}")


def parse_iso_date(raw: Any) -> date:
    """A date written YYYY-MM-DD (exactly: Python's fromisoformat also takes 20150720)."""
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str) or len(raw) != 10 or raw[4] != "-" or raw[7] != "-":
        raise ValueError(_("须为 YYYY-MM-DD 格式的日期。"))
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(_("须为 YYYY-MM-DD 格式的有效日期。")) from None
