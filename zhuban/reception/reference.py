"""The example standards the product ships with, plainly labelled as examples.

The city's own reception standard is not in the documents we hold, so these rows stand in for
it: figures in the spirit of 《党政机关国内公务接待管理规定》 (2013) and the central government's
travel lodging rates for Hubei, at the national root so every office has a standard to be
judged by. They carry ``is_example`` and say so on every page and warning; an administrator
records the jurisdiction's real rows (``standard_set``), which take precedence over these for
every office below it. Loaded by migration 0002 and by ``load_demo`` (idempotent: a row already
there is left as it is).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

EXAMPLE_SOURCE = "示例数据：参照《党政机关国内公务接待管理规定》（中办发〔2013〕22号），应替换为本地标准"
# The day the 2013 rules were issued.
EXAMPLE_FROM = date(2013, 12, 8)

# kind, rank, amount, limit, group size, divisor, text
EXAMPLES: list[tuple[str, str, str | None, int | None, int | None, int | None, str]] = [
    ("meal", "provincial", "150", None, None, None, ""),
    ("meal", "bureau", "120", None, None, None, ""),
    ("meal", "county", "100", None, None, None, ""),
    ("lodging", "provincial", "800", None, None, None, ""),
    ("lodging", "bureau", "480", None, None, None, ""),
    ("lodging", "county", "350", None, None, None, ""),
    # 第十条: one working meal; up to 10 visitors at most 3 companions, beyond that a third.
    ("working_meals", "", None, 1, None, None, ""),
    ("companions", "", None, 3, 10, 3, ""),
    # 第九条: standard rooms; ministers may have an ordinary suite.
    ("room", "provincial", None, None, None, None, "普通套间"),
    ("room", "bureau", None, None, None, None, "标准间"),
    ("room", "county", None, None, None, None, "标准间"),
    (
        "forbidden",
        "",
        None,
        None,
        None,
        None,
        "鱼翅、燕窝、野生保护动物、香烟、高档酒水、茅台、五粮液、私人会所、高消费餐饮场所、营业性娱乐",
    ),
]


def load_examples(Standard: Any, Jurisdiction: Any) -> int:  # noqa: N803 - model classes, from a migration's registry too
    """Create the example rows at the national root that are not there yet; how many were made."""
    root = Jurisdiction.objects.filter(path="/").first()
    if root is None:
        return 0
    made = 0
    now = timezone.now()
    for kind, rank, amount, limit, group_size, divisor, text in EXAMPLES:
        if Standard.objects.filter(jurisdiction=root, kind=kind, rank=rank, origin="").exists():
            continue
        Standard.objects.create(
            jurisdiction=root,
            kind=kind,
            rank=rank,
            origin="",
            amount=Decimal(amount) if amount is not None else None,
            limit=limit,
            group_size=group_size,
            divisor=divisor,
            text=text,
            valid_from=EXAMPLE_FROM,
            source=EXAMPLE_SOURCE,
            is_example=True,
            recorded_at=now,
        )
        made += 1
    return made
