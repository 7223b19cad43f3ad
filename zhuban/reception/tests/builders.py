"""Records the reception tests speak of: the city's retained Wuhan office hosting a party from
咸宁市发展和改革委员会, step by step from the letter to the settlement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from zhuban.oversight.tests.builders import retained
from zhuban.reception import services
from zhuban.reception.models import Letter, Reception, ReceptionWarning
from zhuban.registry.models import Office
from zhuban.testing.personas import ensure_persona

UNIT = "咸宁市发展和改革委员会"
DAY = date(2016, 3, 8)
PEOPLE = [
    {"name": "王志军", "post": "副主任", "rank": "bureau"},
    {"name": "李华", "post": "科长", "rank": "county"},
    {"name": "陈静", "post": "科员", "rank": "county"},
]


def pdf(name: str = "公函.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 scanned letter", content_type="application/pdf")


def staff():
    return ensure_persona("liaison_staff")


def head():
    return ensure_persona("liaison_head")


def letter(office: Office | None = None, **changes: Any) -> Letter:
    values: dict[str, Any] = {
        "sending_unit": UNIT,
        "origin": "in_province",
        "number": "咸发改函〔2016〕12号",
        "content": "赴省发展改革委汇报项目前期工作",
        "itinerary": "3月8日抵汉，3月9日赴省发展改革委，当日返回",
        "date_from": DAY,
        "date_to": date(2016, 3, 9),
        "people": PEOPLE,
    }
    values.update(changes)
    return services.letter_record(actor=staff(), office=office or retained(), values=values, file=pdf())


def requested(office: Office | None = None, **changes: Any) -> Reception:
    return services.reception_request(
        actor=staff(),
        letter=letter(office, **changes),
        reason="汇报项目前期工作",
        schedule="3月8日晚工作餐，3月9日赴省发展改革委",
        budget=Decimal("2000"),
        meals="工作餐一次",
        lodging="标准间3间1晚",
    )


def approved(office: Office | None = None, **changes: Any) -> Reception:
    reception = requested(office, **changes)
    return services.reception_approve(actor=head(), reception=reception, approved_on=date(2016, 3, 7))


def cost(kind: str = "meal", amount: str = "240", **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": kind,
        "day": DAY,
        "venue": "湖北省机关食堂",
        "description": "家常菜",
        "persons": 5,
        "nights": 1,
        "amount": Decimal(amount),
    }
    values.update(changes)
    return values


def list_values(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "visitor_unit": UNIT,
        "visitors": PEOPLE,
        "activity": "汇报项目前期工作",
        "started_on": DAY,
        "ended_on": date(2016, 3, 9),
        "venue": "湖北省发展和改革委员会",
        "companions": [{"name": "钱进", "post": "综合科科员"}, {"name": "冯远", "post": "主任"}],
    }
    values.update(changes)
    return values


def listed(reception: Reception | None = None, costs: list[dict[str, Any]] | None = None, **changes: Any) -> Reception:
    reception = reception or approved()
    return services.reception_list_record(
        actor=staff(),
        reception=reception,
        values=list_values(**changes),
        costs=costs if costs is not None else [cost(), cost("lodging", "1050", persons=3, venue="湖北饭店")],
    )


def signed_off(reception: Reception | None = None) -> Reception:
    return services.reception_sign_off(actor=head(), reception=reception or listed())


def settled(reception: Reception | None = None, payment: str = "card") -> Reception:
    return services.reception_settle(
        actor=staff(),
        reception=reception or signed_off(),
        invoice=pdf("发票.pdf"),
        payment=payment,
        paid_on=date(2016, 3, 15),
        invoice_number="04200160012345",
    )


def codes(reception: Reception, state: str = "open") -> list[str]:
    return sorted(ReceptionWarning.objects.filter(reception=reception, state=state).values_list("code", flat=True))


def matrix_args(name: str) -> list[Any]:
    """Arguments for the access matrix: records of the city's retained Wuhan office."""
    office = retained()
    if name in {"reception:office", "reception:letter_add"}:
        return [office.pk]
    if name == "reception:request":
        return [letter(office).pk]
    if name in {"reception:detail", "reception:list_edit", "reception:letter_file"}:
        return [requested(office).pk]
    if name == "reception:approve":
        return [requested(office).pk]
    if name == "reception:sign_off":
        return [listed(approved(office)).pk]
    if name == "reception:settle":
        return [signed_off(listed(approved(office))).pk]
    if name == "reception:invoice_file":
        return [settled(signed_off(listed(approved(office)))).pk]
    if name == "reception:explain":
        reception = listed(approved(office), companions=[{"name": f"陪同{n}"} for n in range(5)])
        return [ReceptionWarning.objects.filter(reception=reception, state="open").first().pk]
    if name in {"reception:standards", "reception:standard_add"}:
        return [office.jurisdiction_id]
    return []
