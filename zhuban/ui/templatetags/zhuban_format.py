"""Dates and money as users read them, in the active language: ``{% load zhuban_format %}``.

{{ d|format_date }}          2015年8月1日 / 1 Aug 2015
{{ d|format_month }}         2010年3月 / Mar 2010
{{ t|format_datetime }}      2015年8月1日 14:05 / 1 Aug 2015 14:05
{{ t|format_datetime:"s" }}  with seconds
{{ amount|yuan }}            1,234.50 (the page states 元 or 万元 beside it); None → —
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template

from zhuban.ui.formatting import format_date as _format_date
from zhuban.ui.formatting import format_datetime as _format_datetime
from zhuban.ui.formatting import format_money, format_month, format_month_day, format_weekday

register = template.Library()


@register.filter
def format_date(value: Any) -> str:
    return _format_date(value)


register.filter("format_month", format_month)
register.filter("format_month_day", format_month_day)
register.filter("format_weekday", format_weekday)


@register.filter
def format_datetime(value: datetime | None, arg: str = "") -> str:
    return _format_datetime(value, seconds=arg == "s")


@register.filter
def yuan(value: Any) -> str:
    """Money with thousands separators and two decimals, in the field's unit (元 or 万元)."""
    return format_money(value)


@register.filter
def wanyuan(value: Any) -> str:
    """A field kept in 万元 (资产总额（万元）), shown as stored: 1,234.50; the page says 万元."""
    return format_money(value)
