"""How typed text and dates are read, the same for a form field and a 附表一 cell. Framework-free.

A value typed into a form and the same value read from a workbook must be stored identically,
or an export re-imports with changes nobody made. So both the import's cell readers
(``zhuban.lib.cells``) and the forms' fields (``zhuban.inputs``) call these functions.
"""

from __future__ import annotations

import re
from datetime import date

# Characters that show as nothing, or only reorder what is shown: removed wherever they are.
# Full-width and no-break spaces (Chinese typing leaves them where no space is meant), the
# zero-width characters, the bidirectional controls (U+202E turns "张三.pdf" into "fdp.三张"
# on screen), the word joiner and its invisible operators, the byte-order mark and the soft
# hyphen. Ordinary spaces inside a value are kept; only its ends are trimmed.
INVISIBLE = frozenset(
    "\u3000\u00a0\u00ad\u180e\ufeff"
    + "".join(map(chr, range(0x200B, 0x2010)))  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    + "".join(map(chr, range(0x202A, 0x202F)))  # LRE, RLE, PDF, LRO, RLO
    + "".join(map(chr, range(0x2060, 0x2065)))  # word joiner, invisible operators
    + "".join(map(chr, range(0x2066, 0x206A)))  # LRI, RLI, FSI, PDI
)
_REMOVE = dict.fromkeys(map(ord, INVISIBLE), None)
# In running text (several lines: functions, remarks, reasons, a list of members with their
# posts) a full-width or no-break space may separate words, so there it stays; what only hides
# or reorders text still goes.
_SPACES = frozenset("\u3000\u00a0")
_REMOVE_IN_PARAGRAPH = dict.fromkeys(map(ord, INVISIBLE - _SPACES), None)


def text(value: str) -> str:
    """A name or any typed text: invisible characters removed, the ends trimmed."""
    return value.translate(_REMOVE).strip()


def paragraph(value: str) -> str:
    """Running text: hidden and bidirectional control characters removed, the ends trimmed
    (with the full-width spaces there), the spaces between words kept."""
    return value.translate(_REMOVE_IN_PARAGRAPH).strip()  # str.strip() counts U+3000 and U+00A0 as spaces


def is_blank(value: str) -> bool:
    return not text(value)


_DOCUMENT_YEAR = re.compile(r"[\[［【(（〔]\s*([0-9０-９]{4})\s*[\]］】)）〕]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def document_number(value: str) -> str:
    """A document number (文号) with its year in the official brackets: 咸政函[2003]12号 → 咸政函〔2003〕12号."""
    return _DOCUMENT_YEAR.sub(lambda m: f"〔{m[1].translate(_FULLWIDTH_DIGITS)}〕", text(value))


# The dates anything in this product can carry: offices set up, documents issued, money
# settled. A year 1 or 9999 is a slip of the keyboard (or a probe), and the export's date
# column, Excel's serial numbers and every later comparison assume a real year.
EARLIEST = date(1900, 1, 1)
LATEST = date(2099, 12, 31)


def date_in_bounds(value: date) -> bool:
    return EARLIEST <= value <= LATEST
