"""Reading campaigns, always through the access chokepoint.

The dashboard is built in a fixed number of queries whatever the number of jurisdictions: the
campaign, its requirements (with phases), the jurisdictions in scope, every submission's state
as of the date (one query with a correlated subquery on the event index), and one grouped query
per office breakdown. Everything else is arithmetic in Python on those rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from zhuban.campaign import clock
from zhuban.campaign.models import (
    OPEN,
    Campaign,
    Deadline,
    Phase,
    Requirement,
    Status,
    Submission,
    SubmissionEvent,
    derive_status,
    state_after,
)
from zhuban.decision.models import Decision, Disposition
from zhuban.lib.workdays import WorkCalendar
from zhuban.org.access import can, get_in_scope, scoped
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django_stubs_ext import StrOrPromise

# Every value the "last event" of a submission can take (None: no event yet).
LAST_KINDS = (None, *SubmissionEvent.Kind.values)
# The order in which statuses are listed and stacked in charts.
STATUS_ORDER = [
    Status.OVERDUE,
    Status.RETURNED,
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    Status.SUBMITTED,
    Status.ACCEPTED,
]


# ---- Campaigns --------------------------------------------------------------------------------


def campaigns_for(user: User | AnonymousUser) -> QuerySet[Campaign]:
    """The campaigns a user takes part in: those with a submission the user may see. A county
    sees its city's campaign this way, through its own row, without seeing anyone else's."""
    visible = scoped(user, Submission.objects.filter(campaign=OuterRef("pk")))
    return Campaign.objects.filter(Exists(visible)).select_related("jurisdiction")


def default_campaign_for(user: User | AnonymousUser) -> Campaign:
    campaign = campaigns_for(user).order_by("-is_default", "-issued_on", "id").first()
    if campaign is None:
        raise Http404
    return campaign


def campaign_for(user: Any, pk: Any, *, action: str | None = None) -> Campaign:
    """404 when the user takes no part in it; 403 without ``action`` over the campaign's
    jurisdiction (``campaign.manage``: the offices administration)."""
    try:
        campaign = campaigns_for(user).get(pk=pk)
    except (Campaign.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action is not None and not can(user, action, campaign):
        raise PermissionDenied
    return campaign


def can_manage(user: Any, campaign: Campaign) -> bool:
    return can(user, Capability.CAMPAIGN_MANAGE, campaign)


def phase_for(user: Any, pk: Any, *, action: str | None = None) -> Phase:
    phase = Phase.objects.select_related("campaign__jurisdiction").filter(pk=pk).first()
    if phase is None:
        raise Http404
    campaign_for(user, phase.campaign_id, action=action)
    return phase


def requirement_for(user: Any, pk: Any, *, action: str | None = None) -> Requirement:
    requirement = Requirement.objects.select_related("campaign__jurisdiction", "phase").filter(pk=pk).first()
    if requirement is None:
        raise Http404
    campaign_for(user, requirement.campaign_id, action=action)
    return requirement


def plan_of(campaign: Campaign) -> tuple[list[Phase], list[Requirement]]:
    phases = list(campaign.phases.select_related("parent").order_by("order", "starts_on", "id"))
    requirements = list(campaign.requirements.select_related("phase").order_by("order", "due_on", "id"))
    return phases, requirements


def deadlines_of(campaign: Campaign, requirements: list[Requirement], days: int | None = None) -> dict[int, Deadline]:
    cal = campaign.work_calendar()
    lead = campaign.reminder_working_days if days is None else days
    return {r.pk: r.deadline(cal, roll_forward=campaign.roll_forward, reminder_working_days=lead) for r in requirements}


# ---- Submissions ------------------------------------------------------------------------------


def submission_for(user: Any, pk: Any, *, action: str | None = None) -> Submission:
    """One submission with its history. 404 out of scope; 403 when the user may see it but does
    not hold ``action`` (``campaign.submit``, ``campaign.review``) on it."""
    return get_in_scope(
        user,
        Submission.objects.select_related(
            "campaign__jurisdiction", "requirement__phase", "jurisdiction"
        ).prefetch_related(
            Prefetch("events", queryset=SubmissionEvent.objects.select_related("actor").order_by("at", "id"))
        ),
        action=action,
        pk=pk,
    )


def can_submit(user: Any, submission: Submission) -> bool:
    return can(user, Capability.CAMPAIGN_SUBMIT, submission)


def can_review(user: Any, submission: Submission) -> bool:
    return can(user, Capability.CAMPAIGN_REVIEW, submission)


def submission_of(*, jurisdiction: Jurisdiction, code: str, campaign: Campaign | None = None) -> Submission | None:
    """The hook for other apps: the submission a jurisdiction owes for a requirement code in the
    default campaign (or the one given). None when it owes none."""
    qs = Submission.objects.select_related("requirement", "jurisdiction").filter(
        jurisdiction=jurisdiction, requirement__code=code
    )
    qs = qs.filter(campaign=campaign) if campaign else qs.filter(campaign__is_default=True)
    return qs.first()


@dataclass(frozen=True)
class EventView:
    event: SubmissionEvent
    state: str
    late: bool  # a submission made after the deadline


@dataclass(frozen=True)
class SubmissionView:
    submission: Submission
    deadline: Deadline
    as_of: date
    state: str  # the workflow state as of the date
    status: str  # the state, or overdue
    events: list[EventView]  # the history up to the date
    later_events: int  # events after the date (shown as a count, so "as of" stays honest)
    working_days_left: int | None  # to the deadline, when still open and not past it
    working_days_overdue: int | None

    @property
    def status_label(self) -> StrOrPromise:
        return Status(self.status).label


def submission_view(submission: Submission, as_of: date) -> SubmissionView:
    campaign = submission.campaign
    cal = campaign.work_calendar()
    deadline = submission.requirement.deadline(
        cal, roll_forward=campaign.roll_forward, reminder_working_days=campaign.reminder_working_days
    )
    end = clock.end_of(as_of)
    events = list(submission.events.all())  # prefetched, in order
    upto = [e for e in events if e.at < end]
    state = state_after(upto[-1].kind if upto else None)
    status = derive_status(state, deadline.effective, as_of)
    views = [
        EventView(
            event=e,
            state=state_after(e.kind),
            late=e.kind == SubmissionEvent.Kind.SUBMITTED and clock.day_of(e.at) > deadline.effective,
        )
        for e in upto
    ]
    left = overdue = None
    if state in OPEN:
        if as_of <= deadline.effective:
            left = cal.working_days_between(as_of, deadline.effective)
        else:
            overdue = cal.working_days_between(deadline.effective, as_of)
    return SubmissionView(
        submission=submission,
        deadline=deadline,
        as_of=as_of,
        state=state,
        status=status,
        events=views,
        later_events=len(events) - len(upto),
        working_days_left=left,
        working_days_overdue=overdue,
    )


def states_as_of(submissions: QuerySet[Submission], as_of: date) -> QuerySet:
    """(id, jurisdiction_id, requirement_id, last event kind) for every submission, as of the
    date, in ONE query: the last event is a correlated subquery on (submission, at)."""
    last = (
        SubmissionEvent.objects.filter(submission=OuterRef("pk"), at__lt=clock.end_of(as_of))
        .order_by("-at", "-id")
        .values("kind")[:1]
    )
    return (
        submissions.annotate(last_kind=Subquery(last))
        .order_by()
        .values_list("id", "jurisdiction_id", "requirement_id", "last_kind")
    )


# ---- Office breakdowns ------------------------------------------------------------------------
# Each is one grouped query over the offices in the user's scope. Apps above the campaign add
# their own: the consolidation state comes from zhuban.flows.dashboard, which inserts it here.


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    note: str
    items: list[tuple[str, str, int]]  # (value, label, count)

    @property
    def total(self) -> int:
        return sum(n for _v, _l, n in self.items)


def offices_of(user: Any, campaign: Campaign) -> QuerySet[Office]:
    return scoped(user, Office.objects.filter(jurisdiction__path__startswith=campaign.jurisdiction.path))


def offices_by_registry_status(user: Any, campaign: Campaign, as_of: date) -> Breakdown:
    counts = dict(offices_of(user, campaign).order_by().values_list("status").annotate(n=Count("id")))
    return Breakdown(
        key="registry_status",
        title=str(_("办事机构登记状态")),
        # The registry keeps the current status only, not its dated history.
        note=str(_("为当前登记状态，不随查看日期变化。")),
        items=[(value, str(label), counts.get(value, 0)) for value, label in Office.Status.choices],
    )


def offices_by_disposition(user: User | AnonymousUser, campaign: Campaign, as_of: date) -> Breakdown:
    """Offices by the disposition the city government approved on or before the date."""
    decided = (
        Decision.objects.filter(office=OuterRef("pk"), city_approved_on__lte=as_of)
        .exclude(status=Decision.Status.REVOKED)
        .order_by("-city_approved_on", "-id")
        .values("disposition")[:1]
    )
    rows = (
        offices_of(user, campaign)
        .annotate(disposition=Subquery(decided))
        .order_by()
        .values_list("disposition")
        .annotate(n=Count("id"))
    )
    counts = dict(rows)
    items = [(value, str(label), counts.get(value, 0)) for value, label in Disposition.choices if value != "review"]
    items.append(("undecided", str(_("尚未决定")), counts.get(None, 0)))
    return Breakdown(
        key="disposition",
        title=str(_("处置决定")),
        note=str(_("按市政府批准日期统计至查看日期；已作废的决定不计。")),
        items=items,
    )


OFFICE_BREAKDOWNS: list[Callable[[Any, Campaign, date], Breakdown]] = [
    offices_by_disposition,
    offices_by_registry_status,
]


# ---- The dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    requirement: Requirement
    deadline: Deadline


@dataclass(slots=True)
class Cell:
    submission_id: int
    status: str

    @property
    def label(self) -> StrOrPromise:
        return Status(self.status).label


@dataclass(slots=True)
class Row:
    jurisdiction_id: int
    name: str
    level: str
    path: str
    cells: list[Cell | None]
    overdue: int = 0


@dataclass(frozen=True)
class OverdueItem:
    submission_id: int
    jurisdiction: str
    requirement: str
    state: str
    due: date
    working_days: int

    @property
    def state_label(self) -> StrOrPromise:
        return Status(self.state).label


@dataclass
class Dashboard:
    campaign: Campaign
    as_of: date
    phases: list[Phase]
    columns: list[Column]
    rows: list[Row]
    counts: dict[int, Counter]  # requirement id → status → n
    totals: Counter
    overdue: list[OverdueItem]
    breakdowns: list[Breakdown]
    calendar: WorkCalendar = field(repr=False)

    def count_rows(self) -> list[tuple[Requirement, list[int]]]:
        """Per requirement, the number of submissions in each status (in STATUS_ORDER)."""
        return [(c.requirement, [self.counts[c.requirement.pk].get(s, 0) for s in STATUS_ORDER]) for c in self.columns]

    def total_row(self) -> list[int]:
        return [self.totals.get(s, 0) for s in STATUS_ORDER]

    def chart_data(self) -> dict[str, Any]:
        """What the charts draw, as plain JSON (the labels already translated)."""
        return {
            "statuses": [{"key": s, "label": str(Status(s).label)} for s in STATUS_ORDER],
            "requirements": [c.requirement.name for c in self.columns],
            "counts": {s: [self.counts[c.requirement.pk].get(s, 0) for c in self.columns] for s in STATUS_ORDER},
            "breakdowns": [
                {"key": b.key, "title": b.title, "items": [{"key": v, "label": lab, "n": n} for v, lab, n in b.items]}
                for b in self.breakdowns
            ],
        }


def dashboard(user: User | AnonymousUser, campaign: Campaign, as_of: date) -> Dashboard:
    phases, requirements = plan_of(campaign)
    deadlines = deadlines_of(campaign, requirements)
    cal = campaign.work_calendar()
    columns = [Column(requirement=r, deadline=deadlines[r.pk]) for r in requirements]
    index = {r.pk: i for i, r in enumerate(requirements)}
    names = {r.pk: r.name for r in requirements}

    jurisdictions = scoped(user, Jurisdiction.objects.filter(path__startswith=campaign.jurisdiction.path))
    rows = {
        pk: Row(jurisdiction_id=pk, name=name, level=level, path=path, cells=[None] * len(requirements))
        for pk, name, level, path in jurisdictions.order_by("path").values_list("id", "name", "level", "path")
    }
    tally: dict[int, dict[str, int]] = {r.pk: dict.fromkeys(STATUS_ORDER, 0) for r in requirements}
    overdue: list[OverdueItem] = []
    late_by: dict[date, int] = {}  # working days from a deadline to the date, once per deadline
    submissions = scoped(user, Submission.objects.filter(campaign=campaign))
    # Per requirement, the status each possible last event leads to: the deadline is the same
    # for every submission of a requirement, so the loop below is dictionary lookups only.
    status_of = {
        r.pk: {kind: derive_status(state_after(kind), deadlines[r.pk].effective, as_of) for kind in LAST_KINDS}
        for r in requirements
    }
    overdue_status = Status.OVERDUE.value
    for sub_id, jur_id, req_id, last_kind in states_as_of(submissions, as_of):
        row = rows.get(jur_id)
        if row is None or req_id not in index:
            continue
        status = status_of[req_id][last_kind]
        row.cells[index[req_id]] = Cell(submission_id=sub_id, status=status)
        tally[req_id][status] += 1
        if status == overdue_status:
            row.overdue += 1
            due = deadlines[req_id].effective
            if due not in late_by:
                late_by[due] = cal.working_days_between(due, as_of)
            overdue.append(OverdueItem(sub_id, row.name, names[req_id], state_after(last_kind), due, late_by[due]))
    counts = {pk: Counter({s: n for s, n in t.items() if n}) for pk, t in tally.items()}
    totals: Counter = Counter()
    for c in counts.values():
        totals.update(c)
    overdue.sort(key=lambda o: (-o.working_days, o.jurisdiction, o.requirement))
    return Dashboard(
        campaign=campaign,
        as_of=as_of,
        phases=phases,
        columns=columns,
        # Jurisdictions with overdue items first, then in the tree's order.
        rows=sorted(rows.values(), key=lambda r: (-r.overdue, r.path)),
        counts=counts,
        totals=totals,
        overdue=overdue,
        breakdowns=[b(user, campaign, as_of) for b in OFFICE_BREAKDOWNS],
        calendar=cal,
    )


# ---- Across cities: the level above sees every campaign under it --------------------------------


@dataclass
class RollupRow:
    name: str  # the campaign's jurisdiction (a city), or the total's label
    campaign: Campaign | None  # None on the total row
    submissions: int
    done: int  # submitted or accepted
    overdue: int
    breakdowns: dict[str, dict[str, int]]  # breakdown key → value → offices
    cells: list[int] = field(default_factory=list)  # the breakdowns in the table's column order

    @property
    def offices(self) -> int:
        first = next(iter(self.breakdowns.values()), {})
        return sum(first.values())


@dataclass
class Rollup:
    as_of: date
    rows: list[RollupRow]
    total: RollupRow | None
    # Per breakdown: its key, title and the (value, label) columns, in the order the dashboards use.
    columns: list[tuple[str, str, list[tuple[str, str]]]]

    def chart_data(self) -> dict[str, Any]:
        return {
            "cities": [r.name for r in self.rows],
            "breakdowns": [
                {
                    "key": key,
                    "title": title,
                    "series": [
                        {
                            "key": value,
                            "label": label,
                            "data": [r.breakdowns.get(key, {}).get(value, 0) for r in self.rows],
                        }
                        for value, label in values
                    ],
                }
                for key, title, values in self.columns
            ],
        }


DONE_STATES = frozenset({Status.SUBMITTED.value, Status.ACCEPTED.value})


def rollup(user: User | AnonymousUser, as_of: date) -> Rollup:
    """Every campaign the user takes part in, one row each (a province: each of its cities), with
    the same figures as each campaign's dashboard on the date, and their total."""
    rows: list[RollupRow] = []
    columns: dict[str, tuple[str, dict[str, str]]] = {}
    for campaign in campaigns_for(user).order_by("jurisdiction__path", "-issued_on", "id"):
        board = dashboard(user, campaign, as_of)
        breakdowns: dict[str, dict[str, int]] = {}
        for b in board.breakdowns:
            title, labels = columns.setdefault(b.key, (b.title, {}))
            breakdowns[b.key] = {}
            for value, label, n in b.items:
                labels.setdefault(value, str(label))
                breakdowns[b.key][value] = n
        rows.append(
            RollupRow(
                name=campaign.jurisdiction.name,
                campaign=campaign,
                submissions=sum(board.totals.values()),
                done=sum(n for s, n in board.totals.items() if s in DONE_STATES),
                overdue=len(board.overdue),
                breakdowns=breakdowns,
            )
        )
    total = None
    if len(rows) > 1:
        summed: dict[str, Counter] = {key: Counter() for key in columns}
        for row in rows:
            for key, counts in row.breakdowns.items():
                summed[key].update(counts)
        total = RollupRow(
            name=str(_("合计")),
            campaign=None,
            submissions=sum(r.submissions for r in rows),
            done=sum(r.done for r in rows),
            overdue=sum(r.overdue for r in rows),
            breakdowns={key: dict(c) for key, c in summed.items()},
        )
    ordered = [(key, title, list(labels.items())) for key, (title, labels) in columns.items()]
    for row in [*rows, *([total] if total else [])]:
        row.cells = [row.breakdowns.get(key, {}).get(value, 0) for key, _t, values in ordered for value, _l in values]
    return Rollup(as_of=as_of, rows=rows, total=total, columns=ordered)
