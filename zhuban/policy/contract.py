"""The engine's JSON contract, shared by ``manage.py assess`` and ``POST /api/v1/assess``.

Validation is by hand (no jsonschema dependency): the rules are few, and hand-written checks
give messages in Chinese that name the office and the field. The published schema
(``schema/assess.schema.json``) states the same shape; a test keeps the two in agreement
through the field lists below.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from zhuban.org import divisions as national_divisions
from zhuban.org import reference as shipped_units
from zhuban.policy.clauses import PLAN_REFERENCE
from zhuban.policy.engine import SnapshotError, evaluate
from zhuban.policy.facts import Assessment, Campaign, Disposition, Level, OfficeFacts, SponsorKind, Status
from zhuban.policy.geography import Gazetteer, clean_name, reference_gazetteer
from zhuban.policy.policy_settings import PolicySettings, PolicySettingsError, parse_iso_date

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "assess.schema.json"

REQUEST_REQUIRED = ("offices",)
REQUEST_OPTIONAL = ("settings", "as_of", "campaign")
OFFICE_REQUIRED = ("id", "name", "sponsor", "host_city", "host_province", "counterpart_assistance", "established_on")
OFFICE_OPTIONAL = ("headcount", "status", "approved_disposition")
CAMPAIGN_REQUIRED = ("city", "counties")
SPONSOR_REQUIRED = ("level", "kind", "government")
RESULT_FIELDS = (
    "id",
    "disposition",
    "merge_into",
    "clauses",
    "approval_required",
    "approver",
    "additional_plaque",
    "violations",
    "proposal",
    "considered",
    "settings_used",
    "explanation",
)
RESPONSE_FIELDS = ("results", "settings", "reference")
# Sets built once: validation runs per office, and a request may hold tens of thousands.
_OFFICE_FIELDS = frozenset(OFFICE_REQUIRED + OFFICE_OPTIONAL)
_SPONSOR_FIELDS = frozenset(SPONSOR_REQUIRED)
_LEVELS = frozenset(Level)
_KINDS = frozenset(SponsorKind)
_STATUSES = frozenset(Status)
# What a decision can approve: "review" is the engine saying it cannot decide, never an outcome.
_APPROVED = frozenset({Disposition.REVOKE, Disposition.MERGE, Disposition.RETAIN})

# A file with thousands of bad rows would otherwise produce an unreadable reply.
MAX_ERRORS = 50

# Limits on the input, checked on the raw bytes before they are parsed (see ``guard``): a hostile
# document costs one cheap scan and a clear refusal, never minutes of parsing or a crash.
DEFAULT_MAX_OFFICES = 5000  # the setting ASSESS_MAX_OFFICES; a whole city's offices fit many times over
MAX_DEPTH = 10  # the contract's deepest value is offices[].sponsor.level: three levels
MAX_TEXT = 1000  # characters in one JSON string, as written (escapes count as written)
MAX_NUMBER = 30  # characters in one JSON number
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NUMBER = re.compile(rb"[-+0-9.eE]{%d,}" % (MAX_NUMBER + 1))
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class ContractError(ValueError):
    """Input that does not follow the contract; ``errors`` each name the office and the field."""

    def __init__(self, errors: list[str]) -> None:
        if len(errors) > MAX_ERRORS:
            errors = errors[:MAX_ERRORS] + [_("……另有 %(count)s 处错误未列出。") % {"count": len(errors) - MAX_ERRORS}]
        super().__init__("；".join(errors))
        self.errors = errors

    def one_line(self) -> str:
        if len(self.errors) == 1:
            return self.errors[0]
        return _("输入有 %(count)s 处错误：%(errors)s") % {"count": len(self.errors), "errors": "；".join(self.errors)}


@dataclass(frozen=True)
class AssessRequest:
    offices: tuple[OfficeFacts, ...]
    settings: PolicySettings
    as_of: date | None
    campaign: Campaign | None = None


@lru_cache(maxsize=1)
def _county_index() -> dict[str, tuple[frozenset[str], ...]]:
    """City name -> the county-level governments of each city of that name, from the shipped
    national divisions (org/data/divisions.csv) and the development zones the product ships."""
    rows = national_divisions.read_csv()
    names = {d.code: d.name for d in rows if d.level == "city"}
    counties: dict[str, set[str]] = {code: set() for code in names}
    for d in rows:
        if d.level == "county" and d.parent in counties:
            counties[d.parent].add(d.name)
    city_code = shipped_units.CITY[0]
    for _code, name, _en, kind, *_rest in shipped_units.COUNTIES:
        if kind == "development_zone" and city_code in counties:
            counties[city_code].add(name)
    out: dict[str, list[frozenset[str]]] = {}
    for code, name in names.items():
        out.setdefault(name, []).append(frozenset(counties[code]))
    return {name: tuple(sets) for name, sets in out.items()}


def _derived_campaign(offices: Sequence[OfficeFacts], errors: list[str]) -> Campaign | None:
    """The campaign a request does not state: its city-level sponsors name the city (or, with none,
    the one city every county-level sponsor belongs to), and the city's counties are those of the
    shipped divisions. A county-level sponsor of another city is then outside every clause."""
    index = _county_index()
    city = next((o.sponsor_government for o in offices if o.sponsor_level == Level.CITY), None)
    county_names = {o.sponsor_government for o in offices if o.sponsor_level == Level.COUNTY}
    if city is None:
        if not county_names:
            return Campaign(city=None, counties=frozenset())
        candidates = [n for n, sets in index.items() if any(county_names <= c for c in sets)]
        if len(candidates) != 1:
            errors.append(
                _(
                    "无法从设立单位（%(names)s）判断本市：材料中没有市级设立单位，这些县（市、区）也不同属一个市。"
                    "请在 campaign 中写明 city（本市）和 counties（本市所属县、市、区）。"
                )
                % {"names": "、".join(sorted(county_names))}
            )
            return None
        city = candidates[0]
    if not county_names:
        return Campaign(city=city, counties=frozenset())  # no county-level sponsor to place
    sets = index.get(city, ())
    if len(sets) != 1:
        errors.append(
            _("行政区划数据中%(problem)s“%(city)s”，无法得知其所属县（市、区）。请在 campaign.counties 中列出。")
            % {"city": city, "problem": _("没有") if not sets else _("有多个")}
        )
        return None
    return Campaign(city=city, counties=sets[0])


def _campaign(raw: Any, errors: list[str]) -> Campaign | None:
    """The request's ``campaign``: ``{"city": "咸宁市", "counties": ["咸安区", …]}``."""
    if not isinstance(raw, dict):
        errors.append(_("字段 campaign 须为对象，包含 city 和 counties。"))
        return None
    problems = [_("未知字段 campaign.%(field)s。") % {"field": k} for k in raw if k not in CAMPAIGN_REQUIRED]
    problems += [_("缺少字段 campaign.%(field)s。") % {"field": k} for k in CAMPAIGN_REQUIRED if k not in raw]
    city, counties = raw.get("city"), raw.get("counties")
    if "city" in raw and (not isinstance(city, str) or not clean_name(city)):
        problems.append(_("字段 campaign.city 须为非空文本（本市的名称，如“咸宁市”）。"))
    if "counties" in raw and (
        not isinstance(counties, list) or not all(isinstance(c, str) and clean_name(c) for c in counties)
    ):
        problems.append(_("字段 campaign.counties 须为文本数组（本市所属的县、市、区和开发区）。"))
    if problems:
        errors.extend(problems)
        return None
    return Campaign(city=clean_name(str(city)), counties=frozenset(clean_name(c) for c in counties or ()))


