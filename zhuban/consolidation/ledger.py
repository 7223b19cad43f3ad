"""The money ledger: what is left of an obligation once its settlements are counted.

The one place that computes a balance and a reconciliation (三(二)2: funds and debts reconciled
to zero). The dossier page, the closing check, the settling form, the merger's carry-over and the
special report (its figures, its totals and its annex) all read it from here.

Every settlement is one of two things: money *settled* (paid, collected, written off in a
closed account with nothing to hand on) or money *transferred* to a named unit that takes it
over: a payable or receivable passed on (``transferred``), or a bank account closed with its
balance paid into another unit's account (``account_closed`` with a receiving unit). A
reconciliation states, for every total, settled + transferred + remaining = book balance, and
names each receiving unit with what it took.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")
# Settlement methods as stored (Settlement.Method): models import nothing from here.
TRANSFERRED = "transferred"
ACCOUNT_CLOSED = "account_closed"


def is_transfer(method: str, transferred_to: str) -> bool:
    """Whether a settlement hands its money to another unit (which then holds it)."""
    return method == TRANSFERRED or (method == ACCOUNT_CLOSED and bool(transferred_to.strip()))


@dataclass(frozen=True)
class Transfer:
    unit: str  # the receiving unit, as recorded
    amount: Decimal


@dataclass(frozen=True)
class Balance:
    amount: Decimal  # on the books
    settled: Decimal  # paid, collected or closed out
    transferred: Decimal  # handed to a named unit that takes it over
    closed: bool = False  # a bank account: an account_closed settlement exists
    transfers: tuple[Transfer, ...] = ()  # who received what was transferred, by unit

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.settled - self.transferred

    @property
    def receivers(self) -> str:
        """The receiving units, as one line: 通城县财政局、咸宁市机关事务管理局."""
        return "、".join(t.unit for t in self.transfers)

    @property
    def reconciles(self) -> bool:
        """settled + transferred + remaining = book balance, and nothing taken twice."""
        parts = self.settled + self.transferred + self.remaining
        by_unit = sum((t.amount for t in self.transfers), ZERO)
        return parts == self.amount and by_unit == self.transferred and self.remaining >= 0


Settlements = Iterable[tuple[str, Decimal, str]]


def balance_of(amount: Decimal, settlements: Settlements) -> Balance:
    """An obligation's (or a group's) balance from its book amount and its settlements as
    (method, amount, receiving unit) triples."""
    settled = transferred = ZERO
    closed = False
    units: dict[str, Decimal] = {}
    for method, value, unit in settlements:
        if is_transfer(method, unit):
            transferred += value
            name = unit.strip()
            units[name] = units.get(name, ZERO) + value
        else:
            settled += value
        closed = closed or method == ACCOUNT_CLOSED
    transfers = tuple(Transfer(u, a) for u, a in sorted(units.items()))
    return Balance(amount=amount, settled=settled, transferred=transferred, closed=closed, transfers=transfers)


def total_of(balances: Sequence[Balance]) -> Balance:
    """The sum of balances: book, settled, transferred, and each receiving unit's share."""
    units: dict[str, Decimal] = {}
    for b in balances:
        for t in b.transfers:
            units[t.unit] = units.get(t.unit, ZERO) + t.amount
    return Balance(
        amount=sum((b.amount for b in balances), ZERO),
        settled=sum((b.settled for b in balances), ZERO),
        transferred=sum((b.transferred for b in balances), ZERO),
        transfers=tuple(Transfer(u, a) for u, a in sorted(units.items())),
    )
