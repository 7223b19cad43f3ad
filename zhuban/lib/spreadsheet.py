"""One safe way to write a spreadsheet (.xlsx) over xlsxwriter. Framework-free: it takes plain
rows and columns; headers arrive translated.

Safety: every text value is written as a string, never as a formula, number or link
(xlsxwriter's ``strings_to_*`` options are off), and text that a spreadsheet would run as a
formula once someone edits the cell or re-saves it as CSV (a leading = + - @, tab or carriage
return) also gets Excel's hidden quote prefix: shown as typed, never evaluated, and read back
exactly as stored.

Layout: an optional title row (merged across the columns) and lines under it, one header row
(bold, wrapped, framed; a note on a header becomes a cell comment), the header frozen, money as
``#,##0.00``, dates as real date cells, column widths that fit what the column holds (the
header's width at least, 60 characters at most), an optional totals row that sums the money
columns (as figures, never formulas), and print setup: A4 landscape, fit to the page width, the
header repeated on every printed page.

Memory: ``WorkbookWriter`` writes in xlsxwriter's constant-memory mode by default, each row
flushed as it is written, so an export of 20,000 rows takes no more memory than one of 20.
Rows must therefore be written top to bottom, one sheet after another.

    with WorkbookWriter(target) as book:
        sheet = book.sheet("机构", [Column("机构名称", width=30), Column("账面价值（元）", kind="money")])
        sheet.write_row(["通城县驻武汉办事处", Decimal("1200.50")])

    data = write_workbook([Sheet("汇总", columns, rows)])  # -> bytes
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import IO, Any, Literal

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

# A text cell that begins with one of these is read as a formula by a spreadsheet.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = "#EEF1F4"
REQUIRED_FILL = "#FCE4D6"
PAPER_A4 = 9  # xlsxwriter's paper code

# Significant digits an Excel number holds exactly; a longer amount is written as text.
EXACT_DIGITS = 15
# A fitted column is at most this wide (in characters); longer text runs on into the next cell.
MAX_FIT_WIDTH = 60
DATE_WIDTH = 12
Kind = Literal["text", "code", "money", "number", "int", "date"]


def shown_width(value: Any) -> int:
    """About how many character widths a value takes in its cell: a Chinese (full-width)
    character two, anything else one; money as it is shown (1,680,000.00)."""
    if isinstance(value, (date, datetime)):
        return DATE_WIDTH
    if isinstance(value, (Decimal, float)):
        text = f"{value:,.2f}"
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
    else:
        text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would take ``text`` for a formula (=1+1, +86…, -5, @SUM, a tab)."""
    return text.startswith(FORMULA_LEADS)


@dataclass(frozen=True)
class Column:
    """One column. ``kind``: ``text``; ``code`` (text kept as text when edited: phone and document
    numbers); ``money`` (#,##0.00; an amount of more than 15 significant digits, which Excel
    cannot hold as a number, is its exact text, right-aligned); ``number`` (whole numbers as they are, a ``Decimal`` as
    #,##0.00); ``int``; ``date`` (a date cell). A ``str`` value in
    any column is written as guarded text (a month-only date such as 2010年3月). ``width`` in
    characters (from the header when omitted); ``note`` becomes a comment on the header;
    ``required`` highlights the header; ``choices`` become a drop-down list (a warning, not a stop)."""

    header: str
    kind: Kind = "text"
    width: float | None = None
    note: str = ""
    required: bool = False
    choices: Sequence[str] = ()

    @property
    def display_width(self) -> float:
        if self.width is not None:
            return self.width
        return max(10, min(40, len(self.header) * 2 + 2))


