"""Reads of the policy app: each city's settings, and the geography from the database in a fixed
number of queries."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from zhuban.geo.models import City, Province
from zhuban.org.models import Jurisdiction
from zhuban.policy.facts import Geography
from zhuban.policy.geography import Gazetteer, build_gazetteer
from zhuban.policy.models import PolicySettingsRecord
from zhuban.policy.policy_settings import PolicySettings


def settings_for(root: Jurisdiction) -> PolicySettings:
    """A city's settings: the default readings with what the city changed."""
    record = PolicySettingsRecord.objects.filter(jurisdiction=root).first()
    return PolicySettings.from_dict(record.values if record else None, stored=True)


def settings_by_root_path(paths: Collection[str]) -> dict[str, PolicySettings]:
    """The settings of each of these cities (by path), in one query however many they are."""
    records = dict(
        PolicySettingsRecord.objects.filter(jurisdiction__path__in=list(paths)).values_list(
            "jurisdiction__path", "values"
        )
    )
    return {path: PolicySettings.from_dict(records.get(path), stored=True) for path in paths}


def settings_overrides_by_path() -> dict[str, dict[str, Any]]:
    """Every city's changed settings by its path, in one query (for evaluating every city)."""
    return dict(PolicySettingsRecord.objects.values_list("jurisdiction__path", "values"))


def gazetteer_from_db() -> Gazetteer:
    """Names, capitals and borders as the geo tables hold them: three queries, whatever their size."""
    rows = list(Province.objects.values_list("id", "name", "short_name", "code", "kind"))
    names = {pk: name for pk, name, *_rest in rows}
    provinces = [(name, short, code, kind) for _pk, name, short, code, kind in rows]
    through = Province.neighbours.through
    borders = [(names[a], names[b]) for a, b in through.objects.values_list("from_province_id", "to_province_id")]
    cities = [
        (names[p], name, short, capital)
        for p, name, short, capital in City.objects.values_list("province_id", "name", "short_name", "is_capital")
    ]
    return build_gazetteer(provinces, borders, cities)


def geography_from_db() -> Geography:
    """The engine's Geography (adjacent provinces) as the database holds it."""
    return gazetteer_from_db().geography
