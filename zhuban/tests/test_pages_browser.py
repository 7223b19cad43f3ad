"""Every main page, opened by the persona who works on it in a real browser: no serious
accessibility fault (axe-core, WCAG 2.1 AA), nothing that scrolls sideways on a phone, and a
printed page that carries its unit and date instead of the navigation."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from django.conf import settings

from zhuban.testing.main_pages import Page, build_records, main_pages

pytestmark = pytest.mark.browser

# Fetched by `make setup` (see the Makefile); never served by the product.
AXE = Path(settings.BASE_DIR) / "var" / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def pages(live_world) -> list[Page]:
    build_records()
    return main_pages()


def by_persona(pages: list[Page]):
    """(persona, its pages), signed-in personas only: the login page is opened signed out."""
    ordered = sorted((p for p in pages if p.persona), key=lambda p: p.persona)
    return [(persona, list(group)) for persona, group in itertools.groupby(ordered, key=lambda p: p.persona)]


def open_page(page, url: str) -> None:
    """Go to the page and wait for the panels it loads with htmx."""
    page.goto(url)
    page.wait_for_load_state("networkidle")


def axe_faults(page) -> list[str]:
    # Evaluated rather than added as a <script>: the pages' Content-Security-Policy rightly refuses
    # an inline script, and the journey fixtures report any such refusal.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_no_main_page_has_a_serious_accessibility_fault(pages, browser_as, live_world, _playwright_browser):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make setup`")
    faults = {}
    anonymous = _playwright_browser.new_context(locale="zh-CN").new_page()
    anonymous.goto(f"{live_world.url}/login/")
    faults["login"] = axe_faults(anonymous)
    for persona, own in by_persona(pages):
        page = browser_as(persona)
        for p in own:
            open_page(page, live_world.url + p.path)
            faults[p.slug] = axe_faults(page)
    assert {slug: found for slug, found in faults.items() if found} == {}


def test_a_saved_form_keeps_its_messages_a_list(browser_as, live_world):
    """After a save the flash message is announced and is still a list of messages."""
    from zhuban.registry.models import Office

    office = Office.objects.filter(jurisdiction__name="通城县").order_by("pk").first()
    page = browser_as("tongcheng_clerk")
    page.goto(f"{live_world.url}/offices/{office.pk}/edit/")
    page.fill("#id_contact_phone", "027-88886666")
    page.click("button.primary")
    page.wait_for_url(f"{live_world.url}/offices/{office.pk}/")
    assert page.locator("ul.messages > li").count() >= 1
    assert axe_faults(page) == []
    assert page.locator("[role=status] > ul.messages").count() == 1
