"""The joint team, inspection plans, the checklist pre-filled from the product's data, and the
continuing supervision schedules."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from zhuban.audit.models import AuditEntry
from zhuban.consolidation.tests.builders import approved_decision, dossier_for
from zhuban.inspection import services
from zhuban.inspection.models import Body, Entry, Finding, Inspection, Kind, TeamBody, TeamMember
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
from zhuban.registry.models import BusinessEntity, Office

pytestmark = pytest.mark.django_db


def test_the_team_is_the_six_bodies_the_plan_names_each_linked_to_its_unit(city_officer):
    bodies = services.team_set_up(actor=city_officer, jurisdiction=city())
    assert [b.get_body_display() for b in bodies] == [
        "市监察局",
        "市编办",
        "市财政局",
        "市审计局",
        "市政府驻汉办",
        "市机关事务管理局",
    ]
    assert {b.body: b.unit.name if b.unit else None for b in bodies}[Body.SUPERVISION] == "咸宁市监察局"
    assert TeamBody.objects.get(body=Body.WUHAN_OFFICE).unit is None  # an office, not a unit
    assert services.team_set_up(actor=city_officer, jurisdiction=city()) == bodies  # idempotent
    assert AuditEntry.objects.filter(action="team_body.set_up").count() == 6


def test_a_person_acts_for_one_body_only(inspector):
    member("inspector")
    finance = TeamBody.objects.get(jurisdiction=city(), body=Body.FINANCE)
    with pytest.raises(ValidationError) as exc:
        services.team_member_add(actor=inspector, body=finance, user=inspector)
    assert "已是咸宁市监察局的检查组成员，每人只代表一个单位" in str(exc.value)
    assert TeamMember.objects.filter(user=inspector).count() == 1


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"ends_on": date(2015, 9, 1)}, "ends_on", "不能早于开始日期"),
        ({"offices": []}, "offices", "至少一个检查对象"),
        ({"name": " "}, "name", "须填写检查名称"),
    ],
)
def test_a_plan_with_a_bad_field_is_refused_naming_it(inspector, change, field, text):
    leader = member("inspector")
    values = {
        "name": "检查",
        "starts_on": date(2015, 9, 21),
        "ends_on": date(2015, 10, 20),
        "offices": [office()],
        "leader": leader,
    }
    values.update(change)
    with pytest.raises(ValidationError) as exc:
        services.inspection_plan(actor=inspector, jurisdiction=city(), **values)
    assert text in " ".join(exc.value.message_dict[field])
    assert not Inspection.objects.exists()


def test_an_office_outside_the_planning_jurisdiction_is_refused(inspector):
    from zhuban.org.models import Jurisdiction

    leader = member("inspector")
    with pytest.raises(ValidationError) as exc:
        services.inspection_plan(
            actor=inspector,
            jurisdiction=Jurisdiction.objects.get(name="崇阳县"),
            name="检查",
            starts_on=ON,
            ends_on=ON,
            offices=[office()],
            leader=leader,
        )
    assert "不属于崇阳县的机构不能列入：通城县人民政府驻武汉办事处" in str(exc.value)


def test_the_checklist_is_prefilled_with_facts_linking_to_their_evidence(inspector):
    o = office()
    BusinessEntity.objects.create(office=o, name="通城大酒店", kind="hotel")
    dossier_for(TONGCHENG_WUHAN)  # approved revocation: assets and staff must go
    i = inspection()
    written = services.checklist_prefill(actor=inspector, inspection=i, as_of=ON)
    t = target()
    entries = {e.item.code: e for e in t.entries.select_related("item")}
    assert written == Entry.objects.filter(target__inspection=i).count()
    assert entries["decoupling"].suggested == "problem"
    assert any(
        "通城大酒店" in e["label"] and e["link"].endswith(f"/offices/{o.pk}/#entity")
        for e in entries["decoupling"].evidence
    )
    assert entries["staff_placement"].suggested == "problem"  # serving, not yet placed
    assert len(entries["staff_placement"].evidence) == o.staff.count()
    assert entries["asset_loss"].suggested == "compliant"  # consolidation's source found nothing
    assert entries["decoupling"].item.clause == "二(四)2" and entries["asset_disposal"].item.clause == "三(二)2"
    # The Chongyang office has no approved revocation: it is checked as retained.
    assert "staff_placement" not in set(target(CHONGYANG_WUHAN).entries.values_list("item__code", flat=True))


def test_an_overdue_consolidation_task_is_a_fact_from_the_flow(inspector):
    dossier = dossier_for(TONGCHENG_WUHAN)
    dossier.tasks.update(due_on=date(2015, 8, 31))
    i = inspection()
    services.checklist_prefill(actor=inspector, inspection=i, as_of=ON)
    entry = target().entries.get(item__code="consolidation_on_time")
    assert entry.suggested == "problem" and all(e["link"] == dossier.get_absolute_url() for e in entry.evidence)


def test_the_inspector_confirms_or_overrides_with_a_reason_and_prefill_keeps_their_word(inspector):
    i = inspection()
    services.checklist_prefill(actor=inspector, inspection=i, as_of=ON)
    entry = target().entries.get(item__code="no_new_office")
    assert entry.suggested == "compliant"
    with pytest.raises(ValidationError) as exc:
        services.entry_decide(actor=inspector, entry=entry, verdict="problem")
    assert "改判系统预判（符合）须说明理由" in str(exc.value)
    services.entry_decide(actor=inspector, entry=entry, verdict="problem", reason="现场发现以办事处名义对外挂牌")
    entry.refresh_from_db()
    assert entry.status == Entry.Status.OVERRIDDEN and entry.reason.startswith("现场发现")
    assert AuditEntry.objects.get(action="checklist.override").reason == entry.reason
    services.checklist_prefill(actor=inspector, inspection=i, as_of=ON)
    entry.refresh_from_db()
    assert entry.verdict == "problem" and entry.status == Entry.Status.OVERRIDDEN


def test_an_item_no_data_covers_is_judged_on_site_without_a_reason(inspector):
    i = inspection()
    services.checklist_prefill(actor=inspector, inspection=i, as_of=ON)
    entry = target(CHONGYANG_WUHAN).entries.get(item__code="decoupling")
    unknown = Entry.objects.filter(target__inspection=i, suggested="unknown").first()
    if unknown is not None:
        services.entry_decide(actor=inspector, entry=unknown, verdict="compliant")
        unknown.refresh_from_db()
        assert unknown.status == Entry.Status.CONFIRMED
    services.entry_decide(actor=inspector, entry=entry, verdict=entry.suggested)
    assert Entry.objects.get(pk=entry.pk).status == Entry.Status.CONFIRMED


def test_the_checklist_page_shows_the_facts_with_their_links_on_the_phone_layout(as_persona, inspector):
    BusinessEntity.objects.create(office=office(), name="通城大酒店", kind="hotel")
    i = inspection()
    services.checklist_prefill(actor=inspector, inspection=i, as_of=ON)
    page = as_persona("inspector").get(reverse("inspection:target_detail", args=[target().pk])).content.decode()
    assert 'data-item="decoupling" data-suggested="problem"' in page and "通城大酒店" in page
    assert 'name="viewport"' in page


def test_a_city_report_and_a_county_summary_carry_the_figures_of_the_page(as_persona, tongcheng_clerk):
    finding(state=Finding.Status.CLOSED)
    finding(state=Finding.Status.ANSWERED)
    finding(CHONGYANG_WUHAN)
    client = as_persona("city_officer")
    i = inspection()
    page = client.get(reverse("inspection:report", args=[i.pk])).content.decode()
    assert '<td data-cell="1"><strong>3</strong></td>' in page
    doc = Document(io.BytesIO(client.get(reverse("inspection:report_docx", args=[i.pk])).content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "共发现问题3个，其中已销号1个，待验收1个，退回重改0个，待整改1个" in text
    summary = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert summary[-1][:6] == ["合计", "3", "1", "1", "0", "1"]
    assert ["通城县", "2", "0", "1", "0", "1"] == summary[1][:6]
    book = load_workbook(io.BytesIO(client.get(reverse("inspection:report_xlsx", args=[i.pk])).content))
    rows = list(book["汇总"].iter_rows(values_only=True))
    assert rows[-1][:6] == ("合计", 3, 1, 1, 0, 1)
    assert len(list(book["问题清单"].iter_rows(values_only=True))) == 1 + 3
    # The county's summary: its own findings only, to the county's clerk too.
    county = office().jurisdiction
    mine = as_persona("tongcheng_clerk")
    summary_page = mine.get(reverse("inspection:county_summary", args=[county.pk]) + f"?inspection={i.pk}")
    assert '<td data-cell="1"><strong>2</strong></td>' in summary_page.content.decode()
    county_doc = Document(
        io.BytesIO(
            mine.get(reverse("inspection:county_summary_docx", args=[county.pk]) + f"?inspection={i.pk}").content
        )
    )
    assert county_doc.paragraphs[0].text == "通城县驻省会城市办事机构清理规范检查情况总结"
    assert "崇阳" not in "\n".join(c.text for t in county_doc.tables for r in t.rows for c in r.cells)


def test_a_yearly_patrol_of_retained_offices_and_a_follow_up_of_revoked_ones(inspector):
    leader = member("inspector")
    revoked = office()
    approved_decision(revoked)
    Office.objects.filter(pk=revoked.pk).update(status=Office.Status.REVOKED)
    patrol = services.schedule_create(
        actor=inspector,
        jurisdiction=city(),
        kind=Kind.PATROL,
        name="保留机构年度巡查",
        next_on=date(2016, 9, 1),
        leader=leader,
    )
    follow = services.schedule_create(
        actor=inspector,
        jurisdiction=city(),
        kind=Kind.FOLLOW_UP,
        name="撤销机构回头看",
        next_on=date(2016, 9, 1),
        leader=leader,
    )
    assert services.schedule_run(actor=inspector, schedule=patrol, on=date(2016, 8, 31)) is None  # not due
    run = services.schedule_run(actor=inspector, schedule=patrol, on=date(2016, 9, 1))
    assert run.kind == Kind.PATROL and run.name == "保留机构年度巡查（2016年）"
    assert revoked.pk not in set(run.targets.values_list("office_id", flat=True))
    patrol.refresh_from_db()
    assert patrol.next_on == date(2017, 9, 1)
    assert services.schedule_run(actor=inspector, schedule=patrol, on=date(2016, 9, 2)) is None  # once a period
    back = services.schedule_run(actor=inspector, schedule=follow, on=date(2016, 9, 1))
    assert set(back.targets.values_list("office_id", flat=True)) == {revoked.pk}
    services.checklist_prefill(actor=inspector, inspection=back, as_of=date(2016, 9, 1))
    codes = set(Entry.objects.filter(target__inspection=back).values_list("item__code", flat=True))
    assert codes == {"asset_loss", "still_gone", "assets_where_disposed"}


def test_a_schedule_with_a_bad_period_is_refused(inspector):
    leader = member("inspector")
    with pytest.raises(ValidationError) as exc:
        services.schedule_create(
            actor=inspector,
            jurisdiction=city(),
            kind=Kind.PATROL,
            name="巡查",
            next_on=ON,
            leader=leader,
            every_months=0,
        )
    assert "周期须为1至36个月" in str(exc.value)


def test_the_city_bureau_adds_a_member_through_the_page_and_the_bodies_are_set_up(as_persona, auditor):
    client = as_persona("city_officer")
    url = reverse("inspection:team_member_add", args=[city().pk])
    response = client.post(url, {"body": "audit", "user": auditor.pk, "post": "科长"})
    assert response.status_code == 302
    seat = TeamMember.objects.get(user=auditor)
    assert seat.body.name == "咸宁市审计局" and TeamBody.objects.filter(jurisdiction=city()).count() == 6
    # Once on the team, a person is no longer offered.
    assert f'value="{auditor.pk}"' not in client.get(url).content.decode()


def test_a_closed_inspection_takes_no_new_finding_but_its_findings_are_still_answered(inspector, tongcheng_clerk):
    f = finding()
    services.inspection_close(actor=inspector, inspection=f.inspection)
    with pytest.raises(ValidationError) as exc:
        services.checklist_prefill(actor=inspector, inspection=f.inspection, as_of=ON)
    assert "已结束，不能再修改" in str(exc.value)
    from zhuban.inspection.tests.builders import pdf

    services.finding_rectify(
        actor=tongcheng_clerk, finding=f, text="已整改", answered_on=date(2015, 10, 9), files=[pdf()]
    )
    services.finding_accept(actor=inspector, finding=f, on=date(2015, 10, 12))
    assert Finding.objects.get(pk=f.pk).status == Finding.Status.CLOSED
