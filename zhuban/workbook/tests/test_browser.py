"""A county clerk's 附表一 journey in a real browser: upload, preview, commit."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhuban.workbook.tests.builders import NANCHANG, office, xlsx

pytestmark = pytest.mark.browser


def test_tongcheng_clerk_uploads_a_workbook_previews_it_and_commits_it(browser_as, live_world, tmp_path):
    rows = [office(), office(设立单位="通城县教育局", 设立单位类别="部门", 机构名称="通城县教育局驻南昌联络处")]
    path = xlsx(tmp_path, rows, name="通城县附表一.xlsx")
    page = browser_as("tongcheng_clerk")
    page.click("nav >> text=附表一")
    page.set_input_files("#id_file", str(path))
    page.click("button:has-text('上传并预览')")

    page.wait_for_selector("h1:has-text('导入预览')")
    expect(page.locator("[data-count=new]")).to_have_text("2")
    expect(page.locator("[data-count=errors]")).to_have_text("0")
    expect(page.locator("#new-units")).to_contain_text("通城县教育局")
    expect(page.locator("#preview-rows")).to_contain_text(NANCHANG)

    page.click("#commit")
    page.wait_for_url(f"{live_world.url}/offices/")
    expect(page.locator(".messages")).to_contain_text("已导入：新增 2")
    page.fill("#id_q", "南昌")
    expect(page.locator("#office-rows")).to_contain_text(NANCHANG)
    expect(page.locator("#office-rows")).to_contain_text("通城县教育局驻南昌联络处")
