"""The inspection journey in a browser: the team leader plans, an inspector records a finding on
a phone-sized screen, the county clerk answers with evidence, the team accepts, and the report
downloaded carries the figures of the page."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from zhuban.inspection.models import Finding
from zhuban.inspection.tests import builders

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_plan_record_on_a_phone_answer_accept_and_download_the_report(browser_as, live_world, tmp_path):
    leader_seat = builders.member("inspector")
    colleague = builders.member("city_officer")
    office = builders.office()

    # The team leader plans the inspection of 通城县's Wuhan office.
    leader = browser_as("inspector")
    leader.goto(f"{live_world.url}/inspection/")
    leader.click("text=制定咸宁市检查计划")
    leader.fill("#id_name", "驻汉机构清理规范检查")
    leader.fill("#id_starts_on", "2015-09-21")
    leader.fill("#id_ends_on", "2015-10-20")
    leader.select_option("#id_leader", str(leader_seat.pk))
    leader.check(f"input[name=members][value='{colleague.pk}']")
    leader.check(f"input[name=offices][value='{office.pk}']")
    leader.click("button.primary")
    expect(leader.locator("h1")).to_contain_text("驻汉机构清理规范检查")
    inspection_url = leader.url

    # On site, on a phone: the inspector opens the office and records what they found.
    leader.set_viewport_size(PHONE)
    leader.click(f"#targets a:has-text('{office.name}')")
    leader.click("#record-finding")
    assert fits_the_screen(leader), "the finding form fits a 390 px screen"
    leader.fill("#id_clause", "二(四)2")
    leader.select_option("#id_severity", "serious")
    leader.fill("#id_description", "所属招待所仍以办事处名义对外经营，未脱钩。")
    leader.fill("#id_deadline_days", "10")
    leader.fill("#id_recorded_on", "2015-09-24")
    photo = tmp_path / "现场照片.pdf"
    photo.write_bytes(builders.PDF)
    leader.set_input_files("#id_attachments", str(photo))
    leader.click("button.primary")
    expect(leader.locator("#finding-status")).to_have_attribute("data-status", "open")
    assert fits_the_screen(leader), "the finding page fits a 390 px screen"
    finding = Finding.objects.get(description__startswith="所属招待所")
    assert finding.body.name == "咸宁市监察局" and finding.evidence.count() == 1

    # The county clerk answers with the rectification and its evidence.
    clerk = browser_as("tongcheng_clerk")
    clerk.goto(f"{live_world.url}/inspection/")
    clerk.click(f"[data-finding='{finding.pk}'] a")
    clerk.click("#rectify")
    clerk.fill("#id_text", "已与招待所签订脱钩协议，产权移交县机关事务管理局。")
    clerk.fill("#id_answered_on", "2015-09-30")
    agreement = tmp_path / "脱钩协议.pdf"
    agreement.write_bytes(builders.PDF)
    clerk.set_input_files("#id_attachments", str(agreement))
    clerk.click("button.primary")
    expect(clerk.locator("#finding-status")).to_have_attribute("data-status", "answered")
    expect(clerk.locator("#evidence")).to_contain_text("脱钩协议.pdf")

    # The team accepts: the finding closes.
    leader.goto(f"{live_world.url}{finding.get_absolute_url()}")
    leader.click("#review")
    leader.check("input[name=decision][value=accept]")
    leader.fill("#id_on", "2015-10-08")
    leader.click("button.primary")
    expect(leader.locator("#finding-status")).to_have_attribute("data-status", "closed")

    # The report: its figures on the page, and the same in the downloaded document and annex.
    leader.set_viewport_size({"width": 1280, "height": 900})
    leader.goto(inspection_url)
    leader.click("text=检查报告")
    total = leader.locator("#figures tr.total td").all_inner_texts()
    assert total[:6] == ["合计", "1", "0", "0", "0", "1"]
    with leader.expect_download() as download:
        leader.click("#docx")
    doc = Document(io.BytesIO(download.value.path().read_bytes()))
    assert [c.text for c in doc.tables[0].rows[-1].cells] == total
    with leader.expect_download() as download:
        leader.click("#xlsx")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(book["汇总"].iter_rows(values_only=True))
    assert [str(v) for v in rows[-1]] == total


def test_the_plan_form_the_checklist_the_findings_and_the_case_pages_fit_a_phone(browser_as, live_world):
    """Each page the team uses on site: nothing wider than a 390 px screen, so no sideways scroll."""
    inspector = builders.ensure_persona("inspector")
    f = builders.finding()
    builders.services.checklist_prefill(actor=inspector, inspection=f.inspection, as_of=builders.ON)
    case = builders.case(builders.Case.Status.OPEN)
    # A scanner's file name: one long word a phone cannot wrap at a space.
    scan = "scan_2015-09-24_tongcheng_wuhan_liaison_office_interview_record_signed_final_v2.pdf"
    builders.services.case_note_add(
        actor=inspector, case=case, text="询问笔录：原班人马仍在办公。", file=builders.pdf(scan)
    )
    builders.services.finding_rectify(
        actor=builders.ensure_persona("tongcheng_clerk"),
        finding=f,
        text="已签订脱钩协议，see https://example.org/tongcheng/liaison-office/decoupling-agreement-2015-09-30-signed.pdf",
        answered_on=builders.date(2015, 9, 30),
        files=[builders.pdf(scan)],
    )
    page = browser_as("inspector")
    page.set_viewport_size(PHONE)
    pages = {
        "the plan form": f"/inspection/plan/{builders.city().pk}/",
        "the plan's edit form": f"/inspection/{f.inspection_id}/edit/",
        "the checklist": f.target.get_absolute_url(),
        "the finding list": "/inspection/findings/",
        "a finding": f.get_absolute_url(),
        "the case list": "/inspection/cases/",
        "the case file": case.get_absolute_url(),
    }
    wide = {}
    for what, path in pages.items():
        response = page.goto(f"{live_world.url}{path}")
        assert response is not None and response.status == 200, what
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[what] = width
    assert wide == {}, f"wider than {PHONE['width']} px: {wide}"
