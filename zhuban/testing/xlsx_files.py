"""Spreadsheet files made by code for tests: minimal valid .xlsx packages and hostile ones.

Nothing here is checked in as a binary; every file is built when a test asks for it, small on
disk even when it claims to be huge. Framework-free, so the lib tests can use it too.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Sequence

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{extra}</Types>"
)
MAIN_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MAIN_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def sheet_xml(rows: Sequence[Sequence[object]], *, prolog: str = "", dimension: str | None = None) -> bytes:
    """A worksheet whose rows hold inline strings and numbers, from A1 down."""
    out = [SHEET_HEAD.replace("?>\n", "?>\n" + prolog, 1) if prolog else SHEET_HEAD]
    if dimension:
        out.append(f'<dimension ref="{dimension}"/>')
    out.append("<sheetData>")
    for r, row in enumerate(rows, start=1):
        out.append(f'<row r="{r}">')
        for c, value in enumerate(row):
            ref = f"{column_name(c + 1)}{r}"
            if isinstance(value, (int, float)):
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value not in (None, ""):
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out).encode("utf-8")


def column_name(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def package(sheet: bytes, *, name: str = "附表一", macro: bool = False, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .xlsx holding one worksheet (no styles or shared strings: readers need neither)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=MAIN_XLSM if macro else MAIN_XLSX, extra=""))
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK.format(name=name))
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        for part, data in (extra or {}).items():
            zf.writestr(part, data)
    return buffer.getvalue()


def simple_workbook(rows: list[list[object]] | None = None, **kwargs) -> bytes:
    return package(
        sheet_xml(rows or [["机构名称", "设立单位", "实有人数"], ["驻武汉办事处", "通城县人民政府", 6]]), **kwargs
    )


# ---- Hostile and broken files -------------------------------------------------------------------


def zip_bomb(uncompressed_mb: int = 100) -> bytes:
    """A worksheet of ``uncompressed_mb`` MB of blanks: ~1000:1, about 100 KB on disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=MAIN_XLSX, extra=""))
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK.format(name="附表一"))
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(SHEET_HEAD.encode() + b"<sheetData>")
            blank = b" " * (1024 * 1024)
            for _ in range(uncompressed_mb):
                part.write(blank)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def lying_zip(declared: int = 1000) -> bytes:
    """A workbook whose worksheet entry claims ``declared`` bytes but inflates to ~5 MB: a
    directory check alone would wave it through."""
    rows = [["机构名称", "设立单位", "实有人数"]] + [[f"办事处{i}", "通城县人民政府", i] for i in range(50_000)]
    data = bytearray(package(sheet_xml(rows)))
    name = b"xl/worksheets/sheet1.xml"
    # Central directory entry: uncompressed size at offset 24; local header: at offset 22.
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            start = match.start()
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if bytes(data[name_at : name_at + len(name)]) == name:
                data[start + offset : start + offset + 4] = struct.pack("<I", declared)
    return bytes(data)


SHARED_STRINGS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(strings: list[str], references: list[int], *, spelling: str = 't="s"') -> bytes:
    """A workbook whose column A names shared strings by index, one row per reference; ``spelling``
    is how each cell says it holds a shared string (any XML spelling a reader accepts)."""
    table = "".join(f"<si><t>{s}</t></si>" for s in strings)
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + table + "</sst>"
    )
    rows = "".join(f'<row r="{r}"><c r="A{r}" {spelling}><v>{i}</v></c></row>' for r, i in enumerate(references, 1))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        extra = (
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        zf.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=MAIN_XLSX, extra=extra))
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK.format(name="附表一"))
        rels = WORKBOOK_RELS.replace(
            "</Relationships>",
            f'<Relationship Id="rId2" Type="{SHARED_STRINGS_TYPE}" Target="sharedStrings.xml"/></Relationships>',
        )
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        zf.writestr("xl/worksheets/sheet1.xml", SHEET_HEAD + "<sheetData>" + rows + "</sheetData></worksheet>")
        zf.writestr("xl/sharedStrings.xml", sst)
    return buffer.getvalue()


def shared_string_bomb(cells: int = 50_000, length: int = 1_000_000) -> bytes:
    """One long shared string named by every cell: a reader copies it into each, so a file of
    under a megabyte asks for ``cells`` × ``length`` bytes (50 GB by default)."""
    # Letters at random, so the ratio check cannot catch it: it compresses like ordinary text.
    text = bytes(97 + b % 26 for b in random.Random(7).randbytes(length)).decode()  # noqa: S311 - test data
    return with_shared_strings([text], [0] * cells)


