"""The money ledger: what is left of an obligation once its settlements are counted.

The one place that computes a balance (三(二)2: funds and debts reconciled to zero). The dossier
page, the closing check, the settling form, the merger's carry-over and the special report (its
totals and its annex) all read it from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")
# Settlement methods as stored (Settlement.Method): models import nothing from here.
TRANSFERRED = "transferred"
ACCOUNT_CLOSED = "account_closed"


@dataclass(frozen=True)
class Balance:
    amount: Decimal  # on the books
    settled: Decimal  # paid, collected or closed out
    transferred: Decimal  # handed to a named unit that takes it over
    closed: bool = False  # a bank account: an account_closed settlement exists

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.settled - self.transferred


def balance_of(amount: Decimal, settlements: Iterable[tuple[str, Decimal]]) -> Balance:
    """An obligation's (or a group's) balance from its book amount and its settlements as
    (method, amount) pairs."""
    settled = transferred = ZERO
    closed = False
    for method, value in settlements:
        if method == TRANSFERRED:
            transferred += value
        else:
            settled += value
        closed = closed or method == ACCOUNT_CLOSED
    return Balance(amount=amount, settled=settled, transferred=transferred, closed=closed)
