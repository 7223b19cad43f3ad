"""The consolidation report (专项工作报告, 三(二)2, due at the end of the consolidation phase):
a Word document in the usual official-document layout, and an Excel annex listing every office,
asset, person and obligation behind its figures.

The layout (GB/T 9704) is the official-document builder's (``zhuban.lib.official_doc``), the
annex is written by the safe spreadsheet writer (``zhuban.lib.spreadsheet``), and dates and money
are shown by ``zhuban.ui.formatting``, as on the pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.consolidation import queries
from zhuban.consolidation.ledger import balance_of, total_of
from zhuban.consolidation.models import Obligation, ReportNarrative
from zhuban.decision.models import Decision
from zhuban.lib.official_doc import DOCX_TYPE as DOCX_TYPE  # the views answer with these types
from zhuban.lib.official_doc import OfficialDocument
from zhuban.lib.spreadsheet import XLSX_TYPE as XLSX_TYPE
from zhuban.lib.spreadsheet import Column, Sheet, write_workbook
from zhuban.org.models import Jurisdiction
from zhuban.org.queries import campaign_root
from zhuban.policy.clauses import PLAN_REFERENCE
from zhuban.registry.models import Asset, Office, StaffMember
from zhuban.ui.formatting import format_date, format_money

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

yuan = format_money  # money in the report's tables and sentences, as on the pages


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


def render_docx(data: ReportData) -> bytes:
    f = data.figures
    doc = OfficialDocument()
    if data.narrative and data.narrative.document_number:
        # A report goes up to the city: its number flush left, 签发人 on the right.
        doc.document_number(data.narrative.document_number, signer=data.narrative.signer)
    doc.title(data.title)
    doc.addressee(data.addressee)
    doc.paragraph(
        _(
            "根据《咸宁市清理规范驻省会城市办事机构实施方案》（%(ref)s）三(二)2的要求，"
            "现将%(j)s驻省会城市办事机构精简整合工作情况报告如下。"
        )
        % {"ref": PLAN_REFERENCE, "j": data.jurisdiction.name},
    )

    doc.heading(_("一、机构撤销和整合情况"))
    doc.paragraph(
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
    doc.table(
        [_("行政区划"), _("清理前"), _("撤销"), _("整合"), _("仍在运行")],
        [[r.jurisdiction, str(r.before), str(r.revoked), str(r.merged), str(r.after)] for r in f.office_rows],
        numeric=[1, 2, 3, 4],
    )

    doc.heading(_("二、收回编制情况"))
    doc.paragraph(
        _("纳入精简整合机构核定编制共%(quota)s名，经编办确认已收回%(posts)s名。")
        % {"quota": f.quota_total, "posts": f.posts_recovered},
    )

    doc.heading(_("三、资产处置情况"))
    doc.paragraph(
        _("纳入精简整合机构共有资产%(total)s项，已依法处置%(disposed)s项，账面价值%(book)s元，处置收入%(realised)s元。")
        % {
            "total": f.assets_total,
            "disposed": f.assets_disposed,
            "book": yuan(f.asset_book_total),
            "realised": yuan(f.asset_realised_total),
        },
    )
    doc.table(
        [_("资产类别"), _("处置方式"), _("数量"), _("账面价值（元）"), _("处置收入（元）")],
        [
            [r.category_label, r.method_label, str(r.count), yuan(r.book_value), yuan(r.realised_value)]
            for r in f.asset_rows
        ],
        totals=[_("合计"), "", str(f.assets_disposed), yuan(f.asset_book_total), yuan(f.asset_realised_total)],
        numeric=[2, 3, 4],
    )
    if f.losses:
        doc.paragraph(
            _("发现国有资产流失%(n)s项，账面价值%(book)s元：%(names)s。")
            % {
                "n": len(f.losses),
                "book": yuan(f.loss_book_total),
                "names": "、".join(f"{a.office.name}“{a.description}”" for a in f.losses),
            },
        )
    else:
        doc.paragraph(_("未发现国有资产流失。"))

    doc.heading(_("四、资金与债权债务清理情况"))
    total = f.money_total
    if f.money_rows:
        doc.table(
            [_("类别"), _("账面余额（元）"), _("已结清（元）"), _("已转由其他单位承接（元）"), _("尚未清理（元）")],
            [[r.label, yuan(r.book), yuan(r.settled), yuan(r.transferred), yuan(r.remaining)] for r in f.money_rows],
            totals=[_("合计"), yuan(total.amount), yuan(total.settled), yuan(total.transferred), yuan(total.remaining)],
            numeric=[1, 2, 3, 4],
        )
    doc.paragraph(
        _(
            "账面余额合计%(book)s元，其中已结清%(settled)s元，已转由其他单位承接%(transferred)s元，尚未清理%(remaining)s元。"
        )
        % {
            "book": yuan(total.amount),
            "settled": yuan(total.settled),
            "transferred": yuan(total.transferred),
            "remaining": yuan(total.remaining),
        },
    )
    if total.transfers:
        doc.paragraph(
            _("转由其他单位承接的款项：%(units)s。")
            % {
                "units": "；".join(
                    _("%(unit)s %(amount)s元") % {"unit": t.unit, "amount": yuan(t.amount)} for t in total.transfers
                )
            },
        )

    doc.heading(_("五、人员安置情况"))
    doc.paragraph(
        _("纳入精简整合机构共有工作人员%(total)s人，已安置%(placed)s人，尚未安置%(unplaced)s人。")
        % {"total": f.staff_total, "placed": f.staff_placed, "unplaced": f.staff_unplaced},
    )
    doc.table([_("安置去向"), _("人数")], [[r.label, str(r.count)] for r in f.staff_rows], numeric=[1])

    text = data.narrative.text if data.narrative else ""
    if text.strip():
        doc.heading(_("六、工作情况"))
        doc.paragraphs(text)

    doc.blank()
    doc.paragraph(_("附件：%(annex)s") % {"annex": data.annex_name})
    doc.signature(data.issuing_unit, format_date(data.report_date))
    return doc.to_bytes()


# ---- Excel ----------------------------------------------------------------------------------------


def related(obj: Any, name: str) -> Any:
    """A reverse one-to-one, or None (the related object is already joined by the query)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def render_xlsx(data: ReportData) -> bytes:
    f = data.figures
    yes, no = _("是"), _("否")
    summary = [
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
        (_("款项账面余额（元）"), f.money_total.amount),
        (_("款项已结清（元）"), f.money_total.settled),
        (_("款项已转由其他单位承接（元）"), f.money_total.transferred),
        (_("尚未清理的款项余额（元）"), f.money_remaining),
        *((_("转由%(unit)s承接（元）") % {"unit": t.unit}, t.amount) for t in f.money_total.transfers),
    ]
    return write_workbook(
        [
            Sheet(_("汇总"), [Column(_("项目"), width=28), Column(_("数值"), kind="number", width=16)], summary),
            Sheet(_("机构"), _office_columns(), _office_rows(data)),
            Sheet(_("资产"), _asset_columns(), _asset_rows(data, yes, no), totals=_("合计")),
            Sheet(_("人员"), _staff_columns(), _staff_rows(data)),
            Sheet(_("款项"), _money_columns(), _money_rows(data)),
        ]
    )


