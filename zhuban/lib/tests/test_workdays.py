"""Working-day arithmetic across the 2015 holidays and the weekend days worked in lieu.

The expected days are read from the two State Council notices (国办发明电〔2014〕28号 and
国发明电〔2015〕1号), not from the package, so these tests also pin the package's data.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from zhuban.lib import workdays
from zhuban.lib.workdays import WorkCalendar

D = date

# Every weekday the notices give off in 2015, and every weekend day they make a working day.
WEEKDAYS_OFF_2015 = [
    D(2015, 1, 1), D(2015, 1, 2),
    D(2015, 2, 18), D(2015, 2, 19), D(2015, 2, 20), D(2015, 2, 23), D(2015, 2, 24),
    D(2015, 4, 6),
    D(2015, 5, 1),
    D(2015, 6, 22),
    D(2015, 9, 3), D(2015, 9, 4),
    D(2015, 10, 1), D(2015, 10, 2), D(2015, 10, 5), D(2015, 10, 6), D(2015, 10, 7),
]  # fmt: skip
WEEKEND_DAYS_WORKED_2015 = [D(2015, 1, 4), D(2015, 2, 15), D(2015, 2, 28), D(2015, 9, 6), D(2015, 10, 10)]


def test_the_2015_calendar_matches_the_state_council_notices_day_by_day():
    cal = WorkCalendar()
    day, off, worked = D(2015, 1, 1), [], []
    while day.year == 2015:
        weekend = day.weekday() >= 5
        if not weekend and not cal.is_working_day(day):
            off.append(day)
        if weekend and cal.is_working_day(day):
            worked.append(day)
        day += timedelta(days=1)
    assert off == WEEKDAYS_OFF_2015
    assert worked == WEEKEND_DAYS_WORKED_2015


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2015, 9, 2), True),  # Wednesday before the Victory Day break
        (D(2015, 9, 3), False),  # 抗战胜利70周年纪念日
        (D(2015, 9, 4), False),  # Friday off in lieu of Sunday 6th
        (D(2015, 9, 5), False),  # Saturday
        (D(2015, 9, 6), True),  # Sunday worked
        (D(2015, 10, 7), False),  # last day of the National Day week
        (D(2015, 10, 10), True),  # Saturday worked after National Day
        (D(2015, 10, 11), False),  # an ordinary Sunday
        (D(2015, 7, 20), True),  # the plan's issue date, a Monday
    ],
)
def test_is_working_day_knows_holidays_and_in_lieu_days(day, working):
    assert workdays.is_working_day(day) is working


def test_one_working_day_after_friday_9_october_is_saturday_10_october():
    assert workdays.add_working_days(D(2015, 10, 9), 1) == D(2015, 10, 10)


def test_one_working_day_after_wednesday_2_september_is_sunday_6_september():
    assert workdays.add_working_days(D(2015, 9, 2), 1) == D(2015, 9, 6)


def test_counting_back_across_the_national_day_week_skips_seven_days_off():
    # 10月8日 (Thu) ← 9月30日 (Wed): 10月1日–7日 are all off.
    assert workdays.add_working_days(D(2015, 10, 8), -1) == D(2015, 9, 30)
    assert workdays.working_days_before(D(2015, 10, 12), 2) == D(2015, 10, 9)


def test_three_working_days_before_the_county_summary_deadline():
    # Due Wednesday 10月21日: 20日, 19日, 16日 (the weekend of 17–18 is not worked).
    assert workdays.working_days_before(D(2015, 10, 21), 3) == D(2015, 10, 16)


def test_three_working_days_before_monday_7_september_reach_back_past_the_victory_day_break():
    # 9月6日 (Sunday, worked), then 9月2日 and 9月1日: 9月3日–5日 are off.
    assert workdays.working_days_before(D(2015, 9, 7), 3) == D(2015, 9, 1)


def test_working_days_between_counts_the_half_open_interval_and_is_antisymmetric():
    # The consolidation phase, 8月1日–31日: 21 working days (August 2015 has no holiday).
    assert workdays.working_days_between(D(2015, 7, 31), D(2015, 8, 31)) == 21
    # 9月1日–9月30日: 22 weekdays, minus 9月3日 and 4日, plus Sunday 6日 = 21.
    assert workdays.working_days_between(D(2015, 8, 31), D(2015, 9, 30)) == 21
    assert workdays.working_days_between(D(2015, 9, 30), D(2015, 8, 31)) == -21
    assert workdays.working_days_between(D(2015, 9, 1), D(2015, 9, 1)) == 0


def test_adding_the_count_between_two_working_days_lands_on_the_second():
    cal = WorkCalendar()
    start = D(2015, 7, 20)
    for end in (D(2015, 9, 6), D(2015, 10, 10), D(2015, 10, 21), D(2015, 11, 30)):
        assert cal.add_working_days(start, cal.working_days_between(start, end)) == end


def test_a_local_day_off_is_not_a_working_day_and_pushes_the_count():
    local = [D(2015, 10, 20)]
    assert workdays.is_working_day(D(2015, 10, 20), extra_days_off=local) is False
    assert workdays.working_days_before(D(2015, 10, 21), 3, extra_days_off=local) == D(2015, 10, 15)


def test_a_deadline_on_a_day_off_moves_to_the_next_working_day():
    cal = WorkCalendar()
    assert cal.next_working_day(D(2015, 9, 20)) == D(2015, 9, 21)  # a Sunday
    assert cal.next_working_day(D(2015, 10, 3)) == D(2015, 10, 8)  # inside National Day
    assert cal.next_working_day(D(2015, 9, 6)) == D(2015, 9, 6)  # a worked Sunday stays


def test_holiday_names_come_in_chinese():
    assert WorkCalendar().holiday_name(D(2015, 10, 1)) == "国庆节"
    assert WorkCalendar().holiday_name(D(2015, 10, 8)) is None


def test_days_off_between_lists_weekends_holidays_and_local_days_but_not_worked_sundays():
    cal = WorkCalendar(extra_days_off=frozenset({D(2015, 9, 8)}))
    off = cal.days_off_between(D(2015, 9, 1), D(2015, 9, 13))
    assert off == [D(2015, 9, 3), D(2015, 9, 4), D(2015, 9, 5), D(2015, 9, 8), D(2015, 9, 12), D(2015, 9, 13)]
    assert cal.worked_weekend_days_between(D(2015, 9, 1), D(2015, 10, 31)) == [D(2015, 9, 6), D(2015, 10, 10)]


def test_negative_counts_are_refused_where_they_make_no_sense():
    with pytest.raises(ValueError):
        workdays.working_days_before(D(2015, 9, 1), -1)