def parse_json(text: str | bytes, *, max_offices: int = DEFAULT_MAX_OFFICES) -> Any:
    """The decoded document, or a ContractError naming the line and column or the limit exceeded."""
    guard(text.encode() if isinstance(text, str) else text, max_offices=max_offices)
    try:
        document = json.loads(text)
    except UnicodeDecodeError:
        raise ContractError([_("输入不是 UTF-8 编码的文本。")]) from None
    except json.JSONDecodeError as exc:
        raise ContractError(
            [_("输入不是有效的 JSON（第 %(line)s 行第 %(column)s 列）。") % {"line": exc.lineno, "column": exc.colno}]
        ) from None
    except (ValueError, RecursionError):  # a number too long for int(), nesting the scan missed
        raise ContractError([_("输入无法解析：数字过长或嵌套过深。")]) from None
    offices = document.get("offices") if isinstance(document, dict) else None
    if isinstance(offices, list) and len(offices) > max_offices:
        raise ContractError([_too_many_offices(max_offices)])
    return document


def _too_many_offices(max_offices: int) -> str:
    return _("一次最多评估 %(max)s 个办事机构（设置 ASSESS_MAX_OFFICES）。") % {"max": max_offices}


def guard(raw: bytes, *, max_offices: int = DEFAULT_MAX_OFFICES) -> None:
    """Refuse a document that exceeds the limits, from one linear scan of its bytes.

    Strings are measured and blanked first, so brackets and digits inside them do not count;
    what remains is the document's structure, whose depth and number of objects and arrays
    bound what parsing it would cost.
    """
    longest = 0

    def blank(match: re.Match[bytes]) -> bytes:
        nonlocal longest
        longest = max(longest, match.end() - match.start() - 2)
        return b'""'

    structure = _STRING.sub(blank, raw)
    if longest > MAX_TEXT:
        raise ContractError([_("输入中有过长的文本（超过 %(max)s 个字符）。") % {"max": MAX_TEXT}])
    if _NUMBER.search(structure):
        raise ContractError([_("输入中有过长的数字（超过 %(max)s 位）。") % {"max": MAX_NUMBER}])
    brackets = structure.translate(None, _NOT_BRACKETS)
    # Each office is an object holding one more (its sponsor); the settings add a few.
    if len(brackets) // 2 > 2 * max_offices + 20:
        raise ContractError([_("输入中的对象和数组过多。") + _too_many_offices(max_offices)])
    depth = deepest = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise ContractError([_("输入嵌套过深（超过 %(max)s 层）。") % {"max": MAX_DEPTH}])


