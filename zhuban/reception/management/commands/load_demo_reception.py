"""Demo: two years (2016–2017) of official receptions at every retained office, made through the
services, so each carries its trail and its checks. Most follow the rules; a few break them the
way people do, and the checks catch it: a meal over the standard, too many companions, one visit
split in two, a cash payment, a dinner at the office's own former hotel. The city sets its own
meal standard from 2017, so 2016's receptions keep being judged by the example rows.

Idempotent: an office that already has receptions is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from zhuban.audit.services import Actor
from zhuban.org.models import Jurisdiction
from zhuban.reception import queries, services
from zhuban.reception.models import Reception, ReceptionWarning, Standard
from zhuban.registry.models import Office

UNITS = [
    ("咸宁市发展和改革委员会", "in_province", "汇报重点项目前期工作"),
    ("咸宁市财政局", "in_province", "对接省财政厅专项资金"),
    ("咸宁市商务局", "in_province", "参加在汉招商推介活动"),
    ("咸宁市农业局", "in_province", "对接省农业厅项目评审"),
    ("湖南省岳阳市人民政府办公室", "out_of_province", "考察驻汉机构改革经验"),
]
# Six names for each party in turn: the same people come back only months later (no repeat visit).
NAMES = [s + g for s in "王李张刘陈杨赵黄周吴徐孙" for g in ("志军", "华", "静", "伟", "洋", "帆")]
POSTS = [("副局长", "bureau"), ("科长", "county"), ("科员", "county"), ("主任科员", "county")]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 demo scan", content_type="application/pdf")


def _party(n: int, start: int, head_rank: str = "county") -> list[dict[str, str]]:
    people = []
    for i in range(n):
        post, rank = POSTS[(start + i) % len(POSTS)]
        people.append({"name": NAMES[(start + i) % len(NAMES)], "post": post, "rank": head_rank if i == 0 else rank})
    return people


class Command(BaseCommand):
    help = "Load two demo years (2016–2017) of official receptions at the retained offices, a few breaking the rules."

    @transaction.atomic
    def handle(self, *args, **options):
        self.system = Actor.system("load_demo_reception")
        users = {u.username: u for u in get_user_model().objects.filter(username__in=["liaison_staff", "liaison_head"])}
        self.staff = users.get("liaison_staff") or self.system
        self.head = users.get("liaison_head") or self.system
        self._city_standard()
        made = 0
        for office in queries._retained_offices().select_related("jurisdiction").order_by("id"):
            if Reception.objects.filter(office=office).exists():
                continue
            made += self._office(office)
        if options["verbosity"]:
            self.stdout.write(f"demo receptions: {made} made, {ReceptionWarning.objects.count()} warnings")

    def _city_standard(self) -> None:
        """The city's own working-meal standard from 2017 (the example rows stay for 2016)."""
        city = Jurisdiction.objects.filter(name="咸宁市").first()
        if city is None or Standard.objects.filter(jurisdiction=city).exists():
            return
        for rank, amount in (("county", "80"), ("bureau", "100"), ("provincial", "120")):
            services.standard_set(
                actor=self.system,
                jurisdiction=city,
                values={
                    "kind": "meal",
                    "rank": rank,
                    "amount": Decimal(amount),
                    "valid_from": date(2017, 1, 1),
                    "source": "咸宁市公务接待管理办法（演示数据）",
                },
            )

    def _office(self, office: Office) -> int:
        entities = queries.former_entities([office.pk]).get(office.pk, [])
        made = 0
        for year in (2016, 2017):
            for month in range(1, 13):
                for k in (0, 1):
                    n = (year - 2016) * 24 + (month - 1) * 2 + k
                    day = date(year, month, 6 + k * 12)
                    self._one(office, n, day, entities)
                    made += 1
        # One visit split in two to keep each under the working-meal and companion limits.
        first = self._one(office, 100, date(2016, 11, 21), entities, days=0)
        self._one(office, 101, date(2016, 11, 22), entities, days=0, unit=first.sending_unit, party_start=3)
        made += 2
        # The office head explains the first warning of the first year; the rest wait.
        warning = ReceptionWarning.objects.filter(office=office, state="open").order_by("id").first()
        if warning is not None:
            services.warning_explain(
                actor=self.head, warning=warning, explanation="经核实，系临时增加的公务活动，已补充说明并报备。"
            )
        return made

    def _one(
        self,
        office: Office,
        n: int,
        day: date,
        entities: list[str],
        *,
        days: int = 1,
        unit: str | None = None,
        party_start: int | None = None,
    ) -> Reception:
        name, origin, content = UNITS[n % len(UNITS)]
        unit = unit or name
        visitors = 3 + n % 4
        head_rank = "bureau" if n % 6 == 0 else "county"
        party = _party(visitors, party_start if party_start is not None else n * 6, head_rank)
        end = day + timedelta(days=days)
        letter = services.letter_record(
            actor=self.staff,
            office=office,
            values={
                "sending_unit": unit,
                "origin": origin,
                "number": f"{unit[:2]}函〔{day.year}〕{n % 90 + 1}号",
                "content": content,
                "itinerary": f"{day.month}月{day.day}日抵达，{end.month}月{end.day}日返回",
                "date_from": day,
                "date_to": end,
                "people": party,
            },
            file=_pdf(f"公函{n}.pdf"),
        )
        reception = services.reception_request(
            actor=self.staff,
            letter=letter,
            reason=content,
            schedule=f"{day.month}月{day.day}日工作餐一次，{'住宿一晚' if days else '当日返回'}",
            budget=Decimal(300 * visitors),
            meals="工作餐一次",
            lodging=f"标准间{visitors}间" if days else "",
        )
        services.reception_approve(actor=self.head, reception=reception, approved_on=day - timedelta(days=2))
        diners = visitors + 2
        meal_amount = Decimal(70 * diners)
        companions = [{"name": "钱进", "post": "科员"}, {"name": "冯远", "post": "主任"}]
        venue = "湖北省机关事务管理局食堂"
        payment = "card" if n % 2 else "transfer"
        # The few that break the rules, spread over the two years.
        if n == 7:
            meal_amount = Decimal(260 * diners)  # over the standard
        if n == 15:
            companions = [{"name": f"陪同{i}", "post": "科员"} for i in range(5)]  # too many companions
        if n == 22:
            payment = "cash"
        if n == 31 and entities:
            venue = entities[0]  # the office's own former hotel
        costs: list[dict[str, Any]] = [
            {
                "kind": "meal",
                "day": day,
                "venue": venue,
                "description": "家常菜",
                "persons": diners,
                "amount": meal_amount,
            }
        ]
        if days:
            costs.append(
                {
                    "kind": "lodging",
                    "day": day,
                    "venue": "湖北饭店",
                    "description": "标准间",
                    "persons": visitors,
                    "nights": days,
                    "amount": Decimal(320 * visitors * days),
                }
            )
        costs.append(
            {
                "kind": "transport",
                "day": day,
                "venue": "武汉站",
                "description": "接站",
                "persons": visitors,
                "amount": Decimal(120),
            }
        )
        services.reception_list_record(
            actor=self.staff,
            reception=reception,
            values={
                "visitor_unit": unit,
                "visitors": party,
                "activity": content,
                "started_on": day,
                "ended_on": end,
                "venue": "湖北省直有关部门",
                "companions": companions,
            },
            costs=costs,
        )
        services.reception_sign_off(actor=self.head, reception=reception)
        return services.reception_settle(
            actor=self.staff,
            reception=reception,
            invoice=_pdf(f"发票{n}.pdf"),
            payment=payment,
            paid_on=end + timedelta(days=5),
            invoice_number=f"0420{day.year}{n:06d}",
        )
