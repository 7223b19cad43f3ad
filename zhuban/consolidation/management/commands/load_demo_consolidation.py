"""Demo consolidation: every office's proposal, the city's review and approvals, and the
dossiers they open, each at its date in the story of 2015 (which stops on 2015-08-15, the day
the demo's campaign opens on).

Idempotent: an office that already has a proposal is left as it is. Everything goes through the
decision and consolidation services, so the demo data carries its audit trail like real data,
and the campaign's submissions (精简整合意见, 专项工作报告) follow from that work through
zhuban.flows: the loader stamps no status. Decisions record who submitted and approved them as a
user, so the demo uses an inactive system account that cannot sign in.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from zhuban.audit.services import Actor
from zhuban.consolidation import services
from zhuban.consolidation.models import Dossier
from zhuban.decision import services as decisions
from zhuban.decision.models import Decision, Disposition, Proposal
from zhuban.decision.queries import assessment_of
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office

SYSTEM_USERNAME = "system"
TZ = ZoneInfo("Asia/Shanghai")
APPROVED_ON = date(2015, 8, 5)
PROVINCE_APPROVED_ON = date(2015, 8, 12)
ON = date(2015, 8, 10)
CLOSED_ON = date(2015, 8, 14)

# Each jurisdiction's proposals: (submitted, reviewed) as (month, day), or None for not yet. The
# city approves every accepted proposal on APPROVED_ON (the Wuhan office also needs the province).
# 崇阳县 proposed for one of its two offices only; 通山县's came late and are not yet reviewed;
# 赤壁市's first proposal was returned and proposed again; 咸宁高新区 has proposed nothing.
PROPOSALS: dict[str, tuple[tuple[int, int] | None, tuple[int, int] | None]] = {
    "咸宁市": ((7, 31), (8, 4)),
    "咸安区": ((7, 31), (8, 4)),
    "嘉鱼县": ((7, 31), (8, 4)),
    "通城县": ((7, 30), (8, 4)),
    "崇阳县": ((7, 28), None),
    "通山县": ((8, 14), None),
    "赤壁市": ((7, 31), (8, 4)),
}
PROPOSE_ONLY = {"崇阳县": {"崇阳县人民政府驻武汉联络处"}}
RETURNED = {
    "赤壁市人民政府驻武汉办事处": (
        "该办事处承担赤壁籍在汉务工人员服务工作，拟保留。",
        (8, 3),
        "赤壁市人民政府驻武汉办事处依二(一)1应予撤销，意见为保留的，须写明理由。",
    )
}
# A jurisdiction that reported its special report early, and when.
REPORTED = {"通城县": (8, 14)}


def _at(month: int, day: int, hour: int) -> datetime:
    return datetime.combine(date(2015, month, day), time(hour), tzinfo=TZ)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% demo scan\n", content_type="application/pdf")


class Command(BaseCommand):
    help = "Load demo consolidation dossiers (approved decisions, disposals, placements, a county window)."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        user, made = User.objects.get_or_create(
            username=SYSTEM_USERNAME, defaults={"first_name": "系统（演示数据）", "is_active": False}
        )
        if made:
            user.set_unusable_password()
            user.save()
        self.user = user
        self.actor = Actor.system("load_demo_consolidation")
        proposed = self._proposals()
        done = 0
        for name, build in [
            ("嘉鱼县人民政府驻武汉办事处", self._closed_revocation),
            ("赤壁市人民政府驻武汉办事处", self._revocation_in_progress),
            ("咸宁市商务局驻广州联络处", self._merger_carried_over),
        ]:
            dossier = Dossier.objects.select_related("office__jurisdiction", "office__sponsor").filter(
                office__name=name
            )
            # Only a dossier this run opened is worked on: one that was there is left as it is.
            if name in proposed and dossier.exists():
                build(dossier.get())
                done += 1
        for jurisdiction_name, (month, day) in REPORTED.items():
            if jurisdiction_name in proposed.values():
                services.report_submit(
                    actor=self.user,
                    jurisdiction=Jurisdiction.objects.get(name=jurisdiction_name),
                    at=_at(month, day, 16),
                )
        if options["verbosity"]:
            self.stdout.write(f"demo proposals: {len(proposed)} offices; consolidation dossiers worked on: {done}")

    def _proposals(self) -> dict[str, str]:
        """Every office's proposal at its date, reviewed and approved as the story says; the
        approvals open the dossiers (zhuban.flows). Returns the offices proposed (name → its
        jurisdiction's name)."""
        proposed: dict[str, str] = {}
        for jurisdiction_name, (submitted, reviewed) in PROPOSALS.items():
            offices = Office.objects.filter(jurisdiction__name=jurisdiction_name, status=Office.Status.ACTIVE)
            only = PROPOSE_ONLY.get(jurisdiction_name)
            for minute, office in enumerate(offices.select_related("jurisdiction", "sponsor").order_by("id")):
                if only is not None and office.name not in only:
                    continue
                if submitted is None or Proposal.objects.filter(office=office).exists():
                    continue
                proposal = self._propose(office, submitted, minute)
                proposed[office.name] = jurisdiction_name
                if reviewed is None:
                    continue
                decisions.proposal_accept(actor=self.user, proposal=proposal, comments="同意", at=_at(*reviewed, 11))
                decision = decisions.decision_record_city_approval(
                    actor=self.user, proposal=proposal, document="咸政函〔2015〕41号", approved_on=APPROVED_ON
                )
                if decision.status == Decision.Status.AWAITING_PROVINCE:
                    decisions.decision_record_province_approval(
                        actor=self.user,
                        decision=decision,
                        document="鄂政函〔2015〕88号",
                        approved_on=PROVINCE_APPROVED_ON,
                    )
        return proposed

    def _propose(self, office: Office, submitted: tuple[int, int], minute: int) -> Proposal:
        """The engine's disposition; where the engine leaves it to a person (review), revocation
        with the reason written. A proposal the city returned is proposed again the next day."""
        a = assessment_of(office)
        at = _at(*submitted, 15).replace(minute=minute)
        if office.name in RETURNED:
            first, (month, day), comments = RETURNED[office.name]
            proposal = decisions.proposal_submit(
                actor=self.user, office=office, assessment=a, disposition=Disposition.RETAIN, reason=first, at=at
            )
            decisions.proposal_return(actor=self.user, proposal=proposal, comments=comments, at=_at(month, day, 10))
            at = _at(month, day + 1, 9)
        if a.disposition == Disposition.REVIEW:
            return decisions.proposal_submit(
                actor=self.user,
                office=office,
                assessment=a,
                disposition=Disposition.REVOKE,
                reason="方案未明确规定，经研究拟予撤销。",
                at=at,
            )
        merge_into = Office.objects.get(pk=int(a.merge_into)) if a.merge_into else None
        return decisions.proposal_submit(
            actor=self.user, office=office, assessment=a, disposition=a.disposition, merge_into=merge_into, at=at
        )

    def _paperwork(self, dossier: Dossier, *, quota: bool = True) -> None:
        office = dossier.office
        services.deregistration_record(
            actor=self.actor,
            dossier=dossier,
            authority=f"{office.jurisdiction.name}事业单位登记管理局",
            document_number=f"{office.jurisdiction.name[:2]}事登注〔2015〕7号",
            deregistered_on=ON,
        )
        services.evidence_add(actor=self.actor, dossier=dossier, task="deregistration", file=_pdf("注销通知.pdf"))
        if quota:
            services.quota_recovery_record(
                actor=self.actor,
                dossier=dossier,
                posts_recovered=office.staffing_quota,
                confirmed_by=f"{office.jurisdiction.name}机构编制委员会办公室",
                document_number=f"{office.jurisdiction.name[:2]}编发〔2015〕12号",
                confirmed_on=ON,
            )
            services.evidence_add(actor=self.actor, dossier=dossier, task="quota", file=_pdf("收回编制确认函.pdf"))

    def _closed_revocation(self, dossier: Dossier) -> None:
        office = dossier.office
        self._paperwork(dossier)
        staff = list(office.staff.order_by("id"))
        jurisdiction = Jurisdiction.objects.get(pk=office.jurisdiction_id)
        head = staff[0]
        window = services.window_apply(
            actor=self.actor,
            jurisdiction=jurisdiction,
            members=[{"name": head.name, "post": "窗口负责人", "is_head": True, "staff": head}],
            applied_on=ON,
            application_document="嘉政文〔2015〕21号",
        )
        services.window_approve(actor=self.actor, window=window, document="咸政函〔2015〕60号", approved_on=ON)
        services.staff_place(actor=self.actor, staff=head, destination="county_window", window=window, placed_on=ON)
        destinations = ["back_to_sponsor", "back_to_sponsor", "retired", "transferred"]
        for person, destination in zip(staff[1:], destinations, strict=False):
            unit = "嘉鱼县招商局" if destination == "transferred" else ""
            services.staff_place(actor=self.actor, staff=person, destination=destination, unit_name=unit, placed_on=ON)
        services.evidence_add(actor=self.actor, dossier=dossier, task="staff", file=_pdf("人员安置方案.pdf"))
        account = services.obligation_add(
            actor=self.actor,
            office=office,
            kind="bank_account",
            counterparty="农业银行武汉分行 ×××1021",
            amount=Decimal("46800.00"),
        )
        services.obligation_settle(
            actor=self.actor,
            obligation=account,
            method="account_closed",
            amount=Decimal("46800.00"),
            transferred_to="嘉鱼县财政局",
            settled_on=ON,
        )
        services.evidence_add(actor=self.actor, dossier=dossier, task="money", file=_pdf("销户证明.pdf"))
        services.evidence_add(actor=self.actor, dossier=dossier, task="assets", file=_pdf("资产清查报告.pdf"))
        services.dossier_close(actor=self.actor, dossier=dossier, closed_on=CLOSED_ON)

    def _revocation_in_progress(self, dossier: Dossier) -> None:
        office = dossier.office
        self._paperwork(dossier, quota=False)
        building = office.assets.order_by("id").first()
        if building is not None:
            services.asset_dispose(
                actor=self.actor,
                asset=building,
                disposal_type="paid_transfer",
                channel="auction",
                receiver="武汉某置业有限公司",
                appraisal_value=Decimal("2300000"),
                price=Decimal("2250000"),
                below_appraisal_approval="赤国资〔2015〕15号",
                approval_document="赤国资〔2015〕14号",
                disposed_on=ON,
                file=_pdf("拍卖成交确认书.pdf"),
            )
        for person in office.staff.order_by("id")[:3]:
            services.staff_place(actor=self.actor, staff=person, destination="back_to_sponsor", placed_on=ON)
        services.obligation_add(
            actor=self.actor,
            office=office,
            kind="bank_account",
            counterparty="工商银行武汉分行 ×××3308",
            amount=Decimal("56000.00"),
        )
        services.obligation_add(
            actor=self.actor, office=office, kind="receivable", counterparty="赤壁宾馆", amount=Decimal("12000.00")
        )

    def _merger_carried_over(self, dossier: Dossier) -> None:
        services.merge_carry_over(actor=self.actor, dossier=dossier, carried_on=ON, document="咸政函〔2015〕41号")
        services.evidence_add(actor=self.actor, dossier=dossier, task="merge", file=_pdf("移交清单.pdf"))
