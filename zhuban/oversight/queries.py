"""Reading retained offices, always through the access chokepoint.

The county windows the public liaison office hosts belong to consolidation, a peer this app may
not import: ``HOSTED_WINDOWS`` is filled by the flows layer (zhuban/flows/oversight.py) with a
function that reads them.
"""

from __future__ import annotations

import calendar
import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.models import AuditEntry
from zhuban.decision.actions import Action as DecisionAction
from zhuban.decision.models import Decision, Disposition
from zhuban.org.access import get_in_scope, scoped
from zhuban.org.models import Jurisdiction, Level
from zhuban.org.queries import campaign_root
from zhuban.oversight.models import (
    NEW_WORK,
    OLD_WORK,
    Assessment,
    BudgetLine,
    Criterion,
    Function,
    Heading,
    InternalRule,
    Mandate,
    Posting,
    RotationTerm,
    SpendingCategory,
    WorkLog,
    add_years,
    field_label,
)
from zhuban.policy.queries import settings_for
from zhuban.registry.actions import Action as RegistryAction
from zhuban.registry.models import Office


def today() -> date:
    return timezone.localdate()


# ---- Retained offices -------------------------------------------------------------------------


def retained() -> Q:
    """Offices whose retention is approved (by the city and, where required, the province)."""
    return Q(
        status=Office.Status.ACTIVE,
        decisions__status=Decision.Status.APPROVED,
        decisions__disposition=Disposition.RETAIN,
    )


def retained_offices(user: Any) -> QuerySet[Office]:
    return (
        scoped(user, Office.objects.filter(retained()))
        .distinct()
        .select_related("jurisdiction", "sponsor", "host_city")
        .order_by("jurisdiction__path", "name", "id")
    )


def is_retained(office: Office) -> bool:
    return Office.objects.filter(retained(), pk=office.pk).exists()


def office_for(user: Any, pk: Any, *, action: str | None = None) -> Office:
    """A retained office in the user's scope; any other office is 404 here."""
    return get_in_scope(
        user,
        Office.objects.filter(retained()).distinct().select_related("jurisdiction", "sponsor", "host_city"),
        action=action,
        pk=pk,
    )


def is_public_liaison_office(office: Office) -> bool:
    """The city government's office in the home capital, which carries the plaque 驻汉群众工作办公室
    (二(一)3) and hosts the county windows (三(二)2)."""
    if office.jurisdiction.level != Level.CITY or office.sponsor.kind != "government":
        return False
    return office.host_city.name == settings_for(campaign_root(office.jurisdiction)).home_capital


# ---- County windows (through the flows layer) -------------------------------------------------


@dataclass(frozen=True)
class HostedWindow:
    id: int
    county: str
    approval_document: str
    members: tuple[tuple[str, str, bool], ...]  # name, post, is head

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "county": self.county,
            "approval_document": self.approval_document,
            "members": [{"name": n, "post": p, "is_head": h} for n, p, h in self.members],
        }


# Filled by zhuban/flows/oversight.py: office → the approved windows it hosts.
HOSTED_WINDOWS: list[Callable[[Office], list[HostedWindow]]] = []


def hosted_windows(office: Office) -> list[HostedWindow]:
    if not is_public_liaison_office(office):
        return []
    return [w for provider in HOSTED_WINDOWS for w in provider(office)]


# ---- Mandates ---------------------------------------------------------------------------------


def mandates_of(office: Office) -> list[Mandate]:
    return list(Mandate.objects.filter(office=office).select_related("drafted_by").order_by("-number"))


def mandate_for(user: Any, pk: Any, *, action: str | None = None) -> Mandate:
    return get_in_scope(
        user, Mandate.objects.select_related("office__jurisdiction", "office__sponsor"), action=action, pk=pk
    )


def mandate_in_force(office: Office) -> Mandate | None:
    return Mandate.objects.filter(office=office, status=Mandate.Status.APPROVED).first()


@dataclass(frozen=True)
class MandateFiling:
    office_id: int
    number: int
    status: str
    approved: bool


