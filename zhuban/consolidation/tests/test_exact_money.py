"""Money is exact on both engines: a 16-digit amount typed into a form is stored, shown, put on
the trail and exported exactly as typed, and sums over such amounts are exact too (SQLite has
no exact decimal column; amounts are integers of fen underneath)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.audit.services import Actor
from zhuban.consolidation import queries, services
from zhuban.consolidation.models import Obligation
from zhuban.consolidation.tests import builders
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Asset, Office
from zhuban.workbook.exporting import write_registration
from zhuban.workbook.queries import export_rows, offices_in
from zhuban.workbook.reading import read_registration
from zhuban.workbook.services import registration_import

pytestmark = pytest.mark.django_db

# The largest amounts each field takes, and the awkward ones a float would not hold.
HUGE = "12345678901234.56"  # 16 digits: 元, max_digits=16
TOP = "99999999999999.99"
TINY = "0.01"
WANYUAN = "123456789012.34"  # 14 digits: 万元, max_digits=14


def shown(value: str) -> str:
    return f"{Decimal(value):,.2f}"


def _cell_amount(value) -> Decimal:
    """A money cell as a reader takes it: exact text, or a number read back by its shortest repr."""
    return Decimal(value) if isinstance(value, str) else Decimal(repr(value))


@pytest.mark.parametrize("amount", [HUGE, TOP, TINY])
def test_an_assets_book_value_goes_from_the_form_to_the_page_the_trail_and_the_annex_exactly(amount, as_persona):
    dossier = builders.dossier_for()
    office = dossier.office
    city = as_persona("city_officer")
    response = city.post(
        reverse("registry:asset_create", args=[office.pk]),
        {"category": "other", "description": "精确资产", "book_value": amount, "status": "in_use"},
    )
    assert response.status_code == 302
    asset = Asset.objects.get(office=office, description="精确资产")
    assert asset.book_value == Decimal(amount) and str(asset.book_value) == amount

    assert shown(amount) in city.get(office.get_absolute_url()).content.decode()
    entry = AuditEntry.objects.get(action="asset.add", object_id=str(asset.pk))
    assert entry.after["book_value"] == amount

    annex = city.get(reverse("consolidation:report_xlsx", args=[office.jurisdiction_id]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(annex.streaming_content)))
    row = next(r for r in book["资产"].iter_rows(min_row=2, values_only=True) if r[3] == "精确资产")
    assert _cell_amount(row[5]) == Decimal(amount)
    if len(Decimal(amount).as_tuple().digits) > 15:
        # More digits than an Excel number holds: the exact text, never 12345678901234.60.
        assert row[5] == amount


def test_an_amount_with_more_than_two_decimals_or_digits_is_refused_not_rounded(as_persona):
    office = builders.dossier_for().office
    city = as_persona("city_officer")
    for bad in ("1.005", "123456789012345.67"):
        response = city.post(
            reverse("registry:asset_create", args=[office.pk]),
            {"category": "other", "description": "越界资产", "book_value": bad, "status": "in_use"},
        )
        assert response.status_code == 422
    assert not Asset.objects.filter(description="越界资产").exists()


def test_an_offices_total_assets_in_wanyuan_round_trip_through_the_form_page_trail_and_export(as_persona, tmp_path):
    office = builders.office(builders.TONGCHENG_CHANGSHA)
    city = as_persona("city_officer")
    form = city.get(reverse("registry:office_edit", args=[office.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "total_assets": WANYUAN,
            "total_liabilities": TINY,
            "version": office.version,
            "host_city": office.host_city_id,
        }
    )
    data["established_on"] = office.established_on.isoformat()
    data["sponsor"] = office.sponsor_id
    response = city.post(reverse("registry:office_edit", args=[office.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    office.refresh_from_db()
    assert str(office.total_assets) == WANYUAN and str(office.total_liabilities) == TINY
    assert shown(WANYUAN) in city.get(office.get_absolute_url()).content.decode()
    entry = AuditEntry.objects.filter(action="office.update", object_id=str(office.pk)).latest("seq")
    assert entry.after["total_assets"] == WANYUAN

    tongcheng = Jurisdiction.objects.get(name="通城县")
    path = tmp_path / "附表一.xlsx"
    write_registration(path, export_rows(offices_in(tongcheng)))
    book = openpyxl.load_workbook(path)
    ws = book.active
    header = next(r for r in ws.iter_rows() if any(c.value == "机构名称" for c in r))
    col = {c.value: c.column - 1 for c in header}
    row = next(
        r for r in ws.iter_rows(min_row=header[0].row + 1, values_only=True) if r[col["机构名称"]] == office.name
    )
    assert _cell_amount(row[col["资产总额（万元）"]]) == Decimal(WANYUAN)
    # And the export re-imports as it is: nothing changed, nothing rounded.
    result = registration_import(actor=Actor.system("test"), jurisdiction=tongcheng, sheet=read_registration(path))
    assert result.errors == [] and result.updated == 0
    office.refresh_from_db()
    assert str(office.total_assets) == WANYUAN


def test_sums_over_sixteen_digit_amounts_are_exact(city_officer):
    dossier = builders.dossier_for()
    for amount in (HUGE, HUGE, TINY):
        services.obligation_add(
            actor=city_officer, office=dossier.office, kind="payable", counterparty="某公司", amount=Decimal(amount)
        )
    services.obligation_settle(
        actor=city_officer,
        obligation=Obligation.objects.filter(office=dossier.office, amount=Decimal(TINY)).get(),
        method="settled",
        amount=Decimal(TINY),
        settled_on=date(2015, 8, 20),
    )
    figures = queries.figures(Office.objects.filter(pk=dossier.office_id))
    (payables,) = [r for r in figures.money_rows if r.kind == "payable"]
    assert payables.book == Decimal("24691357802469.13")
    assert payables.settled == Decimal("0.01") and payables.remaining == Decimal("24691357802469.12")
    # A float (or SQLite's REAL) would have said 24691357802469.125 or …12.0.
    assert str(figures.money_total.remaining) == "24691357802469.12"


def test_the_database_holds_whole_fen(city_officer):
    dossier = builders.dossier_for()
    o = services.obligation_add(
        actor=city_officer, office=dossier.office, kind="claim", counterparty="某公司", amount=Decimal(HUGE)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT amount FROM consolidation_obligation WHERE id = %s", [o.pk])
        (raw,) = cursor.fetchone()
    assert int(raw) == 1234567890123456
