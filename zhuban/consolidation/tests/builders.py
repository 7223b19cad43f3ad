"""Builders for consolidation tests (and the access matrix): approved decisions, dossiers and a
dossier complete but for what a test leaves out. Everything goes through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from zhuban.consolidation import services
from zhuban.consolidation.models import CountyWindow, Dossier, Evidence, Obligation
from zhuban.decision import services as decisions
from zhuban.decision.models import Decision
from zhuban.decision.queries import assessment_of
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office
from zhuban.testing.personas import ensure_persona

TONGCHENG_WUHAN = "通城县人民政府驻武汉办事处"
TONGCHENG_CHANGSHA = "通城县人民政府驻长沙联络处"
# The engine groups 长沙 with 广州 (二(二)2): the city's 广州 office survives the merger.
SURVIVOR = "咸宁市人民政府驻广州办事处"
PDF = b"%PDF-1.4\n% consolidation evidence\n"
ON = date(2015, 8, 20)


def pdf(name: str = "证明材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def office(name: str) -> Office:
    return Office.objects.select_related("jurisdiction", "sponsor").get(name=name)


def approved_decision(o: Office, disposition: str = "revoke", merge_into: Office | None = None) -> Decision:
    """The city's approved decision on an office (which opens its dossier), made once."""
    existing = Decision.objects.filter(office=o, status=Decision.Status.APPROVED).first()
    if existing:
        return existing
    city = ensure_persona("city_officer")
    proposal = decisions.proposal_submit(
        actor=city,
        office=o,
        assessment=assessment_of(o),
        disposition=disposition,
        merge_into=merge_into,
        reason="按方案办理",
    )
    decisions.proposal_accept(actor=city, proposal=proposal)
    return decisions.decision_record_city_approval(
        actor=city, proposal=proposal, document="咸政函〔2015〕45号", approved_on=date(2015, 8, 10)
    )


def approved_before_dossiers(o: Office) -> Decision:
    """A decision approved before approvals opened their dossier (the decision workflow alone,
    without its consolidation flow): approved, and its office still has no dossier, as a decision
    recorded before that rule was deployed. The city bureau opens it by hand."""
    from zhuban.decision.events import decision_approved
    from zhuban.flows.decisions import open_dossier

    decision_approved.disconnect(dispatch_uid="flows.open_dossier")
    try:
        return approved_decision(o)
    finally:
        decision_approved.connect(open_dossier, dispatch_uid="flows.open_dossier")


def dossier_for(name: str = TONGCHENG_WUHAN) -> Dossier:
    o = office(name)
    approved_decision(o)
    return Dossier.objects.select_related("office__jurisdiction").get(office=o)


def merge_dossier() -> Dossier:
    """通城县's office in 长沙 merges into the city's surviving office (二(二)3, 二(二)2)."""
    o = office(TONGCHENG_CHANGSHA)
    approved_decision(o, "merge", office(SURVIVOR))
    return Dossier.objects.select_related("office__jurisdiction").get(office=o)


def evidence(dossier: Dossier, task: str = "assets") -> Evidence:
    actor = ensure_persona("city_officer")
    return services.evidence_add(actor=actor, dossier=dossier, task=task, file=pdf())


def obligation(dossier: Dossier, kind: str = "receivable", amount: str = "12000.00") -> Obligation:
    actor = ensure_persona("city_officer")
    return services.obligation_add(
        actor=actor, office=dossier.office, kind=kind, counterparty="湖北某贸易公司", amount=Decimal(amount)
    )


