"""A retained office's staff member logs a month of work, and the city bureau reads the year's
figures, in a browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhuban.oversight.models import WorkLog
from zhuban.oversight.tests import builders

pytestmark = pytest.mark.browser

MONTH = [
    # date, kind, summary, extra fields
    ("2016-03-03", "reception", "接待来汉公务人员", {}),
    (
        "2016-03-08",
        "petition",
        "协助处理在汉务工人员信访",
        {"person_helped": "刘某", "matter": "工资拖欠", "outcome": "已结清"},
    ),
    ("2016-03-15", "transfer", "为流动党员接转组织关系", {"members_count": "2"}),
    (
        "2016-03-22",
        "cooperation",
        "促成温泉小镇项目签约",
        {"project": "温泉小镇", "partner": "武汉某集团", "value": "1200"},
    ),
]


def test_a_staff_member_logs_a_month_and_the_city_bureau_reads_the_year(browser_as, live_world):
    office = builders.retained()

    staff = browser_as("liaison_staff")
    staff.goto(f"{live_world.url}/oversight/")
    staff.click(f"text={office.name}")
    staff.click("text=工作日志")
    for day, kind, summary, extra in MONTH:
        staff.click("a.button:has-text('录入工作日志')")
        staff.fill("#id_occurred_on", day)
        staff.select_option("#id_kind", kind)
        staff.fill("#id_summary", summary)
        for name, value in extra.items():
            staff.fill(f"#id_{name}", value)
        staff.click("button.primary")
        expect(staff.locator("#logs")).to_contain_text(summary)
    # A petition without its outcome is refused beside the field, and nothing is written.
    staff.click("a.button:has-text('录入工作日志')")
    staff.fill("#id_occurred_on", "2016-03-29")
    staff.select_option("#id_kind", "petition")
    staff.fill("#id_summary", "信访")
    staff.fill("#id_person_helped", "王某")
    staff.fill("#id_matter", "征地补偿")
    staff.click("button.primary")
    expect(staff.locator(".field.invalid")).to_have_count(1)
    expect(staff.locator(".field.invalid:has(#id_outcome)")).to_contain_text("须填写办理结果")
    assert WorkLog.objects.filter(office=office).count() == len(MONTH)

    city = browser_as("city_officer")
    city.goto(f"{live_world.url}/oversight/figures/?year=2016")
    expect(city.locator("#months tr[data-month='3'] td").first).to_have_text("1")  # one cooperation
    expect(city.locator("#months tfoot td[data-heading='reception']")).to_have_text("1")
    expect(city.locator("#shift [data-share]")).to_have_attribute("data-share", "75")
    expect(city.locator("#chart-months canvas")).to_have_count(1)  # the chart is drawn
