"""Demo consolidation: a few approved revocations and a merger, in different stages.

Idempotent: an office that already has a dossier is left as it is. Everything goes through the
decision and consolidation services, so the demo data carries its audit trail like real data.
Decisions record who submitted and approved them as a user, so the demo uses an inactive
system account that cannot sign in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from zhuban.audit.services import Actor
from zhuban.consolidation import services
from zhuban.consolidation.models import Dossier
from zhuban.decision import services as decisions
from zhuban.decision.models import DOSSIER_DISPOSITIONS, Decision
from zhuban.decision.queries import assessment_of
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office

SYSTEM_USERNAME = "system"
APPROVED_ON = date(2015, 8, 5)
ON = date(2015, 8, 20)


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
        done = 0
        for name, build in [
            ("嘉鱼县人民政府驻武汉办事处", self._closed_revocation),
            ("赤壁市人民政府驻武汉办事处", self._revocation_in_progress),
            ("通山县人民政府驻武汉办事处", lambda dossier: None),
            ("咸宁市商务局驻广州联络处", self._merger_carried_over),
        ]:
            office = Office.objects.select_related("jurisdiction", "sponsor").filter(name=name).first()
            if office is None or Dossier.objects.filter(office=office).exists():
                continue
            dossier = self._open(office)
            if dossier is not None:
                build(dossier)
                done += 1
        if options["verbosity"]:
            self.stdout.write(f"demo consolidation dossiers: {done} created")

    def _open(self, office: Office) -> Dossier | None:
        """The engine's disposition, proposed, accepted and approved: approving opens the dossier."""
        if Decision.objects.filter(office=office).exclude(status=Decision.Status.REVOKED).exists():
            return None  # someone decided this office already; leave it to them
        a = assessment_of(office)
        if a.disposition not in DOSSIER_DISPOSITIONS:
            return None
        merge_into = Office.objects.get(pk=int(a.merge_into)) if a.merge_into else None
        proposal = decisions.proposal_submit(
            actor=self.user, office=office, assessment=a, disposition=a.disposition, merge_into=merge_into
        )
        decisions.proposal_accept(actor=self.user, proposal=proposal, comments="同意")
        decisions.decision_record_city_approval(
            actor=self.user, proposal=proposal, document="咸政函〔2015〕41号", approved_on=APPROVED_ON
        )
        return Dossier.objects.select_related("office__jurisdiction", "office__sponsor").get(office=office)

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
        services.dossier_close(actor=self.actor, dossier=dossier, closed_on=date(2015, 8, 28))

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