@dataclass
class Sheet:
    """A whole sheet for ``write_workbook``: its name, columns and rows (sequences of values)."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]] = ()
    title: str = ""
    lines: Sequence[str] = ()
    freeze_columns: int = 0
    header_height: float | None = None
    drop_down_rows: int = 0
    totals: str = ""  # the label of a totals row under the rows ("合计"): money columns summed


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook, date_format: str) -> None:
        framed = {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1}
        self.title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
        self.header = book.add_format({**framed, "bg_color": HEADER_FILL})
        self.required = book.add_format({**framed, "bg_color": REQUIRED_FILL})
        self.money = book.add_format({"num_format": MONEY_FORMAT})
        self.total_label = book.add_format({"bold": True, "top": 1})
        self.total_money = book.add_format({"bold": True, "top": 1, "num_format": MONEY_FORMAT})
        self.date = book.add_format({"num_format": date_format})
        self.code = book.add_format({"num_format": "@"})
        self.quoted = book.add_format({"quote_prefix": True, "num_format": "@"})
        self.exact = book.add_format({"num_format": "@", "align": "right"})


Writer = Callable[[int, int, Any], None]


class SheetWriter:
    """Rows of one sheet, written top to bottom. ``worksheet`` is xlsxwriter's, for what this
    module does not cover (use it only for cells and settings that do not break the guard)."""

    def __init__(
        self,
        worksheet: Worksheet,
        formats: _Formats,
        columns: Sequence[Column],
        *,
        title: str = "",
        lines: Sequence[str] = (),
        freeze_columns: int = 0,
        header_height: float | None = None,
        drop_down_rows: int = 0,
    ) -> None:
        self.worksheet = worksheet
        self.columns = list(columns)
        self._formats = formats
        self._drop_down_rows = drop_down_rows
        self._closed = False
        ws = worksheet
        row = 0
        if title:
            if len(self.columns) > 1:
                ws.merge_range(0, 0, 0, len(self.columns) - 1, title, formats.title)
            else:
                ws.write_string(0, 0, title, formats.title)
            row += 1
        for line in lines:
            self._text(row, 0, line)
            row += 1
        self.header_row = row
        for index, column in enumerate(self.columns):
            ws.set_column(index, index, column.display_width)
        # Widened at close to what the rows hold (xlsxwriter writes the widths last, even when
        # rows are flushed as they come).
        self._widths = [0] * len(self.columns)
        self._money = [i for i, column in enumerate(self.columns) if column.kind == "money"]
        self._sums: dict[int, Decimal] = dict.fromkeys(self._money, Decimal(0))
        if header_height is not None:
            ws.set_row(row, header_height)
        for index, column in enumerate(self.columns):
            ws.write_string(row, index, column.header, formats.required if column.required else formats.header)
            if column.note:
                ws.write_comment(row, index, column.note, {"x_scale": 1.6, "y_scale": 0.8})
        ws.freeze_panes(row + 1, freeze_columns)
        ws.set_landscape()
        ws.set_paper(PAPER_A4)
        ws.fit_to_pages(1, 0)  # as wide as one page, as many pages down as it takes
        ws.repeat_rows(row)
        self.rows_written = 0
        # One writer per column, chosen once, so the row loop does no dispatching by kind.
        self._writers = [self._writer(column.kind) for column in self.columns]

    def _text(self, r: int, c: int, value: str, fmt: Format | None = None) -> None:
        if looks_like_formula(value):
            self.worksheet.write_string(r, c, value, self._formats.quoted)
        else:
            self.worksheet.write_string(r, c, value, fmt)

    def _writer(self, kind: Kind) -> Writer:
        ws, formats, text = self.worksheet, self._formats, self._text

        def as_text(r: int, c: int, value: Any) -> None:
            text(r, c, value if isinstance(value, str) else str(value))

        def as_code(r: int, c: int, value: Any) -> None:
            text(r, c, value if isinstance(value, str) else str(value), formats.code)

        def numeric(fmt: Format | None, decimal_fmt: Format | None) -> Writer:
            def write(r: int, c: int, value: Any) -> None:
                if isinstance(value, str):
                    text(r, c, value)
                elif isinstance(value, bool):
                    raise TypeError("a yes/no value is text: give its label")
                elif isinstance(value, Decimal):
                    if len(value.as_tuple().digits) > EXACT_DIGITS:
                        # Excel keeps 15 significant digits of a number: 12345678901234.56 would
                        # show as 12345678901234.60. Such an amount is written as its exact text.
                        ws.write_string(r, c, format(value, "f"), formats.exact)
                    else:
                        ws.write_number(r, c, float(value), decimal_fmt)
                else:
                    ws.write_number(r, c, value, fmt)

            return write

        def as_date(r: int, c: int, value: Any) -> None:
            if isinstance(value, str):
                text(r, c, value)
            elif isinstance(value, datetime):
                ws.write_datetime(r, c, value.replace(tzinfo=None), formats.date)
            elif isinstance(value, date):
                ws.write_datetime(r, c, value, formats.date)
            else:
                raise TypeError(f"not a date: {value!r}")

        writers: dict[Kind, Writer] = {
            "text": as_text,
            "code": as_code,
            "money": numeric(formats.money, formats.money),
            "number": numeric(None, formats.money),
            "int": numeric(None, None),
            "date": as_date,
        }
        return writers[kind]

    def write_row(self, values: Sequence[Any]) -> None:
        """The next row; ``None`` or ``""`` leaves a cell blank."""
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        self.rows_written += 1
        r = self.header_row + self.rows_written
        widths = self._widths
        for c, (write, value) in enumerate(zip(self._writers, values, strict=True)):
            if value is not None and value != "":
                write(r, c, value)
                widths[c] = max(widths[c], shown_width(value))
        for c in self._money:
            value = values[c]
            if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
                self._sums[c] += value

    def write_totals(self, label: str) -> None:
        """A bold row under the rows: ``label`` in the first column, each money column's sum."""
        self.rows_written += 1
        r = self.header_row + self.rows_written
        ws, formats = self.worksheet, self._formats
        ws.write_string(r, 0, label, formats.total_label)
        for c in range(1, len(self.columns)):
            if c in self._sums:
                total = self._sums[c]
                ws.write_number(r, c, float(total), formats.total_money)
                self._widths[c] = max(self._widths[c], shown_width(total))
            else:
                ws.write_blank(r, c, None, formats.total_label)

    def write_rows(self, rows: Iterable[Sequence[Any]]) -> int:
        for values in rows:
            self.write_row(values)
        return self.rows_written

    def close(self) -> None:
        """Adds the drop-down lists (on every written row, and at least ``drop_down_rows``)."""
        if self._closed:
            return
        self._closed = True
        for index, (column, width) in enumerate(zip(self.columns, self._widths, strict=True)):
            fitted = min(width + 2, MAX_FIT_WIDTH)
            if fitted > column.display_width:
                self.worksheet.set_column(index, index, fitted)
        first = self.header_row + 1
        last = self.header_row + max(self.rows_written, self._drop_down_rows, 1)
        for index, column in enumerate(self.columns):
            if not column.choices or len(",".join(column.choices)) > 255:  # Excel's limit for an inline list
                continue
            self.worksheet.data_validation(
                first, index, last, index, {"validate": "list", "source": list(column.choices), "error_type": "warning"}
            )


