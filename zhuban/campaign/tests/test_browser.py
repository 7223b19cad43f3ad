"""The dashboard in a real browser, for the city bureau and for a county."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from zhuban.campaign.views import echarts_available

pytestmark = pytest.mark.browser


@pytest.fixture
def story(live_world):
    """The demo's story: every office's proposal, reviews, approvals and dossiers at their dates,
    and the campaign opening on the day the story stops (2015-08-15)."""
    call_command("load_demo_consolidation", verbosity=0)
    call_command("load_demo_campaign", opens_on_story_date=True, verbosity=0)
    return live_world


def test_the_city_bureau_sees_every_jurisdiction_overdue_first_with_the_timeline_and_charts(browser_as, story):
    page = browser_as("city_officer")
    page.click("nav >> text=工作进度")
    # The demo opens on the day its story stops, and says so.
    expect(page.locator("#as-of-banner")).to_contain_text("2015年8月15日")
    expect(page.locator("#id_as_of")).to_have_value("2015-08-15")
    page.fill("#id_as_of", "2015-08-15")
    page.click("form.as-of button")
    page.wait_for_url("**/campaign/?as_of=2015-08-15")
    rows = page.locator("#campaign-grid tbody tr")
    expect(rows).to_have_count(8)
    expect(rows.first).to_have_attribute("data-jurisdiction", "咸宁高新区")
    expect(page.locator("#overdue tbody tr")).to_have_count(4)
    expect(page.locator("#campaign-grid td[data-status=overdue]")).to_have_count(4)
    expect(page.locator("svg.tl line.today")).to_have_count(1)
    expect(page.locator("p.as-of-line")).to_contain_text("2015年8月15日")
    if echarts_available():
        # Drawn on canvas by ECharts from our own static files; the page keeps its CSP (the
        # fixture fails the test on any violation).
        expect(page.locator("#chart-progress canvas")).to_have_count(1)
        expect(page.locator("#chart-disposition canvas")).to_have_count(1)

    # The oldest overdue item opens as it stood that day.
    page.click("#overdue tbody tr >> nth=0 >> a")
    expect(page.locator("#submission-status")).to_have_attribute("data-status", "overdue")
    expect(page.locator("#history tbody tr")).not_to_have_count(0)

    # A later date still works: after the consolidation deadline (8月31日) every special report
    # not sent is overdue as well; 通城县's, sent early, is not.
    page.goto(f"{story.url}/campaign/?as_of=2015-09-01")
    expect(page.locator("#overdue tbody tr")).to_have_count(4 + 7)
    expect(page.locator("#campaign-grid tr[data-jurisdiction=通城县] td[data-status=overdue]")).to_have_count(0)


def test_a_county_sees_its_own_row_only_and_opens_its_submission(browser_as, story):
    page = browser_as("tongcheng_clerk")
    page.goto(f"{story.url}/campaign/?as_of=2015-08-15")
    rows = page.locator("#campaign-grid tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-jurisdiction", "通城县")
    expect(page.locator("#overdue")).to_contain_text("没有逾期事项")
    expect(page.locator("main")).not_to_contain_text("崇阳县")
    # 通城县 sent its consolidation report early, on 8月14日, from the report's page.
    page.click("#campaign-grid td[data-status=submitted] a >> nth=-1")
    expect(page.locator("h1")).to_contain_text("专项工作报告")
    expect(page.locator("#history tbody tr")).to_have_count(1)
    expect(page.locator("#work-note")).to_be_visible()
