"""The consolidation report (专项工作报告, 三(二)2, due at the end of the consolidation phase):
a Word document in the usual official-document layout, and an Excel annex listing every office,
asset, person and obligation behind its figures.

Layout follows GB/T 9704-2012 as local governments use it: A4; title in 方正小标宋简体 二号
(22pt), centred; addressee flush left; body in 仿宋_GB2312 三号 (16pt) with a two-character
first-line indent and a fixed 28pt line; first-level headings in 黑体; issuing unit and date at
the foot, date written 2015年8月31日. The fonts are named in the file (with the East Asian
``w:eastAsia`` attribute, which Word uses for Chinese text) even where this machine lacks them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import xlsxwriter
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhuban.consolidation import queries
from zhuban.consolidation.models import Obligation, ReportNarrative
from zhuban.decision.models import Decision
from zhuban.decision.queries import campaign_root
from zhuban.org.models import Jurisdiction
from zhuban.policy.clauses import PLAN_REFERENCE
from zhuban.registry.models import Asset, Office, StaffMember

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(12)  # 小四
LINE = Pt(28)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chinese_date(d: date) -> str:
    return _("%(year)s年%(month)s月%(day)s日") % {"year": d.year, "month": d.month, "day": d.day}


def yuan(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


@dataclass
class ReportData:
    jurisdiction: Jurisdiction
    whole_city: bool
    figures: queries.Figures
    narrative: ReportNarrative | None
    offices: list[Office] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    staff: list[StaffMember] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    decisions: dict[int, Decision] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return _("%(j)s清理规范驻省会城市办事机构精简整合专项工作报告") % {"j": self.jurisdiction.name}

    @property
    def addressee(self) -> str:
        # A county reports to the city bureau; the city bureau reports the whole city to the city government.
        return _("市人民政府：") if self.whole_city else _("市机关事务管理局：")

    @property
    def issuing_unit(self) -> str:
        if self.narrative and self.narrative.issuing_unit:
            return self.narrative.issuing_unit
        if self.whole_city:
            return _("%(city)s机关事务管理局") % {"city": self.jurisdiction.name}
        return _("%(j)s人民政府") % {"j": self.jurisdiction.name}

    @property
    def report_date(self) -> date:
        if self.narrative and self.narrative.report_date:
            return self.narrative.report_date
        return timezone.localdate()

    @property
    def annex_name(self) -> str:
        return _("%(j)s精简整合明细表") % {"j": self.jurisdiction.name}


def report_data(user: User | AnonymousUser, jurisdiction: Jurisdiction) -> ReportData:
    """Everything the report shows, read through the chokepoint, in a fixed number of queries."""
    offices = queries.offices_within(user, jurisdiction)
    under = offices.filter(dossier__isnull=False)
    data = ReportData(
        jurisdiction=jurisdiction,
        whole_city=campaign_root(jurisdiction).pk == jurisdiction.pk,
        figures=queries.figures(offices),
        narrative=queries.narrative_of(jurisdiction),
    )
    data.offices = list(
        offices.select_related("jurisdiction", "sponsor", "host_city", "dossier__quota_recovery").order_by(
            "jurisdiction__path", "name", "id"
        )
    )
    data.decisions = {
        d.office_id: d
        for d in Decision.objects.filter(office__in=offices)
        .exclude(status=Decision.Status.REVOKED)
        .order_by("recorded_at", "id")
    }
    # Every asset of an office under consolidation, and every asset lost anywhere in scope.
    asset_qs: QuerySet[Asset] = Asset.objects.filter(office__in=offices).filter(
        Q(office__dossier__isnull=False) | queries.LOSS
    )
    data.assets = list(
        asset_qs.select_related("office__jurisdiction", "disposal").order_by(
            "office__jurisdiction__path", "office__name", "id"
        )
    )
    data.staff = list(
        StaffMember.objects.filter(office__in=under)
        .select_related("office__jurisdiction", "placement")
        .order_by("office__jurisdiction__path", "office__name", "id")
    )
    data.obligations = list(
        Obligation.objects.filter(office__in=under)
        .select_related("office__jurisdiction")
        .prefetch_related(Prefetch("settlements"))
        .order_by("office__jurisdiction__path", "office__name", "kind", "id")
    )
    return data


# ---- Word ----------------------------------------------------------------------------------------


def _font(run, name: str, size, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, font=BODY_FONT, size=BODY_SIZE, indent: bool = True, align=None, bold=False):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, bold=bold)
    return p


def _table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, TABLE_SIZE)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, TABLE_SIZE)
    return table


def render_docx(data: ReportData) -> bytes:
    f = data.figures
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    _paragraph(doc, data.title, font=TITLE_FONT, size=TITLE_SIZE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, data.addressee, indent=False)
    _paragraph(
        doc,
        _(
            "根据《咸宁市清理规范驻省会城市办事机构实施方案》（%(ref)s）三(二)2的要求，"
            "现将%(j)s驻省会城市办事机构精简整合工作情况报告如下。"
        )
        % {"ref": PLAN_REFERENCE, "j": data.jurisdiction.name},
    )

    _paragraph(doc, _("一、机构撤销和整合情况"), font=HEADING_FONT)
    _paragraph(
        doc,
        _(
            "清理前共有驻外办事机构%(before)s个。纳入精简整合的%(total)s个，其中已撤销%(revoked)s个、"
            "已整合%(merged)s个，尚在办理%(open)s个。目前仍在运行%(after)s个。"
        )
        % {
            "before": f.offices_before,
            "total": f.dossiers_total,
            "revoked": f.offices_revoked,
            "merged": f.offices_merged,
            "open": f.dossiers_open,
            "after": f.offices_after,
        },
    )
    _table(
        doc,
        [_("行政区划"), _("清理前"), _("撤销"), _("整合"), _("仍在运行")],
        [[r.jurisdiction, str(r.before), str(r.revoked), str(r.merged), str(r.after)] for r in f.office_rows],
    )

    _paragraph(doc, _("二、收回编制情况"), font=HEADING_FONT)
    _paragraph(
        doc,
        _("纳入精简整合机构核定编制共%(quota)s名，经编办确认已收回%(posts)s名。")
        % {"quota": f.quota_total, "posts": f.posts_recovered},
    )

    _paragraph(doc, _("三、资产处置情况"), font=HEADING_FONT)
    _paragraph(
        doc,
        _("纳入精简整合机构共有资产%(total)s项，已依法处置%(disposed)s项，账面价值%(book)s元，处置收入%(realised)s元。")
        % {
            "total": f.assets_total,
            "disposed": f.assets_disposed,
            "book": yuan(f.asset_book_total),
            "realised": yuan(f.asset_realised_total),
        },
    )
    _table(
        doc,
        [_("资产类别"), _("处置方式"), _("数量"), _("账面价值（元）"), _("处置收入（元）")],
        [
            [r.category_label, r.method_label, str(r.count), yuan(r.book_value), yuan(r.realised_value)]
            for r in f.asset_rows
        ]
        + [[_("合计"), "", str(f.assets_disposed), yuan(f.asset_book_total), yuan(f.asset_realised_total)]],
    )
    if f.losses:
        _paragraph(
            doc,
            _("发现国有资产流失%(n)s项，账面价值%(book)s元：%(names)s。")
            % {
                "n": len(f.losses),
                "book": yuan(f.loss_book_total),
                "names": "、".join(f"{a.office.name}“{a.description}”" for a in f.losses),
            },
        )
    else:
        _paragraph(doc, _("未发现国有资产流失。"))

    _paragraph(doc, _("四、资金与债权债务清理情况"), font=HEADING_FONT)
    if f.money_rows:
        _table(
            doc,
            [_("类别"), _("账面余额（元）"), _("已结清（元）"), _("已转由其他单位承接（元）"), _("尚未清理（元）")],
            [[r.label, yuan(r.book), yuan(r.settled), yuan(r.transferred), yuan(r.remaining)] for r in f.money_rows],
        )
    _paragraph(doc, _("尚未清理的余额合计%(remaining)s元。") % {"remaining": yuan(f.money_remaining)})

    _paragraph(doc, _("五、人员安置情况"), font=HEADING_FONT)
    _paragraph(
        doc,
        _("纳入精简整合机构共有工作人员%(total)s人，已安置%(placed)s人，尚未安置%(unplaced)s人。")
        % {"total": f.staff_total, "placed": f.staff_placed, "unplaced": f.staff_unplaced},
    )
    _table(doc, [_("安置去向"), _("人数")], [[r.label, str(r.count)] for r in f.staff_rows])

    text = data.narrative.text if data.narrative else ""
    if text.strip():
        _paragraph(doc, _("六、工作情况"), font=HEADING_FONT)
        for line in text.splitlines():
            if line.strip():
                _paragraph(doc, line.strip())

    _paragraph(doc, "", indent=False)
    _paragraph(doc, _("附件：%(annex)s") % {"annex": data.annex_name})
    _paragraph(doc, "", indent=False)
    _paragraph(doc, data.issuing_unit, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, chinese_date(data.report_date), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---- Excel ---------------------------------------------------------------------------------------

# A text cell that begins with one of these would be read as a formula by a spreadsheet (or by
# whoever re-imports a CSV of it). Such cells get Excel's hidden quote prefix: shown as typed,
# never evaluated.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


class _Sheet:
    def __init__(self, book, name: str, header: list[str], formats: dict[str, Any]) -> None:
        self.ws = book.add_worksheet(name)
        self.formats = formats
        self.row = 0
        for col, text in enumerate(header):
            self.ws.write_string(0, col, text, formats["header"])
            self.ws.set_column(col, col, max(10, min(40, len(text) * 2 + 2)))
        self.ws.freeze_panes(1, 0)

    def add(self, values: list[Any]) -> None:
        self.row += 1
        for col, value in enumerate(values):
            if value is None or value == "":
                self.ws.write_blank(self.row, col, None)
            elif isinstance(value, Decimal):
                self.ws.write_number(self.row, col, float(value), self.formats["money"])
            elif isinstance(value, bool):
                self.ws.write_string(self.row, col, _("是") if value else _("否"))
            elif isinstance(value, int):
                self.ws.write_number(self.row, col, value)
            elif isinstance(value, date):
                self.ws.write_string(self.row, col, value.isoformat())
            else:
                text = str(value)
                fmt = self.formats["quoted"] if text.startswith(FORMULA_LEADS) else None
                self.ws.write_string(self.row, col, text, fmt)


def related(obj: Any, name: str) -> Any:
    """A reverse one-to-one, or None (the related object is already joined by the query)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def render_xlsx(data: ReportData) -> bytes:
    out = io.BytesIO()
    # strings_to_numbers/formulas off: nothing a user typed is ever turned into a number or formula.
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#EEF1F4", "border": 1}),
        "money": book.add_format({"num_format": "#,##0.00"}),
        "quoted": book.add_format({"quote_prefix": True}),
    }
    f = data.figures

    summary = _Sheet(book, _("汇总"), [_("项目"), _("数值")], formats)
    for label, value in [
        (_("清理前机构数"), f.offices_before),
        (_("已撤销"), f.offices_revoked),
        (_("已整合"), f.offices_merged),
        (_("仍在运行"), f.offices_after),
        (_("尚在办理的整合档案"), f.dossiers_open),
        (_("核定编制数"), f.quota_total),
        (_("收回编制数"), f.posts_recovered),
        (_("资产总数"), f.assets_total),
        (_("已处置资产"), f.assets_disposed),
        (_("处置资产账面价值（元）"), f.asset_book_total),
        (_("处置收入（元）"), f.asset_realised_total),
        (_("国有资产流失（项）"), len(f.losses)),
        (_("流失资产账面价值（元）"), f.loss_book_total),
        (_("工作人员"), f.staff_total),
        (_("已安置"), f.staff_placed),
        (_("尚未清理的款项余额（元）"), f.money_remaining),
    ]:
        summary.add([label, value])

    offices = _Sheet(
        book,
        _("机构"),
        [
            _("行政区划"),
            _("机构名称"),
            _("设立单位"),
            _("驻在城市"),
            _("核定编制数"),
            _("实有人数"),
            _("处置决定"),
            _("批准文号"),
            _("整合档案"),
            _("办结日期"),
            _("机构状态"),
            _("收回编制数"),
        ],
        formats,
    )
    for o in data.offices:
        decision = data.decisions.get(o.pk)
        dossier = related(o, "dossier")
        recovery = related(dossier, "quota_recovery") if dossier else None
        offices.add(
            [
                o.jurisdiction.name,
                o.name,
                o.sponsor.name,
                o.host_city.name,
                o.staffing_quota,
                o.headcount,
                decision.get_disposition_display() if decision else "",
                decision.city_document if decision else "",
                dossier.get_status_display() if dossier else "",
                dossier.closed_on if dossier else None,
                o.get_status_display(),
                recovery.posts_recovered if recovery else None,
            ]
        )

    assets = _Sheet(
        book,
        _("资产"),
        [
            _("行政区划"),
            _("机构名称"),
            _("资产类别"),
            _("资产名称"),
            _("权属证书编号或车牌号"),
            _("账面价值（元）"),
            _("处置方式"),
            _("转让方式"),
            _("接收单位或买受人"),
            _("评估价值（元）"),
            _("成交价格（元）"),
            _("低于评估价成交的批准文号"),
            _("处置批准文号"),
            _("处置日期"),
            _("国有资产流失"),
        ],
        formats,
    )
    loss_ids = {a.pk for a in f.losses}
    for a in data.assets:
        d = related(a, "disposal")
        assets.add(
            [
                a.office.jurisdiction.name,
                a.office.name,
                a.get_category_display(),
                a.description,
                d.certificate_or_plate if d else (a.plate_number or a.certificate_number),
                a.book_value,
                d.get_disposal_type_display() if d else "",
                d.get_channel_display() if d and d.channel else "",
                d.receiver if d else "",
                d.appraisal_value if d else None,
                d.price if d else None,
                d.below_appraisal_approval if d else "",
                d.approval_document if d else "",
                d.disposed_on if d else None,
                a.pk in loss_ids,
            ]
        )

    people = _Sheet(
        book,
        _("人员"),
        [
            _("行政区划"),
            _("机构名称"),
            _("姓名"),
            _("职务"),
            _("人员类别"),
            _("安置去向"),
            _("接收单位"),
            _("安置日期"),
            _("文号"),
        ],
        formats,
    )
    for s in data.staff:
        p = related(s, "placement")
        people.add(
            [
                s.office.jurisdiction.name,
                s.office.name,
                s.name,
                s.post,
                s.get_employment_display(),
                p.get_destination_display() if p else _("未安置"),
                p.unit_name if p else "",
                p.placed_on if p else None,
                p.document if p else "",
            ]
        )

    money = _Sheet(
        book,
        _("款项"),
        [
            _("行政区划"),
            _("机构名称"),
            _("类别"),
            _("对方单位或开户行及账号"),
            _("账面余额（元）"),
            _("已结清（元）"),
            _("已转由其他单位承接（元）"),
            _("承接单位"),
            _("尚未清理（元）"),
        ],
        formats,
    )
    for obligation in data.obligations:
        settlements = list(obligation.settlements.all())
        transferred = sum((s.amount for s in settlements if s.method == "transferred"), Decimal("0"))
        settled = sum((s.amount for s in settlements if s.method != "transferred"), Decimal("0"))
        money.add(
            [
                obligation.office.jurisdiction.name,
                obligation.office.name,
                obligation.get_kind_display(),
                obligation.counterparty,
                obligation.amount,
                settled,
                transferred,
                "、".join(sorted({s.transferred_to for s in settlements if s.transferred_to})),
                obligation.amount - settled - transferred,
            ]
        )
    book.close()
    return out.getvalue()
