"""The campaign's timeline as SVG geometry, computed here and drawn by a template.

Server-drawn SVG needs no script and no inline style (the Content-Security-Policy forbids
both): positions are attributes, colours are classes in campaign.css. It shows the phases, the
deadlines (moved ones beside their stated date), the days off and the weekend days worked in
lieu, and a line at the date the page is viewed as of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from zhuban.campaign.models import Campaign, Deadline, Phase, Requirement
from zhuban.lib.workdays import WorkCalendar
from zhuban.ui.formatting import format_date

WIDTH = 960
LABEL = 150  # the phase names' column
RIGHT = 12
AXIS = 26  # month labels above the rows
ROW = 24
MARGIN_DAYS = 3


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    text_y: float
    label: str
    css: str
    title: str


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    points: str
    css: str
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class DayMark:
    x: float
    width: float
    css: str
    title: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    body_height: int
    label_width: int
    axis: int
    day_width: float
    bars: list[Bar]
    markers: list[Marker]
    ticks: list[Tick]
    days: list[DayMark]
    today_x: float | None
    today_label: str
    before_start: bool
    after_end: bool


def build(
    campaign: Campaign,
    phases: list[Phase],
    requirements: list[Requirement],
    deadlines: dict[int, Deadline],
    calendar: WorkCalendar,
    as_of: date,
    *,
    labels: dict[str, str],
) -> Timeline:
    """``labels`` carries the translated words the drawing needs (month, deadline, …)."""
    last = max([campaign.ends_on, *(d.effective for d in deadlines.values()), *(p.ends_on for p in phases)])
    start = campaign.issued_on - timedelta(days=MARGIN_DAYS)
    end = last + timedelta(days=MARGIN_DAYS)
    span = (end - start).days + 1
    day_width = (WIDTH - LABEL - RIGHT) / span

    def x(d: date) -> float:
        return round(LABEL + (d - start).days * day_width, 2)

    rows = {p.pk: i for i, p in enumerate(phases)}
    height = AXIS + ROW * (len(phases) + 1) + 6
    bars = [
        Bar(
            x=x(p.starts_on),
            y=AXIS + rows[p.pk] * ROW + (6 if p.parent_id else 3),
            width=round(max(day_width, ((p.ends_on - p.starts_on).days + 1) * day_width), 2),
            height=ROW - 12 if p.parent_id else ROW - 6,
            text_y=AXIS + rows[p.pk] * ROW + ROW / 2 + 5,
            label=("\u3000" if p.parent_id else "") + p.name,
            css="step" if p.parent_id else "stage",
            title=f"{p.name} {p.starts_on:%m-%d} – {p.ends_on:%m-%d}",
        )
        for p in phases
    ]
    # The whole campaign on the last row.
    bars.append(
        Bar(
            x=x(campaign.issued_on),
            y=AXIS + len(phases) * ROW + 3,
            width=round(((campaign.ends_on - campaign.issued_on).days + 1) * day_width, 2),
            height=ROW - 6,
            text_y=AXIS + len(phases) * ROW + ROW / 2 + 5,
            label=labels["whole"],
            css="whole",
            title=f"{campaign.issued_on:%m-%d} – {campaign.ends_on:%m-%d}",
        )
    )
    markers = []
    for r in requirements:
        d = deadlines[r.pk]
        cy = AXIS + rows[r.phase_id] * ROW + ROW / 2
        for when, css in ((d.effective, "due"), (d.stated, "stated")) if d.moved else ((d.effective, "due"),):
            if not start <= when <= end:
                continue
            cx = x(when) + day_width / 2
            markers.append(
                Marker(
                    x=cx,
                    y=cy,
                    points=f"{cx},{cy - 7} {cx + 6},{cy} {cx},{cy + 7} {cx - 6},{cy}",
                    css=css,
                    title=f"{r.name} {labels['due']} {format_date(when)}",
                )
            )
    ticks = []
    month = date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            ticks.append(Tick(x=x(month), label=labels["month"] % {"month": month.month}))
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    days = [
        DayMark(x=x(d), width=round(day_width, 2), css="off", title=calendar.holiday_name(d) or "")
        for d in calendar.days_off_between(start, end)
    ] + [
        DayMark(x=x(d), width=round(day_width, 2), css="worked", title=labels["worked"])
        for d in calendar.worked_weekend_days_between(start, end)
    ]
    inside = start <= as_of <= end
    return Timeline(
        width=WIDTH,
        height=height,
        body_height=height - AXIS,
        label_width=LABEL,
        axis=AXIS,
        day_width=round(day_width, 2),
        bars=bars,
        markers=markers,
        ticks=ticks,
        days=days,
        today_x=x(as_of) + day_width / 2 if inside else None,
        today_label=labels["today"],
        before_start=as_of < start,
        after_end=as_of > end,
    )
