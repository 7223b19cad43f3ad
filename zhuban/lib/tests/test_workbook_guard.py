"""The old .xls passes the same gate as an .xlsx: refused before any reader touches it when a
cell lies beyond the bounds, the workbook is encrypted, or the file is no workbook at all."""

from __future__ import annotations

import io

import olefile
import pytest
import xlwt

from zhuban.lib.workbook_guard import inspect_workbook
from zhuban.lib.xlsx_guard import Limits, WorkbookRejected
from zhuban.testing import xlsx_files as files

WINDOWPROTECT = b"\x19\x00\x02\x00"  # a two-byte record xlwt always writes in the globals
FILEPASS = b"\x2f\x00\x02\x00"


def xls(
    cells: dict[tuple[int, int], object] | None = None, *, sheets: tuple[str, ...] = ("附表一",), merged=0
) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    for n, name in enumerate(sheets):
        sheet = book.add_sheet(name)
        if n == 0:
            for (row, column), value in (cells or {(0, 0): "机构名称", (1, 0): "驻武汉办事处"}).items():
                sheet.write(row, column, value)
            for i in range(merged):
                sheet.merge(100 + i * 2, 100 + i * 2, 0, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_workbook_stream(data: bytes, change) -> bytes:
    """The file with its Workbook stream changed in place (same length; xlwt writes it contiguously)."""
    with olefile.OleFileIO(data) as ole:
        stream = ole.openstream("Workbook").read()
    changed = change(stream)
    assert len(changed) == len(stream) and stream in data
    return data.replace(stream, changed)


def rejected(data: bytes, limits: Limits | None = None) -> str:
    with pytest.raises(WorkbookRejected) as caught:
        inspect_workbook(io.BytesIO(data), limits)
    return caught.value.code


def test_an_old_excel_workbook_is_described_with_its_sheets_in_order():
    inspection = inspect_workbook(io.BytesIO(xls(sheets=("附表一", "说明"))))
    assert inspection.kind == "xls"
    assert [name for name, _part in inspection.sheets] == ["附表一", "说明"]


def test_an_xlsx_goes_through_the_xlsx_checks():
    assert inspect_workbook(io.BytesIO(files.simple_workbook())).kind == "xlsx"
    assert rejected(files.zip_bomb(50)) == "bomb"


@pytest.mark.parametrize(
    ("cells", "why"),
    [
        ({(0, 0): "机构名称", (60_000, 0): 1}, "a row far below the table"),
        ({(0, 0): "机构名称", (0, 200): 1}, "a column far to the right"),
        ({(0, 0): "机构名称", (0, 100): ""}, "an empty but styled cell far to the right"),
    ],
    ids=["far-row", "far-column", "far-blank"],
)
def test_a_cell_beyond_the_bounds_is_refused_before_reading(cells, why):
    assert rejected(xls(cells)) == "out_of_bounds", why


def test_too_many_merged_ranges_are_refused():
    assert rejected(xls(merged=30), Limits(max_merged_cells=20)) == "too_many_merged_cells"


def test_a_password_protected_xls_is_refused_as_encrypted():
    data = xls()
    locked = with_workbook_stream(data, lambda s: s.replace(WINDOWPROTECT, FILEPASS, 1))
    assert rejected(locked) == "encrypted"
    assert rejected(files.encrypted_workbook()) == "encrypted"


@pytest.mark.parametrize(
    "data",
    [files.old_excel(), xls()[:1200], xls()[:600] + b"\x00" * 5000],
    ids=["not-a-compound-file", "truncated", "zeroed"],
)
def test_a_broken_xls_is_refused_as_damaged(data):
    assert rejected(data) in {"corrupt", "not_xlsx"}


def test_a_large_xls_is_refused_by_its_size():
    assert rejected(xls(), Limits(max_bytes=1000)) == "too_large"
