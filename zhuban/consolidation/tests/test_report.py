"""The consolidation report (专项工作报告): a Word document in the official layout and an Excel
annex, whose figures are the data's, opened here the way a reader opens them."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn

from zhuban.consolidation import services
from zhuban.consolidation.models import Disposal, Dossier, Placement
from zhuban.consolidation.tests import builders
from zhuban.org.models import Jurisdiction
from zhuban.registry import services as registry
from zhuban.registry.models import Asset, Office, StaffMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(city_officer, as_persona):
    """通城县's Wuhan office closed (its car auctioned below appraisal with approval); 崇阳县's
    in progress (car scrapped, two people placed); 赤壁市's building gone without a disposal."""
    tongcheng = builders.dossier_for()
    car = tongcheng.office.assets.get(category="vehicle")
    services.asset_dispose(
        actor=city_officer,
        asset=car,
        disposal_type="paid_transfer",
        channel="auction",
        receiver="武汉某拍卖公司买受人",
        appraisal_value=Decimal("120000"),
        price=Decimal("98000"),
        below_appraisal_approval="通国资〔2015〕10号",
        approval_document="通国资〔2015〕9号",
        disposed_on=builders.ON,
    )
    builders.complete(tongcheng)
    services.dossier_close(actor=city_officer, dossier=tongcheng, closed_on=builders.ON)

    chongyang = builders.dossier_for("崇阳县人民政府驻武汉联络处")
    services.asset_dispose(
        actor=city_officer,
        asset=chongyang.office.assets.get(),
        disposal_type="scrap",
        price=Decimal("3000"),
        approval_document="崇国资〔2015〕2号",
        disposed_on=builders.ON,
    )
    staff = list(chongyang.office.staff.order_by("id"))
    services.staff_place(actor=city_officer, staff=staff[0], destination="retired", placed_on=builders.ON)
    services.staff_place(
        actor=city_officer, staff=staff[1], destination="transferred", unit_name="崇阳县招商局", placed_on=builders.ON
    )
    services.quota_recovery_record(
        actor=city_officer,
        dossier=chongyang,
        posts_recovered=3,
        confirmed_by="崇阳县编办",
        document_number="崇编〔2015〕4号",
        confirmed_on=builders.ON,
        difference_reason="1名编制随人员划转",
    )
    chibi = Office.objects.get(name="赤壁市人民政府驻武汉办事处")
    Asset.objects.filter(office=chibi).update(status="disposed")
    return {"tongcheng": tongcheng, "chongyang": chongyang, "chibi": chibi}


def docx_of(response) -> WordDocument:
    assert response.status_code == 200
    return Document(io.BytesIO(b"".join(response.streaming_content)))


