"""Checking an .xlsx file before any spreadsheet reader touches it. Framework-free.

No reader defends itself: a 296 KB zip bomb drove openpyxl to 1.1 GiB and calamine to
~870 MiB, and a single cell at XFD300000 makes calamine allocate a dense range of 150 GB and
abort the whole process. So, before any parsing:

1. the file's size and kind by its first bytes (old .xls and encrypted workbooks are OLE2
   files; CSV is text);
2. the zip directory: entry count, declared uncompressed size, compression ratio;
3. every XML part inflated as a stream, counting real bytes (a directory can lie), refusing
   DTDs (so no entity is ever expanded, whatever the reader), non-UTF-8 encodings, and cell
   references beyond the row and column bounds;
4. the workbook's sheet list, read with defusedxml.

Each refusal is a ``WorkbookRejected`` with a stable code the caller turns into a message.
"""

from __future__ import annotations

import copy
import os
import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# An encrypted OOXML file is an OLE2 container holding these streams (names in UTF-16LE).
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
MACRO_CONTENT_TYPE = b"macroEnabled"
SPREADSHEET_CONTENT_TYPES = (b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml")
XML_SUFFIXES = (".xml", ".rels", ".vml")
CHUNK = 1 << 20
OVERLAP = 64  # bytes carried between chunks so a pattern split across them is still seen

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 50_000
    # Declared and real uncompressed size of all parts together; bounds what a reader loads.
    max_uncompressed: int = 256 * 1024 * 1024
    max_entries: int = 1_000
    # A normal table compresses about 9:1, a bomb 1000:1; 100:1 is Apache POI's default too.
    max_ratio: int = 100
    # Parts smaller than this may compress as they like (a small run of blanks is harmless).
    ratio_floor: int = 1024 * 1024
    # Cells beyond these bounds are refused before reading: a reader stores a sheet densely.
    max_columns: int = 64
    title_rows: int = 1_000  # titles, blank lines and signatures allowed beyond max_rows
    # Each merged range costs a reader work; a form has a few dozen.
    max_merged_cells: int = 10_000


class WorkbookRejected(ValueError):
    """The file is refused before parsing; ``code`` says why, ``params`` fill the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Inspection:
    sheets: tuple[tuple[str, str], ...]  # (sheet name, zip part) in workbook order
    formula_parts: frozenset[str]  # worksheet parts that hold at least one formula
    kind: str = "xlsx"  # or "xls" (zhuban.lib.workbook_guard)


def inspect_xlsx(source: str | Path | BinaryIO, limits: Limits | None = None) -> Inspection:
    """Check ``source`` (a path or a seekable binary stream); raise ``WorkbookRejected`` or describe it."""
    limits = limits or Limits()
    with _opened(source) as stream:
        size = stream.seek(0, os.SEEK_END)
        stream.seek(0)
        if size == 0:
            raise WorkbookRejected("empty_file")
        if size > limits.max_bytes:
            raise WorkbookRejected("too_large", size=size, limit=limits.max_bytes)
        head = stream.read(8)
        stream.seek(0)
        if head.startswith(OLE2_MAGIC):
            raise WorkbookRejected("encrypted" if ENCRYPTION_STREAM in stream.read() else "xls")
        if not head.startswith(ZIP_MAGIC):
            raise WorkbookRejected("csv" if _looks_like_text(stream.read(4096)) else "not_xlsx")
        try:
            archive = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise WorkbookRejected("corrupt") from None
        with archive:
            return _inspect_archive(archive, limits)


def _opened(source: str | Path | BinaryIO) -> AbstractContextManager[BinaryIO]:
    if isinstance(source, (str, Path)):
        return open(source, "rb")  # noqa: SIM115 - closed by the caller's with
    return _Borrowed(source)


class _Borrowed:
    """A caller's stream used in a with block without closing it."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def __enter__(self) -> BinaryIO:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        self.stream.seek(0)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _inspect_archive(archive: zipfile.ZipFile, limits: Limits) -> Inspection:
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise WorkbookRejected("too_many_entries", count=len(infos), limit=limits.max_entries)
    # Each part's real size is held to its declared one below, so this bounds the real total too.
    if sum(i.file_size for i in infos) > limits.max_uncompressed:
        raise WorkbookRejected("bomb")
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookRejected("encrypted")
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise WorkbookRejected("bomb")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise WorkbookRejected("not_xlsx")
    if "xl/vbaProject.bin" in names:
        raise WorkbookRejected("xlsm")
    content_types = _read_small(archive, "[Content_Types].xml")
    if MACRO_CONTENT_TYPE in content_types:
        raise WorkbookRejected("xlsm")
    if not any(t in content_types for t in SPREADSHEET_CONTENT_TYPES):
        raise WorkbookRejected("not_xlsx")
    sheets, shared_part = _workbook_parts(archive, names)
    sheet_parts = {part for _name, part in sheets}
    out_of_bounds = _out_of_bounds_pattern(limits.max_rows + limits.title_rows, limits.max_columns)
    formula_parts = set()
    shared = _SharedStrings() if shared_part else None
    positions = _Positions(limits)
    for info in infos:
        # Every part is scanned, whatever its name: a reader follows the relationships, not suffixes.
        worksheet = info.filename in sheet_parts or info.filename.startswith("xl/worksheets/")
        xml = worksheet or info.filename.lower().endswith(XML_SUFFIXES)
        for offset, window, fresh in _inflate(archive, info, check_encoding=xml):
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise WorkbookRejected("entity")
            if worksheet:
                if out_of_bounds.search(window):
                    raise WorkbookRejected("out_of_bounds", rows=limits.max_rows, columns=limits.max_columns)
                positions.feed(info.filename, window[fresh:])
                if (b"<f" in window or b":f" in window) and _FORMULA.search(window):
                    formula_parts.add(info.filename)
                if shared is not None:
                    shared.count_references(info.filename, window, fresh)
            elif shared is not None and info.filename == shared_part:
                shared.measure(offset, window)
        if shared is not None and info.filename == shared_part:
            shared.end(info.file_size)
    if shared is not None and shared.may_exceed(limits.max_uncompressed):
        for part in sheet_parts:
            if shared.expanded_size(archive, part) > limits.max_uncompressed:
                raise WorkbookRejected("bomb")
    return Inspection(sheets=sheets, formula_parts=frozenset(formula_parts))


class _Positions:
    """Where each row and cell falls, counting those without an ``r`` attribute: a row without one
    is the row after the last, a cell without one the column after the last. A reader stores the
    rectangle the cells span, so a few bytes of ``<row/>`` must not reach a million rows down.

    Start tags are found with a regex over the inflated bytes, carrying an unfinished tag into the
    next chunk; references are read after decoding character references. Linear in the part.
    Merged ranges are counted too.
    """

    _PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
    _TAG = re.compile(_PREFIX + rb"(row|c)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>")
    # A start tag not spelled <row r="…"> or <c r="…"> (r first, no namespace prefix). Each
    # pattern starts with a literal, which the regex engine finds fast.
    _UNPLACED = tuple(re.compile(start + rb"(?:[\t\r\n/>]| (?!r=[\"']))") for start in (b"<c", b"<row")) + tuple(
        re.compile(start + rb"[\s/>]") for start in (b":c", b":row")
    )
    _ENCODED = re.compile(rb"\sr\s*=\s*[\"'][^\"'&]*&")
    _MERGE = re.compile(rb"mergeCell[\s/>]")
    _R = re.compile(rb"(?:^|\s)(?:[A-Za-z_][\w.-]*:)?r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
    _CHAR_REF = re.compile(r"&(#[0-9]+|#x[0-9A-Fa-f]+|amp|lt|gt|quot|apos);")
    _NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
    _CELL = re.compile(r"\s*\$?([A-Za-z]{1,4})\$?([0-9]{1,12})\s*")
    MAX_CARRY = 64 * 1024  # an unfinished tag longer than this is no worksheet's

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.max_row = limits.max_rows + limits.title_rows
        self.part = ""
        self.carry = b""
        self.row = 0  # 1-based; 0 before the first row
        self.col = 0  # 1-based; 0 before the row's first cell
        self.merged = 0

    def feed(self, part: str, chunk: bytes) -> None:
        if part != self.part:
            self.part, self.carry, self.row, self.col, self.merged = part, b"", 0, 0, 0
        data = self.carry + chunk
        # "<" never occurs inside a tag: the last one starts a tag that may be unfinished; it is
        # read with the next chunk (the part's last is its closing tag).
        cut = data.rfind(b"<")
        complete, self.carry = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
        if len(self.carry) > self.MAX_CARRY:
            raise WorkbookRejected("corrupt")
        self.merged += sum(1 for m in self._MERGE.finditer(complete) if complete[m.start() - 1 : m.start()] in b"<:")
        if self.merged > self.limits.max_merged_cells:
            raise WorkbookRejected("too_many_merged_cells", count=self.merged, limit=self.limits.max_merged_cells)
        if not (b"&" in complete and self._ENCODED.search(complete)) and self._all_placed(complete):
            # Every row and cell names its place (bounded by the pattern scan): only the last
            # row's tags decide where the next chunk starts counting from.
            last = max(complete.rfind(b"<row"), complete.rfind(b":row"))
            if last >= 0:
                complete = complete[complete.rfind(b"<", 0, last + 1) :]
        for match in self._TAG.finditer(complete):
            self._tag(match[1], match[2])

    def _all_placed(self, data: bytes) -> bool:
        return not any(pattern.search(data) for pattern in self._UNPLACED)

    def _tag(self, name: bytes, attributes: bytes) -> None:
        ref = self._reference(attributes)
        if name == b"row":
            if ref is None:
                self.row += 1
            elif ref.strip().isdigit() and len(ref.strip()) <= 12:
                self.row = int(ref)
            else:
                raise WorkbookRejected("corrupt")
            self.col = 0
        else:
            if ref is None:
                self.col += 1
            else:
                match = self._CELL.fullmatch(ref)
                if not match:
                    raise WorkbookRejected("corrupt")
                self.col = _column_number(match[1])
                self.row = max(self.row, int(match[2]))
        if self.row > self.max_row or self.col > self.limits.max_columns:
            raise WorkbookRejected("out_of_bounds", rows=self.limits.max_rows, columns=self.limits.max_columns)

    def _reference(self, attributes: bytes) -> str | None:
        match = self._R.search(attributes)
        if match is None:
            return None
        value = (match[1] if match[1] is not None else match[2]).decode("utf-8", "replace")
        return self._CHAR_REF.sub(self._decode, value) if "&" in value else value

    def _decode(self, match: re.Match[str]) -> str:
        name = match[1]
        if not name.startswith("#"):
            return self._NAMED[name]
        code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
        return chr(code) if code < 0x110000 else "\ufffd"


def _column_number(letters: str) -> int:
    col = 0
    for char in letters.upper():
        col = col * 26 + ord(char) - ord("A") + 1
    return col


class _SharedStrings:
    """Bounds what the shared-string table costs once a reader has copied each string into every
    cell that refers to it: a 1 MB string named by 50,000 cells is a 12 KB file and 50 GB of memory.

    Cheap first: (cells that may refer to a shared string) × (longest string), enough for most
    files. Beyond the budget, the references are summed string by string: with a regex when it
    finds every reference the tolerant count found, else with an XML parser (slow, but no
    spelling of the markup escapes it).
    """

    _START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")
    # Any spelling of t="s" (whitespace, either quote): over-counting is safe, missing one is not.
    _REFERENCE = re.compile(rb"\st\s*=\s*[\"']s[\"']")
    # The usual spelling only, with the index: trusted only when it finds as many as _REFERENCE.
    _INDEXED = re.compile(rb'<c\s[^>]*?\st="s"[^>]*>\s*<v>\s*(\d+)\s*</v>')

    def __init__(self) -> None:
        self.starts = array("Q")
        self.sizes = array("Q")
        self.references: dict[str, int] = {}

    def count_references(self, part: str, window: bytes, fresh: int) -> None:
        found = sum(1 for m in self._REFERENCE.finditer(window) if m.end() > fresh)
        self.references[part] = self.references.get(part, 0) + found

    def measure(self, offset: int, window: bytes) -> None:
        for match in self._START.finditer(window):
            position = offset + match.start()
            if not self.starts or position > self.starts[-1]:  # windows overlap by a tail
                self.starts.append(position)

    def end(self, length: int) -> None:
        """Each string's size in bytes of XML: an upper bound of what a reader keeps of it."""
        bounds = [*self.starts, length]
        self.sizes = array("Q", (bounds[i + 1] - bounds[i] for i in range(len(self.starts))))

    def may_exceed(self, budget: int) -> bool:
        return bool(self.sizes) and sum(self.references.values()) * max(self.sizes) > budget

    def expanded_size(self, archive: zipfile.ZipFile, part: str) -> int:
        """The bytes of shared strings that ``part``'s cells name, reference by reference."""
        total = found = 0
        count = len(self.sizes)
        for _offset, window, fresh in _inflate(archive, archive.getinfo(part), check_encoding=False):
            for match in self._INDEXED.finditer(window):
                if match.end() > fresh:
                    found += 1
                    index = int(match[1])
                    total += self.sizes[index] if index < count else 0
        if found == self.references.get(part, 0):
            return total
        return self._parsed_size(archive, part)

    def _parsed_size(self, archive: zipfile.ZipFile, part: str) -> int:
        total = 0
        count = len(self.sizes)
        with archive.open(part) as xml:
            shared_cell = False
            for event, elem in SafeET.iterparse(xml, events=("start", "end")):
                tag = elem.tag.rsplit("}", 1)[-1]
                if event == "start":
                    if tag == "c":
                        shared_cell = elem.get("t") == "s"
                    continue
                if tag == "v" and shared_cell:
                    try:
                        index = int((elem.text or "").strip())
                    except ValueError:
                        continue
                    if 0 <= index < count:
                        total += self.sizes[index]
                elif tag in ("c", "row"):
                    elem.clear()
        return total


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part the checks above bounded already; zipfile stops at its declared size and checks its CRC."""
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise WorkbookRejected("corrupt") from None


def _inflate(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, check_encoding: bool
) -> Iterator[tuple[int, bytes, int]]:
    """(offset, window, fresh): the part's bytes, each chunk prefixed by the previous chunk's tail
    so a pattern split across two chunks is still seen, refusing a part that inflates beyond its
    declared size. ``offset`` is the window's position in the part; a match that ends at or
    before ``fresh`` lies wholly in the tail and was seen in the previous window."""
    # Let the stream run past the declared size (zipfile would stop there and fail the CRC), so
    # that a lie shows as what it is; one chunk beyond is enough to see it.
    probe = copy.copy(info)
    probe.file_size = info.file_size + CHUNK
    seen = 0
    tail = b""
    try:
        with archive.open(probe) as part:
            while chunk := part.read(CHUNK):
                if not seen and check_encoding:
                    _check_encoding(chunk)
                seen += len(chunk)
                if seen > info.file_size:
                    raise WorkbookRejected("bomb")
                yield seen - len(chunk) - len(tail), tail + chunk, len(tail)
                tail = chunk[-OVERLAP:]
    except WorkbookRejected:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        # A failed CRC (the part is shorter than declared) or a damaged stream.
        raise WorkbookRejected("corrupt") from None


def _check_encoding(head: bytes) -> None:
    """Readers assume UTF-8; another encoding would also hide a DOCTYPE from the byte scan."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:256]:
        raise WorkbookRejected("encoding")
    declaration = re.match(rb'<\?xml[^>]*encoding\s*=\s*["\']([\w.-]+)', head.lstrip(b"\xef\xbb\xbf"))
    if declaration and declaration[1].lower() not in (b"utf-8", b"utf8"):
        raise WorkbookRejected("encoding")


# A formula element, with or without a namespace prefix (<f>, <f t="shared" …/>, <x:f>).
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


def _out_of_bounds_pattern(max_row: int, max_columns: int) -> re.Pattern[bytes]:
    """A cell or row reference (r="…", either case) whose column or row lies beyond the bounds."""
    letters = _above(column_letters(max_columns), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", fold_case=True)
    digits = _above(str(max_row), "0123456789")
    return re.compile(
        rb"\sr\s*=\s*[\"']\s*(?:(?:" + letters.encode() + rb")[0-9]|[A-Za-z]{0,3}0*(?:" + digits.encode() + rb"))"
    )


def column_letters(number: int) -> str:
    """1 → A, 64 → BL (spreadsheet column names: bijective base 26)."""
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _above(bound: str, alphabet: str, *, fold_case: bool = False) -> str:
    """A regex for the strings of ``alphabet`` that order after ``bound``: longer ones, or as long
    and greater at the first difference. Digits carry no leading zero (the caller strips them).
    Case is folded by hand: re.IGNORECASE doubles the time of this scan over a large sheet."""

    def chars(run: str) -> str:
        span = f"{run[0]}-{run[-1]}" if len(run) > 1 else run
        return f"[{span}{span.lower()}]" if fold_case else f"[{span}]"

    any_char = chars(alphabet)
    options = [chars(alphabet.lstrip("0")) + any_char + f"{{{len(bound)},}}"]
    for i, char in enumerate(bound):
        higher = alphabet[alphabet.index(char) + 1 :]
        if higher:
            same = "".join(chars(c) for c in bound[:i])
            options.append(same + chars(higher) + any_char + f"{{{len(bound) - i - 1}}}")
    return "|".join(options)


def _workbook_parts(archive: zipfile.ZipFile, names: set[str]) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """((name, part) of each worksheet in the workbook's order, the shared-string table's part)."""
    workbook_part = _office_document(archive, names)
    rels_part = posixpath.join(posixpath.dirname(workbook_part), "_rels", posixpath.basename(workbook_part) + ".rels")
    if workbook_part not in names or rels_part not in names:
        raise WorkbookRejected("not_xlsx")
    workbook = _parse_small(archive, workbook_part)
    rels = _parse_small(archive, rels_part)
    base = posixpath.dirname(workbook_part)

    def part_of(target: str) -> str:
        return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))

    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{NS_PKG_REL}Relationship")}
    sheets = []
    for sheet in workbook.iter(f"{NS_MAIN}sheet"):
        part = part_of(targets.get(sheet.get(f"{NS_REL}id"), ""))
        if part in names:
            sheets.append((sheet.get("name", ""), part))
    shared = next(
        (
            part_of(rel.get("Target", ""))
            for rel in rels.iter(f"{NS_PKG_REL}Relationship")
            if rel.get("Type", "").endswith("/sharedStrings")
        ),
        "xl/sharedStrings.xml",
    )
    return tuple(sheets), shared if shared in names else None


def _parse_small(archive: zipfile.ZipFile, name: str) -> Element:
    try:
        return SafeET.fromstring(_read_small(archive, name))
    except DefusedXmlException:
        raise WorkbookRejected("entity") from None
    except SafeET.ParseError:
        raise WorkbookRejected("corrupt") from None


def _office_document(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "_rels/.rels" in names:
        rels = _parse_small(archive, "_rels/.rels")
        for rel in rels.iter(f"{NS_PKG_REL}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
    return "xl/workbook.xml"


def formula_cells_without_value(source: str | Path | BinaryIO, part: str) -> dict[tuple[int, int], str]:
    """(row, column), 0-based → formula text, for the formula cells in ``part`` without a cached value.

    A reader returns such a cell as blank; we never evaluate formulas, so the caller reports it.
    Only called for parts ``inspect_xlsx`` saw formulas in, after it accepted the file.
    """
    out: dict[tuple[int, int], str] = {}
    with _opened(source) as stream, zipfile.ZipFile(stream) as archive, archive.open(part) as xml:
        row, col = -1, -1
        for event, elem in SafeET.iterparse(xml, events=("start", "end")):
            tag = elem.tag.rsplit("}", 1)[-1]
            if event == "start":
                if tag == "row":
                    row = int(elem.get("r", row + 2)) - 1
                    col = -1
                elif tag == "c":
                    ref = elem.get("r")
                    row, col = cell_position(ref) if ref else (row, col + 1)
                continue
            if tag == "c":
                children = {child.tag.rsplit("}", 1)[-1]: child for child in elem}
                value = children.get("v")
                if "f" in children and (value is None or not (value.text or "").strip()):
                    out[(row, col)] = "=" + (children["f"].text or "")
                elem.clear()
            elif tag == "row":
                elem.clear()
    return out


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def cell_position(ref: str) -> tuple[int, int]:
    """ "B3" → (2, 1), 0-based."""
    match = _REF.match(ref)
    if not match:
        raise WorkbookRejected("corrupt")
    col = 0
    for char in match[1].upper():
        col = col * 26 + ord(char) - ord("A") + 1
    return int(match[2]) - 1, col - 1