def _office_columns() -> list[Column]:
    return [
        Column(_("行政区划")),
        Column(_("机构名称"), width=32),
        Column(_("设立单位"), width=24),
        Column(_("驻在城市")),
        Column(_("核定编制数"), kind="int"),
        Column(_("实有人数"), kind="int"),
        Column(_("处置决定")),
        Column(_("批准文号"), kind="code", width=20),
        Column(_("整合档案")),
        Column(_("办结日期"), kind="date", width=12),
        Column(_("机构状态")),
        Column(_("收回编制数"), kind="int"),
    ]


def _office_rows(data: ReportData) -> Iterator[list[Any]]:
    for o in data.offices:
        decision = data.decisions.get(o.pk)
        dossier = related(o, "dossier")
        recovery = related(dossier, "quota_recovery") if dossier else None
        yield [
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


def _asset_columns() -> list[Column]:
    return [
        Column(_("行政区划")),
        Column(_("机构名称"), width=32),
        Column(_("资产类别")),
        Column(_("资产名称"), width=24),
        Column(_("权属证书编号或车牌号"), kind="code", width=22),
        Column(_("账面价值（元）"), kind="money", width=16),
        Column(_("处置方式")),
        Column(_("转让方式")),
        Column(_("接收单位或买受人"), width=24),
        Column(_("评估价值（元）"), kind="money", width=16),
        Column(_("成交价格（元）"), kind="money", width=16),
        Column(_("低于评估价成交的批准文号"), kind="code", width=22),
        Column(_("处置批准文号"), kind="code", width=20),
        Column(_("处置日期"), kind="date", width=12),
        Column(_("国有资产流失")),
    ]


def _asset_rows(data: ReportData, yes: str, no: str) -> Iterator[list[Any]]:
    loss_ids = {a.pk for a in data.figures.losses}
    for a in data.assets:
        d = related(a, "disposal")
        yield [
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
            yes if a.pk in loss_ids else no,
        ]


def _staff_columns() -> list[Column]:
    return [
        Column(_("行政区划")),
        Column(_("机构名称"), width=32),
        Column(_("姓名")),
        Column(_("职务")),
        Column(_("人员类别")),
        Column(_("安置去向")),
        Column(_("接收单位"), width=24),
        Column(_("安置日期"), kind="date", width=12),
        Column(_("文号"), kind="code", width=20),
    ]


def _staff_rows(data: ReportData) -> Iterator[list[Any]]:
    for s in data.staff:
        p = related(s, "placement")
        yield [
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


def _money_columns() -> list[Column]:
    return [
        Column(_("行政区划")),
        Column(_("机构名称"), width=32),
        Column(_("类别")),
        Column(_("对方单位或开户行及账号"), width=30),
        Column(_("账面余额（元）"), kind="money", width=16),
        Column(_("已结清（元）"), kind="money", width=16),
        Column(_("已转由其他单位承接（元）"), kind="money", width=16),
        Column(_("承接单位"), width=24),
        Column(_("尚未清理（元）"), kind="money", width=16),
    ]


def _money_rows(data: ReportData) -> Iterator[list[Any]]:
    balances = []
    for o in data.obligations:
        settlements = list(o.settlements.all())
        balance = balance_of(o.amount, [(s.method, s.amount, s.transferred_to) for s in settlements])
        balances.append(balance)
        yield [
            o.office.jurisdiction.name,
            o.office.name,
            o.get_kind_display(),
            o.counterparty,
            o.amount,
            balance.settled,
            balance.transferred,
            balance.receivers,
            balance.remaining,
        ]
    if balances:
        # The reconciliation line: the ledger's sum of the rows above.
        total = total_of(balances)
        yield [_("合计"), "", "", "", total.amount, total.settled, total.transferred, "", total.remaining]
