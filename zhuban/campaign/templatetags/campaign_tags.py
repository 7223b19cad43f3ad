from datetime import date

from django import template

from zhuban.ui.formatting import format_month_day

register = template.Library()


@register.filter
def cell_class(status: str) -> str:
    return f"st-{status}"


@register.filter
def month_day(day: date | None) -> str:
    """8月1日, or 1 Aug in English (one format for the whole product: zhuban.ui.formatting)."""
    return format_month_day(day)
