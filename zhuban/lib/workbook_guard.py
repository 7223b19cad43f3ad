"""One gate for every workbook a clerk uploads: .xlsx (Excel's or WPS's) and the old .xls.
Framework-free.

An .xlsx goes to ``xlsx_guard.inspect_xlsx``. An .xls (Excel 97–2003, BIFF8) is an OLE2 compound
file holding one ``Workbook`` stream of records; it is not compressed, so the file's size bounds
what a reader loads, but a reader still stores a sheet as the rectangle its cells span. So,
before python-calamine reads it, every record of the stream is walked:

1. an encryption record (FILEPASS), or an encrypted .xlsx (an OLE2 file too), is refused;
2. every cell's row and column are held to the same bounds as an .xlsx's;
3. merged ranges are counted against the same limit;
4. the sheet list comes from the BOUNDSHEET records.

Each refusal is the same ``WorkbookRejected`` with the same codes as for an .xlsx.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import BinaryIO

import olefile

from zhuban.lib.xlsx_guard import (
    ENCRYPTION_STREAM,
    OLE2_MAGIC,
    Inspection,
    Limits,
    WorkbookRejected,
    _opened,
    inspect_xlsx,
)

BOF, EOF, FILEPASS, BOUNDSHEET, MERGEDCELLS = 0x0809, 0x000A, 0x002F, 0x0085, 0x00E5
BOF_WORKSHEET = 0x0010
# Records that start with the cell's row and column (u16 each).
CELL_RECORDS = frozenset({0x0203, 0x00FD, 0x027E, 0x0201, 0x0205, 0x0006, 0x0204, 0x00D6})
# MULRK and MULBLANK: row, first column, …, last column (the record's last two bytes).
MULTI_CELL_RECORDS = frozenset({0x00BD, 0x00BE})


def inspect_workbook(source: str | Path | BinaryIO, limits: Limits | None = None) -> Inspection:
    """Check ``source`` (a path or a seekable binary stream), .xlsx or .xls; raise
    ``WorkbookRejected`` or describe it."""
    limits = limits or Limits()
    with _opened(source) as stream:
        head = stream.read(8)
        stream.seek(0)
        if not head.startswith(OLE2_MAGIC):
            return inspect_xlsx(stream, limits)
        size = stream.seek(0, os.SEEK_END)
        stream.seek(0)
        if size > limits.max_bytes:
            raise WorkbookRejected("too_large", size=size, limit=limits.max_bytes)
        data = stream.read()
        stream.seek(0)
    if ENCRYPTION_STREAM in data:
        raise WorkbookRejected("encrypted")
    return _inspect_xls(data, limits)


def _inspect_xls(data: bytes, limits: Limits) -> Inspection:
    try:
        ole = olefile.OleFileIO(data)
    except (OSError, ValueError, IndexError, struct.error):
        raise WorkbookRejected("corrupt") from None
    with ole:
        if ole.exists("EncryptionInfo"):
            raise WorkbookRejected("encrypted")
        if not ole.exists("Workbook"):
            # "Book" is Excel 5.0/95 (BIFF5), which the reader cannot be trusted with; else not a workbook.
            raise WorkbookRejected("xls_old" if ole.exists("Book") else "not_xlsx")
        try:
            stream = ole.openstream("Workbook").read()
        except (OSError, ValueError, IndexError, struct.error):
            raise WorkbookRejected("corrupt") from None
    return Inspection(sheets=_walk_records(stream, limits), formula_parts=frozenset(), kind="xls")


def _walk_records(stream: bytes, limits: Limits) -> tuple[tuple[str, str], ...]:
    max_row = limits.max_rows + limits.title_rows
    sheets: list[tuple[str, str]] = []
    merged = 0
    pos, end = 0, len(stream)
    while pos + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if len(body) < length:
            raise WorkbookRejected("corrupt")
        if kind == FILEPASS:
            raise WorkbookRejected("encrypted")
        if kind == BOUNDSHEET and length >= 8:
            if body[5] == 0:  # a worksheet (not a chart or a macro sheet)
                sheets.append((_sheet_name(body), f"sheet{len(sheets) + 1}"))
        elif kind in CELL_RECORDS and length >= 4:
            row, column = struct.unpack_from("<HH", body)
            _within(row, column, max_row, limits)
        elif kind in MULTI_CELL_RECORDS and length >= 6:
            row = struct.unpack_from("<H", body)[0]
            last = struct.unpack_from("<H", body, length - 2)[0]
            _within(row, last, max_row, limits)
        elif kind == MERGEDCELLS and length >= 2:
            merged += struct.unpack_from("<H", body)[0]
            if merged > limits.max_merged_cells:
                raise WorkbookRejected("too_many_merged_cells", limit=limits.max_merged_cells)
    return tuple(sheets)


def _within(row: int, column: int, max_row: int, limits: Limits) -> None:
    if row >= max_row or column >= limits.max_columns:
        raise WorkbookRejected("out_of_bounds", rows=limits.max_rows, columns=limits.max_columns)


def _sheet_name(body: bytes) -> str:
    """BOUNDSHEET: position (4), visibility (1), type (1), then a short string: length in
    characters (1), a flag whose bit 0 says UTF-16LE rather than Latin-1 (1), the characters."""
    count, flags = body[6], body[7]
    raw = body[8 : 8 + count * (2 if flags & 1 else 1)]
    return raw.decode("utf-16-le" if flags & 1 else "latin-1", errors="replace")
