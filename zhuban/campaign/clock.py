"""The campaign's clock: dates are Asia/Shanghai whatever the server or the user says, and every
view can be asked for the state "as of" a date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

CAMPAIGN_TZ = ZoneInfo("Asia/Shanghai")


def today() -> date:
    return timezone.localdate(timezone=CAMPAIGN_TZ)


def end_of(day: date) -> datetime:
    """The first instant after ``day`` in Shanghai: events before it happened "as of" that day."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=CAMPAIGN_TZ)


def noon_of(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=CAMPAIGN_TZ)


def day_of(moment: datetime) -> date:
    return moment.astimezone(CAMPAIGN_TZ).date()


# A campaign's dates lie well inside these; beyond them, a day's arithmetic (the day after
# 9999-12-31) overflows, so such a date is treated as unreadable.
EARLIEST_AS_OF = date(1900, 1, 1)
LATEST_AS_OF = date(2100, 12, 31)


def parse_as_of(raw: str | None) -> date | None:
    """``?as_of=YYYY-MM-DD``; None when absent, unreadable or out of range (the caller then uses today)."""
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return day if EARLIEST_AS_OF <= day <= LATEST_AS_OF else None
