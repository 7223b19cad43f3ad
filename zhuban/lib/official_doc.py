"""One builder for official documents (公文) in Word, over python-docx. Framework-free: it takes
plain, already translated text.

Layout follows GB/T 9704-2012 as local governments use it: A4 with its margins; title in
方正小标宋简体 二号 (22pt), centred; addressee (主送机关) flush left; body in 仿宋_GB2312 三号
(16pt) with a two-character first-line indent and a fixed 28pt line; first-level headings in
黑体. The document number (发文字号) sits under the masthead, centred (or, for a report sent
up, flush left with 签发人 on the right), above the red separator line. At the foot, the
date (成文日期) stands four characters in from the right and the issuing unit is centred over
it, and the block is kept on one page with the paragraph before it: a signature never stands
alone. Page numbers are 4号 宋体 between em dashes, "— 1 —", under the text: odd pages on the
right and even pages on the left, one character in. The fonts are named in the file (with the
East Asian ``w:eastAsia`` attribute, which Word uses for Chinese text) even where the machine
that writes it lacks them.

Numbers never wrap: in tables a number cell is right-aligned and marked ``w:noWrap``; in running
text the spaces and hyphens inside a figure become their non-breaking forms, so "1 200.00 元" or
"2015-08-31" never splits across lines.

    doc = OfficialDocument()
    doc.document_number("通政文〔2015〕12号", signer="张三")
    doc.title("通城县……专项工作报告")
    doc.addressee("市机关事务管理局：")
    doc.paragraph("根据……")
    doc.heading("一、机构撤销和整合情况")
    doc.table(["类别", "数量"], [["车辆", "1"]], totals=["合计", "1"], numeric=[1])
    doc.signature("通城县人民政府", "2015年8月31日")
    data = doc.to_bytes()
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(12)  # 小四
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE = Pt(28)
BOTTOM_MARGIN = Mm(35)
RED = "C00000"  # the separator line under the masthead
# The date stands four characters in from the right margin (GB/T 9704-2012 7.3.5.1); a unit
# longer than the date moves both in to two characters.
DATE_INDENT, LONG_UNIT_INDENT = 4, 2
CELL_PADDING = Pt(12)  # Word's default cell margins (0.19 cm each side) and a little air
NBSP, NB_HYPHEN = "\u00a0", "\u2011"

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# A figure with its inner separators: 1,200.00 / 1 200 / 2015-08-31 / -3.5
_FIGURE = re.compile(r"\d[\d,.]*(?:[ \-]\d[\d,.]*)+")


def keep_figures_together(text: str) -> str:
    """Spaces and hyphens inside figures made non-breaking, so a line never splits a number."""
    return _FIGURE.sub(lambda m: m.group(0).replace(" ", NBSP).replace("-", NB_HYPHEN), text)


def set_font(run: Run, name: str, size: Length, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def text_width(text: str, size: Length, *, bold: bool = False) -> int:
    """About how wide ``text`` prints at ``size``: a Chinese (or full-width) character one em, a
    digit, letter or mark 0.6 em (the wider end of the fonts in use, and of their stand-ins), bold
    a tenth wider."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)
    return int(ems * size * (1.1 if bold else 1.0))


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: set[int],
    total: Length,
    *,
    bold_last: bool = False,
) -> list[Length]:
    """Widths that give every number column room for its longest figure on one line (Word's
    ``w:noWrap`` alone is a request some readers ignore) and for up to four characters of its
    header on a line. When everything fits, every column widens alike to fill the line;
    otherwise the text columns share what the figures leave, so names wrap, not figures."""
    columns = range(len(header))
    header_line = 4 * TABLE_SIZE

    def need(index: int) -> int:
        widest = max(
            (text_width(row[index], TABLE_SIZE, bold=bold_last and n == len(rows) - 1) for n, row in enumerate(rows)),
            default=0,
        )
        heading = text_width(header[index], TABLE_SIZE)
        if index in numeric:
            return max(widest, min(heading, header_line)) + CELL_PADDING
        return max(widest, heading) + CELL_PADDING

    needs = [need(i) for i in columns]
    if sum(needs) <= total:
        return [Length(int(n * total / sum(needs))) for n in needs]
    fixed = sum(needs[i] for i in columns if i in numeric)
    share = sum(needs[i] for i in columns if i not in numeric)
    rest = max(total - fixed, 0)
    return [Length(needs[i] if i in numeric else int(rest * needs[i] / share)) for i in columns]


