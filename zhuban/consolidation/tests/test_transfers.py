"""Money handed to another unit is reported as transferred, with the unit that took it, on the
dossier page, on the results page, in the Word report and in the Excel annex; and every total
reconciles: settled + transferred + remaining = book balance."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from zhuban.consolidation import report, services
from zhuban.consolidation.ledger import total_of
from zhuban.consolidation.progress import balances_of
from zhuban.consolidation.queries import dossier_full
from zhuban.consolidation.tests import builders
from zhuban.org.models import Jurisdiction

pytestmark = pytest.mark.django_db

ON = date(2015, 8, 20)
FINANCE = "通城县财政局"
INVESTMENT = "通城县招商局"


def _yuan(value: str) -> str:
    return f"{Decimal(value):,.2f}"


@pytest.fixture
def ledger(city_officer):
    """通城县's Wuhan office: an account closed into the county's finance bureau, a receivable
    passed on to its investment bureau, a payable partly paid, and a claim untouched; 通城县's
    Changsha office merged, its payable carried over to the surviving office."""
    dossier = builders.dossier_for()
    office = dossier.office

    def add(kind: str, who: str, amount: str):
        return services.obligation_add(
            actor=city_officer, office=office, kind=kind, counterparty=who, amount=Decimal(amount)
        )

    account = add("bank_account", "中国银行武汉分行 1234", "8500.00")
    services.obligation_settle(
        actor=city_officer,
        obligation=account,
        method="account_closed",
        amount=Decimal("8500.00"),
        transferred_to=FINANCE,
        settled_on=ON,
    )
    receivable = add("receivable", "湖北某贸易公司", "5000.00")
    services.obligation_settle(
        actor=city_officer,
        obligation=receivable,
        method="transferred",
        amount=Decimal("5000.00"),
        transferred_to=INVESTMENT,
        settled_on=ON,
    )
    payable = add("payable", "武汉某物业公司", "3000.00")
    services.obligation_settle(
        actor=city_officer, obligation=payable, method="settled", amount=Decimal("1000.00"), settled_on=ON
    )
    add("claim", "武汉某酒店", "700.00")

    merged = builders.merge_dossier()
    services.obligation_add(
        actor=city_officer, office=merged.office, kind="payable", counterparty="长沙某公司", amount=Decimal("2500.00")
    )
    services.merge_carry_over(actor=city_officer, dossier=merged, carried_on=ON, document="咸政办〔2015〕20号")
    return {"dossier": dossier, "merged": merged}


def test_a_closed_accounts_balance_paid_into_another_unit_is_transferred_to_it_on_the_dossier_page(ledger, as_persona):
    body = as_persona("city_officer").get(ledger["dossier"].get_absolute_url()).content.decode()
    account_row = next(line for line in body.splitlines() if "中国银行武汉分行 1234" in line)
    assert 'data-transferred="8500.00"' in account_row and f'data-receiver="{FINANCE}"' in account_row
    receivable_row = next(line for line in body.splitlines() if "湖北某贸易公司" in line)
    assert 'data-transferred="5000.00"' in receivable_row and f'data-receiver="{INVESTMENT}"' in receivable_row


def test_a_payable_carried_over_by_a_merger_is_transferred_to_the_surviving_office(ledger, as_persona):
    merged = dossier_full(ledger["merged"].pk)
    (payable,) = [b for b in balances_of(merged) if b.kind == "payable"]
    assert payable.transferred == Decimal("2500.00") and payable.settled == Decimal("0.00")
    assert payable.receivers == builders.SURVIVOR
    body = as_persona("city_officer").get(merged.get_absolute_url()).content.decode()
    assert f'data-receiver="{builders.SURVIVOR}"' in body


def test_the_dossier_page_reconciles_its_money(ledger, as_persona):
    balances = balances_of(dossier_full(ledger["dossier"].pk))
    assert all(b.reconciles for b in balances)
    total = total_of(balances)
    assert (total.amount, total.settled, total.transferred, total.remaining) == (
        Decimal("17200.00"),
        Decimal("1000.00"),
        Decimal("13500.00"),
        Decimal("2700.00"),
    )
    assert total.settled + total.transferred + total.remaining == total.amount
    body = as_persona("city_officer").get(ledger["dossier"].get_absolute_url()).content.decode()
    total_row = body[body.index('id="money-total"') :].split("</tr>")[0]
    for figure in ("17,200.00", "1,000.00", "13,500.00", "2,700.00"):
        assert figure in total_row


def test_the_results_page_shows_transfers_and_who_received_them(ledger, as_persona):
    body = as_persona("city_officer").get(reverse("consolidation:results")).content.decode()
    bank = body[body.index('data-kind="bank_account"') :].split("</tr>")[0]
    assert 'data-transferred="8500.00"' in bank
    receivers = body[body.index('id="money-receivers"') :].split("</p>")[0]
    assert FINANCE in receivers and INVESTMENT in receivers and builders.SURVIVOR in receivers


def _docx(client, jurisdiction):
    response = client.get(reverse("consolidation:report_docx", args=[jurisdiction.pk]))
    return Document(io.BytesIO(b"".join(response.streaming_content)))


def _xlsx(client, jurisdiction):
    response = client.get(reverse("consolidation:report_xlsx", args=[jurisdiction.pk]))
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_word_report_states_transfers_with_their_units_and_reconciles(ledger, as_persona):
    tongcheng = Jurisdiction.objects.get(name="通城县")
    doc = _docx(as_persona("city_officer"), tongcheng)
    table = next(
        [[c.text for c in row.cells] for row in t.rows] for t in doc.tables if t.rows[0].cells[0].text == "类别"
    )
    rows = {r[0]: r[1:] for r in table[1:]}
    # book, settled, transferred, remaining
    assert rows["银行账户"] == [_yuan("8500"), _yuan("0"), _yuan("8500"), _yuan("0")]
    assert rows["应收款项"] == [_yuan("5000"), _yuan("0"), _yuan("5000"), _yuan("0")]
    assert rows["应付款项"] == [_yuan("5500"), _yuan("1000"), _yuan("2500"), _yuan("2000")]
    assert rows["合计"] == [_yuan("19700"), _yuan("1000"), _yuan("16000"), _yuan("2700")]
    for kind, (book, settled, transferred, remaining) in rows.items():
        parse = [Decimal(v.replace(",", "")) for v in (book, settled, transferred, remaining)]
        assert parse[1] + parse[2] + parse[3] == parse[0], kind
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "已转由其他单位承接16,000.00元" in text
    assert f"{FINANCE} 8,500.00元" in text and f"{INVESTMENT} 5,000.00元" in text
    assert f"{builders.SURVIVOR} 2,500.00元" in text


def test_the_excel_annex_names_each_receiving_unit_and_its_totals_reconcile(ledger, as_persona):
    tongcheng = Jurisdiction.objects.get(name="通城县")
    book = _xlsx(as_persona("city_officer"), tongcheng)
    rows = list(book["款项"].iter_rows(min_row=2, values_only=True))
    account = next(r for r in rows if r[3] == "中国银行武汉分行 1234")
    assert Decimal(str(account[6])) == Decimal("8500") and account[7] == FINANCE
    carried = next(r for r in rows if r[1] == builders.TONGCHENG_CHANGSHA and r[2] == "应付款项")
    assert Decimal(str(carried[6])) == Decimal("2500") and carried[7] == builders.SURVIVOR
    total = rows[-1]
    assert total[0] == "合计"
    figures = [Decimal(str(v)) for v in (total[4], total[5], total[6], total[8])]
    assert figures == [Decimal("19700"), Decimal("1000"), Decimal("16000"), Decimal("2700")]
    assert figures[1] + figures[2] + figures[3] == figures[0]
    # The summary sheet carries the same reconciliation, and each unit's share.
    summary = dict(book["汇总"].iter_rows(min_row=2, values_only=True))
    assert Decimal(str(summary["款项账面余额（元）"])) == Decimal("19700")
    assert Decimal(str(summary["款项已结清（元）"])) == Decimal("1000")
    assert Decimal(str(summary["款项已转由其他单位承接（元）"])) == Decimal("16000")
    assert Decimal(str(summary["尚未清理的款项余额（元）"])) == Decimal("2700")
    assert Decimal(str(summary[f"转由{FINANCE}承接（元）"])) == Decimal("8500")


def test_the_page_the_report_and_the_annex_read_one_reconciliation(ledger, city_officer):
    tongcheng = Jurisdiction.objects.get(name="通城县")
    data = report.report_data(city_officer, tongcheng)
    by_rows = total_of(data.figures.money_rows)
    assert data.figures.money_total == by_rows
    annex = total_of(
        [balances for d in (ledger["dossier"], ledger["merged"]) for balances in balances_of(dossier_full(d.pk))]
    )
    assert (annex.amount, annex.settled, annex.transferred, annex.remaining) == (
        by_rows.amount,
        by_rows.settled,
        by_rows.transferred,
        by_rows.remaining,
    )
    assert annex.transfers == by_rows.transfers
