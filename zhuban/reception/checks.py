"""The checks on a reception, each citing the clause it rests on. Pure: the rule functions take
dataclasses (a reception as ``Case``, the standards in force as ``Standards``, the office's
former business entities as names) and return ``Finding`` values; nothing here reads the
database. ``reception/services.py`` loads the inputs in a fixed number of queries and keeps what
is found as warnings.

Clauses are articles of 《党政机关国内公务接待管理规定》 (中办发〔2013〕22号, "规定" below) and of
the plan (咸办发〔2015〕18号, "方案"); thresholds come from the dated standards, never from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext, gettext_noop

RANKS_HIGHEST_FIRST = ("provincial", "bureau", "county")
CENT = Decimal("0.01")


# ---- Inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    post: str = ""
    rank: str = ""


@dataclass(frozen=True)
class Cost:
    id: int
    kind: str  # meal, lodging, transport, other
    day: date
    venue: str
    description: str
    persons: int
    nights: int
    amount: Decimal


@dataclass(frozen=True)
class Case:
    """A reception as the checks see it: its letter, approval, list and settlement as recorded."""

    id: int
    sending_unit: str
    starts_on: date
    ends_on: date
    origin: str = ""
    has_letter: bool = True
    letter_people: tuple[Person, ...] = ()
    letter_from: date | None = None
    letter_to: date | None = None
    approved_on: date | None = None  # None: not (yet) approved
    listed: bool = False
    visitor_unit: str = ""
    visitors: tuple[Person, ...] = ()
    activity: str = ""
    venue: str = ""
    companions: int = 0
    costs: tuple[Cost, ...] = ()
    payment: str = ""  # card, transfer, cash; empty until settled

    @property
    def party(self) -> tuple[Person, ...]:
        """Who came: the list's visitors once it is filled in, else the letter's people."""
        return self.visitors if self.listed else self.letter_people

    @property
    def rank(self) -> str:
        """The party's most senior rank (a party is judged at its head's rank)."""
        ranks = {p.rank for p in self.party}
        return next((r for r in RANKS_HIGHEST_FIRST if r in ranks), RANKS_HIGHEST_FIRST[-1])


@dataclass(frozen=True)
class Rate:
    """One standard row (``Standard``) as the checks need it."""

    id: int
    path: str  # its jurisdiction's path
    kind: str
    rank: str = ""
    origin: str = ""
    amount: Decimal | None = None
    limit: int | None = None
    group_size: int | None = None
    divisor: int | None = None
    text: str = ""
    valid_from: date = date(2013, 12, 1)
    valid_to: date | None = None
    source: str = ""
    is_example: bool = False

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Standards:
    """The rows in force for one office on one day: for each (kind, rank, origin), the row of the
    nearest jurisdiction above the office (a county's own row before its city's)."""

    rows: dict[tuple[str, str, str], Rate] = field(default_factory=dict)

    def find(self, kind: str, rank: str = "", origin: str = "") -> Rate | None:
        for key in ((kind, rank, origin), (kind, rank, ""), (kind, "", origin), (kind, "", "")):
            if key in self.rows:
                return self.rows[key]
        return None

    def all(self) -> list[Rate]:
        return sorted(self.rows.values(), key=lambda r: (r.kind, RANK_POSITION.get(r.rank, 9), r.origin))


RANK_POSITION = {rank: n for n, rank in enumerate(RANKS_HIGHEST_FIRST)}


def standards_on(rates: Iterable[Rate], path: str, day: date) -> Standards:
    """The standards for an office at ``path`` on ``day``, from rows of its jurisdiction and those above."""
    chosen: dict[tuple[str, str, str], Rate] = {}
    for rate in rates:
        if not path.startswith(rate.path) or not rate.valid_on(day):
            continue
        key = (rate.kind, rate.rank, rate.origin)
        if key not in chosen or len(rate.path) > len(chosen[key].path):
            chosen[key] = rate
    return Standards(chosen)


@dataclass(frozen=True)
class Limits:
    """The product's settings the patterns use (settings.RECEPTION_REPEAT_DAYS)."""

    repeat_days: int = 30
    # A visit continued the next day is the same visit: receptions of one sending unit no more
    # than this many days apart are read as one visit split in several.
    adjacent_days: int = 1


# ---- Outputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    code: str
    clause: str
    title: str  # msgid
    message: str  # msgid, formatted with the finding's params

    def render(self, params: dict[str, Any]) -> str:
        try:
            return gettext(self.message) % params
        except (KeyError, TypeError, ValueError):
            return gettext(self.title)


@dataclass(frozen=True)
class Finding:
    code: str
    key: str  # stable per reception and finding
    params: dict[str, Any]

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def message(self) -> str:
        return self.rule.render(self.params)


