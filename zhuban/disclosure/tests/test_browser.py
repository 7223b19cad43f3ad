"""The offices administration takes the year's reception figures from draft to publication, and a
resident reads the published page on a phone and downloads the open data, in a browser."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from zhuban.disclosure.models import Disclosure
from zhuban.disclosure.tests import builders

pytestmark = pytest.mark.browser


def test_the_administration_publishes_the_year_and_a_resident_reads_it_on_a_phone(
    browser_as, live_world, _playwright_browser, receptions
):
    office = builders.retained()
    builders.accounts(office, 2016, budget="80000", final="86500")
    receptions.add(office, 2016, ["欧阳明哲", "司马晓光"], meals=48000, lodging=120000, venue="咸宁宾馆")

    city = browser_as("city_officer")
    city.goto(f"{live_world.url}/disclosure/")
    city.click(f".draft-links a:has-text('{office.name}')")
    city.fill("#id_year", "2016")
    city.click("button.primary")
    expect(city.locator("#status")).to_have_attribute("data-status", "draft")
    expect(city.locator("[data-figure=total]")).to_have_text("1,680.00")
    city.click("text=修改公开说明")
    city.fill("#id_notes", "接待均凭派出单位公函，按标准安排工作餐。")
    city.click("button.primary")
    city.click("button:has-text('报送审核')")
    expect(city.locator("#status")).to_have_attribute("data-status", "submitted")
    city.click("#acts a:has-text('审核')")
    city.check("input[name=decision][value=accept]")
    city.click("button.primary")
    expect(city.locator("#status")).to_have_attribute("data-status", "reviewed")
    city.click("button:has-text('批准')")
    expect(city.locator("#status")).to_have_attribute("data-status", "approved")
    city.click("button:has-text('向社会公开')")
    expect(city.locator("#status")).to_have_attribute("data-status", "published")
    assert Disclosure.objects.get(office=office, year=2016).status == "published"

    # A resident, not signed in, on a 390 × 844 phone.
    context = _playwright_browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, accept_downloads=True
    )
    try:
        phone = context.new_page()
        phone.goto(f"{live_world.url}/public/")
        fits = "document.scrollingElement.scrollWidth <= window.innerWidth"
        assert phone.evaluate(fits)
        phone.click(f"#jurisdictions a:has-text('{office.jurisdiction.name}')")
        expect(phone.locator("#chart-offices canvas")).to_have_count(1)
        assert phone.evaluate(fits)
        phone.click(f".offices a:has-text('{office.name}')")
        expect(phone.locator("h1")).to_contain_text(office.name)
        expect(phone.locator("[data-figure=receptions]")).to_have_text("1")
        expect(phone.locator("[data-figure=visitors]")).to_have_text("2")
        expect(phone.locator("[data-figure=final]")).to_have_text("86,500.00")
        expect(phone.locator("tr[data-item=lodging] td")).to_have_text("1,200.00")
        expect(phone.locator("ul.venues")).to_contain_text("咸宁宾馆")
        expect(phone.locator("#chart-offices canvas")).to_have_count(1)  # the vendored chart, no login needed
        assert phone.evaluate(fits)
        assert "欧阳明哲" not in phone.content()
        with phone.expect_download() as caught:
            phone.click(".downloads a:has-text('CSV')")
        download = caught.value
        assert download.suggested_filename.endswith("-2016.csv")
        with open(download.path(), encoding="utf-8-sig") as handle:
            rows = list(csv.reader(io.StringIO(handle.read())))
        assert rows[1][3] == office.name and rows[1][12] == "1680.00"
        assert context.cookies() == []  # nothing was set on the resident's phone
    finally:
        context.close()
