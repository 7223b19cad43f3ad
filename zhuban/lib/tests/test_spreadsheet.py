"""The safe spreadsheet writer, read back the way a user's spreadsheet program reads it."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from zhuban.lib.spreadsheet import Column, Sheet, WorkbookWriter, looks_like_formula, write_workbook

COLUMNS = [
    Column("机构名称", width=30, note="全称", required=True),
    Column("批准文号", kind="code"),
    Column("账面价值（元）", kind="money"),
    Column("设立时间", kind="date"),
    Column("人数", kind="int"),
]


def book_of(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def one_sheet(rows, **options) -> openpyxl.worksheet.worksheet.Worksheet:
    return book_of(write_workbook([Sheet("机构", COLUMNS, rows, **options)]))["机构"]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+8613800000000", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_looks_like_a_formula_stays_text_with_a_quote_prefix(text):
    ws = one_sheet([[text, text, None, None, None]])
    for cell in ws[2][:2]:
        # openpyxl leaves a carriage return in an inline string escaped as Excel stores it (_x000D_).
        assert cell.data_type == "s" and cell.value.replace("_x000D_", "\r") == text and cell.quotePrefix
    assert looks_like_formula(text)


def test_plain_text_is_text_without_a_prefix_and_numbers_in_text_stay_text():
    ws = one_sheet([["通城县驻武汉办事处", "0712", None, None, None]])
    name, document = ws["A2"], ws["B2"]
    assert name.value == "通城县驻武汉办事处" and not name.quotePrefix
    # A code column keeps a leading zero and is formatted as text, so editing it keeps it text.
    assert document.value == "0712" and document.data_type == "s" and document.number_format == "@"


def test_money_dates_and_whole_numbers_have_their_formats():
    ws = one_sheet([["a", "", Decimal("1234567.8"), date(2010, 3, 15), 6]])
    money, day, count = ws["C2"], ws["D2"], ws["E2"]
    assert money.value == 1234567.8 and money.number_format == "#,##0.00"
    assert day.value.date() == date(2010, 3, 15) and day.number_format == "yyyy-mm-dd"
    assert count.value == 6 and count.data_type == "n"
    assert ws["B2"].value is None  # blank stays blank


def test_a_month_only_date_is_written_as_text_in_a_date_column():
    ws = one_sheet([["a", "", None, "2010年3月", None]])
    assert ws["D2"].value == "2010年3月" and ws["D2"].data_type == "s"


def test_the_header_is_frozen_noted_and_repeated_on_every_printed_page():
    ws = one_sheet([["a", "", None, None, None]], title="附表一", lines=["填报单位：通城县"], freeze_columns=1)
    assert ws["A1"].value == "附表一" and "A1:E1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "填报单位：通城县"
    assert [c.value for c in ws[3]] == [c.header for c in COLUMNS]
    assert ws["A3"].font.bold and ws["A3"].comment.text == "全称"
    assert ws.freeze_panes == "B4"
    assert ws.column_dimensions["A"].width == pytest.approx(30, abs=1)
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # One page wide (1 is the file format's default, so it may be left out), any number of pages tall.
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$3:$3"


def test_choices_become_a_drop_down_over_the_written_rows_or_more():
    columns = [Column("处置方式", choices=["撤销", "整合", "保留"])]
    data = io.BytesIO()
    with WorkbookWriter(data) as book:
        sheet = book.sheet("表", columns, drop_down_rows=100)
        sheet.write_rows([["撤销"], ["保留"]])
    (validation,) = book_of(data.getvalue())["表"].data_validations.dataValidation
    assert validation.formula1 == '"撤销,整合,保留"' and str(validation.sqref) == "A2:A101"
    assert validation.errorStyle == "warning"


def test_a_row_of_the_wrong_length_is_refused():
    with WorkbookWriter(io.BytesIO()) as book:
        sheet = book.sheet("表", COLUMNS)
        with pytest.raises(ValueError, match="2 values for 5 columns"):
            sheet.write_row(["a", "b"])


def test_several_sheets_in_one_workbook_keep_their_order():
    data = write_workbook([Sheet("汇总", [Column("项目")], [["a"]]), Sheet("机构", [Column("名称")], [["b"]])])
    assert book_of(data).sheetnames == ["汇总", "机构"]


def test_columns_widen_to_fit_what_they_hold_and_no_further_than_sixty_characters():
    long_name = "咸宁市人民政府驻武汉办事处所属咸宁大厦宾馆有限责任公司"  # 27 characters, 54 widths
    ws = one_sheet(
        [[long_name, "咸政函〔2015〕45号", Decimal("1680000.00"), date(2015, 8, 31), 3], ["x" * 200] + [""] * 4]
    )
    assert ws.column_dimensions["A"].width == pytest.approx(60, abs=1)  # capped: the rest runs on
    assert ws.column_dimensions["C"].width >= len("1,680,000.00")
    assert ws.column_dimensions["B"].width >= 2 * len("咸政函〔2015〕45号") - 6
    ws = one_sheet([["a", "", None, None, 1]])
    assert ws.column_dimensions["A"].width == pytest.approx(30, abs=1)  # a given width is kept when it is enough


def test_a_totals_row_sums_the_money_columns_as_figures_in_bold():
    rows = [
        ["甲", "", Decimal("1680000.00"), None, 2],
        ["乙", "", Decimal("0.50"), None, 3],
        ["丙", "", "不详", None, 1],
    ]
    ws = one_sheet(rows, totals="合计")
    total = [c.value for c in ws[5]]
    assert total[0] == "合计" and total[2] == pytest.approx(1680000.50)
    assert total[4] is None  # a count is not money: not summed
    assert ws["C5"].font.bold and ws["C5"].number_format == "#,##0.00"
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in ws[5])
    assert ws.max_row == 5
