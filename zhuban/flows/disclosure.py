"""The figures a disclosure is drafted from (zhuban/disclosure/queries.py, hook lists).

The reception budget and final accounts (公务接待费预算、决算) are oversight's budget lines of the
category 公务接待费, read here for the disclosure. The receptions themselves (count, visitors,
items, venues) are the settled receptions of the year, summed by the reception app.
"""

from __future__ import annotations

from typing import Any

from zhuban.disclosure import queries as disclosure
from zhuban.lib.money import to_units
from zhuban.oversight.models import BudgetLine, SpendingCategory
from zhuban.reception import queries as reception


def reception_accounts(year: int, office_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each office's reception budget and final accounts for the year, in integer fen."""
    rows = BudgetLine.objects.filter(
        year=year, category=SpendingCategory.RECEPTION, office_id__in=office_ids
    ).values_list("office_id", "budget", "final")
    return {
        office_id: {
            "budget": to_units(budget, 2),
            "final": to_units(final, 2) if final is not None else None,
        }
        for office_id, budget, final in rows
    }


if reception_accounts not in disclosure.ACCOUNT_FIGURES:
    disclosure.ACCOUNT_FIGURES.append(reception_accounts)


if reception.year_figures not in disclosure.RECEPTION_FIGURES:
    disclosure.RECEPTION_FIGURES.append(reception.year_figures)
