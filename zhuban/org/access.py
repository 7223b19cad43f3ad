"""The access chokepoint: who sees what, and who may do which act on it.

Every list, export, count and detail view goes through ``scoped`` (a queryset) or
``get_in_scope`` (one object). Out of scope is indistinguishable from missing (404); in scope
but without the capability for the act is 403. Acts are capabilities (``org/capabilities.py``):
a user holds one on an object when one of their grants both covers the object and belongs to a
role the table gives that capability. A model says how it is scoped with
``scope_fields = (path_lookup, unit_lookup[, office_lookup])``: the lookup to its jurisdiction's
materialised path, the lookup to its sponsoring unit's id (``None`` when it has no sponsor), and
for what hangs from one office, the lookup to that office's id.

A grant covers its jurisdiction's whole subtree, at whatever level it is held (a province, a
prefecture, a county): paths are compared by prefix, never by their first segment. A department
clerk's grant covers one unit; a retained office's staff's or head's grant covers one office:
on a model without an office lookup it reaches what its unit's grant would (the office's sponsor).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhuban.org.capabilities import Capability, holds
from zhuban.org.models import OFFICE_ROLES, UNIT_ROLES, Jurisdiction, ScopeAlias
from zhuban.org.scope import stored_equivalents, stored_prefixes

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Grant:
    role: str
    path: str
    unit_id: int | None
    office_id: int | None = None

    def holds(self, action: str | None) -> bool:
        return action is None or holds(self.role, action)

    def covers_path(self, path: str) -> bool:
        """Whether the grant reaches the whole jurisdiction at ``path`` (not one unit or office in it)."""
        return self.unit_id is None and self.office_id is None and path.startswith(self.path)

    def q(
        self,
        path_lookup: str,
        unit_lookup: str | None,
        aliases: tuple[tuple[str, str], ...] = (),
        office_lookup: str | None = None,
    ) -> Q:
        """``aliases`` only for models that store paths (audit entries): their old keys."""
        if self.office_id is not None and office_lookup is not None:
            return Q(**{office_lookup: self.office_id})
        if self.unit_id is not None:
            # A department clerk acts for one unit only; on things without a sponsor they see
            # their own jurisdiction node, never its subtree.
            if unit_lookup is None:
                return Q(**{f"{path_lookup}__in": stored_equivalents(self.path, aliases)})
            return Q(**{unit_lookup: self.unit_id})
        q = Q()
        for prefix in stored_prefixes(self.path, aliases):
            q |= Q(**{f"{path_lookup}__startswith": prefix})
        return q


@dataclass(frozen=True)
class Access:
    grants: tuple[Grant, ...]
    # (action, model label, pk) → bool, so a page asking the same question twice asks SQL once.
    _answers: dict = field(default_factory=dict, compare=False, repr=False)

    def q(self, model: type[Model], action: str | None = None) -> Q | None:
        path_lookup, unit_lookup, *rest = model.scope_fields  # type: ignore[attr-defined]
        office_lookup = rest[0] if rest else None
        # Models whose rows keep the path they were written with (scope_stored_paths) are also
        # found under the old keys the tree's moves left behind.
        aliases = self.aliases() if getattr(model, "scope_stored_paths", False) else ()
        q: Q | None = None
        for grant in self.grants:
            if not grant.holds(action):
                continue
            grant_q = grant.q(path_lookup, unit_lookup, aliases, office_lookup)
            q = grant_q if q is None else q | grant_q
        return q

    def aliases(self) -> tuple[tuple[str, str], ...]:
        """The tree's recorded moves, read once per request (like the answers above)."""
        if "aliases" not in self._answers:
            self._answers["aliases"] = scope_aliases()
        return self._answers["aliases"]

    def holds(self, action: str) -> bool:
        """Whether any grant of the user holds ``action`` (somewhere)."""
        return any(grant.holds(action) for grant in self.grants)


NO_ACCESS = Access(grants=())


def scope_aliases() -> tuple[tuple[str, str], ...]:
    """The recorded moves of the tree: a handful of rows, one small query when a trail is read."""
    return tuple(ScopeAlias.objects.order_by("old_prefix").values_list("old_prefix", "new_prefix"))


