"""Names, capitals and borders for the contract, built from the geography that ships with the product.

``reference_gazetteer()`` reads ``zhuban.geo.reference`` directly (pure, no database);
``zhuban.policy.queries.gazetteer_from_db()`` builds the same thing from the geo tables. Both go
through ``build_gazetteer`` so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from zhuban.geo import reference
from zhuban.policy.facts import Geography

MUNICIPALITY = "municipality"  # the province kind of 北京, 天津, 上海, 重庆 (zhuban.geo.reference)


@dataclass(frozen=True, slots=True)
class Place:
    province: str
    city: str
    is_capital: bool


@dataclass(frozen=True)
class Gazetteer:
    geography: Geography
    provinces: Mapping[str, str]  # full or short name -> full name
    capitals: Mapping[str, str]  # province (full) -> its capital (full)
    cities: Mapping[tuple[str, str], str]  # (province, full or short city name) -> full city name
    city_provinces: Mapping[str, frozenset[str]]  # any known city name -> the provinces that have it

    def province(self, name: str) -> str | None:
        return self.provinces.get(clean_name(name))

    def place(self, province: str, city: str) -> Place | None:
        """The normalised place, or None when ``city`` is a known city of another province.

        A city the product does not list is accepted as written (docs/reading.md, ambiguity 6: offices
        may sit in any city); it is simply not a capital.
        """
        city = clean_name(city)
        full = self.cities.get((province, city))
        if full is None:
            elsewhere = self.city_provinces.get(city)
            if elsewhere and province not in elsewhere:
                return None
            full = city
        return Place(province=province, city=full, is_capital=self.capitals.get(province) == full)


def clean_name(name: str) -> str:
    """Names as typed in 附表一: trimmed, full-width spaces removed."""
    return name.replace("\u3000", "").strip()


def short_city_name(name: str) -> str:
    # The geo loader's own rule (长沙市 -> 长沙), so the contract accepts the short forms the registry stores.
    return reference._short(name)


def build_gazetteer(
    provinces: Iterable[tuple[str, str, str, str]],
    borders: Iterable[tuple[str, str]],
    cities: Iterable[tuple[str, str, str, bool]],
) -> Gazetteer:
    """provinces: (name, short, code, kind); borders: (name, name); cities: (province name, name,
    short, is_capital). Strait pairs and the plan's frame are the shipped data of zhuban.geo.reference."""
    names: dict[str, str] = {}
    municipalities: set[str] = set()
    outside: set[str] = set()
    for name, short, code, kind in provinces:
        names[name] = name
        names[short] = name
        if kind == MUNICIPALITY:
            municipalities.add(name)
        if code in reference.OUTSIDE_PLAN_FRAME:
            outside.add(name)
    straits = [(names[a], names[b]) for a, others in reference.STRAITS.items() for b in others]
    capitals: dict[str, str] = {}
    city_names: dict[tuple[str, str], str] = {}
    city_provinces: dict[str, set[str]] = {}
    for province, name, short, is_capital in cities:
        for alias in (name, short):
            city_names[(province, alias)] = name
            city_provinces.setdefault(alias, set()).add(province)
        if is_capital:
            capitals[province] = name
    return Gazetteer(
        geography=Geography(
            adjacent=frozenset(frozenset(pair) for pair in borders if pair[0] != pair[1]),
            straits=frozenset(frozenset(pair) for pair in straits),
            municipalities=frozenset(municipalities),
            outside_frame=frozenset(outside),
        ),
        provinces=names,
        capitals=capitals,
        cities=city_names,
        city_provinces={k: frozenset(v) for k, v in city_provinces.items()},
    )


@lru_cache(maxsize=1)
def reference_gazetteer() -> Gazetteer:
    """The shipped geography (zhuban/geo/reference.py), read once per process."""
    full = {short: name for _code, name, short, *_rest in reference.PROVINCES}
    provinces = [(name, short, code, kind) for code, name, short, _en, kind, *_rest in reference.PROVINCES]
    borders = [(full[a], full[b]) for a, neighbours in reference.BORDERS.items() for b in neighbours]
    cities = [(row[1], row[5], short_city_name(row[5]), True) for row in reference.PROVINCES]  # row[5]: capital
    cities += [(full[short], city, short_city_name(city), False) for short, city, *_rest in reference.CITIES]
    return build_gazetteer(provinces, borders, cities)
