"""Propose → review → approve, in a real browser, as the clerk and the city bureau."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhuban.testing.personas import totp_code

pytestmark = pytest.mark.browser


def open_office(page, base_url, name):
    page.goto(f"{base_url}/offices/")
    page.fill("#id_q", name)
    page.click(f"#office-rows a:has-text('{name}')")
    page.wait_for_selector("#decision-panel")


def test_a_county_proposal_is_reviewed_and_approved_by_the_city(browser_as, live_world):
    name = "通城县人民政府驻武汉办事处"
    clerk = browser_as("tongcheng_clerk")
    open_office(clerk, live_world.url, name)
    expect(clerk.locator("#decision-panel [data-disposition=revoke]")).to_have_count(1)
    clerk.click("#decision-panel >> text=报送精简整合意见")
    expect(clerk.locator("input[name=disposition][value=revoke]")).to_be_checked()
    clerk.click("button.primary")
    expect(clerk.locator("#decision-panel .proposal")).to_have_attribute("data-status", "submitted")

    city = browser_as("city_officer")
    open_office(city, live_world.url, name)
    city.click("#decision-panel >> text=审核意见")
    # Approving needs the second factor: the officer types the authenticator's code once.
    city.wait_for_url("**/otp/verify/**")
    city.fill("#id_token", totp_code())
    city.click("button.primary")
    city.wait_for_url("**/review/")
    city.check("input[name=decision][value=accept]")
    city.fill("#id_comments", "同意撤销")
    city.click("button.primary")
    expect(city.locator("#decision-panel .proposal")).to_have_attribute("data-status", "accepted")

    city.click("#decision-panel >> text=录入市政府批准")
    city.fill("#id_document", "咸政函〔2015〕45号")
    city.fill("#id_approved_on", "2015-08-10")
    city.set_input_files(
        "#id_file", files=[{"name": "批复.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%scan\n"}]
    )
    city.click("button.primary")
    expect(city.locator("#decision-panel .decision")).to_have_attribute("data-status", "approved")
    expect(city.locator("#decision-panel .decision")).to_contain_text("咸政函〔2015〕45号")

    clerk.reload()
    expect(clerk.locator("#decision-panel .decision")).to_have_attribute("data-status", "approved")
