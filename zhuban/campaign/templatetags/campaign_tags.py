from datetime import date

from django import template

from zhuban.campaign.models import Notification
from zhuban.ui.formatting import format_month_day

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in user's unread notifications, for the badge in the navigation (one query)."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@register.filter
def cell_class(status: str) -> str:
    return f"st-{status}"


@register.filter
def month_day(day: date | None) -> str:
    """8月1日, or 1 Aug in English (one format for the whole product: zhuban.ui.formatting)."""
    return format_month_day(day)
