"""The access chokepoint: who sees and who may change what.

Every list, export, count and detail view goes through ``scoped`` (reads) or ``get_in_scope``
(one object). Out of scope is indistinguishable from missing (404); in scope but read-only is
403. A model says how it is scoped with ``scope_fields = (path_lookup, unit_lookup)``: the
lookup to its jurisdiction's materialised path, and the lookup to its sponsoring unit's id
(``None`` when it has no sponsor).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from zhuban.org.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

WRITE_ROLES = frozenset({Role.OFFICES_ADMIN, Role.COUNTY_CLERK, Role.DEPARTMENT_CLERK})
AUDIT_TRAIL_ROLES = frozenset({Role.OFFICES_ADMIN, Role.AUDITOR})

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Grant:
    role: str
    path: str
    unit_id: int | None

    def q(self, path_lookup: str, unit_lookup: str | None) -> Q:
        if self.unit_id is not None:
            # A department clerk acts for one unit only; on things without a sponsor they see
            # their own jurisdiction node, never its subtree.
            if unit_lookup is None:
                return Q(**{path_lookup: self.path})
            return Q(**{unit_lookup: self.unit_id})
        return Q(**{f"{path_lookup}__startswith": self.path})


@dataclass(frozen=True)
class Access:
    grants: tuple[Grant, ...]

    def q(self, model: type[Model], *, write: bool) -> Q | None:
        path_lookup, unit_lookup = model.scope_fields  # type: ignore[attr-defined]
        q: Q | None = None
        for grant in self.grants:
            if write and grant.role not in WRITE_ROLES:
                continue
            q = grant.q(path_lookup, unit_lookup) if q is None else q | grant.q(path_lookup, unit_lookup)
        return q

    def has_role(self, *roles: str) -> bool:
        return any(g.role in roles for g in self.grants)

    @property
    def can_write(self) -> bool:
        return self.has_role(*WRITE_ROLES)

    @property
    def can_read_audit_trail(self) -> bool:
        return self.has_role(*AUDIT_TRAIL_ROLES)

    @property
    def is_offices_admin(self) -> bool:
        return self.has_role(Role.OFFICES_ADMIN)


NO_ACCESS = Access(grants=())


def access_for(user: User | AnonymousUser | None) -> Access:
    """The grants of a user, read once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_zhuban_access", None)
    if cached is None:
        rows = user.role_assignments.select_related("jurisdiction").values_list("role", "jurisdiction__path", "unit_id")
        cached = Access(
            grants=tuple(
                Grant(role=role, path=path, unit_id=unit_id if role == Role.DEPARTMENT_CLERK else None)
                for role, path, unit_id in rows
            )
        )
        user._zhuban_access = cached  # type: ignore[attr-defined]  # a per-request cache, not a field
    return cached


def scoped(user: User | AnonymousUser, queryset: QuerySet[M], *, write: bool = False) -> QuerySet[M]:
    """The one jurisdiction-scoping function: the part of ``queryset`` the user may see (or change)."""
    q = access_for(user).q(queryset.model, write=write)
    if q is None:
        return queryset.none()
    return queryset.filter(q)


def get_in_scope(user: User | AnonymousUser, queryset: QuerySet[M], *, write: bool = False, **lookup: Any) -> M:
    """One object: 404 when it is missing or out of scope, 403 when in scope but read-only."""
    try:
        obj = scoped(user, queryset).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not scoped(user, queryset.model._default_manager.filter(pk=obj.pk), write=True).exists():
        raise PermissionDenied
    return obj


def require_write(user: User | AnonymousUser) -> None:
    """For pages that create things: a read-only role gets 403."""
    if not access_for(user).can_write:
        raise PermissionDenied


def may_add_units_in(user: User | AnonymousUser, path: str) -> bool:
    """Whether a writer grant covers the whole jurisdiction at ``path`` (not one unit in it): only
    such a user may register a new unit there, as a 附表一 import does for an unknown sponsor."""
    return any(
        grant.role in WRITE_ROLES and grant.unit_id is None and path.startswith(grant.path)
        for grant in access_for(user).grants
    )


def require_offices_admin(user: User | AnonymousUser) -> None:
    """For the city bureau's own acts (review, approval, closing): anyone else in scope gets 403."""
    if not access_for(user).is_offices_admin:
        raise PermissionDenied


def require_audit_trail(user: User | AnonymousUser) -> None:
    if not access_for(user).can_read_audit_trail:
        raise PermissionDenied


def second_factor_redirect(request: Any):
    """For approvals: a redirect to the code page unless this session confirmed a TOTP code.

    Called after the view's own access checks, so only an officer who may approve is ever sent
    to the code page; everyone else has already had their 404 or 403.
    """
    if request.user.is_verified():
        return None
    return redirect_to_login(request.get_full_path(), reverse("org:otp_verify"), "next")
