"""Who is signed in, as a printed page names them: ``{% print_heading %}`` gives
"咸宁市 · 市机关事务管理局 · 2015年8月1日" (the unit or jurisdiction, the role, today)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from zhuban.org.models import RoleAssignment
from zhuban.ui.formatting import format_date

register = template.Library()


@register.simple_tag(takes_context=True)
def print_heading(context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    parts = []
    if user is not None and user.is_authenticated:
        # One query, on full pages only; the first grant names the unit (a person holds one in practice).
        grant = RoleAssignment.objects.filter(user=user).select_related("unit", "jurisdiction").order_by("pk").first()
        if grant is not None:
            parts += [grant.unit.name if grant.unit else grant.jurisdiction.name, grant.get_role_display()]
    parts.append(format_date(timezone.localdate()))
    return " · ".join(parts)
