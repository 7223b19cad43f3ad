from datetime import date

from django import template
from django.utils.formats import date_format, get_format

register = template.Library()


@register.filter
def cell_class(status: str) -> str:
    return f"st-{status}"


@register.filter
def month_day(day: date | None) -> str:
    """The locale's month and day: 7月20日, or July 20 in English. Django's zh-hans
    MONTH_DAY_FORMAT is "m月j日" (07月20日), so its zero-padded month becomes the plain one."""
    if day is None:
        return ""
    return date_format(day, get_format("MONTH_DAY_FORMAT").replace("m", "n"))