def xlsx_of(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def table_with(doc, first_header: str) -> list[list[str]]:
    for table in doc.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows[0][0] == first_header:
            return rows
    raise AssertionError(f"no table headed {first_header}")


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


def city():
    return Jurisdiction.objects.get(name="咸宁市")


def test_the_city_reports_figures_equal_to_the_data(campaign, as_persona):
    response = as_persona("city_officer").get(reverse("consolidation:report_docx", args=[city().pk]))
    doc = docx_of(response)
    text = "\n".join(p.text for p in doc.paragraphs)

    # Offices before and after, per jurisdiction.
    offices = Office.objects.all()
    assert f"清理前共有驻外办事机构{offices.count()}个" in text
    revoked, merged = offices.filter(status="revoked").count(), offices.filter(status="merged").count()
    assert (revoked, merged) == (1, 0)
    assert f"已撤销{revoked}个、已整合{merged}个，尚在办理1个。目前仍在运行{offices.count() - 1}个" in text
    office_rows = table_with(doc, "行政区划")
    tongcheng_row = next(r for r in office_rows if r[0] == "通城县")
    assert tongcheng_row == ["通城县", "3", "1", "0", "2"]

    # Posts recovered.
    under = offices.filter(dossier__isnull=False)
    quota = sum(o.staffing_quota for o in under)
    assert f"核定编制共{quota}名，经编办确认已收回{6 + 3}名" in text

    # Assets by type and method, with book and realised values.
    expected: dict[tuple[str, str], list] = defaultdict(lambda: [0, Decimal("0"), Decimal("0")])
    for d in Disposal.objects.select_related("asset"):
        method = d.get_disposal_type_display() + (f"（{d.get_channel_display()}）" if d.channel else "")
        row = expected[(d.asset.get_category_display(), method)]
        row[0] += 1
        row[1] += d.book_value
        row[2] += d.price or Decimal("0")
    asset_rows = table_with(doc, "资产类别")
    assert {(r[0], r[1]): [r[2], r[3], r[4]] for r in asset_rows[1:-1]} == {
        k: [str(n), money(book), money(realised)] for k, (n, book, realised) in expected.items()
    }
    assert ("车辆", "有偿转让（拍卖）") in expected and ("车辆", "报废") in expected
    total = asset_rows[-1]
    assert total[2] == str(Disposal.objects.count())
    assert total[3] == money(sum(d.book_value for d in Disposal.objects.all()))
    assert total[4] == money(Decimal("98000") + Decimal("3000"))

    # Every asset loss is named.
    assert "发现国有资产流失1项" in text and "赤壁宾馆附楼" in text

    # Staff by destination.
    staff_rows = dict((r[0], r[1]) for r in table_with(doc, "安置去向")[1:])
    placed = Counter(p.get_destination_display() for p in Placement.objects.all())
    assert staff_rows == {label: str(placed.get(label, 0)) for label in dict(Placement.Destination.choices).values()}
    total_staff = StaffMember.objects.filter(office__in=under).count()
    assert (
        f"共有工作人员{total_staff}人，已安置{sum(placed.values())}人，尚未安置{total_staff - sum(placed.values())}人"
        in text
    )


def test_the_annex_lists_every_office_asset_and_person(campaign, as_persona):
    book = xlsx_of(as_persona("city_officer").get(reverse("consolidation:report_xlsx", args=[city().pk])))
    assert book.sheetnames == ["汇总", "机构", "资产", "人员", "款项"]

    offices = list(book["机构"].iter_rows(min_row=2, values_only=True))
    assert len(offices) == Office.objects.count()
    tongcheng = next(r for r in offices if r[1] == builders.TONGCHENG_WUHAN)
    assert tongcheng[6] == "撤销" and tongcheng[8] == "已办结" and tongcheng[10] == "已撤销" and tongcheng[11] == 6

    *assets, total = book["资产"].iter_rows(min_row=2, values_only=True)
    under = Asset.objects.filter(office__dossier__isnull=False)
    assert len(assets) == under.count() + 1  # and the lost building of 赤壁市
    assert sum(Decimal(str(r[5])) for r in assets) == sum(a.book_value for a in under) + Decimal("2100000")
    # The sheet ends with its totals: each money column summed.
    assert total[0] == "合计" and Decimal(str(total[5])) == sum(Decimal(str(r[5])) for r in assets)
    lost = [r for r in assets if r[14] == "是"]
    assert [r[3] for r in lost] == ["赤壁宾馆附楼"]
    car = next(r for r in assets if r[4] == "鄂L·C3321")
    assert car[6:11] == ("有偿转让", "拍卖", "武汉某拍卖公司买受人", 120000, 98000) and car[11] == "通国资〔2015〕10号"

    people = list(book["人员"].iter_rows(min_row=2, values_only=True))
    assert len(people) == StaffMember.objects.filter(office__dossier__isnull=False).count()
    assert sum(1 for r in people if r[5] == "未安置") == 2

    summary = dict(book["汇总"].iter_rows(min_row=2, values_only=True))
    assert summary["已撤销"] == 1 and summary["收回编制数"] == 9 and summary["国有资产流失（项）"] == 1


def tongcheng_report(clerk, text: str, **fields: str):
    """通城县's report as its clerk writes the narrative (signed by the county government on
    2015-08-31) and downloads it."""
    tongcheng = Jurisdiction.objects.get(name="通城县")
    values = {"text": text, "issuing_unit": "通城县人民政府", "report_date": "2015-08-31", **fields}
    response = clerk.post(reverse("consolidation:report_edit", args=[tongcheng.pk]), values)
    assert response.status_code == 302
    return docx_of(clerk.get(reverse("consolidation:report_docx", args=[tongcheng.pk])))


def test_the_report_is_an_official_document(campaign, as_persona):
    doc = tongcheng_report(as_persona("tongcheng_clerk"), "县政府成立工作专班。\n=人员分流平稳有序。")
    paragraphs = [p for p in doc.paragraphs if p.text]
    title, addressee = paragraphs[0], paragraphs[1]
    assert title.text == "通城县清理规范驻省会城市办事机构精简整合专项工作报告"
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    assert addressee.text == "市机关事务管理局："
    body = next(p for p in paragraphs if p.text.startswith("根据"))
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.runs[0].font.size.pt == 16 and body.paragraph_format.first_line_indent.pt == 32
    texts = [p.text for p in paragraphs]
    assert "县政府成立工作专班。" in texts and "=人员分流平稳有序。" in texts
    assert texts[-2:] == ["通城县人民政府", "2015年8月31日"]
    # Only 通城县's own figures: one office revoked, 6 posts.
    assert "已撤销1个" in "".join(texts) and "已收回6名" in "".join(texts)


def test_the_city_bureau_reports_the_whole_city_to_the_city_government(campaign, as_persona):
    doc = docx_of(as_persona("city_officer").get(reverse("consolidation:report_docx", args=[city().pk])))
    paragraphs = [p.text for p in doc.paragraphs if p.text]
    assert paragraphs[1] == "市人民政府：" and paragraphs[-2] == "咸宁市机关事务管理局"


def test_a_cell_that_looks_like_a_formula_stays_text(as_persona, city_officer):
    dossier = builders.dossier_for()
    registry.staff_add(
        actor=city_officer,
        office=dossier.office,
        values={"name": '=HYPERLINK("http://x","y")', "employment": "local_hire"},
    )
    book = xlsx_of(
        as_persona("tongcheng_clerk").get(reverse("consolidation:report_xlsx", args=[dossier.office.jurisdiction.pk]))
    )
    cell = next(row[2] for row in book["人员"].iter_rows(min_row=2) if str(row[2].value).startswith("="))
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","y")' and cell.quotePrefix


def test_reports_are_read_only_within_scope(campaign, as_persona):
    tongcheng = Jurisdiction.objects.get(name="通城县")
    for name in ("report", "report_docx", "report_xlsx"):
        assert (
            as_persona("chongyang_clerk").get(reverse(f"consolidation:{name}", args=[tongcheng.pk])).status_code == 404
        )
        # A department clerk sees their own unit's records, never the whole city's.
        assert as_persona("zhaoshang_clerk").get(reverse(f"consolidation:{name}", args=[city().pk])).status_code == 404
        assert as_persona("tongcheng_clerk").get(reverse(f"consolidation:{name}", args=[city().pk])).status_code == 404
    edit = reverse("consolidation:report_edit", args=[tongcheng.pk])
    assert as_persona("inspector").post(edit, {"text": "x"}).status_code == 403


def test_the_results_page_shows_what_the_city_sees(campaign, as_persona):
    response = as_persona("city_officer").get(reverse("consolidation:results"))
    figures = response.context["figures"]
    assert (figures.offices_before, figures.offices_revoked, figures.offices_after) == (
        Office.objects.count(),
        1,
        Office.objects.count() - 1,
    )
    assert figures.posts_recovered == 9 and figures.assets_disposed == Disposal.objects.count()
    rows = {r.dossier.office.name: r for r in response.context["rows"]}
    open_row = rows["崇阳县人民政府驻武汉联络处"]
    assert open_row.dossier.status == Dossier.Status.OPEN
    assert any(b.code == "staff_unplaced" for b in open_row.blockers)
    assert rows[builders.TONGCHENG_WUHAN].blockers == []
    assert [a.description for a in figures.losses] == ["赤壁宾馆附楼"]


def test_submitting_the_report_reports_the_campaigns_submission_once(as_persona):
    from django.urls import reverse

    from zhuban.campaign.models import SubmissionEvent
    from zhuban.org.models import Jurisdiction

    tongcheng = Jurisdiction.objects.get(name="通城县")
    events = SubmissionEvent.objects.filter(
        submission__jurisdiction=tongcheng, submission__requirement__code="consolidation_report"
    )
    events.delete()  # a county that has not reported yet (the demo's 2015 history says otherwise)
    url = reverse("consolidation:report_submit", args=[tongcheng.pk])
    assert as_persona("chongyang_clerk").post(url).status_code == 404
    assert as_persona("inspector").post(url).status_code == 403
    clerk = as_persona("tongcheng_clerk")
    assert clerk.post(url).status_code == 302
    clerk.post(url)
    submitted = events.filter(kind="submitted")
    assert submitted.count() == 1 and "专项工作报告" in submitted.get().document


def test_dates_in_the_report_and_on_the_pages_follow_the_chosen_language(campaign, as_persona):
    from django.conf import settings

    clerk = as_persona("tongcheng_clerk")
    tongcheng = Jurisdiction.objects.get(name="通城县")
    clerk.post(
        reverse("consolidation:report_edit", args=[tongcheng.pk]),
        {"text": "", "issuing_unit": "通城县人民政府", "report_date": "2015-08-31"},
    )
    dossier_page = reverse("consolidation:dossier_detail", args=[campaign["tongcheng"].pk])
    assert "咸政函〔2015〕45号（2015年8月10日）" in clerk.get(dossier_page).content.decode()

    clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    doc = docx_of(clerk.get(reverse("consolidation:report_docx", args=[tongcheng.pk])))
    assert [p.text for p in doc.paragraphs if p.text][-1] == "31 Aug 2015"
    page = clerk.get(dossier_page).content.decode()
    assert "咸政函〔2015〕45号（10 Aug 2015）" in page and "2015年8月10日" not in page


def test_the_reports_number_and_signer_stand_above_its_title_and_its_date_at_the_foot(campaign, as_persona):
    clerk = as_persona("tongcheng_clerk")
    doc = tongcheng_report(clerk, "县政府成立工作专班。", document_number="通政文[2015]12号", signer="张三")
    paragraphs = [p for p in doc.paragraphs if p.text]
    number, title = paragraphs[0], paragraphs[1]
    assert number.text == "通政文〔2015〕12号\t签发人：张三"  # the year's brackets as the form stores them
    assert number._p.pPr.find(qn("w:pBdr")) is not None  # over the red line
    assert title.text == "通城县清理规范驻省会城市办事机构精简整合专项工作报告"
    unit, day = paragraphs[-2:]
    assert (unit.text, day.text) == ("通城县人民政府", "2015年8月31日")
    assert day.paragraph_format.right_indent.pt == 64 and unit.paragraph_format.keep_with_next
    # Every page is numbered, "— 1 —".
    assert doc.sections[0].footer.paragraphs[0].text == "— 1 —"
