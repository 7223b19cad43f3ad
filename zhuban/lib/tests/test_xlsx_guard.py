"""The guard refuses hostile and broken files before any reader parses them, and quickly."""

from __future__ import annotations

import io
import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhuban.lib import xlsx_guard
from zhuban.lib.xlsx_guard import Limits, WorkbookRejected, column_letters, inspect_xlsx
from zhuban.testing import xlsx_files as files


def rejected(data: bytes, limits: Limits | None = None) -> str:
    started = time.perf_counter()
    with pytest.raises(WorkbookRejected) as exc:
        inspect_xlsx(io.BytesIO(data), limits)
    assert time.perf_counter() - started < 2, "structural attacks must be refused within 2 s"
    return exc.value.code


def test_a_plain_workbook_passes_and_its_sheets_are_listed():
    inspection = inspect_xlsx(io.BytesIO(files.simple_workbook()))
    assert inspection.sheets == (("附表一", "xl/worksheets/sheet1.xml"),)
    assert inspection.formula_parts == frozenset()


def test_the_guard_reads_a_path_as_well_as_a_stream(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(files.simple_workbook())
    assert inspect_xlsx(path).sheets[0][0] == "附表一"


def test_a_zip_bomb_is_refused_by_its_compression_ratio_and_stays_small_on_disk():
    bomb = files.zip_bomb(100)
    assert len(bomb) < 500_000
    assert rejected(bomb) == "bomb"


def test_a_zip_bomb_is_refused_by_its_total_size_even_under_the_ratio():
    assert rejected(files.zip_bomb(20), Limits(max_uncompressed=10 * 1024 * 1024, max_ratio=10**6)) == "bomb"


def test_an_entry_that_inflates_beyond_what_the_directory_declares_is_refused():
    assert rejected(files.lying_zip()) == "bomb"


def test_a_long_shared_string_named_by_every_cell_is_refused_before_a_reader_copies_it():
    bomb = files.shared_string_bomb()
    assert len(bomb) < 1_000_000
    assert rejected(bomb) == "bomb"


def test_shared_strings_are_counted_cell_by_cell_when_the_quick_bound_is_not_enough():
    strings = ["长" * 100] + [f"短{i}" for i in range(1000)]
    references = list(range(1, 1001)) + [0]  # the long string is named once
    limits = Limits(max_uncompressed=200_000)  # 1001 references × ~300 bytes exceeds it; the real total does not
    inspect_xlsx(io.BytesIO(files.with_shared_strings(strings, references)), limits)
    assert rejected(files.with_shared_strings(strings, [0] * 1001), limits) == "bomb"


@pytest.mark.parametrize("spelling", ["t='s'", 't = "s"', 't="s"  s="1"'])
def test_shared_string_references_are_counted_however_the_markup_spells_them(spelling):
    strings = ["长" * 100] + [f"短{i}" for i in range(1000)]
    limits = Limits(max_uncompressed=200_000)
    bomb = files.with_shared_strings(strings, [0] * 1001, spelling=spelling)
    assert rejected(bomb, limits) == "bomb"
    inspect_xlsx(io.BytesIO(files.with_shared_strings(strings, [*range(1, 1001), 0], spelling=spelling)), limits)


def test_too_many_entries_are_refused():
    assert rejected(files.many_entries(2_000)) == "too_many_entries"


def test_an_entity_bomb_is_refused_without_expanding_anything():
    assert rejected(files.entity_bomb()) == "entity"


def test_an_external_entity_is_refused():
    assert rejected(files.external_entity()) == "entity"


def test_a_part_in_another_encoding_is_refused():
    assert rejected(files.utf16_part()) == "encoding"


@pytest.mark.parametrize("ref", ["XFD300000", "xfd3", "A1048576", "BM1", "A50001000"])
def test_a_cell_far_beyond_the_bounds_is_refused_before_a_reader_allocates_for_it(ref):
    assert rejected(files.far_away_cell(ref)) == "out_of_bounds"


def test_cells_within_the_bounds_pass():
    inspect_xlsx(io.BytesIO(files.far_away_cell("BL51000")))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (files.old_excel(), "xls"),
        (files.encrypted_workbook(), "encrypted"),
        (files.csv_renamed(), "csv"),
        (bytes(range(256)) * 4, "not_xlsx"),
        (files.not_a_spreadsheet_zip(), "not_xlsx"),
        (files.macro_workbook(), "xlsm"),
        (files.truncated(files.simple_workbook()), "corrupt"),
    ],
    ids=["empty", "xls", "encrypted", "csv", "binary", "other-zip", "xlsm", "truncated"],
)
def test_files_that_are_not_xlsx_workbooks_are_named_for_what_they_are(data, code):
    assert rejected(data) == code


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened():
    assert rejected(files.simple_workbook(), Limits(max_bytes=100)) == "too_large"


