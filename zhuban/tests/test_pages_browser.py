"""Every main page, opened by the persona who works on it in a real browser: no serious
accessibility fault (axe-core, WCAG 2.1 AA), nothing that scrolls sideways on a phone, and a
printed page that carries its unit and date instead of the navigation."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from zhuban.testing.main_pages import Page, build_records, main_pages

pytestmark = pytest.mark.browser

# Fetched by `make setup` (see the Makefile); never served by the product.
AXE = Path(settings.BASE_DIR) / "var" / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# A phone's width. Not Playwright's is_mobile: a mobile viewport widens itself to fit a page that
# is too wide (window.innerWidth grows with the page), which would hide the very fault looked for.
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2}


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


def looks_enabled_when_disabled(page) -> list[str]:
    """A disabled act (native or aria-disabled) must look it: no pointer cursor, greyed."""
    return page.evaluate("""() => [...document.querySelectorAll('button:disabled, [aria-disabled=true]')]
        .filter(el => getComputedStyle(el).cursor !== 'not-allowed')
        .map(el => 'looks enabled: ' + el.textContent.trim())""")


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
            faults[p.slug] = axe_faults(page) + looks_enabled_when_disabled(page)
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


# The header is one line: its tallest item (the language list) and its padding, nothing more.
HEADER_ONE_LINE_PX = 60


def test_no_main_page_scrolls_sideways_on_a_phone(pages, browser_as, live_world):
    wide, tall = {}, {}
    for persona, own in by_persona(pages):
        page = browser_as(persona, **PHONE)
        for p in own:
            open_page(page, live_world.url + p.path)
            width, inner, header = page.evaluate(
                """() => [document.scrollingElement.scrollWidth, window.innerWidth,
                          document.querySelector('header.top')?.getBoundingClientRect().height]"""
            )
            if width > inner:
                wide[p.slug] = width
            if header is None or header > HEADER_ONE_LINE_PX:
                tall[p.slug] = (header, page.url)
    assert (wide, tall) == ({}, {})


def test_a_printed_page_hides_the_navigation_and_names_the_unit_and_date(pages, browser_as, live_world):
    from zhuban.ui.formatting import format_date

    today = format_date(timezone.localdate())
    printed = [p for p in pages if p.printed]
    assert {p.slug for p in printed} == {"office", "decision", "dossier", "dashboard", "finding"}
    for persona, own in by_persona(printed):
        page = browser_as(persona)
        page.emulate_media(media="print")
        for p in own:
            open_page(page, live_world.url + p.path)
            assert page.locator("header.top").is_hidden(), p.slug
            assert page.locator("nav").first.is_hidden(), p.slug
            assert page.locator("main form:visible, main .button:visible").count() == 0, p.slug
            heading = page.locator(".print-heading")
            assert heading.is_visible(), p.slug
            assert today in heading.inner_text(), p.slug
            if p.slug == "decision":
                # The decision with its explanation begins a sheet of its own, and stays whole.
                breaks = page.evaluate(
                    "() => [...document.querySelectorAll('#decision-panel, #consolidation-panel')]"
                    ".map(el => getComputedStyle(el).breakBefore)"
                )
                assert breaks == ["page", "page"], breaks
                assert "explanation" in page.inner_html("#decision-panel")
            # Table headers repeat on every sheet.
            heads = page.evaluate(
                "() => [...document.querySelectorAll('main thead')].map(t => getComputedStyle(t).display)"
            )
            assert set(heads) <= {"table-header-group"}, p.slug
        page.emulate_media(media="screen")
        assert page.locator(".print-heading").is_hidden()
    # The city bureau's printed pages say who printed them.
    page = browser_as("city_officer")
    page.emulate_media(media="print")
    page.goto(live_world.url + next(p.path for p in printed if p.slug == "dashboard"))
    assert "咸宁市 · 市机关事务管理局" in page.locator(".print-heading").inner_text()
    assert page.pdf()[:4] == b"%PDF"


MONEY_CELLS = """() => {
  const shape = /^(—|-?\\d{1,3}(,\\d{3})*\\.\\d{2})$/;
  const cells = [...document.querySelectorAll('td.money')].map(td => ({
    text: td.innerText.trim(), align: getComputedStyle(td).textAlign, wrap: getComputedStyle(td).whiteSpace}));
  const headers = [...document.querySelectorAll('th')].filter(th => /（万?元）/.test(th.innerText));
  return {
    cells: cells.length,
    misshapen: cells.filter(c => c.text && !shape.test(c.text)).map(c => c.text),
    unaligned: cells.filter(c => c.align !== 'right' || c.wrap !== 'nowrap').map(c => c.text),
    unmarked_headers: headers.filter(th => !th.classList.contains('money')).map(th => th.innerText),
  };
}"""


def test_money_reads_the_same_in_every_table(pages, browser_as, live_world):
    from zhuban.consolidation.models import Dossier
    from zhuban.consolidation.tests import builders

    builders.obligation(Dossier.objects.order_by("pk").first(), amount="1680000.00")
    seen, faults = 0, {}
    for persona, own in by_persona(pages):
        page = browser_as(persona)
        for p in own:
            open_page(page, live_world.url + p.path)
            found = page.evaluate(MONEY_CELLS)
            seen += found.pop("cells")
            if p.slug == "dossier":
                assert "1,680,000.00" in page.inner_text("main")
            if any(found.values()):
                faults[p.slug] = found
    assert faults == {}
    assert seen > 0
