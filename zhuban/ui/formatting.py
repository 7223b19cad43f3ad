"""How dates, times and money are shown, in one place, following the active language.

Chinese (the default): 2015年8月1日, 2015年8月1日 14:05, 2010年3月, 8月1日, 星期六. English:
1 Aug 2015, 1 Aug 2015 14:05, Mar 2010, 1 Aug, Saturday. Money: thousands separated, two decimals, in the unit the field
states (元 or 万元); the unit goes in the header or after the figure, as the page says.

Templates use the filters of ``zhuban_format`` (``{% load zhuban_format %}``); Python that
writes documents (the Word report) calls these functions, so each format exists once.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone, translation

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
BLANK = "—"


def _english() -> bool:
    return (translation.get_language() or "zh-hans").startswith("en")


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def format_date(value: date | datetime | str | None) -> str:
    """2015年8月1日 / 1 Aug 2015; a datetime shows its local day; an ISO date string (as JSON
    fields keep dates) is read first, and other text is shown as it is; None shows as ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        value = _local(value).date()
    if _english():
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"


def format_month(value: date | None) -> str:
    """A month-precision date: 2010年3月 / Mar 2010."""
    if value is None or value == "":
        return ""
    if _english():
        return f"{MONTHS[value.month - 1]} {value.year}"
    return f"{value.year}年{value.month}月"


def format_month_day(value: date | None) -> str:
    """A day within a known year (a chart's axis): 8月1日 / 1 Aug."""
    if value is None or value == "":
        return ""
    if _english():
        return f"{value.day} {MONTHS[value.month - 1]}"
    return f"{value.month}月{value.day}日"


def format_weekday(value: date | None) -> str:
    """星期六 / Saturday."""
    if value is None or value == "":
        return ""
    return (WEEKDAYS if _english() else WEEKDAYS_ZH)[value.weekday()]


def format_datetime(value: datetime | None, *, seconds: bool = False) -> str:
    """2015年8月1日 14:05 / 1 Aug 2015 14:05, in local time (with :ss when ``seconds``)."""
    if value is None or value == "":
        return ""
    moment = _local(value)
    clock = moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{format_date(moment.date())} {clock}"


def format_money(value: Decimal | float | int | str | None) -> str:
    """1,234,567.80 (元 or 万元 as the field says); None shows as —; text that is not a number as itself."""
    if value is None or value == "":
        return BLANK
    try:
        return f"{Decimal(value):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
