from django import template

from zhuban.notifications import messages, queries
from zhuban.notifications.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in user's unread notifications, for the badge in the navigation (one query)."""
    return queries.unread_count(getattr(context.get("request"), "user", None))


@register.filter
def shown_summary(note: Notification) -> str:
    """The summary in the reader's language, or as it was stored when it cannot be said again."""
    again = messages.render(note.event, note.params) if note.params else None
    return again[1] if again else note.summary