def test_formula_cells_without_a_cached_value_are_found():
    sheet = files.sheet_xml([["机构名称", "实有人数"], ["a", 1]]).replace(
        b'<c r="B2"><v>1</v></c>', b'<c r="B2"><f>SUM(1,2)</f></c><c r="C2"><f>1+1</f><v>2</v></c>'
    )
    data = files.package(sheet)
    inspection = inspect_xlsx(io.BytesIO(data))
    assert inspection.formula_parts == {"xl/worksheets/sheet1.xml"}
    found = xlsx_guard.formula_cells_without_value(io.BytesIO(data), "xl/worksheets/sheet1.xml")
    assert found == {(1, 1): "=SUM(1,2)"}


def test_column_letters():
    assert [column_letters(n) for n in (1, 26, 27, 64, 16384)] == ["A", "Z", "AA", "BL", "XFD"]


@given(bound=st.integers(min_value=1, max_value=10**7), value=st.integers(min_value=0, max_value=10**8))
def test_the_row_bound_pattern_matches_exactly_the_numbers_above_the_bound(bound, value):
    pattern = re.compile(xlsx_guard._above(str(bound), "0123456789"))
    assert bool(pattern.fullmatch(str(value))) == (value > bound)


@given(bound=st.integers(min_value=1, max_value=16384), value=st.integers(min_value=1, max_value=20000))
def test_the_column_bound_pattern_matches_exactly_the_columns_beyond_the_bound(bound, value):
    pattern = re.compile(xlsx_guard._above(column_letters(bound), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", fold_case=True))
    letters = column_letters(value)
    assert bool(pattern.fullmatch(letters)) == (value > bound)
    assert bool(pattern.fullmatch(letters.lower())) == (value > bound)


def test_openpyxl_is_only_used_with_defusedxml_installed():
    # openpyxl expands entities unless defusedxml is installed; the tests build files with it.
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


# ---- Implicit positions: rows and cells without an ``r`` attribute ------------------------------


@pytest.mark.parametrize(
    "build",
    [
        files.implicit_rows,
        files.implicit_cells,
        files.far_cell_after_implicit_ones,
        files.char_ref_encoded,
        lambda: files.char_ref_encoded("A1", row="&#49;048576"),
        lambda: files.char_ref_encoded("&#x58;&#x46;&#x44;1", row="1"),
        files.lying_dimension,
        files.wide_then_deep,
    ],
    ids=[
        "implicit-rows",
        "implicit-cells",
        "far-after-implicit",
        "charref-cell",
        "charref-row",
        "hex-charref",
        "dim",
        "wide-then-deep",
    ],
)
def test_cells_and_rows_without_a_reference_are_counted_where_they_fall(build):
    data = build()
    assert len(data) < 100_000, "each is a small file"
    assert rejected(data) == "out_of_bounds"


def test_rows_and_cells_without_a_reference_within_the_bounds_pass():
    inspect_xlsx(io.BytesIO(files.raw_sheet("<row><c><v>1</v></c><c><v>2</v></c></row>" * 1_000)))
    inspect_xlsx(io.BytesIO(files.raw_sheet('<row r="2">' + "<c><v>1</v></c>" * 64 + "</row>")))


def test_a_row_reference_that_jumps_beyond_the_bounds_after_implicit_rows_is_refused():
    assert rejected(files.raw_sheet("<row><c/></row>" * 10 + '<row r="99999999"><c><v>1</v></c></row>')) == (
        "out_of_bounds"
    )


def test_a_cell_reference_that_is_not_a_reference_is_refused():
    assert rejected(files.raw_sheet('<row r="2"><c r="2B"><v>1</v></c></row>')) == "corrupt"


# ---- Merged ranges ------------------------------------------------------------------------------


def test_a_million_merged_ranges_are_refused_quickly():
    assert rejected(files.many_merged_cells(1_000_000)) == "too_many_merged_cells"


def test_merged_ranges_under_the_limit_pass():
    inspect_xlsx(io.BytesIO(files.many_merged_cells(100)), Limits(max_merged_cells=100))
    assert rejected(files.many_merged_cells(101), Limits(max_merged_cells=100)) == "too_many_merged_cells"
