"""One ledger computes an obligation's balance, and every page that shows one reads it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhuban.consolidation import report, services
from zhuban.consolidation.ledger import balance_of
from zhuban.consolidation.progress import balances_of
from zhuban.consolidation.queries import dossier_full
from zhuban.consolidation.tests import builders
from zhuban.testing.personas import ensure_persona

pytestmark = pytest.mark.django_db


def test_a_balance_counts_settlements_and_transfers_and_knows_a_closed_account():
    balance = balance_of(
        Decimal("1000.00"),
        [
            ("settled", Decimal("300.00"), ""),
            ("transferred", Decimal("200.00"), "通城县招商局"),
            ("account_closed", Decimal("100.00"), "通城县财政局"),
        ],
    )
    # A closed account's balance paid into another unit is transferred to it, not settled.
    assert (balance.settled, balance.transferred, balance.remaining, balance.closed) == (
        Decimal("300.00"),
        Decimal("300.00"),
        Decimal("400.00"),
        True,
    )
    assert [(t.unit, t.amount) for t in balance.transfers] == [
        ("通城县招商局", Decimal("200.00")),
        ("通城县财政局", Decimal("100.00")),
    ]
    assert balance.reconciles
    assert balance_of(Decimal("5.00"), []).remaining == Decimal("5.00")


def test_an_account_closed_with_nothing_left_settles_nothing_and_transfers_nothing():
    balance = balance_of(Decimal("0.00"), [("account_closed", Decimal("0.00"), "")])
    assert (balance.settled, balance.transferred, balance.remaining, balance.closed) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        True,
    )


def test_the_dossier_the_settling_form_and_the_special_report_show_the_same_balance():
    dossier = builders.dossier_for()
    receivable = builders.obligation(dossier, "receivable", "5000.00")
    actor = ensure_persona("city_officer")
    services.obligation_settle(
        actor=actor, obligation=receivable, method="settled", amount=Decimal("1200.00"), settled_on=date(2015, 8, 20)
    )
    services.obligation_settle(
        actor=actor,
        obligation=receivable,
        method="transferred",
        amount=Decimal("800.00"),
        settled_on=date(2015, 8, 21),
        transferred_to="通城县招商局",
    )
    on_the_dossier = {b.id: b.remaining for b in balances_of(dossier_full(dossier.pk))}[receivable.pk]
    in_the_form = services.remaining_of(receivable)
    figures = report.report_data(actor, dossier.office.jurisdiction).figures
    in_the_report = {r.kind: r.remaining for r in figures.money_rows}["receivable"]
    assert on_the_dossier == in_the_form == in_the_report == Decimal("3000.00")
