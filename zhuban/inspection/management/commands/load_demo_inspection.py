"""Demo inspection of the 2015 campaign: the city's joint team, the inspection phase's joint
inspection (9月21日至10月20日) with its checklists pre-filled, findings in every state, violation
cases proposed from the data (one opened and decided), and a yearly patrol.

Idempotent: when the inspection is there already nothing is added. Everything goes through the
services, so the demo carries its audit trail like real data. Needs the demo accounts (it runs
from ``load_demo`` in demo mode, after the consolidation demo)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhuban.audit.services import Actor
from zhuban.inspection import services
from zhuban.inspection.models import Body, Case, Inspection, Kind, TeamBody
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office

NAME = "2015年驻省会城市办事机构清理规范联合检查"
TEAM = [
    ("inspector", Body.SUPERVISION, "副局长"),
    ("city_admin", Body.OFFICES_ADMINISTRATION, "副局长"),
    ("team_member", Body.STAFFING, "科长"),
    ("auditor", Body.AUDIT, "科长"),
    ("wuhan_office", Body.WUHAN_OFFICE, "副主任"),
]
OFFICES = [
    "嘉鱼县人民政府驻武汉办事处",
    "赤壁市人民政府驻武汉办事处",
    "通山县人民政府驻武汉办事处",
    "通城县人民政府驻武汉办事处",
    "崇阳县人民政府驻武汉联络处",
    "咸宁市人民政府驻武汉办事处",
    "咸宁市招商局驻武汉联络处",
]
# office, clause, severity, description, days, found on, the state it is brought to
FINDINGS = [
    (
        "嘉鱼县人民政府驻武汉办事处",
        "三(二)2",
        "minor",
        "撤销后车辆处置手续不全，缺少划转接收单位的签收单。",
        10,
        date(2015, 9, 22),
        "closed",
    ),
    (
        "赤壁市人民政府驻武汉办事处",
        "三(二)2",
        "serious",
        "办公用房尚未按国有资产管理规定处置，仍由原工作人员使用。",
        15,
        date(2015, 9, 23),
        "returned",
    ),
    (
        "崇阳县人民政府驻武汉联络处",
        "二(四)2",
        "serious",
        "所属招待所尚未与联络处脱钩，仍以联络处名义对外经营。",
        10,
        date(2015, 9, 24),
        "answered",
    ),
    ("通城县人民政府驻武汉办事处", "三(二)2", "minor", "两名工作人员尚未落实安置去向。", 10, date(2015, 9, 25), "open"),
    (
        "通山县人民政府驻武汉办事处",
        "四(二)",
        "grave",
        "撤销决定批准后仍以办事处名义在武汉开展接待活动。",
        5,
        date(2015, 9, 28),
        "open",
    ),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% demo inspection scan\n", content_type="application/pdf")


class Command(BaseCommand):
    help = "Load the demo joint inspection of the 2015 campaign (findings in every state, cases, a patrol)."

    @transaction.atomic
    def handle(self, *args, **options):
        if Inspection.objects.filter(name=NAME).exists():
            if options["verbosity"]:
                self.stdout.write("demo inspection: already there")
            return
        User = get_user_model()
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[t[0] for t in TEAM] + ["tongcheng_clerk", "chongyang_clerk"])
        }
        if len(users) < len(TEAM):
            raise CommandError("The demo inspection needs the demo accounts: run load_demo in demo mode.")
        city = Jurisdiction.objects.get(name="咸宁市")
        system = Actor.system("load_demo_inspection")
        services.team_set_up(actor=system, jurisdiction=city)
        members = {}
        for username, body, post in TEAM:
            seat = TeamBody.objects.get(jurisdiction=city, body=body)
            members[username] = services.team_member_add(actor=system, body=seat, user=users[username], post=post)
        leader = users["inspector"]
        offices = list(Office.objects.filter(name__in=OFFICES).select_related("jurisdiction", "sponsor"))
        inspection = services.inspection_plan(
            actor=leader,
            jurisdiction=city,
            name=NAME,
            starts_on=date(2015, 9, 21),
            ends_on=date(2015, 10, 20),
            offices=offices,
            leader=members["inspector"],
            members=list(members.values()),
        )
        services.checklist_prefill(actor=leader, inspection=inspection, as_of=date(2015, 9, 21))
        targets = {
            t.office.name: t for t in inspection.targets.select_related("office__jurisdiction", "office__sponsor")
        }
        for name, clause, severity, text, days, found, state in FINDINGS:
            target = targets[name]
            finding = services.finding_record(
                actor=leader,
                target=target,
                clause=clause,
                severity=severity,
                description=text,
                responsible_unit=target.office.sponsor,
                deadline_days=days,
                recorded_on=found,
                files=[_pdf("现场检查记录.pdf")],
            )
            if state == "open":
                continue
            county = target.office.jurisdiction.name
            answerer = users.get({"通城县": "tongcheng_clerk", "崇阳县": "chongyang_clerk"}.get(county, ""), system)
            services.finding_rectify(
                actor=answerer,
                finding=finding,
                text="已按要求整改，附整改材料。",
                answered_on=date(2015, 10, 8),
                files=[_pdf("整改材料.pdf")],
            )
            if state == "closed":
                services.finding_accept(
                    actor=users["city_admin"], finding=finding, on=date(2015, 10, 9), comment="材料齐全，同意销号。"
                )
            elif state == "returned":
                services.finding_return(
                    actor=leader, finding=finding, on=date(2015, 10, 9), comment="缺少资产处置批准文件，请补充。"
                )
        cases = services.case_detect(actor=leader, jurisdiction=city, as_of=date(2015, 10, 9))
        opened = next((c for c in cases if c.kind == "new_after_plan"), None)
        if opened is not None:
            opened = services.case_open(
                actor=leader, case=opened, handling_body="市监察局", opened_on=date(2015, 10, 12)
            )
            services.case_note_add(actor=leader, case=opened, text="调阅设立文件，未见批准文号。")
            services.case_decide(
                actor=leader,
                case=opened,
                measure="责令停止以办事机构名义开展活动，通报批评",
                document="咸监察〔2015〕15号",
                decided_on=date(2015, 10, 16),
            )
            services.case_disclose(actor=leader, case=opened, text="请于10月30日前报送停止活动的情况。")
        services.schedule_create(
            actor=leader,
            jurisdiction=city,
            kind=Kind.PATROL,
            name="保留驻外机构年度跟踪巡查",
            next_on=date(2016, 9, 1),
            leader=members["inspector"],
        )
        services.schedule_create(
            actor=leader,
            jurisdiction=city,
            kind=Kind.FOLLOW_UP,
            name="撤销驻汉机构“回头看”",
            next_on=date(2016, 3, 1),
            leader=members["inspector"],
        )
        if options["verbosity"]:
            proposed = Case.objects.filter(status=Case.Status.PROPOSED).count()
            self.stdout.write(
                f"demo inspection: {len(FINDINGS)} findings, {len(cases)} cases proposed ({proposed} awaiting one)"
            )
