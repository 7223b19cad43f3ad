"""Typed text and dates are read one way, whether they come from a form or a 附表一 cell."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhuban.lib import cells, normalise
from zhuban.lib.cells import CellError

INVISIBLE = sorted(normalise.INVISIBLE)
# Text with invisible characters sprinkled anywhere in it: what a copy from a web page, a PDF or
# a chat window brings along, and what an attacker types to make two names look the same.
hostile = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(INVISIBLE)), max_size=12).map("".join)


@pytest.mark.parametrize(
    "char",
    ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
    + ["\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u2060", "\u3000", "\u00a0", "\u00ad"],
)
def test_every_zero_width_bidi_and_full_width_space_character_is_removed_from_a_name(char):
    assert normalise.text(f"{char}通城县{char}人民政府驻武汉办事处{char}") == "通城县人民政府驻武汉办事处"


def test_ordinary_spaces_inside_a_value_are_kept_and_its_ends_trimmed():
    assert normalise.text("  Room 1205, Block A \n") == "Room 1205, Block A"


@given(hostile)
def test_a_normalised_name_has_no_invisible_character_and_no_space_at_its_ends(value):
    read = normalise.text(value)
    assert not normalise.INVISIBLE & set(read)
    assert read == read.strip()
    assert normalise.text(read) == read  # reading twice changes nothing (an export re-imports)


@given(hostile)
def test_a_cell_and_a_form_read_the_same_text(value):
    assert cells.text(value) == normalise.text(value)
    assert cells.paragraph(value) == normalise.paragraph(value)
    assert cells.is_blank(value) == normalise.is_blank(value)


@given(hostile)
def test_running_text_loses_what_hides_or_reorders_but_keeps_its_spaces_between_words(value):
    read = normalise.paragraph(value)
    assert not (normalise.INVISIBLE - {"\u3000", "\u00a0"}) & set(read)
    assert read == read.strip() and normalise.paragraph(read) == read
    assert normalise.text(read) == normalise.text(value)  # only spaces differ from a name's reading


@pytest.mark.parametrize(
    "raw",
    [
        "咸政函[2003]12号",
        "咸政函［2003］12号",
        "咸政函【2003】12号",
        "咸政函(2003)12号",
        "咸政函（2003）12号",
        "咸政函〔２００３〕12号",
        "咸政函[ 2003 ]12号",
        " 咸政函\u200b[2003]12号\u202e",
        "咸政函\u3000〔2003〕12号",
    ],
)
def test_a_document_numbers_year_gets_the_official_brackets_however_it_was_typed(raw):
    assert normalise.document_number(raw) == "咸政函〔2003〕12号"
    assert cells.document_number(raw) == "咸政函〔2003〕12号"


@given(hostile)
def test_document_numbers_read_the_same_in_a_cell_and_a_form_and_reading_twice_changes_nothing(value):
    once = normalise.document_number(value)
    assert cells.document_number(value) == once
    assert normalise.document_number(once) == once


@pytest.mark.parametrize(
    "raw",
    [
        "0001-01-01",
        "9999-12-31",
        "1899-12-31",
        "2100-01-01",
        "0001年1月",
        date(1, 1, 1),
        datetime(9999, 12, 31, tzinfo=UTC),
    ],
)
def test_an_import_refuses_a_date_outside_the_years_a_form_accepts(raw):
    with pytest.raises(CellError) as exc:
        cells.calendar_date(raw)
    assert exc.value.code == "date_range"
    assert exc.value.params == {"earliest": 1900, "latest": 2099}


@pytest.mark.parametrize("raw", ["1900-01-01", "2099-12-31", "1992年6月", date(2015, 7, 20)])
def test_dates_at_the_edges_of_the_bounds_are_read(raw):
    read = cells.calendar_date(raw)
    assert read is not None and normalise.date_in_bounds(read[0])
