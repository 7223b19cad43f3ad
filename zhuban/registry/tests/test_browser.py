"""The clerk's first journey, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_tongcheng_clerk_adds_an_office_with_an_asset_and_sees_it_in_the_list_and_history(browser_as, live_world):
    page = browser_as("tongcheng_clerk")
    page.click("nav >> text=办事机构")  # from the home page to the registry
    page.click("text=登记办事机构")
    page.fill("#id_name", "通城县人民政府驻南昌联络处")
    page.select_option("#id_sponsor", label="通城县人民政府")
    page.select_option("#id_host_city", label="江西省 · 南昌市")
    page.fill("#id_established_on", "2013-04-01")
    page.fill("#id_staffing_quota", "2")
    page.fill("#id_headcount", "1")
    page.click("button.primary")
    page.wait_for_selector("h1:has-text('通城县人民政府驻南昌联络处')")

    page.click("text=添加资产")
    page.select_option("#id_category", "vehicle")
    page.fill("#id_description", "公务用车（大众）")
    page.fill("#id_plate_number", "鄂L·N2013")
    page.fill("#id_book_value", "156000")
    page.click("button.primary")
    page.wait_for_selector("td:has-text('鄂L·N2013')")

    page.goto(f"{live_world.url}/offices/")
    page.fill("#id_q", "南昌")
    page.wait_for_selector("#office-rows td a:has-text('通城县人民政府驻南昌联络处')")
    expect(page.locator("#office-rows tbody tr")).to_have_count(1)

    page.click("#office-rows td a:has-text('通城县人民政府驻南昌联络处')")
    page.click("text=修改记录")
    history = page.locator("table.diff")
    assert history.locator("text=登记办事机构").count() == 1
    assert history.locator("text=添加资产").count() == 1
    assert history.locator("text=通城县 填报员 李明").count() == 2  # the name, not the account
