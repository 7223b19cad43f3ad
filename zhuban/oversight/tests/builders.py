"""Records the oversight tests speak of: the city's Wuhan office, retained, and what it keeps."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhuban.decision import services as decisions
from zhuban.decision.models import Decision
from zhuban.decision.queries import assessment_of
from zhuban.org.models import Jurisdiction
from zhuban.oversight import services
from zhuban.oversight.models import Criterion, Mandate, Posting, WorkLog
from zhuban.registry.models import Office
from zhuban.testing.personas import ensure_persona

WUHAN = "咸宁市人民政府驻武汉办事处"
CHANGSHA = "咸宁市人民政府驻长沙联络处"

FUNCTIONS = {
    "economic": "宣传推介咸宁，服务咸宁与武汉的经济合作和对口援助。",
    "social": "为在汉务工的咸宁人提供服务，协助处置突发事件、信访和纠纷调解。",
    "party": "管理服务在汉流动党员和团员，接转组织关系。",
    "liaison": "与武汉市和省直部门联络，收集报送政策和经验信息。",
}


def mandate_values(**changes: Any) -> dict[str, Any]:
    values = {
        "conditions": "经省人民政府批准保留（二(一)3），加挂“驻汉群众工作办公室”牌子。",
        "functions": dict(FUNCTIONS),
        "internal_units": "综合科\n经济合作科\n群众工作科",
        "staffing_quota": 8,
        "leadership_posts": "主任1名，副主任2名",
        "management_responsibility": "由市政府办公室管理，市机关事务管理局监督。",
        "approving_document": "鄂政函〔2015〕88号",
    }
    values.update(changes)
    return values


def retained(name: str = WUHAN) -> Office:
    """The office with its retention approved by the city (and, for the Wuhan office, the province)."""
    office = Office.objects.select_related("jurisdiction", "sponsor", "host_city").get(name=name)
    if Decision.objects.filter(office=office, status=Decision.Status.APPROVED).exists():
        return office
    city = ensure_persona("city_officer")
    proposal = decisions.proposal_submit(
        actor=city, office=office, assessment=assessment_of(office), disposition="retain", reason="按方案保留"
    )
    decisions.proposal_accept(actor=city, proposal=proposal)
    decision = decisions.decision_record_city_approval(
        actor=city, proposal=proposal, document="咸政函〔2015〕50号", approved_on=date(2015, 8, 10)
    )
    if decision.status == Decision.Status.AWAITING_PROVINCE:
        decisions.decision_record_province_approval(
            actor=city, decision=decision, document="鄂政函〔2015〕88号", approved_on=date(2015, 8, 20)
        )
    return office


def draft(office: Office | None = None, **changes: Any) -> Mandate:
    office = office or retained()
    return services.mandate_draft(
        actor=ensure_persona("liaison_staff"), office=office, values=mandate_values(**changes)
    )


def submitted(office: Office | None = None, **changes: Any) -> Mandate:
    return services.mandate_submit(actor=ensure_persona("liaison_staff"), mandate=draft(office, **changes))


def admin_reviewed(office: Office | None = None, **changes: Any) -> Mandate:
    return services.mandate_review(
        actor=ensure_persona("city_officer"), mandate=submitted(office, **changes), accept=True
    )


def staffing_reviewed(office: Office | None = None, **changes: Any) -> Mandate:
    return services.mandate_review(
        actor=ensure_persona("staffing_officer"),
        mandate=admin_reviewed(office, **changes),
        accept=True,
        comments="同意",
        document="咸编办〔2015〕21号",
    )


def approved(office: Office | None = None, on: date = date(2015, 9, 18), **changes: Any) -> Mandate:
    return services.mandate_approve(
        actor=ensure_persona("city_officer"),
        mandate=staffing_reviewed(office, **changes),
        document="咸政函〔2015〕60号",
        approved_on=on,
    )


def posting(office: Office | None = None, **values: Any) -> Posting:
    data = {
        "name": "钱进",
        "post": "科员",
        "is_leader": False,
        "employment": "establishment",
        "posted_on": date(2014, 3, 1),
    }
    data.update(values)
    return services.posting_add(actor=ensure_persona("liaison_staff"), office=office or retained(), values=data)


def log(office: Office | None = None, **values: Any) -> WorkLog:
    data = {
        "heading": "liaison",
        "kind": "information",
        "occurred_on": date(2016, 3, 8),
        "summary": "报送武汉招商政策信息",
    }
    data.update(values)
    return services.worklog_record(actor=ensure_persona("liaison_staff"), office=office or retained(), values=data)


def matrix_args(name: str) -> list[Any]:
    """Arguments for the access matrix: records of the city's retained Wuhan office."""
    office = retained()
    if name in {
        "oversight:office",
        "oversight:mandate_draft",
        "oversight:posting_add",
        "oversight:worklog_list",
        "oversight:worklog_add",
        "oversight:accounts",
        "oversight:accounts_record",
        "oversight:rules",
        "oversight:rule_adopt",
        "oversight:assessments",
    }:
        return [office.pk]
    if name in {"oversight:mandate_detail", "oversight:mandate_edit", "oversight:mandate_submit"}:
        return [draft(office).pk]
    if name == "oversight:mandate_compare":
        first = approved(office)
        second = services.mandate_draft(actor=ensure_persona("liaison_staff"), office=office)
        assert first.pk != second.pk
        return [second.pk]
    if name == "oversight:mandate_review":
        return [submitted(office).pk]
    if name == "oversight:mandate_approve":
        return [staffing_reviewed(office).pk]
    if name == "oversight:assessment_record":
        criteria()
        return [office.pk]
    if name in {
        "oversight:criteria",
        "oversight:criterion_add",
        "oversight:rotation_terms",
        "oversight:rotation_term_set",
    }:
        return [office.jurisdiction_id]
    if name == "oversight:posting_end":
        return [posting(office).pk]
    if name == "oversight:worklog_withdraw":
        return [log(office).pk]
    return []


def criteria(year: int | None = None) -> list[Criterion]:
    """The city's criteria for the year (this year by default), set by the city bureau, made once."""
    from zhuban.oversight.queries import today

    year = year or today().year
    city = Jurisdiction.objects.get(name="咸宁市")
    existing = list(Criterion.objects.filter(jurisdiction=city, year=year))
    if existing:
        return existing
    officer = ensure_persona("city_officer")
    return [
        services.criterion_add(actor=officer, jurisdiction=city, year=year, text=text, max_score=points)
        for text, points in (("经济合作成效", 40), ("群众工作和信访维稳", 40), ("内部管理", 20))
    ]