def _no_wrap(cell: _Cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    if tc_pr.find(qn("w:noWrap")) is None:
        tc_pr.append(OxmlElement("w:noWrap"))


def _red_rule_below(paragraph: Paragraph) -> None:
    """The masthead's red separator line, drawn as the paragraph's bottom border."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4"), ("w:color", RED)):
        bottom.set(qn(name), value)
    borders.append(bottom)
    p_pr.append(borders)


def _repeat_as_header(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _field(paragraph: Paragraph, code: str, font: str, size: Length) -> None:
    """A Word field (PAGE), written as begin / instruction / separate / placeholder / end."""
    for kind, text in (("begin", None), ("instr", code), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        set_font(run, font, size)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        elif kind == "text":
            run.text = text or ""
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


class OfficialDocument:
    """A 公文 built top to bottom. Each method adds one part and returns its paragraph or table."""

    def __init__(self) -> None:
        self.document: DocumentObject = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), BOTTOM_MARGIN
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        normal = self.document.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = BODY_SIZE
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        self.text_width = Length(section.page_width - section.left_margin - section.right_margin)
        self._page_numbers()

    def _page_numbers(self) -> None:
        """— 1 — under the text: odd pages right, even pages left, each one character in."""
        section = self.document.sections[0]
        self.document.settings.odd_and_even_pages_header_footer = True
        # The dashes' top stands 7 mm below the text: the footer ends a line's height under that.
        section.footer_distance = Length(BOTTOM_MARGIN - Mm(7) - PAGE_NUMBER_SIZE)
        one_character = Pt(PAGE_NUMBER_SIZE.pt)
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            p = footer.paragraphs[0]
            p.alignment = align
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                p.paragraph_format.right_indent = one_character
            else:
                p.paragraph_format.left_indent = one_character
            set_font(p.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
            _field(p, "PAGE", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
            set_font(p.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)

    def _line(
        self,
        text: str,
        *,
        font: str = BODY_FONT,
        size: Length = BODY_SIZE,
        indent: bool = True,
        align: WD_ALIGN_PARAGRAPH | None = None,
        bold: bool = False,
    ) -> Paragraph:
        p = self.document.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(size.pt * 2)
        if align is not None:
            p.alignment = align
        set_font(p.add_run(keep_figures_together(text)), font, size, bold=bold)
        return p

    def document_number(self, number: str, *, signer: str = "") -> Paragraph:
        """发文字号 above the title, over the red separator line: centred, or for a report sent up
        (``signer`` given) flush left one character in, with 签发人 on the right."""
        if signer:
            p = self._line(number, indent=False)
            p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(BODY_SIZE.pt)
            p.paragraph_format.tab_stops.add_tab_stop(
                Length(self.text_width - 2 * Pt(BODY_SIZE.pt)), WD_TAB_ALIGNMENT.RIGHT
            )
            set_font(p.add_run("\t签发人："), BODY_FONT, BODY_SIZE)
            set_font(p.add_run(signer), "楷体_GB2312", BODY_SIZE)
        else:
            p = self._line(number, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        _red_rule_below(p)
        self.blank()
        return p

    def title(self, text: str) -> Paragraph:
        """The title, centred, followed by one empty line."""
        p = self._line(text, font=TITLE_FONT, size=TITLE_SIZE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.blank()
        return p

    def addressee(self, text: str) -> Paragraph:
        """主送机关, flush left (end it with a full-width colon)."""
        return self._line(text, indent=False)

    def paragraph(self, text: str) -> Paragraph:
        """A body paragraph: 仿宋, first line indented by two characters."""
        return self._line(text)

    def paragraphs(self, text: str) -> list[Paragraph]:
        """One body paragraph per non-blank line of ``text`` (a narrative typed by a user)."""
        return [self.paragraph(line.strip()) for line in text.splitlines() if line.strip()]

    def heading(self, text: str) -> Paragraph:
        """A first-level heading (一、…) in 黑体, never the last line of a page."""
        p = self._line(text, font=HEADING_FONT)
        p.paragraph_format.keep_with_next = True
        return p

    def blank(self) -> Paragraph:
        return self._line("", indent=False)

    def table(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[str]],
        *,
        totals: Sequence[str] | None = None,
        numeric: Iterable[int] = (),
    ) -> Table:
        """A framed table; ``numeric`` columns are right-aligned and never wrap; ``totals`` is a
        last row in bold. The header row repeats on every page the table runs over."""
        numbers = set(numeric)
        table: Table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _repeat_as_header(table.rows[0])
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(cell.paragraphs[0].add_run(text), HEADING_FONT, TABLE_SIZE)
        body = [(list(row), False) for row in rows]
        if totals is not None:
            body.append((list(totals), True))
        widths = column_widths(
            header, [row for row, _bold in body], numbers, self.text_width, bold_last=totals is not None
        )
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
            table.rows[0].cells[column._index].width = width
        for row, bold in body:
            cells = table.add_row().cells  # type: ignore[no-untyped-call]  # python-docx leaves it unannotated
            for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
                cell.width = widths[index]
                p = cell.paragraphs[0]
                if index in numbers:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    _no_wrap(cell)
                set_font(p.add_run(text), BODY_FONT, TABLE_SIZE, bold=bold)
        return table

    def signature(self, issuing_unit: str, date_text: str) -> tuple[Paragraph, Paragraph]:
        """Issuing unit and date, after one empty line, at the foot on the right: the date four
        characters in, the unit centred over it. Kept on one page with the paragraph before."""
        if self.document.paragraphs:
            self.document.paragraphs[-1].paragraph_format.keep_with_next = True
        self.blank().paragraph_format.keep_with_next = True
        char = BODY_SIZE.pt
        unit_width, date_width = text_width(issuing_unit, BODY_SIZE), text_width(date_text, BODY_SIZE)
        date_indent: Length
        unit_indent: Length
        if unit_width <= date_width:
            date_indent = Pt(DATE_INDENT * char)
            unit_indent = Length(date_indent + (date_width - unit_width) // 2)
        else:
            unit_indent = Pt(LONG_UNIT_INDENT * char)
            date_indent = Length(unit_indent + (unit_width - date_width) // 2)
        unit = self._line(issuing_unit, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        unit.paragraph_format.right_indent = unit_indent
        unit.paragraph_format.keep_with_next = True
        day = self._line(date_text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        day.paragraph_format.right_indent = date_indent
        return unit, day

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()
