"""Reading disclosures: the figures a draft is made from, the internal lists (through the access
chokepoint), and the public pages (published rows only, a fixed number of queries each).

The figures come from other apps, which this one may not import: the flows layer fills the two
hook lists below (zhuban/flows/disclosure.py).

``RECEPTION_FIGURES``: each provider is called as ``provider(year, office_ids)`` and returns
``{office_id: {"receptions": int, "visitors": int, "meals": fen, "lodging": fen, "transport": fen,
"other": fen, "total": fen, "venues": [str, …]}}`` for the offices it knows of (amounts in integer
fen, ``venues`` sorted, ``total`` the sum of the four items). An office no provider answers for
had no recorded receptions that year.

``ACCOUNT_FIGURES``: ``provider(year, office_ids)`` returns ``{office_id: {"budget": fen | None,
"final": fen | None}}``: the office's reception budget (公务接待费预算) and final accounts (决算)
for the year; an office with neither is left out.

Several providers add up (a venue counted once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.decision.queries import retained
from zhuban.disclosure.models import ITEMS, Disclosure
from zhuban.lib.money import from_units
from zhuban.org.access import get_in_scope, scoped
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office

ReceptionProvider = Callable[[int, list[int]], dict[int, dict[str, Any]]]
AccountProvider = Callable[[int, list[int]], dict[int, dict[str, Any]]]

# Filled by zhuban/flows/disclosure.py (and by the reception records' flow when they exist).
RECEPTION_FIGURES: list[ReceptionProvider] = []
ACCOUNT_FIGURES: list[AccountProvider] = []

COUNTS = ("receptions", "visitors")
AMOUNTS = (*ITEMS, "total")


def today():
    return timezone.localdate()


# ---- Retained offices -------------------------------------------------------------------------


def retained_offices(user: Any, action: str | None = None) -> QuerySet[Office]:
    return (
        scoped(user, Office.objects.filter(retained()), action=action)
        .distinct()
        .select_related("jurisdiction", "sponsor")
        .order_by("jurisdiction__path", "name", "id")
    )


def retained_in(jurisdiction: Jurisdiction) -> list[int]:
    """The ids of the retained offices of the jurisdiction and everything under it."""
    return sorted(
        Office.objects.filter(retained(), jurisdiction__path__startswith=jurisdiction.path)
        .values_list("pk", flat=True)
        .distinct()
    )


def office_for(user: Any, pk: Any, *, action: str | None = None) -> Office:
    return get_in_scope(
        user,
        Office.objects.filter(retained()).distinct().select_related("jurisdiction", "sponsor"),
        action=action,
        pk=pk,
    )


# ---- The figures a draft is made of -----------------------------------------------------------


@dataclass
class Figures:
    receptions: int = 0
    visitors: int = 0
    meals: Decimal = Decimal("0.00")
    lodging: Decimal = Decimal("0.00")
    transport: Decimal = Decimal("0.00")
    other: Decimal = Decimal("0.00")
    total: Decimal = Decimal("0.00")
    venues: list[str] = field(default_factory=list)
    budget: Decimal | None = None
    final: Decimal | None = None
    offices_count: int = 0

    def as_values(self) -> dict[str, Any]:
        return {
            **{name: getattr(self, name) for name in (*COUNTS, *AMOUNTS)},
            "venues": list(self.venues),
            "budget": self.budget,
            "final": self.final,
            "offices_count": self.offices_count,
        }


def _fen(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(_("接待数据“%(what)s”不是非负的整数（分）：%(value)r。") % {"what": what, "value": value})
    return from_units(value, 2)


def figures_of(year: int, office_ids: list[int]) -> Figures:
    """The year's figures of these offices added up, from every provider."""
    figures = Figures(offices_count=len(office_ids))
    venues: set[str] = set()
    for provider in RECEPTION_FIGURES:
        for office_id, row in provider(year, list(office_ids)).items():
            if office_id not in office_ids:
                continue
            items = {name: _fen(row.get(name, 0), name) for name in AMOUNTS}
            if items["total"] != sum((items[name] for name in ITEMS), Decimal("0.00")):
                raise ValidationError(
                    _("办事机构%(id)s的接待费用合计与各项之和不符。") % {"id": office_id}, code="total"
                )
            for name in COUNTS:
                count = row.get(name, 0)
                if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                    raise ValidationError(_("接待数据“%(what)s”不是非负整数。") % {"what": name})
                setattr(figures, name, getattr(figures, name) + count)
            for name, amount in items.items():
                setattr(figures, name, getattr(figures, name) + amount)
            venues.update(str(v).strip() for v in row.get("venues", ()) if str(v).strip())
    for provider in ACCOUNT_FIGURES:
        for office_id, row in provider(year, list(office_ids)).items():
            if office_id not in office_ids:
                continue
            for name in ("budget", "final"):
                if row.get(name) is not None:
                    setattr(figures, name, (getattr(figures, name) or Decimal("0.00")) + _fen(row[name], name))
    figures.venues = sorted(venues)
    return figures


