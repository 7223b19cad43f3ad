"""Cell values as counties type them into 附表一 (REGISTRATION.md), read into exact values."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from zhuban.lib import cells
from zhuban.lib.cells import CellError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１２", Decimal(12)),
        ("1,200", Decimal(1200)),
        ("1 200", Decimal(1200)),
        ("１，２００．５", Decimal("1200.5")),
        (" 120.5平方米 ", Decimal("120.5")),
        ("120.5 ㎡", Decimal("120.5")),
        ("35万元", Decimal(35)),
        (120.5, Decimal("120.5")),
        (7, Decimal(7)),
        ("", None),
        (None, None),
        ("—", None),
    ],
)
def test_numbers_accept_full_width_digits_separators_and_the_headers_unit(raw, expected):
    units = ("平方米", "㎡", "万元")
    assert cells.decimal(raw, units=units) == expected


@pytest.mark.parametrize("raw", ["十二", "1,2", "12 3", "1.2.3", "abc", True, float("nan"), "12吨"])
def test_a_value_that_is_not_a_number_is_refused(raw):
    with pytest.raises(CellError) as exc:
        cells.decimal(raw, units=("平方米",))
    assert exc.value.code == "number"


def test_negative_numbers_are_refused():
    with pytest.raises(CellError) as exc:
        cells.decimal("-3")
    assert exc.value.code == "negative"


def test_whole_numbers_accept_units_and_integral_floats_but_not_fractions():
    assert cells.whole_number("3辆", units=("辆",)) == 3
    assert cells.whole_number(3.0) == 3
    assert cells.whole_number("１２人", units=("人",)) == 12
    with pytest.raises(CellError) as exc:
        cells.whole_number("3.5")
    assert exc.value.code == "whole_number"


def test_float_noise_from_a_formula_is_rounded_but_a_longer_value_is_kept_for_the_field_to_refuse():
    assert cells.quantize_float(cells.decimal(0.1 + 0.2), 2) == Decimal("0.30")
    assert cells.quantize_float(Decimal("1.234"), 2) == Decimal("1.234")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2010-03-15", (date(2010, 3, 15), "day")),
        ("2010/3/15", (date(2010, 3, 15), "day")),
        ("2010.3.15", (date(2010, 3, 15), "day")),
        ("2010年3月15日", (date(2010, 3, 15), "day")),
        ("２０１０年３月１５日", (date(2010, 3, 15), "day")),
        ("2010年3月", (date(2010, 3, 1), "month")),
        ("2010-03", (date(2010, 3, 1), "month")),
        ("20100315", (date(2010, 3, 15), "day")),
        ("2010-03-15 00:00:00", (date(2010, 3, 15), "day")),
        (date(2010, 3, 15), (date(2010, 3, 15), "day")),
        (datetime(2010, 3, 15, 0, 0), (date(2010, 3, 15), "day")),  # noqa: DTZ001 - cells carry no time zone
        (40252.0, (date(2010, 3, 15), "day")),  # an Excel serial number
        (20100315, (date(2010, 3, 15), "day")),
        ("", None),
    ],
)
def test_every_listed_date_form_is_read(raw, expected):
    assert cells.calendar_date(raw) == expected


@pytest.mark.parametrize("raw", ["2010-02-30", "2010年13月", "去年", "2010", 2010, 1.5, "15/03/2010"])
def test_a_value_that_is_not_a_date_is_refused(raw):
    with pytest.raises(CellError) as exc:
        cells.calendar_date(raw)
    assert exc.value.code == "date"


@pytest.mark.parametrize("raw", ["是", " 是 ", "√", "Y", "y", "有", True, 1, "TRUE"])
def test_yes_variants(raw):
    assert cells.yes_no(raw) is True


@pytest.mark.parametrize("raw", ["否", "×", "N", "无", "", None, False, 0, "　"])
def test_no_variants_and_blank_are_no(raw):
    assert cells.yes_no(raw) is False


def test_an_unknown_yes_no_value_is_refused():
    with pytest.raises(CellError) as exc:
        cells.yes_no("也许")
    assert exc.value.code == "yes_no"


def test_choices_are_compared_without_spaces_and_with_full_width_folded():
    table = cells.choice_table({"市级": "city", "县（市、区）级": "county"})
    assert cells.choice(" 县(市、区)级 ", table) == "county"
    assert cells.choice("市　级", table) == "city"
    assert cells.choice("", table) is None
    with pytest.raises(CellError):
        cells.choice("省级", table)


@pytest.mark.parametrize(
    "raw", ["咸政函[2003]12号", "咸政函（2003）12号", "咸政函(2003)12号", "咸政函〔２００３〕12号"]
)
def test_document_numbers_get_the_official_brackets(raw):
    assert cells.document_number(raw) == "咸政函〔2003〕12号"


def test_text_is_trimmed_and_full_width_spaces_removed_and_numbers_keep_their_digits():
    assert cells.text("\u3000通城县 人民政府\u3000 ") == "通城县 人民政府"
    assert cells.text(13800000000.0) == "13800000000"
    assert cells.text(None) == ""


def test_name_lists_split_on_enumeration_commas_and_semicolons():
    assert cells.name_list("通城宾馆、通城招待所；通城公司; 通城宾馆") == ["通城宾馆", "通城招待所", "通城公司"]


def test_headers_compare_without_line_breaks_stars_or_full_width_brackets():
    assert cells.header_key("*房产建筑面积\n(平方米)") == cells.header_key("房产建筑面积（平方米）")
