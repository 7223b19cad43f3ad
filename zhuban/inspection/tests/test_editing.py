"""A plan and a patrol schedule edited while under way, and a member leaving the joint team: each a
service with its audit entry (old and new), each refusal naming its field."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.inspection import services
from zhuban.inspection.models import Body, Finding, Inspection, Kind, Schedule, Target, TeamMember
from zhuban.inspection.tests.builders import (
    CHONGYANG_WUHAN,
    ON,
    TONGCHENG_WUHAN,
    city,
    finding,
    inspection,
    member,
    office,
    target,
)

pytestmark = pytest.mark.django_db

CITY_WUHAN = "咸宁市人民政府驻武汉办事处"


def edit_values(i: Inspection, **change):
    values = {
        "name": i.name,
        "starts_on": i.starts_on,
        "ends_on": i.ends_on,
        "offices": [t.office for t in i.targets.select_related("office__jurisdiction")],
        "leader": i.leader,
        "members": list(i.members.all()),
    }
    values.update(change)
    return values


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_the_leader_edits_the_dates_offices_and_team_through_the_page_old_and_new_on_the_trail(as_persona, team_member):
    i = inspection()
    newcomer = member("team_member")
    client = as_persona("inspector")
    url = reverse("inspection:plan_edit", args=[i.pk])
    page = client.get(url).content.decode()
    assert 'value="2015-10-20"' in page and "修改检查计划" in page
    keep = [m.pk for m in i.members.all()]
    response = client.post(
        url,
        {
            "name": i.name,
            "starts_on": "2015-09-21",
            "ends_on": "2015-10-23",
            "leader": i.leader_id,
            "members": [*keep, newcomer.pk],
            "offices": [office(TONGCHENG_WUHAN).pk, office(CITY_WUHAN).pk],
        },
    )
    assert response.status_code == 302
    i.refresh_from_db()
    assert i.ends_on == date(2015, 10, 23)
    assert set(i.targets.values_list("office__name", flat=True)) == {TONGCHENG_WUHAN, CITY_WUHAN}
    assert newcomer in i.members.all()
    (entry,) = entries("inspection.edit")
    assert entry.before["ends_on"] == "2015-10-20" and entry.after["ends_on"] == "2015-10-23"
    assert CHONGYANG_WUHAN in entry.before["offices"] and CITY_WUHAN in entry.after["offices"]
    assert str(newcomer) in entry.after["members"] and str(newcomer) not in entry.before["members"]
    assert "name" not in entry.after and "starts_on" not in entry.before  # only what changed
    # The new member now acts for their body on this inspection.
    t = target(CITY_WUHAN)
    f = services.finding_record(
        actor=team_member,
        target=t,
        severity="minor",
        description="人员未安置",
        responsible_unit=t.office.sponsor,
        deadline_days=5,
        recorded_on=ON,
        clause="三(二)2",
    )
    assert f.body.body == Body.STAFFING


def test_an_edit_that_changes_nothing_writes_no_entry(inspector):
    i = inspection()
    services.inspection_edit(actor=inspector, inspection=i, **edit_values(i))
    assert entries("inspection.edit") == []


def test_a_new_leader_replaces_the_old_on_the_plan(inspector, city_officer):
    i = inspection()
    officer = member("city_officer")
    services.inspection_edit(actor=inspector, inspection=i, **edit_values(i, leader=officer))
    (entry,) = entries("inspection.edit")
    assert entry.before["leader"] == str(member("inspector")) and entry.after["leader"] == str(officer)
    assert Inspection.objects.get(pk=i.pk).leader == officer


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        (lambda i: {"ends_on": date(2015, 9, 1)}, "ends_on", "不能早于开始日期"),
        (lambda i: {"offices": []}, "offices", "至少一个检查对象"),
        (lambda i: {"name": "  "}, "name", "须填写检查名称"),
        (lambda i: {"offices": [office(), office("赤壁市人民政府驻武汉办事处")]}, None, None),  # a valid control
    ],
)
def test_a_bad_edit_is_refused_naming_its_field_and_nothing_changes(inspector, change, field, text):
    i = inspection()
    before = (
        Inspection.objects.filter(pk=i.pk).values().get(),
        set(Target.objects.values_list("office_id", flat=True)),
    )
    if field is None:
        services.inspection_edit(actor=inspector, inspection=i, **edit_values(i, **change(i)))
        return
    with pytest.raises(ValidationError) as exc:
        services.inspection_edit(actor=inspector, inspection=i, **edit_values(i, **change(i)))
    assert text in " ".join(exc.value.message_dict[field])
    after = (Inspection.objects.filter(pk=i.pk).values().get(), set(Target.objects.values_list("office_id", flat=True)))
    assert after == before and entries("inspection.edit") == []


def test_an_office_already_found_against_stays_on_the_plan(inspector, as_persona):
    f = finding()
    i = f.inspection
    with pytest.raises(ValidationError) as exc:
        services.inspection_edit(actor=inspector, inspection=i, **edit_values(i, offices=[office(CHONGYANG_WUHAN)]))
    assert TONGCHENG_WUHAN in " ".join(exc.value.message_dict["offices"])
    # On the page, the refusal stands beside the offices field, status 422.
    response = as_persona("inspector").post(
        reverse("inspection:plan_edit", args=[i.pk]),
        {
            "name": i.name,
            "starts_on": "2015-09-21",
            "ends_on": "2015-10-20",
            "leader": i.leader_id,
            "offices": [office(CHONGYANG_WUHAN).pk],
        },
    )
    assert response.status_code == 422 and "已有检查发现或已现场确认清单的检查对象不能移出" in response.content.decode()
    assert Target.objects.filter(inspection=i, office__name=TONGCHENG_WUHAN).exists()


def test_an_office_only_prefilled_leaves_the_plan_with_its_suggestions(inspector):
    i = inspection()
    services.checklist_prefill(actor=inspector, inspection=i, as_of=ON)
    services.inspection_edit(actor=inspector, inspection=i, **edit_values(i, offices=[office()]))
    assert list(i.targets.values_list("office__name", flat=True)) == [TONGCHENG_WUHAN]


def test_a_closed_inspection_is_not_edited(inspector, as_persona):
    i = inspection()
    services.inspection_close(actor=inspector, inspection=i)
    with pytest.raises(ValidationError) as exc:
        services.inspection_edit(actor=inspector, inspection=i, **edit_values(i, ends_on=date(2015, 10, 30)))
    assert "已结束，不能再修改" in str(exc.value)
    assert "修改检查计划" not in as_persona("inspector").get(i.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("persona", "status"), [("auditor", 403), ("tongcheng_clerk", 404), ("team_member", 200)])
def test_editing_a_plan_takes_the_capability_that_makes_one(as_persona, persona, status):
    i = inspection()
    assert as_persona(persona).get(reverse("inspection:plan_edit", args=[i.pk])).status_code == status


def schedule(leader: TeamMember) -> Schedule:
    return services.schedule_create(
        actor=leader.user,
        jurisdiction=city(),
        kind=Kind.PATROL,
        name="保留机构年度巡查",
        next_on=date(2016, 9, 1),
        leader=leader,
    )


def test_a_schedule_is_edited_through_its_page_with_old_and_new_on_the_trail(as_persona, inspector):
    s = schedule(member("inspector"))
    officer = member("city_officer")
    client = as_persona("inspector")
    url = reverse("inspection:schedule_edit", args=[s.pk])
    assert 'value="2016-09-01"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "patrol",
            "name": "保留机构年度巡查",
            "every_months": "6",
            "next_on": "2016-10-10",
            "leader": officer.pk,
        },
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.next_on, s.every_months, s.leader) == (date(2016, 10, 10), 6, officer)
    (entry,) = entries("schedule.edit")
    assert entry.before == {"every_months": 12, "next_on": "2016-09-01", "leader": str(member("inspector"))}
    assert entry.after == {"every_months": 6, "next_on": "2016-10-10", "leader": str(officer)}


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"every_months": 0}, "every_months", "周期须为1至36个月，而不是0"),
        ({"kind": "campaign"}, "kind", "跟踪巡查"),
    ],
)
def test_a_bad_schedule_edit_is_refused_naming_its_field(inspector, change, field, text):
    s = schedule(member("inspector"))
    values = {"kind": s.kind, "name": s.name, "next_on": s.next_on, "leader": s.leader, "every_months": 12}
    values.update(change)
    with pytest.raises(ValidationError) as exc:
        services.schedule_edit(actor=inspector, schedule=s, **values)
    assert text in " ".join(exc.value.message_dict[field])
    assert Schedule.objects.get(pk=s.pk).every_months == 12 and entries("schedule.edit") == []


def test_a_schedule_no_longer_in_use_is_not_edited(inspector):
    s = schedule(member("inspector"))
    Schedule.objects.filter(pk=s.pk).update(active=False)
    with pytest.raises(ValidationError) as exc:
        services.schedule_edit(
            actor=inspector, schedule=s, kind="patrol", name="改名", next_on=s.next_on, leader=s.leader, every_months=12
        )
    assert "已停用，不能再修改" in str(exc.value)


def test_a_member_who_leaves_keeps_their_findings_but_acts_no_more(as_persona, team_member, inspector):
    i = inspection(extra=("team_member",))
    seat = member("team_member")
    t = target()
    f = services.finding_record(
        actor=team_member,
        target=t,
        severity="minor",
        description="人员未安置",
        responsible_unit=t.office.sponsor,
        deadline_days=5,
        recorded_on=ON,
        clause="三(二)2",
    )
    client = as_persona("inspector")
    team_url = reverse("inspection:team", args=[city().pk])
    assert reverse("inspection:team_member_remove", args=[seat.pk]) in client.get(team_url).content.decode()
    response = client.post(reverse("inspection:team_member_remove", args=[seat.pk]), {"reason": "工作调动"})
    assert response.status_code == 302
    # Their finding is still theirs, for their body.
    kept = Finding.objects.get(pk=f.pk)
    assert kept.recorded_by == "team_member" and kept.body.body == Body.STAFFING
    # They left the inspection under way and act on nothing.
    assert seat not in Inspection.objects.get(pk=i.pk).members.all()
    with pytest.raises(ValidationError) as exc:
        services.finding_record(
            actor=team_member,
            target=t,
            severity="minor",
            description="再次发现",
            responsible_unit=t.office.sponsor,
            deadline_days=5,
            recorded_on=ON,
            clause="三(二)2",
        )
    assert "不是“2015年清理规范检查”检查组的成员" in str(exc.value)
    # Nobody puts them on a plan again: not offered, and refused if posted.
    plan_page = client.get(reverse("inspection:plan_edit", args=[i.pk])).content.decode()
    assert f'name="members" value="{seat.pk}"' not in plan_page
    assert f'name="members" value="{i.leader_id}"' in plan_page
    with pytest.raises(ValidationError) as exc:
        services.inspection_edit(actor=inspector, inspection=i, **edit_values(i, members=[seat]))
    assert "已退出联合检查组的人员不能列入" in " ".join(exc.value.message_dict["members"])
    (entry,) = entries("team_member.remove")
    assert entry.reason == "工作调动" and entry.after["inspections_left"] == ["2015年清理规范检查"]
    assert "郑华" not in client.get(team_url).content.decode()


def test_a_leader_leaves_only_once_replaced(inspector):
    i = inspection()
    leader = member("inspector")
    schedule(leader)
    with pytest.raises(ValidationError) as exc:
        services.team_member_remove(actor=inspector, member=leader)
    text = " ".join(exc.value.message_dict["leader"])
    assert "2015年清理规范检查" in text and "保留机构年度巡查" in text and "请先更换组长" in text
    assert TeamMember.objects.get(pk=leader.pk).removed_at is None
    assert leader in Inspection.objects.get(pk=i.pk).members.all()


def test_a_member_who_left_may_join_again(city_officer, team_member):
    seat = member("team_member")
    services.team_member_remove(actor=city_officer, member=seat)
    with pytest.raises(ValidationError):
        services.team_member_remove(actor=city_officer, member=seat)
    back = services.team_member_add(actor=city_officer, body=seat.body, user=team_member, post="科长")
    assert back.pk == seat.pk and back.removed_at is None
