"""Writing 附表一: the blank template and exports, in the layout imports read back unchanged.

The safe spreadsheet writer (``zhuban.lib.spreadsheet``) does the writing: constant-memory mode,
each row written as it comes, so an export's memory does not grow with the city; every text cell
a string, never a formula, and text a spreadsheet would run as a formula (leading = + - @) marked
with Excel's quote prefix, so even editing the cell keeps it text, and it reads back exactly as
stored. This module only says which value goes in which column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from zhuban.lib import spreadsheet
from zhuban.registry.models import Office
from zhuban.workbook.layout import BY_KEY, COLUMNS, LEVELS, SHEET_NAME, TITLE, UNIT_KINDS

TEMPLATE_ROWS = 1000  # rows of the blank template that carry the drop-down lists
HEADER_ROW = 2  # 0-based: title, 填报单位 line, then the header
LEVEL_LABELS = {code: label for label, code in reversed(LEVELS)}
KIND_LABELS = {code: label for label, code in reversed(UNIT_KINDS)}
# The table's own kinds of column → how the writer stores them.
CELL_KINDS: dict[str, spreadsheet.Kind] = {
    "seq": "int",
    "whole": "int",
    "decimal": "number",
    "date": "date",
    "document": "code",
    "phone": "code",
}


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
    # The table's own text (a format, not UI text): Chinese whatever the UI language.
    line = f"填报单位：{reporting_unit}" if reporting_unit else "填报单位："
    if on_date:
        line += f"　　填报日期：{on_date.year}年{on_date.month}月{on_date.day}日"
    with spreadsheet.WorkbookWriter(target) as book:
        sheet = book.sheet(
            SHEET_NAME,
            _columns(governments, provinces),
            title=TITLE,
            lines=[line],
            freeze_columns=2,
            header_height=32,
            drop_down_rows=TEMPLATE_ROWS,
        )
        assert sheet.header_row == HEADER_ROW
        return sheet.write_rows(_values(rows))


def _columns(governments: Sequence[str], provinces: Sequence[str]) -> list[spreadsheet.Column]:
    lists: dict[str, Sequence[str]] = {c.key: c.drop_down for c in COLUMNS if c.choices}
    lists["government"] = governments
    lists["host_province"] = provinces
    return [
        spreadsheet.Column(
            column.header,
            kind=CELL_KINDS.get(column.kind, "text"),
            width=column.width,
            # Notes are for whoever fills the table in; they follow the UI language of the download.
            note=str(column.note),
            required=column.required,
            choices=tuple(lists.get(column.key, ())),
        )
        for column in COLUMNS
    ]


Value = Callable[[dict[str, Any]], Any]


def _values(rows: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    """Each export row as the table's values in column order (序号 counted here)."""
    readers = _readers()
    for seq, row in enumerate(rows, start=1):
        yield [seq, *(read(row) for read in readers)]


def _readers() -> list[Value]:
    """One reader per column (序号 aside), chosen once, so the row loop does no dispatching."""

    def key(name: str) -> Value:
        return lambda row: row[name]

    def label(name: str, labels: dict[Any, str]) -> Value:
        return lambda row: labels.get(row[name])

    def established(row: dict[str, Any]) -> Any:
        value = row["established_on"]
        if value is not None and row["established_precision"] == Office.DatePrecision.MONTH:
            # Excel has no month-only date: written as text, so 2010年3月 comes back as a month.
            return f"{value.year}年{value.month}月"
        return value

    def entities(row: dict[str, Any]) -> str:
        return "、".join(row["business_entities"] or ())

    special: dict[str, Value] = {
        "sponsor": key("sponsor__name"),
        "sponsor_level": label("jurisdiction__level", LEVEL_LABELS),
        "sponsor_kind": label("sponsor__kind", KIND_LABELS),
        "government": key("jurisdiction__name"),
        "host_province": key("host_province__name"),
        "host_city": key("host_city__name"),
        "established_on": established,
        "business_entities": entities,
    }
    out: list[Value] = []
    for column in COLUMNS:
        if column.key == "seq":
            continue
        if column.key in special:
            out.append(special[column.key])
        elif column.choices:
            out.append(label(column.key, BY_KEY[column.key].export_labels))
        else:
            out.append(key(column.key))
    return out


@dataclass(frozen=True)
class UserExport:
    """附表一 of what a user reads (within a jurisdiction, else all of it), as the export page and
    the background export both give it."""

    offices: Any  # the user's offices in it, through the access chokepoint
    top: Any  # the jurisdiction named as the reporting unit
    on_date: date
    governments: Sequence[str]
    provinces: Sequence[str]

    @property
    def filename(self) -> str:
        return f"附表一_{self.top.name if self.top else ''}_{self.on_date:%Y%m%d}.xlsx"

    def write(self, target: str | IO[bytes], rows: Callable[[Iterator[dict[str, Any]]], Iterable] = iter) -> int:
        """Write it to ``target``; ``rows`` may wrap the stream of rows (to count them as they go)."""
        from zhuban.workbook.queries import export_rows

        return write_registration(
            target,
            rows(export_rows(self.offices)),
            reporting_unit=self.top.name if self.top else "",
            on_date=self.on_date,
            governments=self.governments,
            provinces=self.provinces,
        )


def user_export(user: Any, jurisdiction: Any = None) -> UserExport:
    """``jurisdiction`` must be one the user may export (the caller checked it, e.g. by ExportForm)."""
    from django.utils import timezone

    from zhuban.workbook import queries

    top = jurisdiction or queries.export_jurisdictions_for(user).first()
    governments, provinces = queries.drop_down_lists(top)
    return UserExport(queries.offices_for_export(user, jurisdiction), top, timezone.localdate(), governments, provinces)