@dataclass(frozen=True)
class Difference:
    """One way the list differs from the letter (第七条: the list is checked against the letter)."""

    what: str  # msgid
    detail: str

    def __str__(self) -> str:
        return gettext(self.what) % {"detail": self.detail}


RULES_TEXT = "《党政机关国内公务接待管理规定》"
RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "no_letter",
            gettext_noop("规定第六条、第七条"),
            gettext_noop("无公函接待"),
            gettext_noop("没有派出单位公函（或公函无扫描件）：无公函的公务活动和来访人员一律不予接待。"),
        ),
        Rule(
            "no_approval",
            gettext_noop("规定第七条"),
            gettext_noop("未经事前审批"),
            gettext_noop("接待未经本机构负责人事前审批。"),
        ),
        Rule(
            "late_approval",
            gettext_noop("规定第七条"),
            gettext_noop("事后补批"),
            gettext_noop("接待开始于%(starts_on)s，批准于%(approved_on)s：审批应在接待之前。"),
        ),
        Rule(
            "list_mismatch",
            gettext_noop("规定第七条"),
            gettext_noop("接待清单与公函不符"),
            gettext_noop("接待清单与公函不符：%(differences)s。"),
        ),
        Rule(
            "meal_over",
            gettext_noop("规定第十条；接待标准"),
            gettext_noop("超标准用餐"),
            gettext_noop("%(day)s工作餐人均%(per)s元，超过%(rank)s标准%(limit)s元（%(source)s）。"),
        ),
        Rule(
            "lodging_over",
            gettext_noop("规定第九条；接待标准"),
            gettext_noop("超标准住宿"),
            gettext_noop("%(day)s住宿每人每夜%(per)s元，超过%(rank)s标准%(limit)s元（%(source)s）。"),
        ),
        Rule(
            "companions",
            gettext_noop("规定第十条"),
            gettext_noop("陪餐人数超标"),
            gettext_noop("接待对象%(visitors)s人，陪同%(companions)s人，超过上限%(limit)s人。"),
        ),
        Rule(
            "working_meals",
            gettext_noop("规定第十条"),
            gettext_noop("工作餐超过一次"),
            gettext_noop("安排工作餐%(meals)s次，至多%(limit)s次。"),
        ),
        Rule(
            "forbidden",
            gettext_noop("规定第十条"),
            gettext_noop("禁止事项"),
            gettext_noop("“%(where)s”含禁止事项“%(word)s”。"),
        ),
        Rule(
            "cash",
            gettext_noop("规定第十五条"),
            gettext_noop("现金支付"),
            gettext_noop("接待费以现金支付：应以公务卡或银行转账结算。"),
        ),
        Rule(
            "former_entity",
            gettext_noop("方案二(四)2"),
            gettext_noop("在原所属经营性实体接待"),
            gettext_noop("接待场所“%(venue)s”是本机构原所属经营性实体“%(entity)s”：应已脱钩。"),
        ),
        Rule(
            "split_visit",
            gettext_noop("规定第七条"),
            gettext_noop("疑似拆分接待"),
            gettext_noop("与%(unit)s另一次接待（%(other_day)s）时间相连，疑为一次来访拆分接待以规避限额。"),
        ),
        Rule(
            "repeat_visitors",
            gettext_noop("规定第七条"),
            gettext_noop("短期内重复接待"),
            gettext_noop("%(names)s在%(days)s天内已接待过（%(other_day)s）。"),
        ),
        Rule(
            "booked_as_meeting",
            gettext_noop("规定第十六条"),
            gettext_noop("以会议、培训名义列支"),
            gettext_noop("“%(where)s”记为“%(word)s”：不得以举办会议、培训为名列支、转移、隐匿接待费。"),
        ),
    )
}

# 规定第十六条: costs that name a meeting or training are how receptions are hidden.
MEETING_WORDS = ("会议", "会务", "培训", "研讨", "论坛", "座谈会")


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _rank_label(rank: str) -> str:
    labels = {
        "provincial": gettext_noop("省部级"),
        "bureau": gettext_noop("厅局级"),
        "county": gettext_noop("县处级及以下"),
    }
    return gettext(labels.get(rank, labels["county"]))


def _source(rate: Rate) -> str:
    return rate.source + (gettext("，示例数据") if rate.is_example else "")


# ---- One reception ----------------------------------------------------------------------------


def letter_and_approval(case: Case) -> list[Finding]:
    """规定第六条、第七条: a letter before anything, an approval before the reception."""
    found = []
    if not case.has_letter:
        found.append(Finding("no_letter", "no_letter", {}))
    if case.listed and case.approved_on is None:
        found.append(Finding("no_approval", "no_approval", {}))
    elif case.listed and case.approved_on is not None and case.approved_on > case.starts_on:
        found.append(
            Finding(
                "late_approval",
                "late_approval",
                {"starts_on": case.starts_on.isoformat(), "approved_on": case.approved_on.isoformat()},
            )
        )
    return found