def complete(
    dossier: Dossier, *, leave_asset=None, leave_staff=None, leave_money: bool = False, leave_entity=None
) -> Dossier:
    """Do every sub-task of a dossier with its evidence, except what the test leaves out."""
    actor = ensure_persona("city_officer")
    o = dossier.office
    services.deregistration_record(
        actor=actor,
        dossier=dossier,
        authority=f"{o.jurisdiction.name}事业单位登记管理局",
        document_number="通编注〔2015〕3号",
        deregistered_on=ON,
    )
    services.quota_recovery_record(
        actor=actor,
        dossier=dossier,
        posts_recovered=o.staffing_quota,
        confirmed_by=f"{o.jurisdiction.name}机构编制委员会办公室",
        document_number="通编发〔2015〕12号",
        confirmed_on=ON,
    )
    for asset in o.assets.all():
        if asset.pk == getattr(leave_asset, "pk", None) or hasattr(asset, "disposal"):
            continue
        services.asset_dispose(
            actor=actor,
            asset=asset,
            disposal_type="free_transfer",
            receiver=o.sponsor.name,
            certificate_or_plate=asset.plate_number or asset.certificate_number or "无证",
            approval_document="通国资〔2015〕8号",
            disposed_on=ON,
        )
    for person in o.staff.all():
        if person.pk == getattr(leave_staff, "pk", None) or hasattr(person, "placement"):
            continue
        services.staff_place(actor=actor, staff=person, destination="back_to_sponsor", placed_on=ON)
    for entity in o.business_entities.all():
        if entity.pk == getattr(leave_entity, "pk", None) or hasattr(entity, "decoupling_record"):
            continue
        services.entity_decouple(
            actor=actor,
            entity=entity,
            receiver=f"{o.jurisdiction.name}国有资产监督管理局",
            document="通国资〔2015〕9号",
            decoupled_on=ON,
        )
    account = services.obligation_add(
        actor=actor, office=o, kind="bank_account", counterparty="中国银行武汉分行 1234", amount=Decimal("8500.00")
    )
    services.obligation_settle(
        actor=actor,
        obligation=account,
        method="account_closed",
        amount=Decimal("8500.00"),
        transferred_to=f"{o.jurisdiction.name}财政局",
        settled_on=ON,
    )
    if leave_money:
        obligation(dossier, "payable", "3000.00")
    for kind in dossier.task_kinds:
        services.evidence_add(actor=actor, dossier=dossier, task=kind, file=pdf(f"{kind}.pdf"))
    return dossier


def approved_window(jurisdiction_name: str = "通城县", members: int = 1) -> CountyWindow:
    """A county window applied for and approved (its county's Wuhan office revoked first)."""
    jurisdiction = Jurisdiction.objects.get(name=jurisdiction_name)
    wuhan = Office.objects.get(jurisdiction=jurisdiction, sponsor__kind="government", host_city__name="武汉市")
    approved_decision(wuhan)
    actor = ensure_persona("city_officer")
    people = [{"name": "张志强", "post": "窗口负责人", "is_head": True}]
    people += [{"name": f"工作人员{i}", "post": "科员", "is_head": False} for i in range(1, members)]
    window = services.window_apply(actor=actor, jurisdiction=jurisdiction, members=people, applied_on=ON)
    return services.window_approve(
        actor=actor, window=window, document="咸政函〔2015〕60号", approved_on=ON, file=pdf("批复.pdf")
    )


def matrix_args(name: str) -> list:
    """For the access matrix (zhuban/tests/test_access_matrix.py): arguments of each
    consolidation URL that point at 通城县's records."""
    short = name.removeprefix("consolidation:")
    jurisdiction = Jurisdiction.objects.get(name="通城县")
    if short in {"results", "window_list", "entities_tied"}:
        return []
    if short.startswith("report") or short == "window_apply":
        return [jurisdiction.pk]
    if short.startswith("window_"):
        return [approved_window().pk]
    if short == "carry_over":
        return [merge_dossier().pk]
    if short == "dossier_open":
        return [approved_before_dossiers(office(TONGCHENG_WUHAN)).pk]
    dossier = dossier_for()
    o = dossier.office
    by_name = {
        "office_panel": lambda: o.pk,
        "evidence_file": lambda: evidence(dossier).pk,
        "asset_dispose": lambda: o.assets.order_by("id").first().pk,
        "staff_place": lambda: o.staff.order_by("id").first().pk,
        "obligation_settle": lambda: obligation(dossier).pk,
        "entity_decouple": lambda: o.business_entities.order_by("id").first().pk,
    }
    if short in by_name:
        return [by_name[short]()]
    if short in {"task_edit", "evidence_upload"}:
        return [dossier.pk, "assets"]
    return [dossier.pk]
