"""Reading the registry, always through the access chokepoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from zhuban.org.access import get_in_scope, scoped
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember


@dataclass(frozen=True)
class OfficeFilter:
    q: str = ""
    host_city: int | None = None
    sponsor: int | None = None
    status: str = ""
    jurisdiction: int | None = None


def offices_for(user: Any, f: OfficeFilter | None = None) -> QuerySet[Office]:
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
    if f.sponsor:
        qs = qs.filter(sponsor_id=f.sponsor)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.jurisdiction:
        qs = qs.filter(jurisdiction_id=f.jurisdiction)
    return qs.order_by("jurisdiction__path", "name", "id")


def office_for(user: Any, pk: Any, *, write: bool = False) -> Office:
    """One office with its children prefetched; 404 out of scope, 403 when read-only."""
    return get_in_scope(
        user,
        Office.objects.select_related("sponsor", "jurisdiction", "host_city", "host_province").prefetch_related(
            "assets", "staff", "business_entities"
        ),
        write=write,
        pk=pk,
    )


def asset_for(user: Any, pk: Any, *, write: bool = False) -> Asset:
    return get_in_scope(user, Asset.objects.select_related("office__jurisdiction"), write=write, pk=pk)


def staff_for(user: Any, pk: Any, *, write: bool = False) -> StaffMember:
    return get_in_scope(user, StaffMember.objects.select_related("office__jurisdiction"), write=write, pk=pk)


def entity_for(user: Any, pk: Any, *, write: bool = False) -> BusinessEntity:
    return get_in_scope(user, BusinessEntity.objects.select_related("office__jurisdiction"), write=write, pk=pk)


def office_counts_by_status(user: Any) -> dict[str, int]:
    rows = scoped(user, Office.objects.all()).values_list("status").annotate(n=Count("id")).order_by()
    return dict(rows)
