"""County windows in the city's public liaison office (三(二)2): only a county whose Wuhan office
was revoked, at most 3 people (a setting), one head who is also deputy director of the county
government office, posts belonging to that office, approved by the city government."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhuban.consolidation import services
from zhuban.consolidation.models import CountyWindow, Placement, WindowMember
from zhuban.consolidation.tests import builders
from zhuban.org.models import Jurisdiction
from zhuban.policy import services as policy_services

pytestmark = pytest.mark.django_db


def apply(client, jurisdiction, people, applied_on="2015-08-20"):
    data = {
        "applied_on": applied_on,
        "members-TOTAL_FORMS": str(len(people)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
    }
    for i, (name, post, head) in enumerate(people):
        data[f"members-{i}-name"] = name
        data[f"members-{i}-post"] = post
        if head:
            data[f"members-{i}-is_head"] = "on"
    return client.post(reverse("consolidation:window_apply", args=[jurisdiction.pk]), data)


def refusal(response) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def tongcheng():
    return Jurisdiction.objects.get(name="通城县")


def revoke_tongchengs_wuhan_office():
    builders.approved_decision(builders.office(builders.TONGCHENG_WUHAN))


THREE = [("张志强", "负责人", True), ("刘晓燕", "科员", False), ("陈卫东", "科员", False)]


def test_a_county_whose_wuhan_office_was_not_revoked_cannot_apply(as_persona):
    response = apply(as_persona("tongcheng_clerk"), tongcheng(), THREE)
    assert response.status_code == 422 and "通城县驻武汉办事机构尚未撤销" in refusal(response)
    assert not CountyWindow.objects.exists()


def test_a_county_applies_with_one_head_who_is_deputy_director_of_its_government_office(as_persona):
    revoke_tongchengs_wuhan_office()
    assert apply(as_persona("tongcheng_clerk"), tongcheng(), THREE).status_code == 302
    window = CountyWindow.objects.get(jurisdiction=tongcheng())
    assert window.status == "applied" and window.general_office.function == "general_office"
    assert window.general_office.name == "通城县人民政府办公室"
    head = window.members.get(is_head=True)
    assert head.name == "张志强" and head.concurrent_post == "通城县人民政府办公室副主任"
    assert window.members.count() == 3


def test_a_fourth_person_is_refused_with_a_message_naming_three(as_persona):
    revoke_tongchengs_wuhan_office()
    clerk = as_persona("tongcheng_clerk")
    four = apply(clerk, tongcheng(), [*THREE, ("杨丽", "科员", False)])
    assert four.status_code == 422 and "不得超过3人" in refusal(four)
    assert apply(clerk, tongcheng(), THREE).status_code == 302
    window = CountyWindow.objects.get(jurisdiction=tongcheng())
    response = clerk.post(reverse("consolidation:window_member_add", args=[window.pk]), {"name": "杨丽"})
    assert response.status_code == 422 and "不得超过3人" in refusal(response) and "现为4人" in refusal(response)
    assert window.members.count() == 3


def test_the_cap_is_the_citys_policy_setting(as_persona, city_officer):
    policy_services.policy_settings_change(
        actor=city_officer, root=Jurisdiction.objects.get(name="咸宁市"), values={"county_window_cap": 2}
    )
    revoke_tongchengs_wuhan_office()
    response = apply(as_persona("tongcheng_clerk"), tongcheng(), THREE)
    assert response.status_code == 422 and "不得超过2人" in refusal(response)


def test_a_window_needs_exactly_one_head(as_persona):
    revoke_tongchengs_wuhan_office()
    clerk = as_persona("tongcheng_clerk")
    none = apply(clerk, tongcheng(), [("张志强", "科员", False)])
    two = apply(clerk, tongcheng(), [("张志强", "负责人", True), ("刘晓燕", "负责人", True)])
    assert "负责人" in refusal(none) and "负责人" in refusal(two)
    assert not CountyWindow.objects.exists()


def test_only_the_city_bureau_records_the_city_governments_approval_and_only_once(as_persona):
    revoke_tongchengs_wuhan_office()
    apply(as_persona("tongcheng_clerk"), tongcheng(), THREE)
    window = CountyWindow.objects.get()
    url = reverse("consolidation:window_decide", args=[window.pk])
    data = {"decision": "approve", "document": "咸政函〔2015〕60号", "approved_on": "2015-08-25"}
    assert as_persona("tongcheng_clerk").post(url, data).status_code == 403
    city = as_persona("city_officer")
    assert city.post(url, {**data, "file": builders.pdf("批复.pdf")}).status_code == 302
    again = city.post(url, data)
    assert again.status_code == 422 and "不在待批准状态" in refusal(again)
    window.refresh_from_db()
    assert window.status == "approved" and len(window.approval_file_sha256) == 64


def test_a_person_placed_at_the_window_joins_it_and_counts_against_the_cap(as_persona):
    window = builders.approved_window(members=3)
    dossier = builders.dossier_for()
    person = dossier.office.staff.first()
    url = reverse("consolidation:staff_place", args=[person.pk])
    data = {"destination": "county_window", "window": window.pk, "placed_on": "2015-08-26"}
    response = as_persona("tongcheng_clerk").post(url, data)
    assert response.status_code == 422 and "不得超过3人" in refusal(response)
    assert not Placement.objects.filter(staff=person).exists()
    WindowMember.objects.filter(window=window, is_head=False).first().delete()
    assert as_persona("tongcheng_clerk").post(url, data).status_code == 302
    placement = Placement.objects.get(staff=person)
    assert placement.unit_name == "通城县人民政府办公室"
    assert WindowMember.objects.filter(window=window, staff=person).exists()


def test_a_window_must_be_approved_before_anyone_is_placed_there(as_persona, city_officer):
    revoke_tongchengs_wuhan_office()
    window = services.window_apply(
        actor=city_officer,
        jurisdiction=tongcheng(),
        members=[{"name": "张志强", "is_head": True}],
        applied_on=builders.ON,
    )
    person = builders.dossier_for().office.staff.first()
    response = as_persona("tongcheng_clerk").post(
        reverse("consolidation:staff_place", args=[person.pk]),
        {"destination": "county_window", "window": window.pk, "placed_on": "2015-08-26"},
    )
    # Only approved windows are offered; a posted applied one is no valid choice.
    assert response.status_code == 422 and "window" in response.context["form"].errors


def test_a_development_zone_may_apply_only_while_the_setting_allows_it(as_persona, city_officer):
    zone = Jurisdiction.objects.get(name="咸宁高新区")
    builders.approved_decision(builders.office("咸宁高新区驻武汉联络处"))
    policy_services.policy_settings_change(
        actor=city_officer, root=Jurisdiction.objects.get(name="咸宁市"), values={"development_zone_window": False}
    )
    response = apply(as_persona("city_officer"), zone, [("黄海涛", "负责人", True)])
    assert response.status_code == 422 and "开发区不能申请" in refusal(response)
    policy_services.policy_settings_change(actor=city_officer, root=Jurisdiction.objects.get(name="咸宁市"), values={})
    assert apply(as_persona("city_officer"), zone, [("黄海涛", "负责人", True)]).status_code == 302


def test_another_county_cannot_see_or_apply_for_tongchengs_window(as_persona):
    window = builders.approved_window()
    outsider = as_persona("chongyang_clerk")
    assert outsider.get(window.get_absolute_url()).status_code == 404
    assert apply(outsider, tongcheng(), THREE).status_code == 404


def test_a_department_clerk_cannot_apply_for_the_countys_window(db):
    from django.test import Client
    from django.urls import reverse

    from zhuban.org.models import Jurisdiction, RoleAssignment, Unit
    from zhuban.testing.personas import ensure_persona

    clerk = ensure_persona("tongcheng_clerk")
    dept = type(clerk).objects.create(username="tongcheng_dept_clerk")
    tongcheng = Jurisdiction.objects.get(name="通城县")
    RoleAssignment.objects.create(
        user=dept, role="department_clerk", jurisdiction=tongcheng, unit=Unit.objects.get(name="通城县招商局")
    )
    client = Client()
    client.force_login(dept)
    assert client.get(reverse("consolidation:window_apply", args=[tongcheng.pk])).status_code == 403


def grow_counties(n: int) -> list[Jurisdiction]:
    """n more counties under 咸宁市, each with its government, its government office, and an
    office in 武汉 under the government; every other one has that office revoked."""
    from datetime import date

    from zhuban.audit.services import Actor
    from zhuban.geo.models import City
    from zhuban.org.models import Unit
    from zhuban.registry import services as registry

    city = Jurisdiction.objects.get(name="咸宁市")
    wuhan = City.objects.get(name="武汉市")
    grown = []
    for i in range(n):
        code = f"4212{90 + i:02d}"
        county = Jurisdiction.objects.create(
            code=code, name=f"增长县{i}", kind="county", level="county", parent=city, path=f"{city.path}{code}/"
        )
        government = Unit.objects.create(name=f"增长县{i}人民政府", kind="government", jurisdiction=county)
        Unit.objects.create(
            name=f"增长县{i}人民政府办公室", kind="department", jurisdiction=county, function="general_office"
        )
        office = registry.office_register(
            actor=Actor.system("test"),
            values={
                "name": f"增长县{i}人民政府驻武汉办事处",
                "sponsor": government,
                "host_province": wuhan.province,
                "host_city": wuhan,
                "established_on": date(2001, 1, 1),
                "staffing_quota": 2,
                "headcount": 2,
            },
        )
        if i % 2 == 0:
            builders.approved_decision(office)
        grown.append(county)
    return grown


def test_the_window_list_makes_as_many_queries_however_many_counties(as_persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    builders.approved_window()
    client = as_persona("city_officer")
    client.get(reverse("consolidation:window_list"))  # warm the per-session queries

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("consolidation:window_list"))
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    few, _ = queries()
    grown = grow_counties(6)
    many, page = queries()
    assert many == few
    # Each grown county is judged as one at a time would be: the revoked ones may apply.
    for i, county in enumerate(grown):
        offer = reverse("consolidation:window_apply", args=[county.pk])
        assert (offer in page) == (i % 2 == 0)
        if i % 2:
            assert f"{county.name}驻武汉办事机构尚未撤销" in page
