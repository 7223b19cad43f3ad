"""Reads for the workbook: who may import where, the lookups an import needs, the rows an export writes.

Every lookup an import needs is loaded here in a fixed number of queries, so checking 20,000
rows never asks the database per row (NOTES: a foreign key looked up per row costs most of an
import's time).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from zhuban.geo.models import City, Province
from zhuban.org.access import can, scoped
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction, Unit
from zhuban.org.queries import campaign_root, find_jurisdiction
from zhuban.registry.models import BusinessEntity, Office
from zhuban.registry.services import OFFICE_FIELDS, offices_lock_for_write
from zhuban.workbook.models import RegistrationUpload

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# The office columns an import compares and writes, by attribute name (foreign keys as *_id).
# A forward field by name; get_field is typed to return reverse relations too.
OFFICE_ATTNAMES = tuple(Office._meta.get_field(f).attname for f in OFFICE_FIELDS)  # type: ignore[union-attr]


@dataclass(frozen=True)
class ImportScope:
    """Where an import may write: a jurisdiction's subtree, perhaps only some of its units."""

    jurisdiction: Jurisdiction
    writable_unit_ids: frozenset[int] | None = None  # None: every unit in the subtree
    may_create_units: bool = True


def import_jurisdictions_for(user: Any) -> QuerySet[Jurisdiction]:
    """The jurisdictions a user may import into: those a grant holding the import reaches."""
    return scoped(user, Jurisdiction.objects.all(), action=Capability.WORKBOOK_IMPORT).order_by("path")


def export_jurisdictions_for(user: User | AnonymousUser) -> QuerySet[Jurisdiction]:
    return scoped(user, Jurisdiction.objects.all()).order_by("path")


def import_scope_for(user: Any, jurisdiction: Jurisdiction) -> ImportScope:
    # Only a grant over the whole jurisdiction (not one unit in it) may register a new unit
    # there, as an import does for an unknown sponsor.
    if can(user, Capability.REGISTRY_ADD_UNIT, jurisdiction):
        return ImportScope(jurisdiction=jurisdiction)
    # A department clerk: only the unit they act for, and no new units.
    units = scoped(
        user,
        Unit.objects.filter(jurisdiction__path__startswith=jurisdiction.path),
        action=Capability.WORKBOOK_IMPORT,
    )
    return ImportScope(
        jurisdiction=jurisdiction,
        writable_unit_ids=frozenset(units.values_list("id", flat=True)),
        may_create_units=False,
    )


def jurisdiction_named(value: str) -> Jurisdiction | None:
    """A jurisdiction by its division code or its name (the command line's --jurisdiction);
    a name several places share raises AmbiguousName."""
    return find_jurisdiction(value)


@dataclass
class Lookups:
    jurisdictions: dict[str, Jurisdiction]  # name, code, short name, government's name → jurisdiction
    jurisdiction_names: list[tuple[str, Jurisdiction]]  # (name or short name, j), longest first
    units: dict[tuple[int, str], Unit]  # (jurisdiction id, name) → unit
    units_by_name: dict[str, list[Unit]]
    governments: dict[int, Unit]  # jurisdiction id → its government unit
    provinces: dict[str, Province]  # name or short name → province
    cities: dict[tuple[int, str], City]  # (province id, name or short name) → city
    city_provinces: dict[str, set[int]]  # city name or short name → ids of the provinces having it
    offices: dict[tuple[int, str], dict[str, Any]]  # (sponsor id, name) → stored values, id and version
    entities: dict[int, list[str]] = field(default_factory=dict)  # office id → entity names


