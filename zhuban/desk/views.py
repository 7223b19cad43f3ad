"""The home page after signing in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zhuban.desk.queries import desk_for
from zhuban.notifications.queries import unread_count


@login_required
@require_GET
def home(request):
    today = timezone.localdate()
    return render(
        request,
        "desk/home.html",
        {"desk": desk_for(request.user, today), "today": today, "unread": unread_count(request.user)},
    )