def mandates_filed(office_ids: Iterable[int]) -> dict[int, MandateFiling]:
    """For each office that filed one, its latest mandate beyond a draft: what a campaign's
    "mandates" (三定方案) requirement counts. Offices absent from the answer filed none. One query."""
    out: dict[int, MandateFiling] = {}
    rows = (
        Mandate.objects.filter(office_id__in=list(office_ids))
        .exclude(status__in=[Mandate.Status.DRAFT, Mandate.Status.SUPERSEDED])
        .order_by("office_id", "-number")
        .values_list("office_id", "number", "status")
    )
    for office_id, number, status in rows:
        if office_id in out and out[office_id].approved:
            continue
        filing = MandateFiling(office_id, number, status, status == Mandate.Status.APPROVED)
        if office_id not in out or filing.approved:
            out[office_id] = filing
    return out


COMPARED_FIELDS = (
    "conditions",
    "internal_units",
    "staffing_quota",
    "leadership_posts",
    "management_responsibility",
    "approving_document",
)


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def compare(old: Mandate, new: Mandate) -> list[Change]:
    """Every part of the mandate, old → new, the plan's functions one by one."""
    changes = []
    for name in COMPARED_FIELDS:
        label = field_label(Mandate, name)
        changes.append(Change(label, str(getattr(old, name) or ""), str(getattr(new, name) or "")))
    for code, heading in Function.choices:
        changes.append(Change(str(heading), old.functions.get(code, ""), new.functions.get(code, "")))
    changes.append(
        Change(
            str(_("承担的县级工作窗口")),
            "、".join(w["county"] for w in old.hosted_windows),
            "、".join(w["county"] for w in new.hosted_windows),
        )
    )
    return changes


# ---- Staff and rotation -----------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    years: int
    valid_from: date | None  # None: the city's policy setting, before any dated term
    document: str


def rotation_terms(city: Jurisdiction) -> list[Term]:
    """The city's rotation terms, latest first, ending with its policy setting (the plan's term)."""
    rows = RotationTerm.objects.filter(jurisdiction=city).order_by("-valid_from")
    default = Term(settings_for(city).rotation_max_years, None, "咸政办函〔2015〕58号 二(四)3")
    return [Term(r.years, r.valid_from, r.document) for r in rows] + [default]


def rotation_years(office: Office, on: date) -> int:
    """The rotation term (二(四)3) in force on ``on`` in the office's city: its latest dated term
    from on or before that day, else the city's policy setting rotation_max_years."""
    root = campaign_root(office.jurisdiction)
    row = RotationTerm.objects.filter(jurisdiction=root, valid_from__lte=on).order_by("-valid_from").first()
    return row.years if row else settings_for(root).rotation_max_years


def postings_of(office: Office) -> list[Posting]:
    return list(Posting.objects.filter(office=office).order_by("-left_on", "posted_on", "id"))


def posting_for(user: Any, pk: Any, *, action: str | None = None) -> Posting:
    return get_in_scope(user, Posting.objects.select_related("office__jurisdiction"), action=action, pk=pk)


@dataclass(frozen=True)
class Headcount:
    quota: int
    cadres: int  # on the establishment or seconded: what the quota counts
    auxiliary: int  # locally hired auxiliary staff (二(四)3): allowed, counted, not in the quota

    @property
    def over(self) -> int:
        return max(self.cadres - self.quota, 0)


def quota_of(office: Office) -> int:
    """The quota of the mandate in force, else the registered one."""
    mandate = mandate_in_force(office)
    return mandate.staffing_quota if mandate else office.staffing_quota


