"""Each county's inspection summary (due 10月21日, 三(三)) and the city's inspection report: the
same figures on the page, in the official document and in its spreadsheet annex."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zhuban.inspection.models import Finding, Inspection, Severity
from zhuban.lib.official_doc import OfficialDocument
from zhuban.lib.spreadsheet import Column, Sheet, write_workbook
from zhuban.org.models import Jurisdiction

STATES = Finding.Status.values


@dataclass
class Row:
    """One jurisdiction's findings: total, by state, by severity."""

    name: str
    total: int = 0
    by_state: dict[str, int] = field(default_factory=lambda: {s: 0 for s in STATES})
    by_severity: dict[str, int] = field(default_factory=lambda: {s: 0 for s in Severity.values})

    def add(self, finding: Finding) -> None:
        self.total += 1
        self.by_state[finding.status] += 1
        self.by_severity[finding.severity] += 1

    def cells(self) -> list[str]:
        return [
            self.name,
            str(self.total),
            *(str(self.by_state[s]) for s in STATES),
            *(str(self.by_severity[s]) for s in Severity.values),
        ]


@dataclass
class Figures:
    inspection: Inspection
    jurisdiction: Jurisdiction
    findings: list[Finding]
    rows: list[Row]
    total: Row

    @property
    def headers(self) -> list[str]:
        return [
            str(_("地方")),
            str(_("问题数")),
            *(str(label) for _code, label in Finding.Status.choices),
            *(str(label) for _code, label in Severity.choices),
        ]


def figures(inspection: Inspection, jurisdiction: Jurisdiction, findings: list[Finding]) -> Figures:
    """``findings``: what the reader may see of the inspection (already scoped), under ``jurisdiction``."""
    mine = [f for f in findings if f.office.jurisdiction.path.startswith(jurisdiction.path)]
    rows: dict[str, Row] = {}
    total = Row(str(_("合计")))
    for finding in sorted(mine, key=lambda f: (f.office.jurisdiction.path, f.office.name, f.pk)):
        place = finding.office.jurisdiction
        rows.setdefault(place.path, Row(place.name)).add(finding)
        total.add(finding)
    return Figures(inspection, jurisdiction, mine, list(rows.values()), total)


def title_of(f: Figures) -> str:
    if f.jurisdiction.pk == f.inspection.jurisdiction_id:
        return _("%(name)s检查报告") % {"name": f.inspection.name}
    return _("%(county)s驻省会城市办事机构清理规范检查情况总结") % {"county": f.jurisdiction.name}


def _finding_cells(finding: Finding) -> list[str]:
    return [
        finding.office.jurisdiction.name,
        finding.office.name,
        finding.clause,
        finding.get_severity_display(),
        finding.description,
        finding.responsible_unit.name,
        finding.due_on.isoformat(),
        finding.get_status_display(),
    ]


FINDING_HEADERS = (
    gettext_noop("地方"),
    gettext_noop("办事机构"),
    gettext_noop("依据条款"),
    gettext_noop("严重程度"),
    gettext_noop("问题描述"),
    gettext_noop("整改责任单位"),
    gettext_noop("整改截止日期"),
    gettext_noop("状态"),
)


def docx(f: Figures, *, issued_on: date) -> bytes:
    doc = OfficialDocument()
    doc.title(title_of(f))
    doc.addressee(_("市机关事务管理局："))
    doc.paragraph(
        _(
            "按照咸政办函〔2015〕58号三(三)的要求，%(team)s于%(start)s至%(end)s对%(scope)s驻省会城市办事机构进行了检查，"
            "共发现问题%(total)s个，其中已销号%(closed)s个，待验收%(answered)s个，退回重改%(returned)s个，待整改%(open)s个。"
        )
        % {
            "team": _("联合检查组"),
            "start": date_format(f.inspection.starts_on, "DATE_FORMAT"),
            "end": date_format(f.inspection.ends_on, "DATE_FORMAT"),
            "scope": f.jurisdiction.name,
            "total": f.total.total,
            **{s: f.total.by_state[s] for s in STATES},
        }
    )
    doc.heading(_("一、发现问题和整改情况"))
    numeric = range(1, len(f.headers))
    doc.table(f.headers, [r.cells() for r in f.rows], totals=f.total.cells(), numeric=numeric)
    doc.heading(_("二、问题清单"))
    doc.table([str(_(h)) for h in FINDING_HEADERS], [_finding_cells(x) for x in f.findings])
    doc.signature(
        f.jurisdiction.name if f.jurisdiction.pk != f.inspection.jurisdiction_id else _("联合检查组"),
        date_format(issued_on, "DATE_FORMAT"),
    )
    return doc.to_bytes()


def xlsx(f: Figures) -> bytes:
    summary = Sheet(
        str(_("汇总")),
        [Column(f.headers[0], width=20), *(Column(h, kind="int") for h in f.headers[1:])],
        [
            [r.name, r.total, *(r.by_state[s] for s in STATES), *(r.by_severity[s] for s in Severity.values)]
            for r in [*f.rows, f.total]
        ],
        title=title_of(f),
    )
    detail = Sheet(
        str(_("问题清单")),
        [
            Column(str(_("地方")), width=14),
            Column(str(_("办事机构")), width=30),
            Column(str(_("依据条款")), kind="code"),
            Column(str(_("严重程度"))),
            Column(str(_("问题描述")), width=50),
            Column(str(_("整改责任单位")), width=24),
            Column(str(_("整改截止日期")), kind="date"),
            Column(str(_("状态"))),
        ],
        [[*_finding_cells(x)[:6], x.due_on, x.get_status_display()] for x in f.findings],
    )
    return write_workbook([summary, detail])