class WorkbookWriter:
    """A workbook written to ``target`` (a path or a binary stream) as its sheets are added."""

    def __init__(
        self, target: str | IO[bytes], *, constant_memory: bool = True, date_format: str = DATE_FORMAT
    ) -> None:
        self.book = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": constant_memory,
                # Belt and braces: nothing is ever turned from a string into a formula, number or link.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self._formats = _Formats(self.book, date_format)
        self._current: SheetWriter | None = None

    def sheet(
        self,
        name: str,
        columns: Sequence[Column],
        *,
        title: str = "",
        lines: Sequence[str] = (),
        freeze_columns: int = 0,
        header_height: float | None = None,
        drop_down_rows: int = 0,
    ) -> SheetWriter:
        """A new sheet: title row (merged) if given, then ``lines``, then the header row."""
        if self._current is not None:
            self._current.close()
        self._current = SheetWriter(
            self.book.add_worksheet(name),
            self._formats,
            columns,
            title=title,
            lines=lines,
            freeze_columns=freeze_columns,
            header_height=header_height,
            drop_down_rows=drop_down_rows,
        )
        return self._current

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
        self.book.close()

    def __enter__(self) -> WorkbookWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def write_workbook(sheets: Iterable[Sheet], *, date_format: str = DATE_FORMAT) -> bytes:
    """A whole workbook, in memory, for exports small enough to hold (a report's annex)."""
    out = io.BytesIO()
    with WorkbookWriter(out, date_format=date_format) as book:
        for spec in sheets:
            sheet = book.sheet(
                spec.name,
                spec.columns,
                title=spec.title,
                lines=spec.lines,
                freeze_columns=spec.freeze_columns,
                header_height=spec.header_height,
                drop_down_rows=spec.drop_down_rows,
            )
            sheet.write_rows(spec.rows)
            if spec.totals:
                sheet.write_totals(spec.totals)
    return out.getvalue()