def headcount(office: Office, on: date | None = None, *, quota: int | None = None) -> Headcount:
    on = on or today()
    rows = (
        Posting.objects.filter(office=office, posted_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .values_list("employment")
        .annotate(n=Count("id"))
        .order_by()
    )
    by = dict(rows)
    return Headcount(
        quota=quota_of(office) if quota is None else quota,
        cadres=by.get(Posting.Employment.ESTABLISHMENT, 0) + by.get(Posting.Employment.SECONDED, 0),
        auxiliary=by.get(Posting.Employment.LOCAL_HIRE, 0),
    )


DUE_WINDOW_MONTHS = 6  # the board's "due within six months" (二(四)3 asks for rotation, not notice)


class RotationState:
    DUE = "due"
    OVERDUE = "overdue"
    ROTATED = "rotated"


@dataclass(frozen=True)
class BoardRow:
    posting: Posting
    due_on: date
    state: str
    days: int  # days left (due) or past (overdue); for the rotated, days before the date they left


@dataclass
class RotationBoard:
    as_of: date
    due: list[BoardRow] = field(default_factory=list)
    overdue: list[BoardRow] = field(default_factory=list)
    rotated: list[BoardRow] = field(default_factory=list)
    over_quota: list[tuple[Office, Headcount]] = field(default_factory=list)


def rotation_board(user: Any, *, as_of: date, jurisdiction: Jurisdiction | None = None) -> RotationBoard:
    """Cadres on the establishment as of ``as_of``: due to rotate within six months, overdue
    (still in post after the date), and rotated in the twelve months up to it. Offices over
    their quota that day are listed too. Reads only what the user may see."""
    board = RotationBoard(as_of=as_of)
    horizon = add_months(as_of, DUE_WINDOW_MONTHS)
    year_ago = add_years(as_of, -1)
    postings = scoped(user, Posting.objects.all()).filter(
        employment=Posting.Employment.ESTABLISHMENT, posted_on__lte=as_of, term_years__isnull=False
    )
    if jurisdiction is not None:
        postings = postings.filter(office__jurisdiction__path__startswith=jurisdiction.path)
    for p in postings.select_related("office__jurisdiction").order_by("posted_on", "id"):
        due = p.rotation_due_on
        assert due is not None  # establishment postings with a term
        if p.left_on is not None and p.left_on <= as_of:
            if p.leaving == Posting.Leaving.ROTATED and p.left_on > year_ago:
                board.rotated.append(BoardRow(p, due, RotationState.ROTATED, (due - p.left_on).days))
            continue
        if due < as_of:
            board.overdue.append(BoardRow(p, due, RotationState.OVERDUE, (as_of - due).days))
        elif due <= horizon:
            board.due.append(BoardRow(p, due, RotationState.DUE, (due - as_of).days))
    board.overdue.sort(key=lambda r: r.due_on)
    board.due.sort(key=lambda r: r.due_on)
    offices = retained_offices(user)
    if jurisdiction is not None:
        offices = offices.filter(jurisdiction__path__startswith=jurisdiction.path)
    for office in offices:
        count = headcount(office, as_of)
        if count.over:
            board.over_quota.append((office, count))
    return board


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def rotation_reminders_due(as_of: date, notice_days: int) -> tuple[list[Posting], list[Posting]]:
    """Every open establishment posting (system-wide, for the cron run): those whose date falls
    within ``notice_days`` from ``as_of``, and those past it."""
    due, overdue = [], []
    rows = Posting.objects.filter(
        employment=Posting.Employment.ESTABLISHMENT, left_on__isnull=True, term_years__isnull=False
    ).select_related("office__jurisdiction", "office__sponsor")
    for p in rows.order_by("id"):
        day = p.rotation_due_on
        assert day is not None
        if day < as_of:
            overdue.append(p)
        elif day <= as_of + timedelta(days=notice_days):
            due.append(p)
    return due, overdue


# ---- Work logs and figures ---------------------------------------------------------------------


def worklog_for(user: Any, pk: Any, *, action: str | None = None) -> WorkLog:
    return get_in_scope(user, WorkLog.objects.select_related("office__jurisdiction"), action=action, pk=pk)


def logs_of_month(office: Office, year: int, month: int) -> list[WorkLog]:
    return list(
        WorkLog.objects.filter(office=office, occurred_on__year=year, occurred_on__month=month)
        .select_related("window__jurisdiction", "recorded_by")
        .order_by("occurred_on", "id")
    )


HEADINGS = [h for h, _label in Heading.choices]


@dataclass
class Figures:
    """Counts of logged work by month and heading, for one office or every office in scope."""

    year: int
    months: dict[int, dict[str, int]]  # month → heading → count
    people: dict[str, int]  # heading → people served in the year
    cooperation_value: Decimal
    offices: int
    by_office: list[tuple[Office, list[int]]] = field(default_factory=list)  # counts in HEADINGS order

    def total(self, heading: str) -> int:
        return sum(m.get(heading, 0) for m in self.months.values())

    @property
    def totals(self) -> list[tuple[str, str, int]]:
        return [(h, str(Heading(h).label), self.total(h)) for h in HEADINGS]

    @property
    def all(self) -> int:
        return sum(self.total(h) for h in HEADINGS)

    def share_new(self, month: int | None = None) -> int | None:
        """Percent of the work under the plan's four functions (二(三)); None with nothing logged."""
        counts = self.months.get(month, {}) if month else {h: self.total(h) for h in HEADINGS}
        new = sum(n for h, n in counts.items() if h in NEW_WORK)
        old = sum(n for h, n in counts.items() if h in OLD_WORK)
        return None if new + old == 0 else round(100 * new / (new + old))

    def rows(self) -> list[tuple[int, list[int], int | None]]:
        return [(m, [self.months[m].get(h, 0) for h in HEADINGS], self.share_new(m)) for m in range(1, 13)]

    def chart_data(self) -> dict[str, Any]:
        return {
            "months": [str(_("%(m)s月") % {"m": m}) for m in range(1, 13)],
            "headings": [{"key": h, "label": str(Heading(h).label), "new": h in NEW_WORK} for h in HEADINGS],
            "counts": {h: [self.months[m].get(h, 0) for m in range(1, 13)] for h in HEADINGS},
            "share": [self.share_new(m) for m in range(1, 13)],
            "share_label": str(_("四项职能占比（%）")),
        }


def figures(user: Any, year: int, *, office: Office | None = None) -> Figures:
    """One year's figures: of ``office``, or of every retained office the user may see (the city's)."""
    logs = scoped(user, WorkLog.objects.filter(withdrawn=False, occurred_on__year=year))
    if office is not None:
        logs = logs.filter(office=office)
    months: dict[int, dict[str, int]] = {m: {} for m in range(1, 13)}
    for month, heading, n in (
        logs.annotate(m=ExtractMonth("occurred_on")).values_list("m", "heading").annotate(n=Count("id")).order_by()
    ):
        months[month][heading] = n
    people = dict(logs.values_list("heading").annotate(n=Sum("people_served")).order_by())
    value = logs.filter(kind="cooperation").aggregate(v=Sum("value"))["v"] or Decimal("0")
    by_office_counts: dict[int, dict[str, int]] = defaultdict(dict)
    for office_id, heading, n in logs.values_list("office_id", "heading").annotate(n=Count("id")).order_by():
        by_office_counts[office_id][heading] = n
    offices = {o.pk: o for o in Office.objects.filter(pk__in=by_office_counts).select_related("jurisdiction")}
    return Figures(
        year=year,
        months=months,
        people={h: people.get(h, 0) or 0 for h in HEADINGS},
        cooperation_value=value,
        offices=len(by_office_counts),
        by_office=sorted(
            ((offices[k], [v.get(h, 0) for h in HEADINGS]) for k, v in by_office_counts.items()),
            key=lambda t: t[0].name,
        ),
    )


def years_logged(user: Any) -> list[int]:
    rows = (
        scoped(user, WorkLog.objects.filter(withdrawn=False))
        .annotate(y=ExtractYear("occurred_on"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("y")
    )
    return list(rows)


# ---- Budget and final accounts ----------------------------------------------------------------


@dataclass(frozen=True)
class YearAccounts:
    year: int
    lines: list[BudgetLine]

    @property
    def budget(self) -> Decimal:
        return sum((line.budget for line in self.lines), Decimal("0"))

    @property
    def final(self) -> Decimal | None:
        finals = [line.final for line in self.lines if line.final is not None]
        return sum(finals, Decimal("0")) if finals else None

    @property
    def overspent(self) -> list[BudgetLine]:
        return [line for line in self.lines if line.overspent is not None]

    @property
    def reception(self) -> BudgetLine | None:
        return next((line for line in self.lines if line.category == SpendingCategory.RECEPTION), None)


@dataclass(frozen=True)
class AssetChange:
    at: Any
    action: str
    label: str
    actor: str
    before: dict | None
    after: dict | None


ASSET_ACTIONS = (RegistryAction.ASSET_ADD, RegistryAction.ASSET_UPDATE)


RETENTION_ACTIONS = (DecisionAction.DECISION_CITY_APPROVE, DecisionAction.DECISION_PROVINCE_APPROVE)


def unexplained_asset_changes(office: Office) -> list[AssetChange]:
    """The retained office's assets entered or changed without a recorded reason since its
    retention was recorded on its trail (二(四)3: 严格执行资产管理有关规定): each a warning to the
    sponsor and the administration. What came before (the registration) is the campaign's."""
    trail = AuditEntry.objects.filter(subject_type=Office._meta.label_lower, subject_id=str(office.pk))
    since = trail.filter(action__in=RETENTION_ACTIONS).aggregate(seq=Max("seq"))["seq"]
    if since is None or not is_retained(office):
        return []
    entries = trail.filter(seq__gt=since, action__in=ASSET_ACTIONS, reason="").select_related("actor").order_by("seq")
    return [
        AssetChange(
            e.at,
            str(RegistryAction(e.action).label),
            e.object_label,
            (e.actor.first_name if e.actor else "") or e.actor_label,
            e.before,
            e.after,
        )
        for e in entries
    ]


def accounts_of(office: Office) -> list[YearAccounts]:
    """Every year's budget and final accounts of the office, latest first, lines in report order."""
    order = {c: n for n, c in enumerate(SpendingCategory.values)}
    by_year: dict[int, list[BudgetLine]] = defaultdict(list)
    for line in BudgetLine.objects.filter(office=office):
        by_year[line.year].append(line)
    return [
        YearAccounts(year, sorted(lines, key=lambda line: order[line.category]))
        for year, lines in sorted(by_year.items(), reverse=True)
    ]


def overspending(user: Any, year: int | None = None) -> list[BudgetLine]:
    """Lines whose final accounts exceed the budget, among the offices the user may see."""
    rows = scoped(user, BudgetLine.objects.filter(final__gt=F("budget"))).select_related("office")
    if year is not None:
        rows = rows.filter(year=year)
    return list(rows.order_by("-year", "office__name", "category"))


def budget_line_for(user: Any, pk: Any, *, action: str | None = None) -> BudgetLine:
    return get_in_scope(user, BudgetLine.objects.select_related("office__jurisdiction"), action=action, pk=pk)


# ---- Internal rules and assessment ------------------------------------------------------------


@dataclass(frozen=True)
class RuleHistory:
    title: str
    versions: list[InternalRule]  # latest first

    @property
    def current(self) -> InternalRule:
        return self.versions[0]

    def diff(self) -> list[tuple[str, str]]:
        """The current version against the one before, line by line: ("+", line), ("-", line), (" ", line)."""
        if len(self.versions) < 2:
            return []
        old, new = self.versions[1].text.splitlines(), self.current.text.splitlines()
        return [(line[0], line[2:]) for line in difflib.ndiff(old, new) if line[:1] in "+- "]


def rules_of(office: Office) -> list[RuleHistory]:
    by_title: dict[str, list[InternalRule]] = defaultdict(list)
    for rule in InternalRule.objects.filter(office=office).order_by("title", "-number"):
        by_title[rule.title].append(rule)
    return [RuleHistory(title, versions) for title, versions in by_title.items()]


def criteria_for(office: Office, year: int) -> list[Criterion]:
    """The criteria the offices administration of the office's city set for the year."""
    root = campaign_root(office.jurisdiction)
    return list(Criterion.objects.filter(jurisdiction=root, year=year).order_by("id"))


def criteria_of(jurisdiction: Jurisdiction, year: int) -> list[Criterion]:
    return list(Criterion.objects.filter(jurisdiction=jurisdiction, year=year).order_by("id"))


def assessments_of(office: Office) -> list[Assessment]:
    return list(Assessment.objects.filter(office=office).select_related("posting").order_by("-year", "posting_id"))
