"""A reception from the letter to the settlement in a browser: the office's staff records the
letter and asks approval, the head approves, the staff fills in the list (one visitor more than
the letter named, one companion too many), the head sees the differences and warnings and
signs off, the staff settles."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from zhuban.oversight.tests import builders
from zhuban.reception.models import Reception, ReceptionWarning

pytestmark = pytest.mark.browser


def test_from_the_letter_to_the_settlement_by_the_office_staff_and_head(browser_as, live_world, tmp_path: Path):
    office = builders.retained()
    scan = tmp_path / "公函.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned letter")

    staff = browser_as("liaison_staff")
    staff.goto(f"{live_world.url}/reception/")
    staff.click(f"text={office.name}")
    staff.click("a.button:has-text('登记来访公函')")
    staff.fill("#id_sending_unit", "咸宁市发展和改革委员会")
    staff.fill("#id_content", "汇报重点项目前期工作")
    staff.fill("#id_itinerary", "3月8日抵汉，3月9日返回")
    staff.fill("#id_date_from", "2016-03-08")
    staff.fill("#id_date_to", "2016-03-09")
    staff.fill("#id_people", "王志军，副主任，厅局级\n李华，科长，县处级及以下\n陈静，科员，县处级及以下")
    staff.set_input_files("#id_file", str(scan))
    staff.click("button.primary")
    expect(staff.locator("h1")).to_have_text("申请事前审批")
    staff.fill("#id_budget", "2000")
    staff.fill("#id_meals", "工作餐一次")
    staff.click("button.primary")
    expect(staff.locator("[data-state]")).to_have_text("待审批")
    reception = Reception.objects.get(office=office)

    head = browser_as("liaison_head")
    head.goto(f"{live_world.url}{reception.get_absolute_url()}")
    head.click("a.button:has-text('审批')")
    head.fill("#id_approved_on", "2016-03-07")
    head.click("button.primary")
    expect(head.locator("[data-state]")).to_have_text("已批准")

    staff.reload()
    staff.click("a.button:has-text('填写接待清单')")
    staff.fill(
        "#id_visitors",
        "王志军，副主任，厅局级\n李华，科长，县处级及以下\n陈静，科员，县处级及以下\n赵六，科员，县处级及以下",
    )
    staff.fill("#id_venue", "湖北省发展和改革委员会")
    staff.fill("#id_companions", "钱进，科员\n冯远，主任\n孙一，科员\n孙二，科员\n孙三，科员")
    staff.select_option("#id_costs-0-kind", "meal")
    staff.fill("#id_costs-0-day", "2016-03-08")
    staff.fill("#id_costs-0-venue", "湖北省机关食堂")
    staff.fill("#id_costs-0-persons", "9")
    staff.fill("#id_costs-0-amount", "630")
    staff.select_option("#id_costs-1-kind", "lodging")
    staff.fill("#id_costs-1-day", "2016-03-08")
    staff.fill("#id_costs-1-venue", "湖北饭店")
    staff.fill("#id_costs-1-persons", "4")
    staff.fill("#id_costs-1-amount", "1400")
    staff.click("button.primary")
    expect(staff.locator("[data-state]")).to_have_text("清单待审签")

    head.reload()
    expect(head.locator("#differences")).to_contain_text("公函未列的人员：赵六")
    expect(head.locator("[data-warning='companions']")).to_contain_text("陪同5人，超过上限3人")
    expect(head.locator("[data-warning='companions']")).to_contain_text("规定第十条")
    head.click("button:has-text('审签接待清单')")
    expect(head.locator("[data-state]")).to_have_text("清单已审签")
    head.click("[data-warning='companions'] a:has-text('说明情况')")
    head.fill("#id_explanation", "省领导临时增加陪同人员，已报批")
    head.click("button.primary")
    expect(head.locator("[data-warning='companions']")).to_contain_text("省领导临时增加陪同人员")

    invoice = tmp_path / "发票.pdf"
    invoice.write_bytes(b"%PDF-1.4 invoice")
    staff.reload()
    staff.click("a.button:has-text('结算')")
    staff.set_input_files("#id_invoice", str(invoice))
    staff.check("input[name=payment][value=card]")
    staff.fill("#id_paid_on", "2016-03-15")
    staff.click("button.primary")
    expect(staff.locator("[data-state]")).to_have_text("已结算")
    reception.refresh_from_db()
    assert reception.state == "settled" and reception.total == 2030
    assert set(ReceptionWarning.objects.filter(reception=reception).values_list("code", "state")) == {
        ("companions", "explained"),
        ("list_mismatch", "open"),
    }