def assess(payload: Any, gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """Validate ``payload`` (decoded JSON), evaluate it, and return the response document."""
    request = parse_request(payload, gazetteer)
    geography = _geo(gazetteer).geography
    try:
        assessments = evaluate(request.offices, geography, request.settings, request.as_of, request.campaign)
    except SnapshotError as exc:  # parse_request checks the same; this keeps a gap from becoming a 500
        raise ContractError([str(exc)]) from None
    return render_response(request, assessments)


def _geo(gazetteer: Gazetteer | None) -> Gazetteer:
    return gazetteer if gazetteer is not None else reference_gazetteer()


def parse_request(payload: Any, gazetteer: Gazetteer | None = None) -> AssessRequest:
    gz = _geo(gazetteer)
    if not isinstance(payload, dict):
        raise ContractError([_("输入必须是一个 JSON 对象，包含 offices 数组。")])
    errors: list[str] = []
    for key in payload:
        if key not in REQUEST_REQUIRED + REQUEST_OPTIONAL:
            errors.append(_("未知字段 %(field)s。") % {"field": key})
    settings = _settings(payload.get("settings"), gz, errors)
    as_of = None
    if payload.get("as_of") is not None:
        try:
            as_of = parse_iso_date(payload["as_of"])
        except ValueError as exc:
            errors.append(_("字段 as_of：%(problem)s") % {"problem": exc})
    campaign = _campaign(payload["campaign"], errors) if payload.get("campaign") is not None else None
    offices_raw = payload.get("offices")
    offices: list[OfficeFacts] = []
    if "offices" not in payload:
        errors.append(_("缺少字段 offices（办事机构数组）。"))
    elif not isinstance(offices_raw, list):
        errors.append(_("字段 offices 必须是数组。"))
    else:
        offices = _offices(offices_raw, gz, errors, one_city=campaign is None)
    if campaign is None and not errors:
        campaign = _derived_campaign(offices, errors)
    if errors:
        raise ContractError(errors)
    return AssessRequest(offices=tuple(offices), settings=settings, as_of=as_of, campaign=campaign)


def _settings(raw: Any, gz: Gazetteer, errors: list[str]) -> PolicySettings:
    try:
        settings = PolicySettings.from_dict(raw, prefix="settings.")
    except PolicySettingsError as exc:
        errors.extend(exc.errors)
        return PolicySettings()
    # The home province and capital are compared with offices' normalised names, so normalise them too.
    province = gz.province(settings.home_province)
    if province is None:
        errors.append(_("设置项“settings.home_province”：未知的省份“%(value)s”。") % {"value": settings.home_province})
        return settings
    place = gz.place(province, settings.home_capital)
    if place is None:
        errors.append(
            _("设置项“settings.home_capital”：“%(city)s”不在%(province)s。")
            % {"city": settings.home_capital, "province": province}
        )
        return settings
    return dataclasses.replace(settings, home_province=province, home_capital=place.city)


class _OfficeErrors:
    """Collects one office's problems, each message naming the office (id, else index) and field."""

    def __init__(self, index: int, errors: list[str]) -> None:
        self.index = index
        self.office_id: str | None = None
        self.errors = errors
        self.count = 0

    def add(self, field: str, problem: str) -> None:
        self.count += 1
        if self.office_id:
            where = _("办事机构“%(id)s”（offices[%(index)s]）的字段 %(field)s") % {
                "id": self.office_id,
                "index": self.index,
                "field": field,
            }
        else:
            where = _("offices[%(index)s] 的字段 %(field)s") % {"index": self.index, "field": field}
        self.errors.append(_("%(where)s：%(problem)s") % {"where": where, "problem": problem})


def _offices(raw: Sequence[Any], gz: Gazetteer, errors: list[str], *, one_city: bool) -> list[OfficeFacts]:
    """The offices; with no ``campaign`` stated, its city-level sponsors must name one city (which is
    then the campaign's). With a campaign, a sponsor of another city is accepted and goes to review."""
    offices: list[OfficeFacts] = []
    seen: set[str] = set()
    home_city: str | None = None
    for index, item in enumerate(raw):
        e = _OfficeErrors(index, errors)
        office = _office(item, gz, e)
        if office is None:
            continue
        if office.id in seen:
            e.add("id", _("编号重复，每个办事机构的编号须唯一。"))
            continue
        seen.add(office.id)
        if office.sponsor_level == Level.CITY and one_city:
            if home_city is None:
                home_city = office.sponsor_government
            elif office.sponsor_government != home_city:
                e.add(
                    "sponsor.government",
                    _("市级设立单位须属于同一个市政府：前面的办事机构属于“%(home)s”，此处为“%(other)s”。")
                    % {"home": home_city, "other": office.sponsor_government},
                )
                continue
        offices.append(office)
    return offices


def _office(item: Any, gz: Gazetteer, e: _OfficeErrors) -> OfficeFacts | None:
    if not isinstance(item, dict):
        e.add("*", _("每个办事机构必须是一个 JSON 对象。"))
        return None
    raw_id = item.get("id")
    if isinstance(raw_id, str) and raw_id.strip():
        e.office_id = raw_id.strip()
    for key in item:
        if key not in _OFFICE_FIELDS:
            e.add(key, _("未知字段。"))
    for key in OFFICE_REQUIRED:
        if key not in item:
            e.add(key, _("缺少此必填字段。"))
    office_id = _text(item, "id", e)
    name = _text(item, "name", e)
    level, kind, government = _sponsor(item.get("sponsor"), e)
    province, city, is_capital = _place(item, gz, e)
    assistance = item.get("counterpart_assistance")
    if "counterpart_assistance" in item and not isinstance(assistance, bool):
        e.add("counterpart_assistance", _("须为 true 或 false。"))
    established = None
    if "established_on" in item:
        try:
            established = parse_iso_date(item["established_on"])
        except ValueError as exc:
            e.add("established_on", str(exc))
    headcount = item.get("headcount")
    if headcount is not None and (isinstance(headcount, bool) or not isinstance(headcount, int) or headcount < 0):
        e.add("headcount", _("须为不小于 0 的整数。"))
    status = item.get("status", Status.ACTIVE)
    if not _one_of(status, _STATUSES):
        e.add("status", _("须为以下之一：%(choices)s。") % {"choices": "、".join(Status)})
    approved = item.get("approved_disposition")
    if approved is not None and not _one_of(approved, _APPROVED):
        e.add(
            "approved_disposition",
            _("须为以下之一或 null：%(choices)s，不能是 %(value)s。")
            % {"choices": "、".join(sorted(_APPROVED)), "value": _shown(approved)},
        )
    if e.count:
        return None
    # Both are required fields, so with no error counted they are set; this only narrows their types.
    if not isinstance(assistance, bool) or established is None:
        return None
    return OfficeFacts(
        id=office_id,
        name=name,
        sponsor_level=Level(level),
        sponsor_kind=SponsorKind(kind),
        sponsor_government=government,
        host_city=city,
        host_province=province,
        host_is_capital=is_capital,
        counterpart_assistance=assistance,
        established_on=established,
        headcount=headcount,
        status=Status(status),
        approved_disposition=Disposition(approved) if approved is not None else None,
    )


def _text(item: dict[str, Any], key: str, e: _OfficeErrors, field: str | None = None) -> str:
    value = item.get(key)
    if key in item and (not isinstance(value, str) or not clean_name(value)):
        e.add(field or key, _("须为非空文本。"))
        return ""
    return clean_name(value) if isinstance(value, str) else ""


def _one_of(value: Any, choices: frozenset[str]) -> bool:
    # Only text can be a choice; a list or an object from hostile JSON is not even hashable.
    return isinstance(value, str) and value in choices


def _sponsor(raw: Any, e: _OfficeErrors) -> tuple[str, str, str]:
    if raw is None:
        return "", "", ""
    if not isinstance(raw, dict):
        e.add("sponsor", _("须为对象，包含 level、kind、government。"))
        return "", "", ""
    for key in raw:
        if key not in _SPONSOR_FIELDS:
            e.add(f"sponsor.{key}", _("未知字段。"))
    for key in SPONSOR_REQUIRED:
        if key not in raw:
            e.add(f"sponsor.{key}", _("缺少此必填字段。"))
    level, kind = raw.get("level"), raw.get("kind")
    if "level" in raw and not _one_of(level, _LEVELS):
        e.add("sponsor.level", _("须为 city（市级）或 county（县级），不能是 %(value)s。") % {"value": _shown(level)})
    if "kind" in raw and not _one_of(kind, _KINDS):
        e.add(
            "sponsor.kind",
            _("须为 government（政府）或 department（部门），不能是 %(value)s。") % {"value": _shown(kind)},
        )
    government = _text(raw, "government", e, "sponsor.government")
    return str(level), str(kind), government


def _place(item: dict[str, Any], gz: Gazetteer, e: _OfficeErrors) -> tuple[str, str, bool]:
    raw_province, raw_city = item.get("host_province"), item.get("host_city")
    if "host_province" in item and not isinstance(raw_province, str):
        e.add("host_province", _("须为文本。"))
        return "", "", False
    if "host_city" in item and (not isinstance(raw_city, str) or not clean_name(raw_city)):
        e.add("host_city", _("须为非空文本。"))
        return "", "", False
    if raw_province is None or raw_city is None:
        return "", "", False
    province = gz.province(raw_province)
    if province is None:
        e.add("host_province", _("未知的省份 %(value)s。") % {"value": _shown(raw_province)})
        return "", "", False
    place = gz.place(province, raw_city)
    if place is None:
        e.add("host_city", _("%(city)s 不在%(province)s。") % {"city": _shown(raw_city), "province": province})
        return "", "", False
    return place.province, place.city, place.is_capital


def _shown(value: Any) -> str:
    return f"“{value}”" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def render_response(request: AssessRequest, assessments: Sequence[Assessment]) -> dict[str, Any]:
    return {
        "results": [_result(a) for a in assessments],
        "settings": request.settings.to_dict(),
        "reference": PLAN_REFERENCE,
    }


def _result(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.office_id,
        "disposition": str(a.disposition),
        "merge_into": a.merge_into,
        "clauses": list(a.clauses),
        "approval_required": a.approval_required,
        "approver": a.approver,
        "additional_plaque": a.additional_plaque,
        "violations": [str(v) for v in a.violations],
        "proposal": a.proposal,
        "considered": list(a.considered),
        "settings_used": list(a.settings_used),
        "explanation": a.explanation,
    }


def dumps(document: dict[str, Any]) -> str:
    """The one serialisation both interfaces use: Chinese as written, two-space indent."""
    return json.dumps(document, ensure_ascii=False, indent=2)