def many_entries(count: int = 2_000) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=MAIN_XLSX, extra=""))
        for i in range(count):
            zf.writestr(f"xl/media/filler{i}.xml", "<x/>")
    return buffer.getvalue()


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)
EXTERNAL_ENTITY = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def entity_bomb() -> bytes:
    """Billion laughs in the worksheet: a reader that expands entities would need gigabytes."""
    return package(sheet_xml([["机构名称", "设立单位", "实有人数"], ["&lol9;", "x", 1]], prolog=BILLION_LAUGHS))


def external_entity() -> bytes:
    """An entity that would read the server's /etc/passwd into a cell."""
    return package(sheet_xml([["机构名称", "设立单位", "实有人数"], ["&xxe;", "x", 1]], prolog=EXTERNAL_ENTITY))


def utf16_part() -> bytes:
    xml = sheet_xml([["机构名称", "设立单位", "实有人数"]]).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return package(b"\xff\xfe" + xml.encode("utf-16-le"))


def far_away_cell(ref: str = "XFD300000") -> bytes:
    """One value at a distant cell: calamine would allocate the whole rectangle (150 GB) and abort."""
    xml = sheet_xml([["机构名称", "设立单位", "实有人数"]]).replace(
        b"</sheetData>",
        f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}">'
        f'<c r="{ref}"><v>1</v></c></row></sheetData>'.encode(),
    )
    return package(xml)


def old_excel() -> bytes:
    """The start of an Excel 97-2003 (.xls) file: an OLE2 compound document."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 512


def encrypted_workbook() -> bytes:
    """A password-protected .xlsx is an OLE2 container with EncryptionInfo and EncryptedPackage."""
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 100
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 512
    )


def macro_workbook() -> bytes:
    return package(
        sheet_xml([["机构名称", "设立单位", "实有人数"]]), macro=True, extra={"xl/vbaProject.bin": b"\x00" * 64}
    )


def csv_renamed() -> bytes:
    return "机构名称,设立单位,实有人数\n通城县人民政府驻武汉办事处,通城县人民政府,6\n".encode("gb18030")


def not_a_spreadsheet_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("readme.txt", "hello")
    return buffer.getvalue()


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def raw_sheet(sheet_data: str, *, dimension: str | None = None, after: str = "") -> bytes:
    """A workbook whose worksheet holds ``sheet_data`` as written (rows and cells with or without
    ``r``), after a header row; ``after`` goes after </sheetData> (merged ranges)."""
    head = '<row r="1"><c r="A1" t="inlineStr"><is><t>机构名称</t></is></c></row>'
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return package(
        f"{SHEET_HEAD}{dim}<sheetData>{head}{sheet_data}</sheetData>{after}</worksheet>".encode(),
    )


def implicit_rows(count: int = 60_000) -> bytes:
    """Rows without ``r``: each is the one after the last, so a few bytes per row reach far down."""
    return raw_sheet("<row/>" * count + "<row><c><v>1</v></c></row>")


def implicit_cells(count: int = 20_000) -> bytes:
    """Cells without ``r`` in one row: each is one column right of the last."""
    return raw_sheet('<row r="2">' + "<c><v>1</v></c>" * count + "</row>")


def far_cell_after_implicit_ones() -> bytes:
    """Cells without ``r``, then one at the sheet's last cell: the rectangle is the whole sheet."""
    return raw_sheet('<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="XFD1048576"><v>3</v></c></row>')


def char_ref_encoded(ref: str = "&#88;FD1048576", row: str = "1048576") -> bytes:
    """A reference spelled with character references; it means what it decodes to."""
    return raw_sheet(f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>')


def lying_dimension(count: int = 60_000) -> bytes:
    """A sheet that claims to be one cell and then holds rows without ``r`` far beyond it."""
    return raw_sheet("<row/>" * count + "<row><c><v>1</v></c></row>", dimension="A1")


def many_merged_cells(count: int = 1_000_000) -> bytes:
    """A worksheet listing ``count`` merged ranges over the header rows: a few MB of XML."""
    # Varied references, so that the ratio check does not catch it first.
    merges = "".join(
        f'<mergeCell ref="A{1 + i * 7919 % 40}:{column_name(1 + i * 31 % 64)}{1 + i * 7919 % 40}"/>'
        for i in range(count)
    )
    return raw_sheet("", after=f'<mergeCells count="{count}">{merges}</mergeCells>')


def wide_then_deep() -> bytes:
    """Cells without ``r`` widen the sheet to Excel's last column, one explicit row within the row
    bound deepens it: a 6 KB file whose rectangle is 50,000 × 16,384 cells (tens of GB)."""
    return raw_sheet(
        '<row r="2">' + "<c><v>1</v></c>" * 16_384 + '</row><row r="50999"><c r="A50999"><v>1</v></c></row>'
    )
