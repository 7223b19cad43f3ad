"""A merger changes the surviving office: its headcount grows by the people it received, its
director stays its one director (a carry-over appoints nobody), and its registry record shows
what it received and from whom, with the way to the merged office's dossier."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from zhuban.audit.models import AuditEntry
from zhuban.consolidation import services
from zhuban.consolidation.tests import builders
from zhuban.decision.queries import current_decision, needs_reapproval
from zhuban.registry import services as registry
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db

ON = date(2015, 8, 25)
CITY_CHANGSHA = "咸宁市人民政府驻长沙联络处"


def carry(actor, dossier, document="咸政函〔2015〕46号"):
    return services.merge_carry_over(actor=actor, dossier=dossier, carried_on=ON, document=document)


def survivor() -> Office:
    return Office.objects.get(name=builders.SURVIVOR)


def directors(office: Office) -> list[str]:
    return list(office.staff.filter(post="主任", status="serving").values_list("name", flat=True))


def test_the_survivors_headcount_grows_by_the_people_it_received(city_officer):
    dossier = builders.merge_dossier()
    before = survivor()
    staff_before = before.staff.count()
    merging = dossier.office
    registry.staff_add(
        actor=city_officer, office=merging, values={"name": "钱多", "post": "科员", "employment": "local_hire"}
    )
    arriving = merging.staff.count()
    carry(city_officer, dossier)
    after = survivor()
    assert after.headcount == before.headcount + arriving
    assert after.staff.count() == staff_before + arriving
    assert (after.local_hire_count or 0) == (before.local_hire_count or 0) + 1
    # The change is on the survivor's history, with its reason.
    entry = AuditEntry.objects.filter(action="office.update", object_id=str(after.pk)).latest("seq")
    assert entry.after["headcount"] == after.headcount and CITY_CHANGSHA not in entry.reason
    assert builders.TONGCHENG_CHANGSHA in entry.reason


def test_a_merged_offices_director_does_not_become_a_second_director(city_officer):
    assert len(directors(survivor())) == 1
    carry(city_officer, builders.merge_dossier())
    assert len(directors(survivor())) == 1
    director = builders.office(builders.TONGCHENG_CHANGSHA).staff.get(post="主任")
    arrived = director.placement.carried_to
    assert arrived.office == survivor() and arrived.status == "serving"
    assert arrived.post == f"原{builders.TONGCHENG_CHANGSHA}主任"


def test_the_former_post_is_recorded_in_chinese_whatever_the_clerks_language(city_officer):
    with translation.override("en"):
        carry(city_officer, builders.merge_dossier())
    director = builders.office(builders.TONGCHENG_CHANGSHA).staff.get(post="主任")
    assert director.placement.carried_to.post == f"原{builders.TONGCHENG_CHANGSHA}主任"


def test_two_mergers_into_one_office_still_leave_it_one_director(city_officer):
    carry(city_officer, builders.merge_dossier())
    second = builders.office(CITY_CHANGSHA)
    builders.approved_decision(second, "merge", survivor())
    carry(city_officer, second.dossier, "咸政函〔2015〕47号")
    assert len(directors(survivor())) == 1
    former = survivor().staff.filter(post__startswith="原", post__endswith="主任")
    assert former.count() == 2


def test_a_survivor_without_a_director_receives_one(city_officer):
    office = survivor()
    for person in office.staff.filter(post="主任"):
        registry.staff_update(actor=city_officer, staff=person, values={"post": "调研员"})
    carry(city_officer, builders.merge_dossier())
    assert len(directors(survivor())) == 1


def test_carrying_out_the_merger_does_not_send_the_survivors_retention_back_for_approval(city_officer):
    builders.approved_decision(survivor(), "retain")
    assert not needs_reapproval(survivor(), current_decision(survivor()))
    carry(city_officer, builders.merge_dossier())
    office = survivor()
    assert not needs_reapproval(office, current_decision(office))


def test_the_survivors_record_shows_what_it_received_and_from_whom(city_officer, as_persona):
    dossier = builders.merge_dossier()
    merging = dossier.office
    registry.asset_add(
        actor=city_officer,
        office=merging,
        values={"category": "other", "description": "办公电脑", "book_value": Decimal("24000")},
    )
    services.obligation_add(
        actor=city_officer, office=merging, kind="payable", counterparty="长沙某公司", amount=Decimal("2500.00")
    )
    people = list(merging.staff.values_list("name", flat=True))
    carry(city_officer, dossier)

    panel = as_persona("city_officer").get(reverse("consolidation:office_panel", args=[survivor().pk]))
    body = panel.content.decode()
    block = body[body.index(f'data-from="{merging.pk}"') :].split("</div>")[0]
    assert merging.get_absolute_url() in block and dossier.get_absolute_url() in block
    assets = block[block.index('data-received="asset"') :].split("</li>")[0]
    assert "资产 1 项" in assets and "24,000.00" in assets and "办公电脑" in assets
    staff = block[block.index('data-received="staff"') :].split("</li>")[0]
    assert f"人员 {len(people)} 人" in staff and all(name in staff for name in people)
    money = block[block.index('data-received="money"') :].split("</li>")[0]
    assert "款项 1 笔" in money and "2,500.00" in money
    # The merged office's own panel does not claim to have received anything.
    own = as_persona("city_officer").get(reverse("consolidation:office_panel", args=[merging.pk])).content.decode()
    assert "data-from=" not in own


def test_what_the_survivor_received_is_read_within_scope(city_officer, as_persona):
    carry(city_officer, builders.merge_dossier())
    url = reverse("consolidation:office_panel", args=[survivor().pk])
    assert as_persona("chongyang_clerk").get(url).status_code == 404
