"""Reads: a user's own notifications, and who receives an event (by role and jurisdiction)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhuban.notifications.models import Notification
from zhuban.org.models import OFFICE_ROLES, Role, RoleAssignment

# Who owns an item of a jurisdiction: its clerks, and its own offices administration (the city's
# own rows are the city bureau's to do).
OWNER_ROLES = (Role.COUNTY_CLERK, Role.OFFICES_ADMIN)


def inbox(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first. Nobody else's, whatever their role."""
    return Notification.objects.filter(recipient=user)


def unread_count(user: Any) -> int:
    """For the badge in the navigation: one query."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def own_notification(user: Any, pk: int) -> Notification:
    """One of the user's own notifications; someone else's is missing (404)."""
    return get_object_or_404(inbox(user), pk=pk)


def ancestor_paths(path: str) -> list[str]:
    """The paths strictly above ``path``, nearest first: "/a/b/c/" → ["/a/b/", "/a/", "/"].
    Read from the path alone, whatever the depth of the tree."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "".join(f"{p}/" for p in parts[:n]) for n in range(len(parts) - 1, -1, -1)]


def _users(ids: set[int]) -> list[Any]:
    User = get_user_model()
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def owners_of(jurisdiction_path: str, unit_id: int | None = None, office_id: int | None = None) -> list[Any]:
    """The people who do the item's work: the clerks and the offices administration of its own
    jurisdiction (not of the subtree above it), for a unit's item that unit's clerks, and for an
    office's item that office's own staff and head."""
    rows = RoleAssignment.objects.filter(
        jurisdiction__path=jurisdiction_path, role__in=OWNER_ROLES, unit__isnull=True
    ).values_list("user_id", flat=True)
    ids = set(rows)
    if unit_id is not None:
        ids |= set(
            RoleAssignment.objects.filter(role=Role.DEPARTMENT_CLERK, unit_id=unit_id).values_list("user_id", flat=True)
        )
    if office_id is not None:
        ids |= set(
            RoleAssignment.objects.filter(role__in=OFFICE_ROLES, office_id=office_id).values_list("user_id", flat=True)
        )
    return _users(ids)


def level_above(jurisdiction_path: str) -> list[Any]:
    """The offices administration one level above: whoever holds ``offices_admin`` on the nearest
    jurisdiction above this one that has any (a county's city; a city's province). At the top of
    the tree, with nobody above, the item's own offices administration answers for it."""
    candidates = ancestor_paths(jurisdiction_path) + [jurisdiction_path]
    rows = RoleAssignment.objects.filter(
        role=Role.OFFICES_ADMIN, jurisdiction__path__in=candidates, user__is_active=True
    ).values_list("jurisdiction__path", "user_id")
    by_path: dict[str, set[int]] = {}
    for path, user_id in rows:
        by_path.setdefault(path, set()).add(user_id)
    for path in candidates:
        if path in by_path:
            return _users(by_path[path])
    return []