# ---- Internal pages ---------------------------------------------------------------------------


def disclosures(user: Any, *, year: int | None = None) -> QuerySet[Disclosure]:
    rows = scoped(user, Disclosure.objects.select_related("jurisdiction", "office"))
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "jurisdiction__path", "office__name", "office_id", "-number")


def disclosure_for(user: Any, pk: Any, *, action: str | None = None) -> Disclosure:
    return get_in_scope(
        user, Disclosure.objects.select_related("jurisdiction", "office__sponsor", "drafted_by"), action=action, pk=pk
    )


def versions_of(disclosure: Disclosure) -> list[Disclosure]:
    return list(
        Disclosure.objects.filter(subject=disclosure.subject, year=disclosure.year)
        .select_related("jurisdiction", "office")
        .order_by("-number")
    )


# ---- Public pages: published rows only --------------------------------------------------------


def public() -> QuerySet[Disclosure]:
    """Every version the public may read: the one in force and the ones it corrected."""
    return Disclosure.objects.filter(status__in=Disclosure.PUBLIC)


def last_published() -> datetime | None:
    """When anything was last published: every public page's Last-Modified and ETag."""
    return Disclosure.objects.filter(status__in=Disclosure.PUBLIC).aggregate(at=Max("published_at"))["at"]


def public_years() -> list[int]:
    return list(
        Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class PublicRow:
    code: str
    name: str
    path: str
    offices: int
    total: Decimal


def public_index(year: int) -> QuerySet[Disclosure, dict[str, Any]]:
    """The jurisdictions with published disclosures for the year, each with its offices' stored
    totals: one grouped read of the published rows (never of receptions), paged in SQL."""
    return (
        Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED, year=year)
        .values("jurisdiction__code", "jurisdiction__name", "jurisdiction__path")
        .annotate(offices=Count("office"), total=Sum("total", filter=Q(office__isnull=False)))
        .order_by("jurisdiction__path")
    )


def index_rows(rows: Iterable[dict[str, Any]]) -> list[PublicRow]:
    return [
        PublicRow(r["jurisdiction__code"], r["jurisdiction__name"], r["jurisdiction__path"], r["offices"], r["total"])
        for r in rows
    ]


def public_jurisdiction(code: str) -> Jurisdiction | None:
    return Jurisdiction.objects.filter(code=code).first()


def public_year(jurisdiction: Jurisdiction, year: int) -> tuple[Disclosure | None, list[Disclosure]]:
    """The jurisdiction's published roll-up for the year and the published disclosures of the
    offices in it (and under it), in one read."""
    rows = list(
        Disclosure.objects.filter(
            status=Disclosure.Status.PUBLISHED, year=year, jurisdiction__path__startswith=jurisdiction.path
        )
        .filter(Q(office__isnull=False) | Q(jurisdiction=jurisdiction))
        .select_related("jurisdiction", "office")
        .order_by("jurisdiction__path", "office__name", "office_id")
    )
    rollup = next((r for r in rows if r.office_id is None), None)
    return rollup, [r for r in rows if r.office_id is not None]


def public_versions(jurisdiction: Jurisdiction, year: int, office_id: int | None) -> list[Disclosure]:
    """Every public version of one office's (or the roll-up's) disclosure, latest first."""
    rows = public().filter(year=year).select_related("jurisdiction", "office")
    if office_id is None:
        rows = rows.filter(jurisdiction=jurisdiction, office__isnull=True)
    else:
        rows = rows.filter(office_id=office_id, jurisdiction=jurisdiction)
    return list(rows.order_by("-number"))


def chart_data(rows: Iterable[Disclosure]) -> dict[str, Any]:
    """What the public charts draw: per row the four items, the budget and the final accounts."""
    rows = list(rows)
    return {
        "names": [r.office.name if r.office_id and r.office else r.jurisdiction.name for r in rows],
        "items": [
            {"key": code, "label": label, "data": [float(getattr(r, code)) for r in rows]}
            for code, label, _amount in (rows[0].items() if rows else [])
        ],
        "budget": [float(r.budget) if r.budget is not None else None for r in rows],
        "final": [float(r.final) if r.final is not None else None for r in rows],
        "labels": {"budget": _("预算"), "final": _("决算"), "spent": _("接待费用")},
    }
