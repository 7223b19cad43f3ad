"""Each persona signs in to their home page (工作台) and finds what is theirs to do, each item
leading to the page where it is done; the city bureau works a batch through the queue with
the second factor asked once. In a real browser."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from zhuban.consolidation.tests import builders as consolidation
from zhuban.decision import services as decisions
from zhuban.decision.models import Decision, Proposal
from zhuban.decision.queries import assessment_of
from zhuban.inspection.models import Finding
from zhuban.inspection.tests import builders as inspection
from zhuban.oversight.tests import builders as oversight
from zhuban.registry.models import Office
from zhuban.testing.personas import ensure_persona, totp_code

pytestmark = pytest.mark.browser

TONGCHENG_CHANGSHA = "通城县人民政府驻长沙联络处"

# What each persona's home page holds once the world below is made, and which pile's first
# item is followed to the page where it is done (a fragment of that page's address).
EXPECTED = {
    "city_officer": (
        {"decision.propose", "decision.submitted", "inspection.accept", "campaign.submit", "oversight.rotation"},
        ("decision.submitted", "/review/"),
    ),
    "tongcheng_clerk": (
        {"decision.propose", "consolidation.tasks", "campaign.submit", "inspection.rectify"},
        ("inspection.rectify", "/rectify/"),
    ),
    "chongyang_clerk": ({"decision.propose", "campaign.submit"}, ("decision.propose", "/propose/")),
    "zhaoshang_clerk": ({"decision.propose"}, ("decision.propose", "/propose/")),
    "inspector": ({"inspection.accept"}, ("inspection.accept", "/review/")),
    "team_member": ({"inspection.accept"}, ("inspection.accept", "/review/")),
    "auditor": (set(), None),
    "wuhan_office": (set(), None),
    "liaison_staff": ({"oversight.rotation"}, ("oversight.rotation", "/end/")),
    # The province reaches the whole city: it reviews and accepts; it owes no submission and has
    # no offices of its own.
    "province_officer": ({"decision.submitted", "inspection.accept"}, ("decision.submitted", "/review/")),
}


def world() -> None:
    """A proposal waiting for review, an open dossier, a finding to rectify and one to accept,
    and a cadre past the rotation term."""
    clerk = ensure_persona("tongcheng_clerk")
    office = Office.objects.get(name=TONGCHENG_CHANGSHA)
    decisions.proposal_submit(
        actor=clerk, office=office, assessment=assessment_of(office), disposition="revoke", reason="按方案撤销"
    )
    consolidation.dossier_for()
    inspection.finding()
    inspection.finding(state=Finding.Status.ANSWERED)
    oversight.posting(posted_on=date(2010, 3, 1))


def test_each_persona_finds_their_work_on_the_home_page_and_each_item_leads_where_it_is_done(browser_as, live_world):
    world()
    for persona, (piles, follow) in EXPECTED.items():
        page = browser_as(persona)
        expect(page.locator("h1")).to_have_text("工作台")
        expect(page.locator("nav a[aria-current=page]")).to_have_text("工作台")
        shown = set(page.locator("[data-pile]").evaluate_all("els => els.map(e => e.dataset.pile)"))
        assert shown == piles, persona
        if not piles:
            expect(page.locator("#desk-summary")).to_contain_text("目前没有需要您办理的事项")
            continue
        pile, fragment = follow
        link = page.locator(f"[data-pile='{pile}'] li a").first
        href = link.get_attribute("href")
        assert fragment in href, (persona, href)
        link.click()
        if pile == "decision.submitted":
            page.wait_for_url("**/otp/verify/**")  # an approval asks the second factor first
            page.fill("#id_token", totp_code())
            page.click("button.primary")
        page.wait_for_url(f"**{href.split('#')[0]}")
        expect(page.locator("h1")).not_to_contain_text("不存在")


def test_the_city_bureau_passes_and_approves_several_proposals_typing_the_code_once(browser_as, live_world):
    clerk = ensure_persona("tongcheng_clerk")
    names = ["通城县人民政府驻武汉办事处", TONGCHENG_CHANGSHA]
    for name in names:
        office = Office.objects.get(name=name)
        decisions.proposal_submit(
            actor=clerk, office=office, assessment=assessment_of(office), disposition="revoke", reason="按方案撤销"
        )

    city = browser_as("city_officer")
    city.click("nav >> text=审核审批")
    expect(city.locator("nav a[aria-current=page]")).to_have_text("审核审批")
    for name in names:
        city.check(f"#queue input[aria-label='{name}']")
    city.click("#queue button.primary")
    city.wait_for_url("**/otp/verify/**")
    city.fill("#id_token", totp_code())
    city.click("button.primary")
    city.wait_for_url("**/queue/act/**")
    expect(city.locator("#chosen li")).to_have_count(2)
    city.fill("#id_comments", "同意撤销")
    city.click("button.primary")
    expect(city.locator(".messages")).to_contain_text("已审核通过 2 条精简整合意见")
    assert set(Proposal.objects.filter(office__name__in=names).values_list("status", flat=True)) == {"accepted"}

    # The same session approves them with one city document: no second code.
    city.select_option("#id_state", "accepted")
    city.click("#queue-filter button")
    for name in names:
        city.check(f"#queue input[aria-label='{name}']")
    city.click("#queue button.primary")
    city.wait_for_url("**/queue/act/**")
    expect(city.locator("#chosen li")).to_have_count(2)
    city.fill("#id_document", "咸政函〔2015〕45号")
    city.fill("#id_approved_on", "2015-08-10")
    city.click("button.primary")
    expect(city.locator(".messages")).to_contain_text("已录入 2 条意见的市政府批准")
    documents = Decision.objects.filter(office__name__in=names).values_list("city_document", flat=True)
    assert list(documents) == ["咸政函〔2015〕45号"] * 2
    # Each item's history is one click away.
    city.goto(f"{live_world.url}/decisions/queue/?state=returned")
    expect(city.locator("#queue tbody")).to_contain_text("没有符合条件的意见")
