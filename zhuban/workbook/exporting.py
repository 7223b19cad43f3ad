"""Writing 附表一: the blank template and exports, in the layout imports read back unchanged.

xlsxwriter in constant-memory mode writes each row as it comes, so an export's memory does not
grow with the city. Every text cell is written as a string, never as a formula; text a
spreadsheet would run as a formula (leading = + - @) is also marked with Excel's quote prefix, so
even editing the cell keeps it text, and it reads back exactly as stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import IO, Any

import xlsxwriter

from zhuban.registry.models import Office
from zhuban.workbook.layout import BY_KEY, COLUMNS, LEVELS, SHEET_NAME, TITLE, UNIT_KINDS

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEMPLATE_ROWS = 1000  # rows of the blank template that carry the drop-down lists
HEADER_ROW = 2  # 0-based: title, 填报单位 line, then the header
LEVEL_LABELS = {code: label for label, code in reversed(LEVELS)}
KIND_LABELS = {code: label for label, code in reversed(UNIT_KINDS)}
DATE_FORMAT = "yyyy-mm-dd"


def write_registration(
    target: str | IO[bytes],
    rows: Iterable[dict[str, Any]] = (),
    *,
    reporting_unit: str = "",
    on_date: date | None = None,
    governments: Sequence[str] = (),
    provinces: Sequence[str] = (),
) -> int:
    """Write 附表一 to ``target`` (a path or a binary stream); return the number of office rows.

    ``rows`` are ``zhuban.workbook.queries.export_rows`` dicts; none gives the blank template.
    ``governments`` and ``provinces`` fill the drop-down lists of those columns.
    """
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            # Belt and braces: write() must never turn a string into a formula, number or link.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    formats = _Formats(workbook)
    sheet = workbook.add_worksheet(SHEET_NAME)
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, column.width)
    sheet.freeze_panes(HEADER_ROW + 1, 2)
    sheet.merge_range(0, 0, 0, len(COLUMNS) - 1, TITLE, formats.title)
    line = f"填报单位：{reporting_unit}" if reporting_unit else "填报单位："
    if on_date:
        line += f"　　填报日期：{on_date.year}年{on_date.month}月{on_date.day}日"
    sheet.write_string(1, 0, line)
    _header(sheet, formats)
    writers = _writers(sheet, formats)
    count = 0
    for count, row in enumerate(rows, start=1):
        r = HEADER_ROW + count
        sheet.write_number(r, 0, count)
        for col, write in writers:
            write(r, col, row)
    _drop_downs(sheet, max(count, TEMPLATE_ROWS), governments, provinces)
    workbook.close()
    return count


class _Formats:
    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.title = workbook.add_format({"bold": True, "font_size": 14, "align": "center"})
        self.header = workbook.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
                "border": 1,
                "bg_color": "#EEF1F4",
            }
        )
        self.required = workbook.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "align": "center",
                "valign": "vcenter",
                "border": 1,
                "bg_color": "#FCE4D6",
            }
        )
        self.date = workbook.add_format({"num_format": DATE_FORMAT})
        self.text = workbook.add_format({"num_format": "@"})
        self.quoted = workbook.add_format({"quote_prefix": True, "num_format": "@"})


def _header(sheet, formats: _Formats) -> None:
    sheet.set_row(HEADER_ROW, 32)
    # Notes are for whoever fills the table in; they follow the UI language of the download.
    for index, column in enumerate(COLUMNS):
        sheet.write_string(HEADER_ROW, index, column.header, formats.required if column.required else formats.header)
        if column.note:
            sheet.write_comment(HEADER_ROW, index, str(column.note), {"x_scale": 1.6, "y_scale": 0.8})


def _drop_downs(sheet, rows: int, governments: Sequence[str], provinces: Sequence[str]) -> None:
    first, last = HEADER_ROW + 1, HEADER_ROW + rows
    lists = {c.key: c.drop_down for c in COLUMNS if c.choices}
    lists["government"] = list(governments)
    lists["host_province"] = list(provinces)
    for index, column in enumerate(COLUMNS):
        source = lists.get(column.key)
        if not source or len(",".join(source)) > 255:  # Excel's limit for an inline list
            continue
        # A warning, not a stop: the import also accepts variants (湖南 for 湖南省, 县（市、区）级).
        sheet.data_validation(
            first, index, last, index, {"validate": "list", "source": source, "error_type": "warning"}
        )


Writer = Callable[[int, int, dict[str, Any]], None]


def _writers(sheet, formats: _Formats) -> list[tuple[int, Writer]]:
    """One writer per column (序号 aside), chosen once, so the row loop does no dispatching."""

    def text(key: str, fmt=None) -> Writer:
        def write(r: int, c: int, row: dict[str, Any]) -> None:
            value = row[key]
            if value:
                if value.startswith(FORMULA_TRIGGERS):
                    sheet.write_string(r, c, value, formats.quoted)
                else:
                    sheet.write_string(r, c, value, fmt)

        return write

    def number(key: str) -> Writer:
        def write(r: int, c: int, row: dict[str, Any]) -> None:
            value = row[key]
            if value is not None:
                sheet.write_number(r, c, float(value) if isinstance(value, Decimal) else value)

        return write

    def label(key: str, labels: dict[Any, str]) -> Writer:
        def write(r: int, c: int, row: dict[str, Any]) -> None:
            value = labels.get(row[key])
            if value:
                sheet.write_string(r, c, value)

        return write

    def established(r: int, c: int, row: dict[str, Any]) -> None:
        value = row["established_on"]
        if row["established_precision"] == Office.DatePrecision.MONTH:
            # Excel has no month-only date: written as text, so 2010年3月 comes back as a month.
            sheet.write_string(r, c, f"{value.year}年{value.month}月")
        else:
            sheet.write_datetime(r, c, value, formats.date)

    def entities(r: int, c: int, row: dict[str, Any]) -> None:
        if row["business_entities"]:
            text_value = "、".join(row["business_entities"])
            sheet.write_string(r, c, text_value, formats.quoted if text_value.startswith(FORMULA_TRIGGERS) else None)

    special: dict[str, Writer] = {
        "sponsor": text("sponsor__name"),
        "sponsor_level": label("jurisdiction__level", LEVEL_LABELS),
        "sponsor_kind": label("sponsor__kind", KIND_LABELS),
        "government": text("jurisdiction__name"),
        "host_province": text("host_province__name"),
        "host_city": text("host_city__name"),
        "established_on": established,
        "business_entities": entities,
        "contact_phone": text("contact_phone", formats.text),
        "approval_document": text("approval_document", formats.text),
    }
    out: list[tuple[int, Writer]] = []
    for index, column in enumerate(COLUMNS):
        if column.key == "seq":
            continue
        if column.key in special:
            out.append((index, special[column.key]))
        elif column.choices:
            out.append((index, label(column.key, BY_KEY[column.key].export_labels)))
        elif column.kind in ("whole", "decimal"):
            out.append((index, number(column.key)))
        else:
            out.append((index, text(column.key)))
    return out
