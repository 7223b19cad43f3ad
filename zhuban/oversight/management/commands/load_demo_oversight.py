"""Demo: two years (2016–2017) of the city's retained Wuhan office (its public liaison office).

Its retention approved, its mandate approved in 2015 and revised in 2017, its people posted,
rotated and hired locally, and its work logged month by month, shifting from receptions and
chasing funds to the plan's four functions (二(三)). Idempotent: an office that already has a
mandate is left as it is. Everything goes through the services, so the demo carries its trail.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from zhuban.audit.services import Actor
from zhuban.decision import services as decisions
from zhuban.decision.models import Decision, Disposition
from zhuban.decision.queries import assessment_of
from zhuban.oversight import queries, services
from zhuban.oversight.models import Mandate, Posting
from zhuban.registry.models import Office

OFFICE = "咸宁市人民政府驻武汉办事处"
SYSTEM_USERNAME = "system"

FIRST = {
    "conditions": "根据咸办发〔2015〕18号方案二(一)3，应工作所需保留市政府驻武汉办事处，报经省人民政府批准，"
    "加挂“驻汉群众工作办公室”牌子；各县（市、区）驻汉机构撤销后保留的工作人员归并本办统一管理。",
    "functions": {
        "economic": "宣传推介咸宁，联系在汉企业和商会，促进咸宁与武汉的资源合理流动，服务对口援助。",
        "social": "为在汉咸宁籍务工人员提供服务，协助处置突发事件，协助做好信访工作，调解纠纷。",
        "party": "建立在汉流动党员党组织，办理组织关系接转，开展教育培训和关爱帮扶；协助管理流动团员。",
        "liaison": "与省直部门和武汉市政务联络，收集报送驻在地政策、经验信息。",
    },
    "internal_units": "综合科\n经济合作科\n群众工作科（县级工作窗口）",
    "staffing_quota": 8,
    "leadership_posts": "主任1名，副主任2名",
    "management_responsibility": "由市人民政府办公室管理，市机关事务管理局负责日常监督，市编办核定机构编制。",
}

SECOND = {
    "internal_units": "综合科\n经济合作科\n群众工作科（县级工作窗口）\n流动党员服务站",
    "staffing_quota": 7,
    "leadership_posts": "主任1名，副主任1名",
}

# name, post, employment, posted on, left on, leaving
POSTINGS = [
    ("王建国", "主任", "establishment", date(2014, 9, 1), date(2017, 8, 31), "rotated"),
    ("李红梅", "副主任", "establishment", date(2013, 3, 1), date(2016, 3, 1), "rotated"),
    ("张志强", "副主任", "establishment", date(2015, 1, 5), None, ""),
    ("刘晓燕", "综合科科长", "establishment", date(2012, 6, 1), date(2016, 7, 15), "transferred"),
    ("陈卫东", "经济合作科科长", "establishment", date(2014, 11, 1), None, ""),
    ("杨丽", "群众工作科科员", "establishment", date(2016, 3, 1), None, ""),
    ("赵军", "综合科科长", "establishment", date(2016, 7, 18), None, ""),
    ("黄海涛", "主任", "establishment", date(2017, 9, 1), None, ""),
    ("周敏", "联络员", "seconded", date(2016, 4, 1), date(2017, 3, 31), "other"),
    ("吴斌", "驾驶员", "local_hire", date(2011, 5, 1), None, ""),
    ("徐静", "文员", "local_hire", date(2016, 9, 1), None, ""),
]


# year → category → (budget, final, explanation), in 元
ACCOUNTS = {
    2016: {
        "personnel": ("1450000", "1432000", ""),
        "operating": ("320000", "301500", ""),
        "reception": ("80000", "86500", "省直部门集中来咸检查，接待批次增加"),
        "vehicles": ("60000", "58200", ""),
        "rent": ("240000", "240000", ""),
        "projects": ("200000", "176000", ""),
    },
    2017: {
        "personnel": ("1390000", "1371000", ""),
        "operating": ("300000", "288000", ""),
        "reception": ("50000", "31800", ""),
        "vehicles": ("45000", "39600", ""),
        "rent": ("240000", "240000", ""),
        "projects": ("260000", "251000", ""),
    },
}

RULES = [
    (
        "公务接待管理制度",
        "一、凭派出单位公函接待，无公函不接待。\n二、工作餐一次，不上高档菜肴和酒水。",
        date(2016, 1, 8),
    ),
    ("财务管理制度", "一、经费实行预算管理，按科目列支。\n二、大额支出集体研究。", date(2016, 1, 8)),
    (
        "公务接待管理制度",
        "一、凭派出单位公函接待，无公函不接待。\n二、工作餐至多一次，不上高档菜肴和酒水。\n"
        "三、接待对象10人以内的陪餐不超过3人。\n四、每年公开接待经费预决算。",
        date(2017, 2, 10),
    ),
]

CRITERIA = [("经济合作成效", 30), ("群众工作和信访维稳", 30), ("流动党员服务", 20), ("内部管理和廉洁自律", 20)]
# year → (the office's scores by criterion, its result)
ASSESSMENTS = {2016: ((22, 24, 15, 14), "competent"), 2017: ((27, 28, 18, 18), "excellent")}


def _logs(year: int, month: int) -> list[dict[str, object]]:
    """A month's work: receptions and fund-seeking thin out, the four functions grow (二(三))."""
    step = (year - 2016) * 12 + month  # 1 … 24
    old = max(0, 6 - step // 3)
    new = 3 + step // 2
    day = lambda n: date(year, month, 1 + (n * 3) % 27)  # noqa: E731 - a spread of days
    out: list[dict[str, object]] = []
    for n in range(old):
        if n % 2:
            out.append({"heading": "funds", "kind": "funds", "summary": "赴省直部门争取项目资金"})
        else:
            out.append({"heading": "reception", "kind": "reception", "summary": "接待来汉公务人员"})
    cycle: list[dict[str, object]] = [
        {
            "heading": "social",
            "kind": "petition",
            "summary": "协助处理在汉务工人员信访",
            "person_helped": "在汉务工人员",
            "matter": "工资拖欠",
            "outcome": "协调用工单位结清工资",
        },
        {
            "heading": "party",
            "kind": "transfer",
            "summary": "为流动党员接转组织关系",
            "members_count": 2,
            "people_served": 2,
        },
        {"heading": "liaison", "kind": "information", "summary": "报送武汉市招商引资政策信息"},
        {
            "heading": "social",
            "kind": "migrant_workers",
            "summary": "在汉务工人员就业服务",
            "person_helped": "咸宁籍务工人员",
            "matter": "求职登记",
            "people_served": 12,
        },
        {"heading": "economic", "kind": "promotion", "summary": "在汉举办咸宁旅游推介会", "people_served": 80},
        {
            "heading": "party",
            "kind": "training",
            "summary": "流动党员集中学习",
            "members_count": 25,
            "people_served": 25,
        },
        {
            "heading": "social",
            "kind": "dispute",
            "summary": "调解务工人员劳动纠纷",
            "person_helped": "务工人员",
            "matter": "工伤赔偿",
            "outcome": "达成调解协议",
        },
        {"heading": "liaison", "kind": "liaison", "summary": "与省发改委政务联络"},
    ]
    for n in range(new):
        out.append(dict(cycle[(step + n) % len(cycle)]))
    if month % 3 == 0:
        out.append(
            {
                "heading": "economic",
                "kind": "cooperation",
                "summary": "促成合作项目签约",
                "project": f"咸宁{year}年第{month // 3}季度合作项目",
                "partner": "武汉某投资公司",
                "value": Decimal(300 + 150 * step),
            }
        )
    for n, values in enumerate(out):
        values.setdefault("occurred_on", day(n))
    return out


class Command(BaseCommand):
    help = "Load two demo years (2016–2017) of the city's retained Wuhan office: mandate, staff, work logs."

    @transaction.atomic
    def handle(self, *args, **options):
        office = Office.objects.select_related("jurisdiction", "sponsor", "host_city").filter(name=OFFICE).first()
        if office is None or Mandate.objects.filter(office=office).exists():
            if options["verbosity"]:
                self.stdout.write("demo oversight: already there (or no Wuhan office)")
            return
        actor = Actor.system("load_demo_oversight")
        self._retain(office)
        first = services.mandate_draft(
            actor=actor, office=office, values={**FIRST, "approving_document": "鄂政函〔2015〕88号"}
        )
        self._approve(actor, first, "咸政函〔2015〕60号", date(2015, 9, 18))
        second = services.mandate_draft(actor=actor, office=office)
        services.mandate_update(actor=actor, mandate=second, values=SECOND)
        self._approve(actor, second, "咸政函〔2017〕9号", date(2017, 3, 20))
        for name, post, employment, posted_on, left_on, leaving in POSTINGS:
            posting = services.posting_add(
                actor=actor,
                office=office,
                values={
                    "name": name,
                    "post": post,
                    "employment": employment,
                    "posted_on": posted_on,
                    "is_leader": post in ("主任", "副主任"),
                },
            )
            if left_on:
                services.posting_end(actor=actor, posting=posting, left_on=left_on, leaving=leaving)
        windows = queries.hosted_windows(office)
        logged = 0
        for year in (2016, 2017):
            for month in range(1, 13):
                for n, values in enumerate(_logs(year, month)):
                    window = windows[0].id if windows and n % 5 == 4 else None
                    services.worklog_record(actor=actor, office=office, values=values, window_id=window)
                    logged += 1
        self._money(actor, office)
        self._rules_and_assessment(actor, office)
        if options["verbosity"]:
            self.stdout.write(
                f"demo oversight: {OFFICE}: 2 mandate versions, {len(POSTINGS)} postings, {logged} work logs"
            )

    def _retain(self, office: Office) -> None:
        if Decision.objects.filter(
            office=office, status=Decision.Status.APPROVED, disposition=Disposition.RETAIN
        ).exists():
            return
        User = get_user_model()
        user, made = User.objects.get_or_create(
            username=SYSTEM_USERNAME, defaults={"first_name": "系统（演示数据）", "is_active": False}
        )
        if made:
            user.set_unusable_password()
            user.save()
        proposal = decisions.proposal_submit(
            actor=user,
            office=office,
            assessment=assessment_of(office),
            disposition=Disposition.RETAIN,
            reason="应工作所需保留（二(一)3）",
        )
        decisions.proposal_accept(actor=user, proposal=proposal)
        decision = decisions.decision_record_city_approval(
            actor=user, proposal=proposal, document="咸政函〔2015〕50号", approved_on=date(2015, 8, 10)
        )
        if decision.status == Decision.Status.AWAITING_PROVINCE:
            decisions.decision_record_province_approval(
                actor=user, decision=decision, document="鄂政函〔2015〕88号", approved_on=date(2015, 8, 28)
            )

    def _money(self, actor: Actor, office: Office) -> None:
        """Budgets and final accounts in 元: 2016's receptions overspent, 2017's within the budget."""
        for year, lines in ACCOUNTS.items():
            for category, (budget, final, note) in lines.items():
                services.budget_set(actor=actor, office=office, year=year, category=category, amount=Decimal(budget))
                services.accounts_record(
                    actor=actor, office=office, year=year, category=category, amount=Decimal(final), explanation=note
                )

    def _rules_and_assessment(self, actor: Actor, office: Office) -> None:
        for title, text, adopted_on in RULES:
            services.rule_adopt(actor=actor, office=office, title=title, text=text, adopted_on=adopted_on)
        for year, (office_scores, result) in ASSESSMENTS.items():
            criteria = [
                services.criterion_add(
                    actor=actor, jurisdiction=office.jurisdiction, year=year, text=text, max_score=points
                )
                for text, points in CRITERIA
            ]
            services.assessment_record(
                actor=actor,
                office=office,
                year=year,
                scores={c.pk: score for c, score in zip(criteria, office_scores, strict=True)},
                evidence=f"{year}年度工作总结；工作日志统计；群众满意度测评",
                result=result,
            )
            for posting in Posting.objects.filter(
                office=office, employment="establishment", posted_on__lte=date(year, 6, 30)
            ):
                if posting.left_on and posting.left_on < date(year, 12, 31):
                    continue
                services.assessment_record(
                    actor=actor,
                    office=office,
                    year=year,
                    posting=posting,
                    scores={c.pk: c.max_score - 4 for c in criteria},
                    evidence="个人述职和民主测评",
                    result="competent",
                )

    def _approve(self, actor: Actor, mandate: Mandate, document: str, on: date) -> None:
        # Sent ten days before its approval, as the paper file was.
        sent = timezone.make_aware(datetime.combine(on - timedelta(days=10), time(12)))
        services.mandate_submit(actor=actor, mandate=mandate, at=sent)
        services.mandate_review(actor=actor, mandate=mandate, accept=True, comments="符合方案要求")
        services.mandate_review(
            actor=actor, mandate=mandate, accept=True, comments="同意", document=f"咸编办〔{on.year}〕21号"
        )
        services.mandate_approve(actor=actor, mandate=mandate, document=document, approved_on=on)
