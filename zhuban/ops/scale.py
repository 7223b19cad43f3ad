"""A deterministic national-scale registry: about 3,000 jurisdictions, 20,000 offices and
200,000 assets and staff, generated with bulk inserts in minutes on SQLite and PostgreSQL.

Each of ``cities`` prefecture-level cities is a campaign root with ``counties_per_city``
county-level children; every jurisdiction has a government and a few departments. Names and
codes are marked as generated (codes start with "S") so they never collide with real ones.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from zhuban.geo.models import City
from zhuban.org.models import Jurisdiction, Unit
from zhuban.registry.models import Asset, Office, StaffMember

DEPARTMENTS = ["招商局", "发展和改革局", "商务局", "人民政府办公室"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国红梅志强晓燕卫东丽军海涛敏斌静伟芳娜秀英华明"


@dataclass(frozen=True)
class ScaleSizes:
    cities: int = 300
    counties_per_city: int = 9
    offices: int = 20_000
    assets: int = 200_000
    staff: int = 200_000
    seed: int = 20150720


def _batched(rows, size=5000):
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


@transaction.atomic
def seed_scale(sizes: ScaleSizes, progress=lambda msg: None) -> dict[str, int]:
    rng = random.Random(sizes.seed)  # noqa: S311 - reproducible test data, not secrets
    jurisdictions: list[Jurisdiction] = []
    for c in range(sizes.cities):
        code = f"S{c:04d}00"
        city = Jurisdiction(
            code=code,
            name=f"规模测试市{c:04d}",
            name_en=f"Scale City {c}",
            kind="prefecture_city",
            level="city",
            path=f"/{code}/",
        )
        jurisdictions.append(city)
        for k in range(sizes.counties_per_city):
            ccode = f"S{c:04d}{k + 1:02d}"
            jurisdictions.append(
                Jurisdiction(
                    code=ccode,
                    name=f"规模测试市{c:04d}第{k + 1}县",
                    name_en=f"Scale County {c}-{k + 1}",
                    kind="county",
                    level="county",
                    path=f"/{code}/{ccode}/",
                )
            )
    Jurisdiction.objects.bulk_create(jurisdictions, batch_size=2000)
    by_path = dict(Jurisdiction.objects.filter(code__startswith="S").values_list("path", "pk"))
    parents = {j.path: by_path[j.path.rsplit("/", 2)[0] + "/"] for j in jurisdictions if j.level == "county"}
    for path, parent in parents.items():
        Jurisdiction.objects.filter(pk=by_path[path]).update(parent_id=parent)
    progress(f"jurisdictions: {len(jurisdictions)}")

    units = []
    for j in jurisdictions:
        jid = by_path[j.path]
        units.append(Unit(name=f"{j.name}人民政府", kind="government", jurisdiction_id=jid))
        units += [Unit(name=f"{j.name}{d}", kind="department", jurisdiction_id=jid) for d in DEPARTMENTS]
    Unit.objects.bulk_create(units, batch_size=5000)
    unit_rows = list(
        Unit.objects.filter(jurisdiction__code__startswith="S").values_list("pk", "jurisdiction_id", "kind")
    )
    progress(f"units: {len(unit_rows)}")

    cities = list(City.objects.values_list("pk", "province_id"))
    offices = []
    start = date(1985, 1, 1)
    for n in range(sizes.offices):
        unit_id, jurisdiction_id, _kind = unit_rows[rng.randrange(len(unit_rows))]
        city_id, province_id = cities[rng.randrange(len(cities))]
        quota = rng.randint(0, 12)
        offices.append(
            Office(
                name=f"规模测试办事机构{n:05d}",
                sponsor_id=unit_id,
                jurisdiction_id=jurisdiction_id,
                host_city_id=city_id,
                host_province_id=province_id,
                established_on=start + timedelta(days=rng.randrange(11000)),
                staffing_quota=quota,
                headcount=max(0, quota + rng.randint(-2, 3)),
                counterpart_assistance=rng.random() < 0.03,
                status="active",
            )
        )
    for batch in _batched(offices):
        Office.objects.bulk_create(batch)
    office_ids = list(Office.objects.filter(name__startswith="规模测试办事机构").values_list("pk", flat=True))
    progress(f"offices: {len(office_ids)}")

    categories = ["land", "building", "vehicle", "other"]
    assets = []
    for n in range(sizes.assets):
        category = categories[rng.randrange(4)]
        assets.append(
            Asset(
                office_id=office_ids[rng.randrange(len(office_ids))],
                category=category,
                description=f"规模测试资产{n:06d}",
                area=Decimal(rng.randint(20, 3000)) if category in ("land", "building") else None,
                plate_number=f"测A·{n % 100000:05d}" if category == "vehicle" else "",
                book_value=Decimal(rng.randint(1_000, 5_000_000)),
            )
        )
        if len(assets) == 5000:
            Asset.objects.bulk_create(assets)
            assets = []
    Asset.objects.bulk_create(assets)
    progress(f"assets: {sizes.assets}")

    staff = []
    for n in range(sizes.staff):
        staff.append(
            StaffMember(
                office_id=office_ids[rng.randrange(len(office_ids))],
                name=SURNAMES[rng.randrange(len(SURNAMES))] + GIVEN[rng.randrange(len(GIVEN))] + GIVEN[n % len(GIVEN)],
                post="科员",
                employment=["establishment", "seconded", "local_hire"][rng.randrange(3)],
                posted_on=start + timedelta(days=rng.randrange(11000)),
            )
        )
        if len(staff) == 5000:
            StaffMember.objects.bulk_create(staff)
            staff = []
    StaffMember.objects.bulk_create(staff)
    progress(f"staff: {sizes.staff}")
    return {
        "jurisdictions": len(jurisdictions),
        "units": len(unit_rows),
        "offices": len(office_ids),
        "assets": sizes.assets,
        "staff": sizes.staff,
    }