def load_lookups(scope: ImportScope, *, lock: bool = False) -> Lookups:
    """Everything an import of ``scope`` compares against. ``lock`` takes row locks on the
    offices (PostgreSQL) for the committing transaction; SQLite's IMMEDIATE transaction already
    keeps other writers out."""
    # Names are compared within the campaign's city (or province): a 城关区 elsewhere in the
    # country is not a government this file can mean.
    root = campaign_root(scope.jurisdiction)
    jurisdictions = list(Jurisdiction.objects.filter(path__startswith=root.path))
    by_id = {j.pk: j for j in jurisdictions}
    units = list(Unit.objects.filter(jurisdiction__path__startswith=root.path))
    for unit in units:
        unit.jurisdiction = by_id[unit.jurisdiction_id]
    governments = {u.jurisdiction_id: u for u in units if u.kind == Unit.Kind.GOVERNMENT}
    aliases: dict[str, Jurisdiction] = {}
    names: list[tuple[str, Jurisdiction]] = []
    for j in jurisdictions:
        short = j.name[:-1] if len(j.name) > 2 and j.name[-1] in "市县区" else j.name
        for alias in (j.name, j.code, short, getattr(governments.get(j.pk), "name", None)):
            if alias:
                aliases.setdefault(alias, j)
        names += [(j.name, j), (short, j)]
    units_by_name: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        units_by_name[unit.name].append(unit)
    provinces = {}
    for p in Province.objects.all():
        provinces[p.name] = provinces[p.short_name] = p
    cities: dict[tuple[int, str], City] = {}
    city_provinces: dict[str, set[int]] = defaultdict(set)
    for c in City.objects.select_related("province"):
        for alias in (c.name, c.short_name):
            cities[(c.province_id, alias)] = c
            city_provinces[alias].add(c.province_id)
    offices_qs = Office.objects.filter(jurisdiction__path__startswith=scope.jurisdiction.path)
    if lock:
        # What guards the offices first (their dossiers' rows), then the offices: the order a
        # dossier's closing takes, so an import and a closing queue instead of deadlocking, and
        # the statuses read below are the closing's outcome.
        offices_lock_for_write(offices_qs.values("pk"))
        offices_qs = offices_qs.select_for_update()
    offices = {
        (row["sponsor_id"], row["name"]): row
        for row in offices_qs.values("id", "version", *OFFICE_ATTNAMES).iterator(chunk_size=5000)
    }
    entities: dict[int, list[str]] = defaultdict(list)
    for office_id, name in BusinessEntity.objects.filter(
        office__jurisdiction__path__startswith=scope.jurisdiction.path
    ).values_list("office_id", "name"):
        entities[office_id].append(name)
    return Lookups(
        jurisdictions=aliases,
        jurisdiction_names=sorted(names, key=lambda pair: len(pair[0]), reverse=True),
        units={(u.jurisdiction_id, u.name): u for u in units},
        units_by_name=dict(units_by_name),
        governments=governments,
        provinces=provinces,
        cities=cities,
        city_provinces=dict(city_provinces),
        offices=offices,
        entities=dict(entities),
    )


# ---- Export -------------------------------------------------------------------------------------

EXPORT_VALUES = (
    "id",
    *OFFICE_ATTNAMES,
    "sponsor__name",
    "sponsor__kind",
    "jurisdiction__name",
    "jurisdiction__level",
    "host_province__name",
    "host_city__name",
)


def offices_for_export(user: User | AnonymousUser, jurisdiction: Jurisdiction | None = None) -> QuerySet[Office]:
    """The offices a user may see (in ``jurisdiction``'s subtree if given), in table order."""
    return offices_in(jurisdiction, scoped(user, Office.objects.all()))


def offices_in(jurisdiction: Jurisdiction | None, offices: QuerySet[Office] | None = None) -> QuerySet[Office]:
    """Every office in ``jurisdiction``'s subtree (all of them if None): the command line's export."""
    qs = Office.objects.all() if offices is None else offices
    if jurisdiction is not None:
        qs = qs.filter(jurisdiction__path__startswith=jurisdiction.path)
    return qs.order_by("jurisdiction__path", "sponsor__name", "name", "id")


def drop_down_lists(top: Jurisdiction | None) -> tuple[list[str], list[str]]:
    """The template's lists for 所属政府 and 驻在省份: the governments the product knows (those
    with a registered government unit) in ``top``'s campaign (the city it belongs to)."""
    governments_qs = Jurisdiction.objects.filter(units__kind=Unit.Kind.GOVERNMENT).distinct()
    if top is not None:
        governments_qs = governments_qs.filter(path__startswith=campaign_root(top).path)
    governments = list(governments_qs.order_by("path").values_list("name", flat=True))
    provinces = list(Province.objects.order_by("code").values_list("name", flat=True))
    return governments, provinces


def export_rows(offices: QuerySet[Office], chunk_size: int = 2000) -> Iterator[dict[str, Any]]:
    """Plain dicts, with each office's business entities joined in, streamed in chunks so an
    export's memory does not grow with the city (NOTES: instances cost ~12× plain values)."""
    rows = offices.values(*EXPORT_VALUES).iterator(chunk_size=chunk_size)
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == chunk_size:
            yield from _with_entities(batch)
            batch = []
    yield from _with_entities(batch)


def _with_entities(batch: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    if not batch:
        return
    names: dict[int, list[str]] = defaultdict(list)
    for office_id, name in (
        BusinessEntity.objects.filter(office_id__in=[r["id"] for r in batch])
        .order_by("office_id", "name")
        .values_list("office_id", "name")
    ):
        names[office_id].append(name)
    for row in batch:
        row["business_entities"] = names.get(row["id"], [])
        yield row


# ---- Uploads ------------------------------------------------------------------------------------


def upload_for(user: User, pk: Any) -> RegistrationUpload:
    """An upload waiting for its commit: only the user who uploaded it may see it (404 otherwise)."""
    try:
        return RegistrationUpload.objects.select_related("jurisdiction").get(pk=pk, owner=user)
    except (RegistrationUpload.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
