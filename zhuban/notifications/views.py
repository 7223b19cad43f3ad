"""The inbox: a user's own notifications. Someone else's notification is missing (404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zhuban.lib.keyset import int_param
from zhuban.notifications import queries, services

PAGE_SIZE = 100


# What the inbox shows: all, the unread or the read ones (``?show=``).
SHOWN = {"all": {}, "unread": {"read_at__isnull": True}, "read": {"read_at__isnull": False}}


@login_required
@require_GET
def inbox(request):
    """Newest first, a page at a time (``?before=ID`` for older ones), all of them or only the
    unread or the read; each links to its object (opening it marks it read)."""
    show = request.GET.get("show", "all")
    if show not in SHOWN:
        show = "all"
    items = queries.inbox(request.user).filter(**SHOWN[show]).order_by("-id")
    before = int_param(request.GET, "before")
    if before is not None:
        items = items.filter(id__lt=before)
    page = list(items[: PAGE_SIZE + 1])
    older = page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None
    return render(
        request,
        "notifications/inbox.html",
        {
            "items": page[:PAGE_SIZE],
            "older": older,
            "unread": queries.unread_count(request.user),
            "show": show,
            "shows": [("all", _("全部")), ("unread", _("未读")), ("read", _("已读"))],
        },
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    note = queries.own_notification(request.user, pk)
    services.notification_mark_read(user=request.user, notification=note)
    if request.htmx:
        note.refresh_from_db()
        return render(request, "notifications/_row.html", {"n": note})
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    services.notification_mark_all_read(user=request.user)
    return redirect("notifications:inbox")


@login_required
@require_GET
def open_notification(request, pk: int):
    """Follow a notification's link; opening it marks it read."""
    note = queries.own_notification(request.user, pk)
    services.notification_mark_read(user=request.user, notification=note)
    # Links are paths inside the product; anything else goes back to the inbox.
    if note.link.startswith("/") and not note.link.startswith("//"):
        return redirect(note.link)
    return redirect("notifications:inbox")
