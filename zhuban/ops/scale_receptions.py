"""Official receptions at national scale (about 2,000,000 a year): generated offices are retained
(an approved decision each), and each receives its share of settled receptions, with letter,
approval, list, two costs and settlement, in bulk inserts a chunk at a time (never all in
memory). One office, the first, receives a twentieth of them all, so its list is measured where
it is longest. A few receptions carry a warning, as the checks would have left them.

Bulk inserts bypass the services on purpose; the seed run's one audit entry accounts for them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zhuban.decision.models import Decision, Proposal
from zhuban.reception.models import (
    Approval,
    CostLine,
    Letter,
    Reception,
    ReceptionList,
    ReceptionWarning,
    Settlement,
)
from zhuban.registry.models import Office

UNITS = ["发展和改革委员会", "财政局", "商务局", "农业局", "交通运输局", "教育局"]
NAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
CHUNK = 5000
PER_OFFICE = 100


def _retain(office_ids: list[int], user) -> None:
    """An approved retention for each office (what the reception pages require)."""
    now = timezone.now()
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                office_id=pk,
                disposition="retain",
                follows_engine=True,
                engine={},
                office_version=1,
                status="accepted",
                submitted_by=user,
                submitted_at=now,
            )
            for pk in office_ids
        ],
        batch_size=CHUNK,
    )
    Decision.objects.bulk_create(
        [
            Decision(
                office_id=p.office_id,
                proposal=p,
                disposition="retain",
                city_document="规模测试〔2015〕1号",
                city_approved_on=date(2015, 8, 10),
                status="approved",
                office_version=1,
                recorded_by=user,
                recorded_at=now,
            )
            for p in proposals
        ],
        batch_size=CHUNK,
    )


def seed_receptions(count: int, seed: int, progress: Callable[[str], None] = lambda msg: None) -> int:
    """``count`` receptions over 2016–2017 at the generated offices; how many were made."""
    if count <= 0:
        return 0
    rng = random.Random(seed + 2013)  # noqa: S311 - reproducible test data, not secrets
    offices = list(
        Office.objects.filter(name__startswith="规模测试办事机构").order_by("pk").values_list("pk", flat=True)
    )[: max(1, count // PER_OFFICE)]
    if not offices:
        return 0
    user, _made = get_user_model().objects.get_or_create(
        username="scale_seed", defaults={"first_name": "规模测试", "is_active": False}
    )
    with transaction.atomic():
        _retain(offices, user)
    hot = offices[0]
    now = timezone.now()
    made = 0
    while made < count:
        size = min(CHUNK, count - made)
        with transaction.atomic():
            _chunk(rng, offices, hot, size, made, now)
        made += size
        progress(f"receptions: {made}")
    return made


def _chunk(rng: random.Random, offices: list[int], hot: int, size: int, offset: int, now) -> None:
    rows = []
    for n in range(offset, offset + size):
        office = hot if n % 20 == 0 else offices[rng.randrange(len(offices))]
        day = date(2016, 1, 1) + timedelta(days=rng.randrange(731))
        visitors = rng.randint(1, 12)
        people = [
            {"name": NAMES[rng.randrange(20)] + NAMES[rng.randrange(20)], "post": "科员", "rank": "county"}
            for _ in range(visitors)
        ]
        rows.append((office, day, visitors, people, UNITS[rng.randrange(len(UNITS))]))
    letters = Letter.objects.bulk_create(
        [
            Letter(
                office_id=office,
                sending_unit=unit,
                content="规模测试公务",
                itinerary="当日往返",
                date_from=day,
                date_to=day,
                people=people,
                file="reception/letters/scale.pdf",
                file_name="scale.pdf",
                sha256="0" * 64,
                recorded_at=now,
                received=True,
            )
            for office, day, _v, people, unit in rows
        ]
    )
    meals = [Decimal(rng.randint(50, 120) * (v + 2)) for _o, _d, v, _p, _u in rows]
    receptions = Reception.objects.bulk_create(
        [
            Reception(
                office_id=office,
                letter=letter,
                state="settled",
                year=day.year,
                starts_on=day,
                ends_on=day,
                sending_unit=unit,
                visitors_count=visitors,
                total=meal + 120,
                open_warnings=1 if n % 33 == 0 else 0,
                created_at=now,
            )
            for n, ((office, day, visitors, _p, unit), letter, meal) in enumerate(
                zip(rows, letters, meals, strict=True)
            )
        ]
    )
    Approval.objects.bulk_create(
        [
            Approval(
                reception=r,
                reason="规模测试",
                schedule="工作餐一次",
                budget=r.total,
                requested_at=now,
                approved_on=r.starts_on,
            )
            for r in receptions
        ]
    )
    ReceptionList.objects.bulk_create(
        [
            ReceptionList(
                reception=r,
                visitor_unit=r.sending_unit,
                visitors=people,
                activity="规模测试公务",
                started_on=r.starts_on,
                ended_on=r.ends_on,
                venue="机关食堂",
                companions=[{"name": "陪同", "post": "科员"}],
                recorded_at=now,
                signed_off_at=now,
            )
            for r, (_o, _d, _v, people, _u) in zip(receptions, rows, strict=True)
        ]
    )
    costs = []
    for r, meal in zip(receptions, meals, strict=True):
        costs.append(
            CostLine(
                reception=r, kind="meal", day=r.starts_on, venue="机关食堂", persons=r.visitors_count + 2, amount=meal
            )
        )
        costs.append(
            CostLine(
                reception=r,
                kind="transport",
                day=r.starts_on,
                venue="火车站",
                persons=r.visitors_count,
                amount=Decimal(120),
            )
        )
    CostLine.objects.bulk_create(costs)
    Settlement.objects.bulk_create(
        [
            Settlement(
                reception=r,
                invoice="reception/invoices/scale.pdf",
                invoice_name="scale.pdf",
                sha256="0" * 64,
                payment="card",
                paid_on=r.ends_on,
                amount=r.total,
                settled_at=now,
            )
            for r in receptions
        ]
    )
    ReceptionWarning.objects.bulk_create(
        [
            ReceptionWarning(
                reception=r,
                office_id=r.office_id,
                code="companions",
                key="companions",
                params={"visitors": r.visitors_count, "companions": 4, "limit": 3},
                raised_at=now,
                due_on=r.ends_on + timedelta(days=10),
            )
            for r in receptions
            if r.open_warnings
        ]
    )
