"""From an uploaded file to the rows of 附表一, as read: no database, no validation.

The file (.xlsx, or the old .xls) is checked by ``zhuban.lib.workbook_guard`` before
python-calamine reads it. calamine reads the cells themselves (it ignores a sheet's stored size,
so a sheet claiming one row is still read whole) and returns a formula's cached value, never
evaluating it; formula cells without one are found separately and reported by the checks.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import python_calamine
from django.conf import settings

from zhuban.lib.bounded import Bounded, ChildFailed, LimitExceeded, Send, caused_by_memory
from zhuban.lib.cells import header_key, is_blank, text
from zhuban.lib.table import find_header
from zhuban.lib.workbook_guard import inspect_workbook
from zhuban.lib.xlsx_guard import Limits, WorkbookRejected, formula_cells_without_value
from zhuban.workbook.layout import COLUMNS, FOOTER_PREFIXES, HEADER_ALIASES, HEADERS, REQUIRED, SHEET_NAME, TOTAL_LABELS
from zhuban.workbook.messages import Problem

SCAN_ROWS = 40  # the header is looked for among a sheet's first rows


@dataclass
class SourceRow:
    excel_row: int
    cells: dict[str, Any]  # column key → the value as the reader returned it ("" when empty)
    formulas: dict[str, str] = field(default_factory=dict)  # key → formula, for formulas without a cached value


@dataclass
class SheetData:
    """A sheet's header and its rows. ``rows`` is read lazily, once, so a large table is never
    held in memory whole; it raises ``WorkbookRejected`` past the row limit. ``notices`` grows
    as rows are read (a totals row skipped)."""

    sheet: str
    header_row: int  # Excel row number of the (last) header row
    columns: tuple[str, ...]  # the keys of the columns the file has
    rows: Iterator[SourceRow]
    notices: list[Problem] = field(default_factory=list)
    missing: tuple[str, ...] = ()  # required keys the header lacks
    path: Path | None = None  # where it was read from, to read it again (``rows`` reads once)


def settings_limits() -> Limits:
    return Limits(
        max_bytes=settings.REGISTRATION_MAX_BYTES,
        max_rows=settings.REGISTRATION_MAX_ROWS,
        max_uncompressed=settings.REGISTRATION_MAX_UNCOMPRESSED_BYTES,
        max_merged_cells=settings.REGISTRATION_MAX_MERGED_CELLS,
    )


def read_registration(path: str | Path, *, limits: Limits | None = None) -> SheetData:
    """The 附表一 rows of the workbook at ``path``, read in a child process held to
    ``REGISTRATION_READ_MEMORY_BYTES`` of memory and ``REGISTRATION_READ_SECONDS`` (each step);
    raises ``WorkbookRejected`` when it cannot be read within them. Rows arrive in batches as the
    caller consumes them, so a large table is never held whole on either side."""
    limits = limits or settings_limits()
    memory, seconds = settings.REGISTRATION_READ_MEMORY_BYTES, settings.REGISTRATION_READ_SECONDS
    child = Bounded(_read_in_child, (str(path), limits), memory=memory, seconds=seconds)
    try:
        message = _received(child, memory, seconds)
        if message[0] != "sheet":
            raise WorkbookRejected("corrupt")
    except BaseException:
        child.close()
        raise
    data: SheetData = message[1]
    data.rows = _streamed(child, data, memory, seconds)
    return data


BATCH = 500  # rows per message from the reading process


def _received(child: Bounded, memory: int, seconds: int) -> tuple[Any, ...]:
    """The child's next message; a refusal it sent, or its running out of limits, raised."""
    try:
        message = child.receive()
    except LimitExceeded:
        raise WorkbookRejected("too_heavy", memory_mb=memory // (1024 * 1024), seconds=seconds) from None
    except ChildFailed:
        raise WorkbookRejected("corrupt") from None
    if message[0] == "rejected":
        child.close()
        raise WorkbookRejected(message[1], **message[2])
    return tuple(message)


def _streamed(child: Bounded, data: SheetData, memory: int, seconds: int) -> Iterator[SourceRow]:
    try:
        while (message := _received(child, memory, seconds))[0] == "rows":
            data.notices.extend(message[2])
            yield from message[1]
    finally:
        child.close()


def _read_in_child(send: Send, path: str, limits: Limits) -> None:
    """In the reading process: the sheet, then its rows in batches with the notices they raised."""
    try:
        data = read_unbounded(path, limits=limits)
        send(("sheet", replace(data, rows=iter(()), notices=list(data.notices))))
        told = len(data.notices)
        while batch := list(itertools.islice(data.rows, BATCH)):
            send(("rows", batch, data.notices[told:]))
            told = len(data.notices)
    except WorkbookRejected as exc:
        if exc.code == "corrupt" and caused_by_memory(exc):
            raise MemoryError from exc  # a reader that reports its allocation failing as damage
        send(("rejected", exc.code, exc.params))
        return
    send(("end",))


def read_unbounded(path: str | Path, *, limits: Limits | None = None) -> SheetData:
    """``read_registration`` in this process, with no limit but the guard's: for the reading
    process, and for measuring."""
    limits = limits or settings_limits()
    inspection = inspect_workbook(path, limits)
    if not inspection.sheets:
        raise WorkbookRejected("empty_workbook")
    name, part = _registration_sheet(inspection.sheets)
    try:
        sheet = _workbook(path, inspection.kind).get_sheet_by_name(name)
        merged = sheet.merged_cell_ranges or []
        start = sheet.start
    except (python_calamine.CalamineError, ValueError, OSError):
        raise WorkbookRejected("corrupt") from None
    if start is None:
        raise WorkbookRejected("empty_workbook")
    # iter_rows() yields rows from the sheet's first row but columns from its first used column:
    # put the columns back where Excel has them, so merged ranges and messages line up.
    lines = (_shifted(row, start[1]) for row in sheet.iter_rows())
    top = []
    for row in lines:
        top.append(row)
        if len(top) == SCAN_ROWS:
            break
    if not any(not is_blank(v) for row in top for v in row):
        raise WorkbookRejected("empty_workbook" if sheet.height <= len(top) else "no_header")
    header = find_header(top, HEADER_ALIASES, merged=merged, scan=SCAN_ROWS)
    if header is None or "name" not in header.columns:
        raise WorkbookRejected("no_header")
    formulas = formula_cells_without_value(path, part) if part in inspection.formula_parts else {}
    data = SheetData(
        sheet=name,
        header_row=header.last_row + 1,
        columns=tuple(c.key for c in COLUMNS if c.key in header.columns),
        rows=iter(()),
        missing=tuple(k for k in REQUIRED if k not in header.columns),
        path=Path(path),
    )
    for _col, label in header.unknown:
        data.notices.append(Problem("extra_column", row=header.last_row + 1, column=label))
    for key, _col in header.duplicates:
        data.notices.append(Problem("duplicate_column", row=header.last_row + 1, column=HEADERS[key]))
    below = itertools.chain(enumerate(top), enumerate(lines, start=len(top)))
    data.rows = _source_rows(below, header.columns, header.last_row + 1, formulas, data, limits.max_rows)
    return data


def _workbook(path: str | Path, kind: str) -> python_calamine.CalamineWorkbook:
    # calamine picks its reader by the file's extension; an .xls is read by its content, so one
    # saved under another name (or stored as an upload) is read as what it is.
    if kind == "xls":
        with open(path, "rb") as stream:
            return python_calamine.CalamineWorkbook.from_filelike(stream)
    return python_calamine.CalamineWorkbook.from_path(str(path))


def _shifted(row: list[Any], offset: int) -> list[Any]:
    return [""] * offset + row if offset else row


def _registration_sheet(sheets: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """The sheet named 附表一 (or 附表1), else the first: the template's first sheet is 附表一."""
    for name, part in sheets:
        key = header_key(name)
        if key.startswith(SHEET_NAME) or key.startswith("附表1"):
            return name, part
    return sheets[0]


def _source_rows(lines, columns: dict[str, int], first: int, formulas, data: SheetData, max_rows: int):
    pairs = list(columns.items())
    count = 0
    for index, row in lines:
        if index < first:
            continue
        width = len(row)
        cells = {key: (row[col] if col < width else "") for key, col in pairs}
        if _is_blank_row(cells) and not _has_formula(index, pairs, formulas):
            continue
        excel_row = index + 1
        if _is_footer(row, cells):
            continue
        if text(cells.get("seq")) in TOTAL_LABELS or text(cells.get("name")) in TOTAL_LABELS:
            data.notices.append(Problem("totals_row", row=excel_row))
            continue
        count += 1
        if count > max_rows:
            raise WorkbookRejected("too_many_rows", limit=max_rows)
        found = {key: formulas[(index, col)] for key, col in pairs if (index, col) in formulas} if formulas else {}
        yield SourceRow(excel_row=excel_row, cells=cells, formulas=found)


def _is_blank_row(cells: dict[str, Any]) -> bool:
    """Nothing but perhaps a 序号: templates often come pre-numbered."""
    for key, value in cells.items():
        if key != "seq" and value != "" and value is not None and not is_blank(value):
            return False
    return True


def _has_formula(index: int, pairs, formulas) -> bool:
    """A formula without a cached value reads as blank; such a row is not blank (序号 aside)."""
    return bool(formulas) and any((index, col) in formulas for key, col in pairs if key != "seq")


def _is_footer(row: Sequence[Any], cells: dict[str, Any]) -> bool:
    """The signature block and notes under the table (填表人：… 审核人：… 联系电话：…, 注：…): a
    line that starts with one of those words and names no office."""
    first = next((text(v) for v in row if not is_blank(v)), "")
    if not first.startswith(FOOTER_PREFIXES):
        return False
    name = text(cells.get("name"))
    return not name or name.startswith(FOOTER_PREFIXES)
