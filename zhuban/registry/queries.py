"""Reading the registry, always through the access chokepoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from zhuban.org.access import get_in_scope, scoped
from zhuban.org.models import Unit
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


@dataclass(frozen=True)
class OfficeFilter:
    q: str = ""
    host_city: int | None = None
    sponsors: tuple[int, ...] = ()  # the units a typed sponsor name is (empty: any)
    status: str = ""
    jurisdiction: int | None = None


def offices_for(user: User | AnonymousUser, f: OfficeFilter | None = None) -> QuerySet[Office]:
    """The offices a user may see, filtered, with what the list shows already joined."""
    f = f or OfficeFilter()
    qs = scoped(user, Office.objects.all()).select_related("sponsor", "jurisdiction", "host_city", "host_province")
    if f.q:
        qs = qs.filter(
            Q(name__icontains=f.q)
            | Q(additional_plaque__icontains=f.q)
            | Q(sponsor__name__icontains=f.q)
            | Q(host_city__name__icontains=f.q)
        )
    if f.host_city:
        qs = qs.filter(host_city_id=f.host_city)
    if f.sponsors:
        qs = qs.filter(sponsor_id__in=f.sponsors)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.jurisdiction:
        qs = qs.filter(jurisdiction_id=f.jurisdiction)
    return qs.order_by("jurisdiction__path", "name", "id")


def office_for(user: Any, pk: Any, *, action: str | None = None) -> Office:
    """One office with its children prefetched; 404 out of scope, 403 without ``action`` on it."""
    return get_in_scope(
        user,
        Office.objects.select_related("sponsor", "jurisdiction", "host_city", "host_province").prefetch_related(
            "assets", "staff", "business_entities"
        ),
        action=action,
        pk=pk,
    )


def asset_for(user: Any, pk: Any, *, action: str | None = None) -> Asset:
    return get_in_scope(user, Asset.objects.select_related("office__jurisdiction"), action=action, pk=pk)


def staff_for(user: Any, pk: Any, *, action: str | None = None) -> StaffMember:
    return get_in_scope(user, StaffMember.objects.select_related("office__jurisdiction"), action=action, pk=pk)


def entity_for(user: Any, pk: Any, *, action: str | None = None) -> BusinessEntity:
    return get_in_scope(user, BusinessEntity.objects.select_related("office__jurisdiction"), action=action, pk=pk)


SUGGESTIONS = 20


def sponsor_suggestions(user: User | AnonymousUser, typed: str) -> list[str]:
    """Up to SUGGESTIONS names of the sponsoring units of the offices the user sees that contain
    what was typed: the filter's list as the clerk types, never all of a country's units at once."""
    typed = typed.replace("\x00", "").strip()  # PostgreSQL refuses NUL in a query
    if not typed:
        return []
    units = Unit.objects.filter(pk__in=scoped(user, Office.objects.all()).values("sponsor_id"), name__icontains=typed)
    return list(units.order_by("name").values_list("name", flat=True).distinct()[:SUGGESTIONS])


def sponsors_named(user: User | AnonymousUser, name: str) -> list[int]:
    """The units of that exact name among the sponsors of the offices the user sees."""
    name = name.replace("\x00", "").strip()
    units = Unit.objects.filter(pk__in=scoped(user, Office.objects.all()).values("sponsor_id"), name=name)
    return list(units.values_list("pk", flat=True))


def office_counts_by_status(user: User | AnonymousUser) -> dict[str, int]:
    rows = scoped(user, Office.objects.all()).values_list("status").annotate(n=Count("id")).order_by()
    return dict(rows)


ORDER = ("jurisdiction__path", "name", "id")


@dataclass
class OfficePage:
    """One page of the office list by keyset: rows after (or before) a given office in the
    list's order, so a deep page costs what the first does. ``count`` is exact up to
    ``COUNT_CAP`` and stops there (``capped``): a search typed letter by letter over a country's
    offices does not count them all each time."""

    items: list[Office]
    count: int
    capped: bool
    previous_before: int | None  # ?before= for the page above
    next_after: int | None  # ?after= for the page below

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def has_other_pages(self) -> bool:
        return self.previous_before is not None or self.next_after is not None


def _position(qs: QuerySet[Office], cursor: int | None) -> tuple | None:
    if cursor is None:
        return None
    return qs.model.objects.filter(pk=cursor).values_list(*ORDER).first()


def _beyond(key: tuple, *, forward: bool) -> Q:
    path, name, pk = key
    op = "gt" if forward else "lt"
    return (
        Q(**{f"jurisdiction__path__{op}": path})
        | Q(jurisdiction__path=path, **{f"name__{op}": name})
        | Q(jurisdiction__path=path, name=name, **{f"id__{op}": pk})
    )


COUNT_CAP = 1000


def office_page(qs: QuerySet[Office], *, after: int | None, before: int | None, size: int) -> OfficePage:
    count = qs.order_by()[: COUNT_CAP + 1].count()
    capped = count > COUNT_CAP
    count = min(count, COUNT_CAP)
    back = _position(qs, before)
    if back is not None:
        rows = list(qs.filter(_beyond(back, forward=False)).order_by(*(f"-{f}" for f in ORDER))[: size + 1])
        more_above = len(rows) > size
        items = list(reversed(rows[:size]))
        # The page below starts right after this page's last row (the row the user came back from).
        return OfficePage(
            items, count, capped, items[0].pk if more_above and items else None, items[-1].pk if items else None
        )
    start = _position(qs, after)
    ordered = qs.order_by(*ORDER)
    rows = list((ordered.filter(_beyond(start, forward=True)) if start else ordered)[: size + 1])
    items = rows[:size]
    return OfficePage(
        items,
        count,
        capped,
        items[0].pk if start is not None and items else None,
        items[-1].pk if len(rows) > size else None,
    )
