"""A retained office's yearly budget and final accounts (二(四)3), with a warning when spending
exceeds the budget or an asset changes without a recorded reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.oversight import queries, services
from zhuban.oversight.models import BudgetLine
from zhuban.oversight.tests import builders
from zhuban.oversight.tests.builders import CHANGSHA
from zhuban.registry import services as registry
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db


def test_spending_beyond_the_budget_is_recorded_and_shown_as_a_warning(liaison_staff, as_persona):
    office = builders.retained()
    services.budget_set(actor=liaison_staff, office=office, year=2016, category="reception", amount=Decimal("80000"))
    services.budget_set(actor=liaison_staff, office=office, year=2016, category="rent", amount=Decimal("240000"))
    services.accounts_record(actor=liaison_staff, office=office, year=2016, category="rent", amount=Decimal("240000"))
    line = services.accounts_record(
        actor=liaison_staff,
        office=office,
        year=2016,
        category="reception",
        amount=Decimal("86500.50"),
        explanation="省直部门来咸检查",
    )
    assert line.overspent == Decimal("6500.50")
    year = queries.accounts_of(office)[0]
    assert (year.budget, year.final, [x.category for x in year.overspent]) == (
        Decimal("320000"),
        Decimal("326500.50"),
        ["reception"],
    )
    assert [x.pk for x in queries.overspending(liaison_staff, 2016)] == [line.pk]
    html = as_persona("city_officer").get(reverse("oversight:accounts", args=[office.pk])).content.decode()
    assert 'data-warning="overspent"' in html and "6,500.50" in html and "省直部门来咸检查" in html
    actions = list(AuditEntry.objects.filter(object_type="oversight.budgetline").values_list("action", flat=True))
    assert actions.count("budget.set") == 2 and actions.count("accounts.record") == 2


def test_within_the_budget_there_is_no_warning(liaison_staff, as_persona):
    office = builders.retained()
    services.budget_set(actor=liaison_staff, office=office, year=2017, category="vehicles", amount=Decimal("50000"))
    services.accounts_record(
        actor=liaison_staff, office=office, year=2017, category="vehicles", amount=Decimal("50000")
    )
    assert queries.overspending(liaison_staff) == []
    assert (
        'data-warning="overspent"'
        not in as_persona("liaison_staff").get(reverse("oversight:accounts", args=[office.pk])).content.decode()
    )


@pytest.mark.parametrize(
    ("act", "field", "message"),
    [
        ("final_without_budget", "category", "没有预算"),
        ("budget_after_final", None, "已录入决算"),
        ("bad_year", "year", "年度1999无效"),
        ("negative", "budget", ""),
    ],
)
def test_bad_money_is_refused_and_changes_nothing(liaison_staff, act, field, message):
    office = builders.retained()
    args = {"actor": liaison_staff, "office": office, "year": 2016, "category": "rent", "amount": Decimal("1")}
    write = services.budget_set
    if act == "final_without_budget":
        write = services.accounts_record
    elif act == "budget_after_final":
        services.budget_set(**{**args, "amount": Decimal("10")})
        services.accounts_record(**{**args, "amount": Decimal("12")})
    elif act == "bad_year":
        args["year"] = 1999
    else:
        args["amount"] = Decimal("-1")
    before = list(BudgetLine.objects.values_list("budget", "final"))
    with pytest.raises(ValidationError) as refused:
        write(**args)
    if field:
        assert field in refused.value.message_dict
    assert message in " ".join(refused.value.messages)
    assert list(BudgetLine.objects.values_list("budget", "final")) == before


def test_an_office_not_retained_keeps_no_accounts(liaison_staff, office_of):
    with pytest.raises(ValidationError, match="不属于保留的驻外办事机构"):
        services.budget_set(
            actor=liaison_staff, office=office_of(CHANGSHA), year=2016, category="rent", amount=Decimal("1")
        )


def test_the_page_records_a_budget_and_an_overspent_final_with_a_warning(as_persona):
    office = builders.retained()
    client = as_persona("liaison_staff")
    url = reverse("oversight:accounts_record", args=[office.pk])
    client.post(url, {"year": "2016", "category": "reception", "stage": "budget", "amount": "80000"})
    response = client.post(
        url, {"year": "2016", "category": "reception", "stage": "final", "amount": "90000"}, follow=True
    )
    assert "决算超出预算10000.00元" in response.content.decode()
    assert BudgetLine.objects.get().final == Decimal("90000")
    assert as_persona("chongyang_clerk").get(reverse("oversight:accounts", args=[office.pk])).status_code == 404


def test_sixteen_digit_budgets_and_accounts_are_kept_and_summed_to_the_fen(liaison_staff, as_persona):
    office = builders.retained()
    big, cent = Decimal("12345678901234.56"), Decimal("0.01")
    services.budget_set(actor=liaison_staff, office=office, year=2016, category="projects", amount=big)
    services.budget_set(actor=liaison_staff, office=office, year=2016, category="other", amount=cent)
    services.accounts_record(actor=liaison_staff, office=office, year=2016, category="projects", amount=big + cent)
    stored = BudgetLine.objects.get(office=office, year=2016, category="projects")
    assert (stored.budget, stored.final) == (big, big + cent)  # a REAL column would give 12345678901234.6
    year = queries.accounts_of(office)[0]
    assert year.budget == Decimal("12345678901234.57")
    entry = AuditEntry.objects.filter(action="budget.set", object_id=str(stored.pk)).get()
    assert "12345678901234.56" in str(entry.after)
    page = as_persona("city_officer").get(reverse("oversight:accounts", args=[office.pk])).content.decode()
    assert "12,345,678,901,234.56" in page or "12345678901234.56" in page


def test_an_asset_changed_since_retention_without_a_reason_is_a_warning_and_with_one_is_not(city_officer, as_persona):
    office = builders.retained()
    asset = office.assets.order_by("pk").first() or registry.asset_add(
        actor=city_officer,
        office=office,
        values={"category": "vehicle", "description": "公务用车", "book_value": "150000"},
        reason="建账",
    )
    registry.asset_update(
        actor=city_officer, asset=asset, values={"description": "公务用车（更换）"}, reason="车辆更新"
    )
    registry.asset_add(
        actor=city_officer,
        office=office,
        values={"category": "other", "description": "复印机", "book_value": "8000"},
        reason="购置",
    )
    assert queries.unexplained_asset_changes(office) == []
    asset.refresh_from_db()
    registry.asset_update(actor=city_officer, asset=asset, values={"description": "公务用车（二手）"})
    registry.asset_add(
        actor=city_officer, office=office, values={"category": "other", "description": "空调", "book_value": "6000"}
    )
    changes = queries.unexplained_asset_changes(office)
    assert [(c.action, c.label) for c in changes] == [("修改资产", "公务用车（二手）"), ("添加资产", "空调")]
    assert changes[0].actor == "市机关事务管理局 周主任"
    for url in (reverse("oversight:office", args=[office.pk]), reverse("oversight:accounts", args=[office.pk])):
        page = as_persona("liaison_staff").get(url).content.decode()
        assert 'data-warning="asset-unexplained"' in page and "保留以来有2次资产变动未记录理由" in page


def test_the_asset_form_records_the_reason_it_is_given(as_persona):
    office = builders.retained()
    response = as_persona("city_officer").post(
        reverse("registry:asset_create", args=[office.pk]),
        {
            "category": "other",
            "description": "投影仪",
            "book_value": "5000",
            "status": "in_use",
            "reason": "会议室配置",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.filter(action="asset.add").latest("id")
    assert entry.reason == "会议室配置"
    assert queries.unexplained_asset_changes(office) == []


def test_changes_before_retention_and_of_an_office_not_retained_are_not_warned(city_officer):
    changsha = Office.objects.get(name=CHANGSHA)
    computer = {"category": "other", "description": "电脑", "book_value": "5000"}
    registry.asset_add(actor=city_officer, office=changsha, values=computer)
    assert queries.unexplained_asset_changes(changsha) == []
    office = builders.retained(CHANGSHA)
    assert queries.unexplained_asset_changes(office) == []
    fax = {"category": "other", "description": "传真机", "book_value": "2000"}
    registry.asset_add(actor=city_officer, office=office, values=fax)
    assert [c.label for c in queries.unexplained_asset_changes(office)] == ["传真机"]