def access_for(user: Any) -> Access:
    """The grants of a user, read once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_zhuban_access", None)
    if cached is None:
        rows = user.role_assignments.values_list(
            "role", "jurisdiction__path", "unit_id", "office_id", "office__sponsor_id", "office__jurisdiction__path"
        )
        cached = Access(grants=tuple(_grant(*row) for row in rows))
        user._zhuban_access = cached
    return cached


def _grant(
    role: str, path: str, unit_id: int | None, office_id: int | None, sponsor_id: int | None, office_path: str | None
) -> Grant:
    if role in OFFICE_ROLES and office_id is not None and office_path is not None:
        # Held on one office: its jurisdiction and its sponsor are the office's own.
        return Grant(role=role, path=office_path, unit_id=sponsor_id, office_id=office_id)
    return Grant(role=role, path=path, unit_id=unit_id if role in UNIT_ROLES else None)


def _checked(action: str | None) -> str | None:
    # A misspelt action must fail loudly, not quietly grant or refuse.
    return None if action is None else Capability(action).value


def scoped(user: Any, queryset: QuerySet[M], *, action: str | None = None) -> QuerySet[M]:
    """The part of ``queryset`` the user may read (``action=None``) or on which the user holds
    ``action`` through a grant covering the row."""
    q = access_for(user).q(queryset.model, _checked(action))
    if q is None:
        return queryset.none()
    return queryset.filter(q)


def get_in_scope(user: Any, queryset: QuerySet[M], *, action: str | None = None, **lookup: Any) -> M:
    """One object: 404 when it is missing or out of read scope, 403 when readable but the user
    does not hold ``action`` on it."""
    try:
        obj = scoped(user, queryset).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action is not None and not can(user, action, obj):
        raise PermissionDenied
    return obj


def can(user: Any, action: str, obj: Model | None = None) -> bool:
    """Whether the user holds ``action`` on ``obj`` (or, without an object, anywhere)."""
    access = access_for(user)
    action = Capability(action).value  # a misspelt action fails loudly
    if obj is None:
        return access.holds(action)
    key = (action, obj._meta.label, obj.pk)
    if key not in access._answers:
        q = access.q(type(obj), action)
        access._answers[key] = q is not None and type(obj)._default_manager.filter(pk=obj.pk).filter(q).exists()
    return access._answers[key]


def require(user: Any, action: str, obj: Model | None = None) -> None:
    """403 unless the user holds ``action`` (on ``obj``, or anywhere): for pages that create things."""
    if not can(user, action, obj):
        raise PermissionDenied


def covers_subtree(user: Any, path: str, *, action: str | None = None) -> bool:
    """Whether a grant of the user reaches the whole jurisdiction at ``path`` (a department
    clerk's, being one unit's, never does), holding ``action`` when one is named. For what
    covers a whole jurisdiction at once: its report, its county window."""
    action = _checked(action)
    return any(grant.holds(action) and grant.covers_path(path) for grant in access_for(user).grants)


def subtree_in_scope(user: Any, pk: Any, *, action: str | None = None) -> Jurisdiction:
    """A jurisdiction whose whole subtree the user reaches (a report, a summary, a team, criteria
    cover all of it): 404 when out of reach, 403 when reached but ``action`` is not held over it."""
    jurisdiction = get_in_scope(user, Jurisdiction.objects.all(), pk=pk)
    if not covers_subtree(user, jurisdiction.path):
        raise Http404
    if action is not None and not covers_subtree(user, jurisdiction.path, action=action):
        raise PermissionDenied
    return jurisdiction


def own_paths(user: Any, action: str) -> list[str]:
    """The jurisdictions whose work of ``action`` is the user's own, not their subtree's: the
    paths of their grants holding it (a county clerk's county, the city bureau's city, a
    department clerk's node, where their unit's records are). For a home page's "mine to do":
    the city may act on a county's office, but proposing for it is the county's work."""
    action = Capability(action).value
    return sorted({grant.path for grant in access_for(user).grants if grant.holds(action)})


def own_work(user: Any, queryset: QuerySet[M], *, action: str) -> QuerySet[M]:
    """The rows on which the user holds ``action`` that are their own jurisdiction's work
    (``own_paths``), not their subtree's: what a home page lists as theirs to do."""
    path_lookup = queryset.model.scope_fields[0]  # type: ignore[attr-defined]
    return scoped(user, queryset, action=action).filter(**{f"{path_lookup}__in": own_paths(user, action)})


def widest_paths(user: Any) -> list[str]:
    """The paths of the user's whole-jurisdiction grants, widest first."""
    return sorted(
        (g.path for g in access_for(user).grants if g.unit_id is None and g.office_id is None),
        key=lambda p: (p.count("/"), p),
    )


SECOND_FACTOR_AT = "zhuban_second_factor_at"


def mark_second_factor(session: Any) -> None:
    """Remember when this session last confirmed a TOTP code."""
    session[SECOND_FACTOR_AT] = timezone.now().timestamp()


def second_factor_redirect(request: Any):
    """For approvals: a redirect to the code page unless this session confirmed a TOTP code
    within OTP_APPROVAL_MAX_AGE_SECONDS (a session left open is not a second factor for long).

    Called after the view's own access checks, so only an officer who may approve is ever sent
    to the code page; everyone else has already had their 404 or 403.
    """
    confirmed_at = request.session.get(SECOND_FACTOR_AT)
    fresh = (
        isinstance(confirmed_at, (int, float))
        and 0 <= timezone.now().timestamp() - confirmed_at <= settings.OTP_APPROVAL_MAX_AGE_SECONDS
    )
    if request.user.is_verified() and fresh:
        return None
    return redirect_to_login(request.get_full_path(), reverse("org:otp_verify"), "next")
