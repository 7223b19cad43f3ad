"""The official-document builder, opened the way Word opens it."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from zhuban.lib.official_doc import NB_HYPHEN, NBSP, TABLE_SIZE, OfficialDocument, keep_figures_together, text_width


def built() -> DocxDocument:
    doc = OfficialDocument()
    doc.title("通城县清理规范驻省会城市办事机构精简整合专项工作报告")
    doc.addressee("市机关事务管理局：")
    doc.paragraph("根据实施方案的要求，现将工作情况报告如下。")
    doc.heading("一、资产处置情况")
    doc.table(
        ["资产类别", "数量", "账面价值（元）"],
        [["车辆", "1", "120,000.00"], ["房屋", "2", "2,100,000.00"]],
        totals=["合计", "3", "2,220,000.00"],
        numeric=[1, 2],
    )
    doc.paragraphs("县政府成立工作专班。\n\n  人员分流平稳有序。  ")
    doc.signature("通城县人民政府", "2015年8月31日")
    return Document(io.BytesIO(doc.to_bytes()))


def east_asian_font(paragraph) -> str:
    return paragraph.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_parts_are_in_the_official_layout():
    doc = built()
    paragraphs = [p for p in doc.paragraphs if p.text]
    title, addressee, body, heading = paragraphs[:4]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(title) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    assert addressee.text == "市机关事务管理局：" and addressee.paragraph_format.first_line_indent is None
    assert east_asian_font(body) == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32 and body.paragraph_format.line_spacing.pt == 28
    assert east_asian_font(heading) == "黑体"
    assert [p.text for p in paragraphs[4:6]] == ["县政府成立工作专班。", "人员分流平稳有序。"]
    unit, day = paragraphs[-2:]
    assert (unit.text, day.text) == ("通城县人民政府", "2015年8月31日")
    assert unit.alignment == day.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_the_footer_numbers_each_page_between_dashes_odd_pages_right_even_pages_left():
    doc = built()
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer in (odd, even):
        xml = footer._p.xml
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in footer._p.iter(qn("w:instrText")))
        assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"') == 1
        assert footer.runs[0].font.size.pt == 14 and east_asian_font(footer) == "宋体"
    # GB/T 9704: 单页码居右空一字，双页码居左空一字.
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and odd.paragraph_format.right_indent.pt == 14
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT and even.paragraph_format.left_indent.pt == 14
    # The number sits 7 mm under the text.
    assert round(section.bottom_margin.mm - section.footer_distance.mm - Pt(14).mm) == 7


def test_the_document_number_stands_above_the_title_over_the_red_line():
    doc = OfficialDocument()
    doc.document_number("咸机管文〔2015〕12号")
    doc.title("关于……的通知")
    sent_up = OfficialDocument()
    sent_up.document_number("通政文〔2015〕8号", signer="张三")
    sent_up.title("通城县……专项工作报告")
    for data, text in ((doc, "咸机管文〔2015〕12号"), (sent_up, "通政文〔2015〕8号\t签发人：张三")):
        number, *_rest = [p for p in Document(io.BytesIO(data.to_bytes())).paragraphs if p.text]
        assert number.text == text
        bottom = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
        assert bottom.get(qn("w:color")) == "C00000"
    centred = [p for p in Document(io.BytesIO(doc.to_bytes())).paragraphs if p.text][0]
    assert centred.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_the_signature_is_kept_with_the_paragraph_before_it_the_date_four_characters_in():
    doc = built()
    paragraphs = doc.paragraphs
    day = paragraphs[-1]
    unit = paragraphs[-2]
    blank = paragraphs[-3]
    before = paragraphs[-4]
    assert before.text == "人员分流平稳有序。"
    assert before.paragraph_format.keep_with_next and blank.paragraph_format.keep_with_next
    assert unit.paragraph_format.keep_with_next
    assert day.paragraph_format.right_indent.pt == 4 * 16
    # The unit is centred over the date: its right indent is the date's plus half the difference.
    gap = text_width("2015年8月31日", Pt(16)) - text_width("通城县人民政府", Pt(16))
    assert abs(unit.paragraph_format.right_indent - (day.paragraph_format.right_indent + gap // 2)) < Pt(1)
    # A unit longer than the date moves both in.
    long = OfficialDocument()
    long.paragraph("特此报告。")
    long.signature("通城县清理规范驻省会城市办事机构工作领导小组", "2015年8月31日")
    unit, day = Document(io.BytesIO(long.to_bytes())).paragraphs[-2:]
    assert unit.paragraph_format.right_indent.pt == 2 * 16 < day.paragraph_format.right_indent.pt


def test_a_heading_is_never_the_last_line_of_a_page():
    heading = next(p for p in built().paragraphs if p.text == "一、资产处置情况")
    assert heading.paragraph_format.keep_with_next


def test_a_table_has_its_totals_row_and_numbers_that_never_wrap():
    (table,) = built().tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["资产类别", "数量", "账面价值（元）"] and rows[-1] == ["合计", "3", "2,220,000.00"]
    assert all(run.font.bold for run in table.rows[-1].cells[0].paragraphs[0].runs)
    assert not any(run.font.bold for run in table.rows[1].cells[0].paragraphs[0].runs)
    for row in table.rows[1:]:
        name, *numbers = row.cells
        assert name._tc.tcPr is None or name._tc.tcPr.find(qn("w:noWrap")) is None
        for cell in numbers:
            assert cell._tc.tcPr.find(qn("w:noWrap")) is not None
            assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # The header row repeats on each page the table runs over.
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_figures_in_running_text_are_kept_on_one_line():
    assert keep_figures_together("账面价值1 200 000.00元，2015-08-31处置") == (
        f"账面价值1{NBSP}200{NBSP}000.00元，2015{NB_HYPHEN}08{NB_HYPHEN}31处置"
    )
    assert keep_figures_together("共 3 项") == "共 3 项"  # a space beside a number is not inside it


def test_number_columns_are_wide_enough_for_their_longest_figure_and_the_table_fills_the_line():
    (table,) = built().tables
    widths = [cell.width for cell in table.rows[-1].cells]
    assert widths[2] >= text_width("2,220,000.00", TABLE_SIZE, bold=True)
    assert widths[1] >= text_width("数量", TABLE_SIZE)
    page = built().sections[0]
    line = page.page_width - page.left_margin - page.right_margin
    assert abs(sum(widths) - line) < Pt(2)
    assert [c.width for c in table.columns] == widths