def differences(case: Case) -> list[Difference]:
    """The list against the letter: the people (by name; a changed post too) and the dates."""
    if not case.listed or not case.has_letter:
        return []
    out: list[Difference] = []
    on_letter = {p.name.strip(): p for p in case.letter_people}
    on_list = {p.name.strip(): p for p in case.visitors}
    missing = [name for name in on_letter if name not in on_list]
    extra = [name for name in on_list if name not in on_letter]
    if extra:
        out.append(Difference(gettext_noop("公函未列的人员：%(detail)s"), "、".join(extra)))
    if missing:
        out.append(Difference(gettext_noop("公函列明但清单中没有的人员：%(detail)s"), "、".join(missing)))
    for name, person in on_list.items():
        letter_person = on_letter.get(name)
        if letter_person is not None and letter_person.post.strip() != person.post.strip():
            out.append(
                Difference(gettext_noop("职务不一致：%(detail)s"), f"{name}（{letter_person.post} → {person.post}）")
            )
    if case.letter_from is not None and case.letter_to is not None:
        if case.starts_on < case.letter_from or case.ends_on > case.letter_to:
            out.append(
                Difference(
                    gettext_noop("接待日期超出公函所列日期：%(detail)s"),
                    f"{case.starts_on.isoformat()}—{case.ends_on.isoformat()}（"
                    f"{case.letter_from.isoformat()}—{case.letter_to.isoformat()}）",
                )
            )
    if case.visitor_unit.strip() and case.visitor_unit.strip() != case.sending_unit.strip():
        out.append(Difference(gettext_noop("接待对象单位与派出单位不一致：%(detail)s"), case.visitor_unit))
    return out


def list_matches_letter(case: Case) -> list[Finding]:
    found = differences(case)
    if not found:
        return []
    return [Finding("list_mismatch", "list_mismatch", {"differences": "；".join(str(d) for d in found)})]


def companion_limit(visitors: int, rate: Rate) -> int:
    """规定第十条: up to ``group_size`` visitors, at most ``limit`` companions; beyond, at most
    one in ``divisor`` of the visitors (10 → 3, 11 → 3, 12 → 4 with the 2013 figures)."""
    limit, group, divisor = rate.limit or 0, rate.group_size or 0, rate.divisor or 1
    if visitors <= group:
        return limit
    return visitors // divisor


def companions(case: Case, standards: Standards) -> list[Finding]:
    rate = standards.find("companions")
    if rate is None or not case.listed:
        return []
    visitors = len(case.visitors)
    limit = companion_limit(visitors, rate)
    if case.companions <= limit:
        return []
    return [Finding("companions", "companions", {"visitors": visitors, "companions": case.companions, "limit": limit})]


def working_meals(case: Case, standards: Standards) -> list[Finding]:
    rate = standards.find("working_meals")
    meals = sum(1 for c in case.costs if c.kind == "meal")
    if rate is None or rate.limit is None or meals <= rate.limit:
        return []
    return [Finding("working_meals", "working_meals", {"meals": meals, "limit": rate.limit})]


def over_standard(case: Case, standards: Standards) -> list[Finding]:
    """规定第九条、第十条 and the standards: a meal per person, lodging per person-night, at the
    party's most senior rank (the reading most favourable to the office)."""
    found = []
    for cost in case.costs:
        if cost.kind == "meal":
            rate = standards.find("meal", case.rank, case.origin)
            units = cost.persons
            code = "meal_over"
        elif cost.kind == "lodging":
            rate = standards.find("lodging", case.rank, case.origin)
            units = cost.persons * cost.nights
            code = "lodging_over"
        else:
            continue
        if rate is None or rate.amount is None or units <= 0:
            continue
        per = cost.amount / units
        if per <= rate.amount:
            continue
        found.append(
            Finding(
                code,
                f"{code}:{cost.id}",
                {
                    "day": cost.day.isoformat(),
                    "per": _money(per),
                    "limit": _money(rate.amount),
                    "rank": _rank_label(case.rank),
                    "source": _source(rate),
                },
            )
        )
    return found


def _texts(case: Case) -> list[tuple[str, str]]:
    """(where, text) pairs a keyword rule reads: the activity, the venue, each cost's venue and content."""
    out = [(case.activity, case.activity), (case.venue, case.venue)]
    for cost in case.costs:
        out.append((cost.venue, cost.venue))
        if cost.description:
            out.append((cost.description, cost.description))
    return [(where[:40], text) for where, text in out if text.strip()]


