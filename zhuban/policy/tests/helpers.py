"""Small builders for contract-shaped offices, so tests state only what matters to them."""

from __future__ import annotations

from typing import Any


def office_json(id: str = "tc-wh", **overrides: Any) -> dict[str, Any]:
    """A valid contract office (通城县's government in Wuhan) with ``overrides`` applied."""
    office: dict[str, Any] = {
        "id": id,
        "name": "通城县人民政府驻武汉办事处",
        "sponsor": {"level": "county", "kind": "government", "government": "通城县"},
        "host_city": "武汉市",
        "host_province": "湖北省",
        "counterpart_assistance": False,
        "established_on": "2003-05-01",
    }
    office.update(overrides)
    return office


def payload(*offices: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"offices": list(offices or [office_json()]), **extra}
