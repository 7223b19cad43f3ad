"""China's working days: public holidays, the weekend days worked in lieu, and local days off.

Framework-free. Built on the ``holidays`` package's CN calendar, which carries each year's State
Council notice, in-lieu working days included (its ``weekend_workdays``). For 2015 it was checked
against the two notices that govern the campaign's calendar:

* 国务院办公厅关于2015年部分节假日安排的通知（国办发明电〔2014〕28号）: 1月1日–3日 off, Sunday
  1月4日 worked; 2月18日–24日 off, Sunday 2月15日 and Saturday 2月28日 worked; 4月5日–6日;
  5月1日; 6月20日 and 6月22日; 9月27日 (中秋节); 10月1日–7日 off, Saturday 10月10日 worked.
* 国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知（国发明电〔2015〕1号）:
  9月3日–5日 off, Sunday 9月6日 worked.

``zhuban/lib/tests/test_workdays.py`` pins those days, so a package upgrade that changed them
would fail the tests rather than move a deadline silently.

Counting conventions (the usual reading of "N个工作日"):
* ``add_working_days(d, n)``: the n-th working day after ``d`` (before it when n < 0); ``d``
  itself is not counted.
* ``working_days_between(a, b)``: the working days in (a, b], negative when b < a, so that
  ``add_working_days(a, working_days_between(a, b)) == b`` whenever ``b`` is a working day.
* ``working_days_before(d, n)``: the date n working days before ``d``: a reminder "3 working
  days before the deadline" is due on ``working_days_before(deadline, 3)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

COUNTRY = "CN"
WEEKEND = frozenset({5, 6})  # Saturday, Sunday
# A loop that walks day by day gives up after this many days: no real calendar has a year
# without working days, so hitting it means the local days off are wrong, not the arithmetic.
MAX_SEARCH_DAYS = 366 * 2


@dataclass(frozen=True)
class YearCalendar:
    days_off: dict[date, str]  # public holidays and in-lieu days off, with their names
    worked_weekend_days: frozenset[date]


@lru_cache(maxsize=64)
def year_calendar(year: int, language: str = "zh_CN") -> YearCalendar:
    """The national calendar of one year (cached: building it costs a few milliseconds)."""
    # A notice may move a day across the new year (a Sunday in late December worked for the
    # next year's holiday), so the neighbouring years are loaded and filtered to this one.
    cn = holidays.country_holidays(COUNTRY, years={year - 1, year, year + 1}, language=language)
    return YearCalendar(
        days_off={d: name for d, name in cn.items() if d.year == year},
        worked_weekend_days=frozenset(d for d in cn.weekend_workdays if d.year == year),
    )


@dataclass(frozen=True)
class WorkCalendar:
    """The national calendar plus local days off (a county's own holiday, a flood emergency...)."""

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    language: str = "zh_CN"

    def is_working_day(self, d: date) -> bool:
        if d in self.extra_days_off:
            return False
        year = year_calendar(d.year, self.language)
        if d in year.days_off:
            return False
        if d.weekday() in WEEKEND:
            return d in year.worked_weekend_days
        return True

    def holiday_name(self, d: date) -> str | None:
        """The national name of a day off (e.g. 国庆节), or None."""
        return year_calendar(d.year, self.language).days_off.get(d)

    def is_worked_weekend_day(self, d: date) -> bool:
        return d in year_calendar(d.year, self.language).worked_weekend_days and d not in self.extra_days_off

    def add_working_days(self, d: date, n: int) -> date:
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        walked = 0
        while remaining:
            d += step
            walked += 1
            if walked > MAX_SEARCH_DAYS:
                raise ValueError("no working day found within two years: check the local days off")
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_before(self, d: date, n: int) -> date:
        if n < 0:
            raise ValueError("n must not be negative")
        return self.add_working_days(d, -n)

    def working_days_between(self, start: date, end: date) -> int:
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for d in _days(start + timedelta(days=1), end) if self.is_working_day(d))

    def next_working_day(self, d: date) -> date:
        """``d`` itself when it is a working day, else the first working day after it: a deadline
        that falls on a day off moves there (民法通则第一百五十四条: 期间的最后一天是星期日或者其他法定
        休假日的，以休假日的次日为期间的最后一天)."""
        return d if self.is_working_day(d) else self.add_working_days(d, 1)

    def days_off_between(self, start: date, end: date) -> list[date]:
        """Every day off in [start, end]: weekends not worked, holidays, local days off."""
        return [d for d in _days(start, end) if not self.is_working_day(d)]

    def worked_weekend_days_between(self, start: date, end: date) -> list[date]:
        return [d for d in _days(start, end) if d.weekday() in WEEKEND and self.is_working_day(d)]


def _days(start: date, end: date) -> Iterator[date]:
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def calendar(extra_days_off: Iterable[date] = ()) -> WorkCalendar:
    return WorkCalendar(extra_days_off=frozenset(extra_days_off))


def is_working_day(d: date, *, extra_days_off: Iterable[date] = ()) -> bool:
    return calendar(extra_days_off).is_working_day(d)


def add_working_days(d: date, n: int, *, extra_days_off: Iterable[date] = ()) -> date:
    return calendar(extra_days_off).add_working_days(d, n)


def working_days_between(start: date, end: date, *, extra_days_off: Iterable[date] = ()) -> int:
    return calendar(extra_days_off).working_days_between(start, end)


def working_days_before(d: date, n: int, *, extra_days_off: Iterable[date] = ()) -> date:
    return calendar(extra_days_off).working_days_before(d, n)