def _keyword_findings(code: str, case: Case, words: Sequence[str]) -> list[Finding]:
    found, seen = [], set()
    for where, text in _texts(case):
        for word in words:
            if word and word in text and (where, word) not in seen:
                seen.add((where, word))
                found.append(Finding(code, f"{code}:{word}:{where}"[:100], {"where": where, "word": word}))
    return found


def forbidden_items(case: Case, standards: Standards) -> list[Finding]:
    rate = standards.find("forbidden")
    if rate is None:
        return []
    words = [w.strip() for w in rate.text.replace(",", "、").replace("，", "、").split("、") if w.strip()]
    return _keyword_findings("forbidden", case, words)


def booked_as_meeting(case: Case) -> list[Finding]:
    return _keyword_findings("booked_as_meeting", case, MEETING_WORDS)


def cash(case: Case) -> list[Finding]:
    return [Finding("cash", "cash", {})] if case.payment == "cash" else []


def _normal(name: str) -> str:
    return "".join(name.split()).lower()


def former_entity(case: Case, entities: Iterable[str]) -> list[Finding]:
    """方案二(四)2: an office must be decoupled from its hotels and guesthouses; hosting there is
    the tie kept. A venue that names one of them (or is named in it) counts."""
    venues = {case.venue, *(c.venue for c in case.costs)}
    found = []
    for entity in entities:
        key = _normal(entity)
        if not key:
            continue
        for venue in sorted(v for v in venues if v.strip()):
            if key in _normal(venue) or (len(_normal(venue)) >= 4 and _normal(venue) in key):
                found.append(
                    Finding("former_entity", f"former_entity:{entity}"[:100], {"venue": venue, "entity": entity})
                )
                break
    return found


def check_one(case: Case, standards: Standards, entities: Iterable[str] = ()) -> list[Finding]:
    return [
        *letter_and_approval(case),
        *list_matches_letter(case),
        *over_standard(case, standards),
        *companions(case, standards),
        *working_meals(case, standards),
        *forbidden_items(case, standards),
        *booked_as_meeting(case),
        *cash(case),
        *former_entity(case, entities),
    ]


# ---- Patterns across receptions ---------------------------------------------------------------


def _gap(a: Case, b: Case) -> int:
    """Days between two receptions (0 when they overlap)."""
    if a.starts_on > b.ends_on:
        return (a.starts_on - b.ends_on).days
    if b.starts_on > a.ends_on:
        return (b.starts_on - a.ends_on).days
    return 0


def split_visit(case: Case, others: Sequence[Case], limits: Limits) -> list[Finding]:
    """规定第七条 (receptions that can be combined are arranged as one): the same sending unit
    hosted again overlapping or the next day."""
    found = []
    for other in others:
        if other.id == case.id or other.sending_unit.strip() != case.sending_unit.strip():
            continue
        if _gap(case, other) <= limits.adjacent_days:
            found.append(
                Finding(
                    "split_visit",
                    f"split_visit:{other.id}",
                    {"unit": other.sending_unit, "other_day": other.starts_on.isoformat(), "other": other.id},
                )
            )
    return found


def repeat_visitors(case: Case, others: Sequence[Case], limits: Limits) -> list[Finding]:
    """The same people hosted again within ``repeat_days`` (a split visit aside, reported as such)."""
    names = {p.name.strip() for p in case.party if p.name.strip()}
    found = []
    for other in others:
        if other.id == case.id or not names:
            continue
        gap = _gap(case, other)
        if gap <= limits.adjacent_days and other.sending_unit.strip() == case.sending_unit.strip():
            continue
        if gap > limits.repeat_days:
            continue
        same = sorted(names & {p.name.strip() for p in other.party})
        if same:
            found.append(
                Finding(
                    "repeat_visitors",
                    f"repeat_visitors:{other.id}",
                    {
                        "names": "、".join(same),
                        "days": limits.repeat_days,
                        "other_day": other.starts_on.isoformat(),
                        "other": other.id,
                    },
                )
            )
    return found


def window(case: Case, limits: Limits) -> tuple[date, date]:
    """The days the patterns look at around a reception."""
    reach = timedelta(days=max(limits.repeat_days, limits.adjacent_days))
    return case.starts_on - reach, case.ends_on + reach


def check(
    case: Case,
    standards: Standards,
    *,
    others: Sequence[Case] = (),
    entities: Iterable[str] = (),
    limits: Limits | None = None,
) -> list[Finding]:
    """Everything found on one reception, itself and against the office's receptions around it."""
    limits = limits or Limits()
    return [
        *check_one(case, standards, entities),
        *split_visit(case, others, limits),
        *repeat_visitors(case, others, limits),
    ]
