"""A deterministic national-scale registry on the real national tree: about 3,200
jurisdictions (every prefecture-level city and its counties), 20,000 offices and 200,000 assets
and staff, generated with bulk inserts in well under a minute on SQLite and PostgreSQL.

Every chosen place gets a government and a few departments; offices, assets and staff are
marked as generated (names start with 规模测试), and one audit entry records the run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhuban.disclosure.models import Disclosure
from zhuban.geo.models import City
from zhuban.org.models import Jurisdiction, Level, Unit
from zhuban.registry.models import Asset, Office, StaffMember

DEPARTMENTS = ["招商局", "发展和改革局", "商务局", "人民政府办公室"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国红梅志强晓燕卫东丽军海涛敏斌静伟芳娜秀英华明"


DISCLOSURE_YEARS = (2016, 2017, 2018, 2019)
VENUES = ["市机关食堂", "市接待中心", "政府招待所", "驻地宾馆"]

DEMO_CITY = "421200"  # 咸宁市 carries the demo; the generator leaves it alone


@dataclass(frozen=True)
class ScaleSizes:
    cities: int | None = None  # every prefecture-level city of the country (about 330)
    counties_per_city: int | None = None  # every county of each (about 2,900 in all)
    offices: int = 20_000
    assets: int = 200_000
    staff: int = 200_000
    seed: int = 20150720
    # Published reception disclosures (zhuban/disclosure): this many offices, each for every
    # year of DISCLOSURE_YEARS, one in ten corrected once (its first version superseded).
    disclosure_offices: int = 5_000


def _batched(rows, size=5000):
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def generated_places(sizes: ScaleSizes) -> list[Jurisdiction]:
    """The real tree's prefecture-level cities (the demo city aside) and their counties, as many
    as asked for: the same national tree the product runs on, never a made-up one."""
    cities = list(
        Jurisdiction.objects.filter(level=Level.CITY).exclude(code=DEMO_CITY).order_by("code")[: sizes.cities]
    )
    places: list[Jurisdiction] = []
    for city in cities:
        places.append(city)
        counties = Jurisdiction.objects.filter(parent=city, level=Level.COUNTY).order_by("code")
        places += list(counties[: sizes.counties_per_city] if sizes.counties_per_city is not None else counties)
    return places


@transaction.atomic
def seed_scale(sizes: ScaleSizes, progress=lambda msg: None) -> dict[str, int]:
    rng = random.Random(sizes.seed)  # noqa: S311 - reproducible test data, not secrets
    places = generated_places(sizes)
    progress(f"jurisdictions: {len(places)}")

    # Each place gets a government and a few departments, named as the real ones would be; the
    # places that already have units (the demo city's) are never among them.
    units = []
    for j in places:
        units.append(Unit(name=f"{j.name}人民政府", kind="government", jurisdiction_id=j.pk))
        units += [Unit(name=f"{j.name}{d}", kind="department", jurisdiction_id=j.pk) for d in DEPARTMENTS]
    Unit.objects.bulk_create(units, batch_size=5000)
    unit_rows = list(
        Unit.objects.filter(jurisdiction__in=[j.pk for j in places]).values_list("pk", "jurisdiction_id", "kind")
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

    disclosures = seed_disclosures(rng, office_ids[: sizes.disclosure_offices])
    progress(f"disclosures: {disclosures}")
    return {
        "jurisdictions": len(places),
        "units": len(unit_rows),
        "offices": len(office_ids),
        "assets": sizes.assets,
        "staff": sizes.staff,
        "disclosures": disclosures,
    }


def seed_disclosures(rng: random.Random, office_ids: list[int]) -> int:
    """Published yearly reception disclosures of these offices, their figures stored as a
    published version holds them (the public pages read nothing else)."""
    jurisdiction_of = dict(Office.objects.filter(pk__in=office_ids).values_list("pk", "jurisdiction_id"))
    now = timezone.now()
    rows: list[Disclosure] = []
    written = 0
    for office_id in office_ids:
        for year in DISCLOSURE_YEARS:
            corrected = rng.random() < 0.1
            for number in (1, 2) if corrected else (1,):
                items = [Decimal(rng.randint(0, 5_000_000)) / 100 for _ in range(4)]
                budget = Decimal(rng.randint(10_000, 200_000))
                rows.append(
                    Disclosure(
                        jurisdiction_id=jurisdiction_of[office_id],
                        office_id=office_id,
                        subject=f"o{office_id}",
                        year=year,
                        number=number,
                        status="superseded" if corrected and number == 1 else "published",
                        receptions=rng.randint(0, 300),
                        visitors=rng.randint(0, 1500),
                        meals=items[0],
                        lodging=items[1],
                        transport=items[2],
                        other=items[3],
                        total=sum(items, Decimal("0")),
                        venues=sorted(rng.sample(VENUES, rng.randint(1, 3))),
                        budget=budget,
                        final=budget * Decimal(rng.randint(60, 115)) / 100,
                        figures_at=now,
                        drafted_at=now,
                        published_at=now - timedelta(days=(2020 - year) * 365 - number),
                        notes="规模测试公开说明",
                        change_reason="规模测试更正" if number == 2 else "",
                    )
                )
        if len(rows) >= 5000:
            Disclosure.objects.bulk_create(rows)
            written += len(rows)
            rows = []
    Disclosure.objects.bulk_create(rows)
    return written + len(rows)
