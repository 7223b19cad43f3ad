"""What the read API serves (``/api/v1/<resource>``): for each resource, its rows, the lookup
that places a row in the jurisdiction tree, the date it is filtered by, and the JSON of a row
with its schema (the OpenAPI document is built from these, so the two cannot drift apart).

Rows are read through the access chokepoint with the token's user, then narrowed to the token's
own subtree; out of scope is simply not there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from zhuban.consolidation.models import Dossier
from zhuban.decision.models import Decision
from zhuban.registry.models import Office

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


JURISDICTION = {
    "type": "object",
    "properties": {"id": INTEGER, "name": STRING, "path": STRING},
    "required": ["id", "name", "path"],
}


def _jurisdiction(j: Any) -> dict[str, Any]:
    return {"id": j.pk, "name": j.name, "path": j.path}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class Resource:
    name: str
    summary: str
    rows: Callable[[], QuerySet]
    path_lookup: str  # the row's jurisdiction path, for ?jurisdiction= and the token's subtree
    date_lookup: str  # what ?since= and ?until= compare (a date, or a moment's date)
    date_is_moment: bool
    row: Callable[[Any], dict[str, Any]]
    properties: dict[str, dict[str, Any]]

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "properties": self.properties, "required": sorted(self.properties)}


def _office(o: Office) -> dict[str, Any]:
    return {
        "id": o.pk,
        "name": o.name,
        "jurisdiction": _jurisdiction(o.jurisdiction),
        "sponsor": o.sponsor.name,
        "host_city": o.host_city.name,
        "status": o.status,
        "established_on": _iso(o.established_on),
        "staffing_quota": o.staffing_quota,
        "headcount": o.headcount,
        "updated_at": _iso(o.updated_at),
    }


def _decision(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "office_id": d.office_id,
        "office": d.office.name,
        "jurisdiction": _jurisdiction(d.office.jurisdiction),
        "disposition": d.disposition,
        "merge_into_id": d.merge_into_id,
        "status": d.status,
        "clauses": list(d.clauses),
        "city_document": d.city_document,
        "city_approved_on": _iso(d.city_approved_on),
        "province_required": d.province_required,
        "province_document": d.province_document,
        "province_approved_on": _iso(d.province_approved_on),
    }


def _dossier(d: Any) -> dict[str, Any]:
    return {
        "id": d.pk,
        "office_id": d.office_id,
        "office": d.office.name,
        "jurisdiction": _jurisdiction(d.office.jurisdiction),
        "kind": d.kind,
        "status": d.status,
        "survivor_id": d.survivor_id,
        "opened_at": _iso(d.opened_at),
        "closed_on": _iso(d.closed_on),
        "tasks": d.task_count,
    }


RESOURCES: dict[str, Resource] = {
    r.name: r
    for r in (
        Resource(
            name="offices",
            summary="Registered liaison offices (附表一), filtered by the date they were last changed.",
            rows=lambda: Office.objects.select_related("jurisdiction", "sponsor", "host_city"),
            path_lookup="jurisdiction__path",
            date_lookup="updated_at",
            date_is_moment=True,
            row=_office,
            properties={
                "id": INTEGER,
                "name": STRING,
                "jurisdiction": JURISDICTION,
                "sponsor": STRING,
                "host_city": STRING,
                "status": STRING,
                "established_on": nullable(DATE),
                "staffing_quota": INTEGER,
                "headcount": INTEGER,
                "updated_at": DATETIME,
            },
        ),
        Resource(
            name="decisions",
            summary="Approved dispositions of offices, with the clauses they rest on, by city approval date.",
            rows=lambda: Decision.objects.select_related("office__jurisdiction"),
            path_lookup="office__jurisdiction__path",
            date_lookup="city_approved_on",
            date_is_moment=False,
            row=_decision,
            properties={
                "id": INTEGER,
                "office_id": INTEGER,
                "office": STRING,
                "jurisdiction": JURISDICTION,
                "disposition": STRING,
                "merge_into_id": nullable(INTEGER),
                "status": STRING,
                "clauses": {"type": "array", "items": STRING},
                "city_document": STRING,
                "city_approved_on": DATE,
                "province_required": BOOLEAN,
                "province_document": STRING,
                "province_approved_on": nullable(DATE),
            },
        ),
        Resource(
            name="dossiers",
            summary="Consolidation dossiers of revoked and merged offices and their state, by opening date.",
            rows=lambda: Dossier.objects.select_related("office__jurisdiction").annotate(task_count=Count("tasks")),
            path_lookup="office__jurisdiction__path",
            date_lookup="opened_at",
            date_is_moment=True,
            row=_dossier,
            properties={
                "id": INTEGER,
                "office_id": INTEGER,
                "office": STRING,
                "jurisdiction": JURISDICTION,
                "kind": STRING,
                "status": STRING,
                "survivor_id": nullable(INTEGER),
                "opened_at": DATETIME,
                "closed_on": nullable(DATE),
                "tasks": INTEGER,
            },
        ),
    )
}
