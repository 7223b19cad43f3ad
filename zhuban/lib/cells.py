"""Reading the values counties type into 附表一 cells. Framework-free and pure.

Each reader takes a cell as a spreadsheet reader returns it (str, int, float, bool, date,
datetime) and returns the normalised value, or raises ``CellError`` with a stable code the
caller turns into a message naming the row, the header and the value. The accepted forms are
those of docs/REGISTRATION.md: full-width digits and spaces, thousands separators, units the
header already states, the listed date forms, 是/否 variants.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from zhuban.lib import normalise

T = TypeVar("T")  # a choice column's code

# Characters that look like nothing (zhuban.lib.normalise, shared with the forms): removed
# from text, numbers and choices alike.
_INVISIBLE = dict.fromkeys(map(ord, normalise.INVISIBLE), None)
_BLANKS = {"", "—", "－", "-", "/", "／", "无数据"}
# Excel counts days from 1899-12-30 (its 1900 leap-year bug is folded into the epoch).
_EXCEL_EPOCH = date(1899, 12, 30)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([, ]\d{3})+(\.\d+)?$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class CellError(ValueError):
    """The value cannot be read; ``code`` says why (number, whole_number, negative, date, yes_no, choice)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def as_read(value: object) -> str:
    """The value as the user sees it in the cell, for messages ("12", not "12.0")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def text(value: object) -> str:
    """A text cell: trimmed, full-width and invisible spaces removed; numbers as typed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return normalise.text(value)
    return as_read(value)


def paragraph(value: object) -> str:
    """A cell of running text (主要职能, 备注): as ``text``, but the spaces between words stay."""
    if isinstance(value, str):
        return normalise.paragraph(value)
    return text(value)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and normalise.is_blank(value))


def _compact(value: str) -> str:
    """Full-width forms folded to ASCII (１２ → 12, （ → (), every space removed."""
    return "".join(unicodedata.normalize("NFKC", value).split()).translate(_INVISIBLE)


def decimal(value: object, *, units: Iterable[str] = (), minimum: Decimal | None = Decimal(0)) -> Decimal | None:
    """A number, or None for a blank cell. Accepts 1,200 / １２ / 120.5平方米 / 35万元."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise CellError("number")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("number")
        # repr gives the shortest decimal that reads back as the same float: 120.5, not 120.4999…
        number = Decimal(repr(value))
    elif isinstance(value, str):
        raw = unicodedata.normalize("NFKC", value).translate(_INVISIBLE).strip()
        if raw in _BLANKS:
            return None
        for unit in sorted((_compact(u) for u in units), key=len, reverse=True):
            if unit and raw.endswith(unit):
                raw = raw[: -len(unit)].rstrip()
                break
        if _THOUSANDS.match(raw):
            raw = raw.replace(",", "").replace(" ", "")
        if not _PLAIN_NUMBER.match(raw):
            raise CellError("number")
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise CellError("number") from None
    else:
        raise CellError("number")
    if minimum is not None and number < minimum:
        raise CellError("negative")
    return number


def whole_number(value: object, *, units: Iterable[str] = ()) -> int | None:
    """A whole number ≥ 0, or None for a blank cell. 3辆 → 3; 3.0 → 3; 3.5 is refused."""
    number = decimal(value, units=units)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError("whole_number")
    return int(number)


def quantize_float(number: Decimal | None, places: int) -> Decimal | None:
    """Round a value that came from a float to the field's places when only float noise is lost
    (0.1 + 0.2 in a formula's cached value); a genuinely longer value is left for the field to refuse."""
    if number is None:
        return None
    rounded = number.quantize(Decimal(1).scaleb(-places))
    return rounded if abs(rounded - number) < Decimal("1e-9") else number


_DAY_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s*)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})年(\d{1,2})月?(?:份)?$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
)
DAY, MONTH = "day", "month"


def calendar_date(value: object) -> tuple[date, str] | None:
    """(date, precision) or None for a blank cell; precision is "day" or "month" (2010年3月).

    Accepts 2010-03-15, 2010/3/15, 2010.3.15, 2010年3月15日, 2010年3月, 2010-03, 20100315 and
    Excel dates (a date cell, or the serial number of one), from 1900 to 2099 (``date_range``
    outside them, as a form refuses them).
    """
    read = _calendar_date(value)
    if read is not None and not normalise.date_in_bounds(read[0]):
        raise CellError("date_range", earliest=normalise.EARLIEST.year, latest=normalise.LATEST.year)
    return read


def _calendar_date(value: object) -> tuple[date, str] | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date(), DAY
    if isinstance(value, date):
        return value, DAY
    if isinstance(value, bool):
        raise CellError("date")
    if isinstance(value, (int, float)):
        return _from_number(value)
    if not isinstance(value, str):
        raise CellError("date")
    raw = _compact(value)
    if raw in _BLANKS:
        return None
    for pattern in _DAY_PATTERNS:
        match = pattern.match(raw)
        if match:
            return _make(int(match[1]), int(match[2]), int(match[3])), DAY
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(raw)
        if match:
            return _make(int(match[1]), int(match[2]), 1), MONTH
    raise CellError("date")


def _from_number(value: float) -> tuple[date, str]:
    if not math.isfinite(value) or not float(value).is_integer():
        raise CellError("date")
    number = int(value)
    if 19000101 <= number <= 21001231:  # 20100315 typed as a number
        return _make(number // 10000, number // 100 % 100, number % 100), DAY
    if 1900 <= number <= 2100:  # a year alone says too little
        raise CellError("date")
    if 1 <= number <= 73050:  # Excel serials up to 2099-12-31
        return _EXCEL_EPOCH + timedelta(days=number), DAY
    raise CellError("date")


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError("date") from None


_YES = {"是", "Y", "YES", "√", "✓", "✔", "有", "TRUE", "1", "对", "是的"}
_NO = {"否", "N", "NO", "×", "✗", "✘", "X", "无", "FALSE", "0", "不是", "没有"}


def yes_no(value: object) -> bool:
    """是 / 否 and their variants; a blank cell is 否."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        raw = _compact(value).upper()
        if raw in _YES:
            return True
        if raw in _NO or raw in _BLANKS:
            return False
    raise CellError("yes_no")


def choice_table(aliases: Mapping[str, T]) -> dict[str, T]:
    """alias → code, keyed as ``choice`` compares them; build it once per column."""
    return {choice_key(alias): code for alias, code in aliases.items()}


def choice(value: object, table: Mapping[str, T]) -> T | None:
    """The code of the alias the cell holds (see ``choice_table``), or None for a blank cell."""
    if is_blank(value):
        return None
    try:
        return table[choice_key(text(value))]
    except KeyError:
        raise CellError("choice") from None


def choice_key(value: str) -> str:
    return _compact(value).upper()


def document_number(value: object) -> str:
    """批准文号 with its year in the official brackets: 咸政函[2003]12号 → 咸政函〔2003〕12号."""
    return normalise.document_number(text(value))


_LIST_SEPARATORS = re.compile(r"[、;；\n]+")


def name_list(value: object) -> list[str]:
    """Names separated by 、 or ; (or one per line), trimmed, blanks and repeats dropped."""
    seen: dict[str, None] = {}
    for part in _LIST_SEPARATORS.split(text(value)):
        name = text(part)
        if name:
            seen.setdefault(name, None)
    return list(seen)


def header_key(value: object) -> str:
    """A header as compared: full-width folded, spaces, line breaks and required-markers removed."""
    return _compact(text(value)).replace("*", "").replace("※", "")
