"""The OpenAPI 3.0 description of the read API, built from the resources themselves."""

from __future__ import annotations

from typing import Any

from zhuban.api.resources import DATE, INTEGER, RESOURCES, STRING

VERSION = "1.0.0"


def _param(name: str, schema: dict[str, Any], description: str, where: str = "query", required: bool = False):
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description}


LIST_PARAMS = [
    _param("jurisdiction", INTEGER, "A jurisdiction's id: rows in its subtree only."),
    _param("since", DATE, "Rows whose date is on or after this day."),
    _param("until", DATE, "Rows whose date is on or before this day."),
    _param("after", INTEGER, "Keyset cursor: rows with an id above this one (from `next`)."),
    _param("limit", {**INTEGER, "minimum": 1, "maximum": 500}, "Rows per page (default 100, at most 500)."),
]

ERRORS = {
    "type": "object",
    "properties": {"errors": {"type": "array", "items": STRING}},
    "required": ["errors"],
}


def _refusals() -> dict[str, Any]:
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}
    return {
        "400": {"description": "A parameter is not what it should be; the message names it.", "content": body},
        "401": {"description": "No valid token.", "content": body},
        "403": {"description": "The token may not read this resource.", "content": body},
        "404": {"description": "Missing, or out of the token's scope.", "content": body},
        "429": {"description": "Over the token's calls per minute.", "content": body},
    }


def document(server: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {"Errors": ERRORS}
    for name, resource in RESOURCES.items():
        schema_name = name.capitalize()
        schemas[schema_name] = resource.schema()
        paths[f"/{name}"] = {
            "get": {
                "operationId": f"list_{name}",
                "summary": resource.summary,
                "security": [{"token": []}],
                "parameters": LIST_PARAMS,
                "responses": {
                    "200": {
                        "description": "A page of rows, oldest id first, and the link to the next page.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "results": {
                                            "type": "array",
                                            "items": {"$ref": f"#/components/schemas/{schema_name}"},
                                        },
                                        "next": {"type": "string", "nullable": True},
                                    },
                                    "required": ["results", "next"],
                                }
                            }
                        },
                    },
                    **_refusals(),
                },
            }
        }
    counts = {"type": "object", "additionalProperties": INTEGER}
    schemas["Progress"] = {
        "type": "object",
        "properties": {
            "campaign": {
                "type": "object",
                "properties": {"id": INTEGER, "name": STRING, "jurisdiction": STRING},
                "required": ["id", "name", "jurisdiction"],
            },
            "as_of": DATE,
            "statuses": {"type": "array", "items": STRING},
            "requirements": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"code": STRING, "name": STRING, "counts": counts},
                    "required": ["code", "name", "counts"],
                },
            },
            "totals": counts,
            "overdue": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"jurisdiction": STRING, "requirement": STRING, "due": DATE, "working_days": INTEGER},
                    "required": ["jurisdiction", "requirement", "due", "working_days"],
                },
            },
            "breakdowns": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["campaign", "as_of", "statuses", "requirements", "totals", "overdue", "breakdowns"],
    }
    paths["/campaigns/{id}/progress"] = {
        "get": {
            "operationId": "campaign_progress",
            "summary": "A campaign's submissions by state, overdue items and breakdowns, as of a date.",
            "security": [{"token": []}],
            "parameters": [
                _param("id", INTEGER, "The campaign's id.", where="path", required=True),
                _param("as_of", DATE, "The day the figures are for (default today)."),
            ],
            "responses": {
                "200": {
                    "description": "The campaign's progress.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Progress"}}},
                },
                **_refusals(),
            },
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "zhuban read API",
            "version": VERSION,
            "description": "Roll-ups for the level above: offices, decisions, dossiers and campaign progress, "
            "scoped by the token's user and the token's own limits; every call is logged.",
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "token": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Token <key>"}
            },
        },
    }
