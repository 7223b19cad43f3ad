"""Violation cases (四(二)): detection proposes, a person opens or dismisses, the discipline side
investigates and decides; the jurisdiction concerned sees only what is addressed to it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.inspection import services
from zhuban.inspection.models import Case
from zhuban.inspection.tests.builders import ON, case, city, office, pdf, target
from zhuban.notifications.models import Notification
from zhuban.registry.models import Office, StaffMember
from zhuban.testing.personas import ensure_persona

pytestmark = pytest.mark.django_db


def test_detection_proposes_a_case_for_an_office_set_up_after_the_plan_once(inspector):
    zone_office = Office.objects.get(name="咸宁高新区驻武汉联络处")  # established 2015-09-01
    made = services.case_detect(actor=inspector, jurisdiction=city(), as_of=date(2015, 10, 1))
    new = [c for c in made if c.office_id == zone_office.pk and c.kind == "new_after_plan"]
    assert len(new) == 1 and new[0].status == Case.Status.PROPOSED
    assert new[0].detection_key == f"flag:new_office:{zone_office.pk}"
    assert services.case_detect(actor=inspector, jurisdiction=city(), as_of=date(2015, 10, 1)) == []


def test_detection_proposes_a_revoked_office_back_under_a_new_name_with_the_same_people(inspector):
    old = office()
    Office.objects.filter(pk=old.pk).update(status=Office.Status.REVOKED)
    names = list(old.staff.values_list("name", flat=True)[:2])
    new = Office.objects.get(name="咸宁高新区驻武汉联络处")
    for name in names:
        StaffMember.objects.create(office=new, name=name, employment="establishment")
    made = services.case_detect(actor=inspector, jurisdiction=city(), as_of=date(2015, 10, 1))
    kept = [c for c in made if c.kind == "kept" and c.office_id == old.pk]
    assert (
        len(kept) == 1
        and "咸宁高新区驻武汉联络处" in kept[0].facts
        and kept[0].involved[0]["link"] == new.get_absolute_url()
    )


def test_a_proposal_is_opened_or_dismissed_with_a_reason(inspector):
    c = case()
    with pytest.raises(ValidationError) as exc:
        services.case_dismiss(actor=inspector, case=c, reason="")
    assert "不予立案须写明理由" in str(exc.value)
    services.case_dismiss(actor=inspector, case=c, reason="经核实已于8月注销")
    c.refresh_from_db()
    assert c.status == Case.Status.DISMISSED
    entry = AuditEntry.objects.get(action="case.dismiss")
    # The trail (read by the audit bureau too) records the act, not the case file's words.
    assert "经核实" not in str(entry.after) and entry.after["reason_sha256"]
    with pytest.raises(ValidationError) as exc:
        services.case_open(actor=inspector, case=c, handling_body="市监察局", opened_on=date(2015, 10, 9))
    assert "当前为“不予立案”，不能立案" in str(exc.value)


def test_an_open_case_takes_notes_and_an_outcome_then_its_follow_up(inspector):
    c = case(Case.Status.OPEN)
    services.case_note_add(actor=inspector, case=c, text="询问原负责人", file=pdf("笔录.pdf"))
    with pytest.raises(ValidationError) as exc:
        services.case_decide(actor=inspector, case=c, measure="通报批评", document="", decided_on=date(2015, 10, 15))
    assert "须填写处理决定文号" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.case_decide(
            actor=inspector, case=c, measure="通报批评", document="咸监〔2015〕9号", decided_on=date(2015, 10, 1)
        )
    assert "不能早于立案日期" in str(exc.value)
    services.case_decide(
        actor=inspector, case=c, measure="通报批评", document="咸监〔2015〕9号", decided_on=date(2015, 10, 15)
    )
    services.case_follow_up(actor=inspector, case=c, text="已在全市通报")
    c.refresh_from_db()
    assert (c.status, c.decision_document, c.follow_up) == ("decided", "咸监〔2015〕9号", "已在全市通报")
    with pytest.raises(ValidationError):
        services.case_decide(actor=inspector, case=c, measure="再处理", document="x", decided_on=date(2015, 10, 16))


def test_a_proposed_case_takes_no_outcome(inspector):
    with pytest.raises(ValidationError) as exc:
        services.case_decide(actor=inspector, case=case(), measure="m", document="d", decided_on=date(2015, 10, 15))
    assert "当前为“待研判”" in str(exc.value)


@pytest.mark.parametrize(
    "persona", ["tongcheng_clerk", "chongyang_clerk", "zhaoshang_clerk", "auditor", "wuhan_office", "team_member"]
)
def test_a_case_file_does_not_exist_for_anyone_outside_the_discipline_side(as_persona, persona):
    c = case(Case.Status.OPEN)
    client = as_persona(persona)
    assert client.get(reverse("inspection:case_detail", args=[c.pk])).status_code == 404
    assert client.get(reverse("inspection:case_open", args=[c.pk])).status_code == 404
    assert "撤销后仍以原班人马" not in client.get(reverse("inspection:case_list")).content.decode()


def test_a_member_of_the_joint_team_for_another_body_inspects_but_never_sees_a_case(as_persona, team_member):
    """市编办's person on the team records a finding and reviews a rectification; the case about
    the office they inspect is missing to them, in the list, on its page and in its notes."""
    t = target(extra=("team_member",))
    c = case(Case.Status.OPEN)
    note = services.case_note_add(actor=ensure_persona("inspector"), case=c, text="询问笔录", file=pdf())
    f = services.finding_record(
        actor=team_member,
        target=t,
        severity="minor",
        description="两名工作人员尚未安置",
        responsible_unit=t.office.sponsor,
        deadline_days=10,
        recorded_on=ON,
        clause="三(二)2",
    )
    assert f.body.get_body_display() == "市编办"
    client = as_persona("team_member")
    assert client.get(reverse("inspection:finding_create", args=[t.pk])).status_code == 200
    for name, pk in [("case_detail", c.pk), ("case_note", c.pk), ("case_decide", c.pk), ("case_note_file", note.pk)]:
        assert client.get(reverse(f"inspection:{name}", args=[pk])).status_code == 404, name
    assert "撤销后仍以原班人马" not in client.get(reverse("inspection:case_list")).content.decode()
    assert client.post(reverse("inspection:case_detect")).status_code in (403, 404)


def test_the_discipline_side_and_the_offices_administration_read_the_case_file(as_persona):
    c = case(Case.Status.OPEN)
    for persona in ("inspector", "city_officer"):
        page = as_persona(persona).get(reverse("inspection:case_detail", args=[c.pk])).content.decode()
        assert "撤销后仍以原班人马对外办公" in page
    # Only the discipline side handles it.
    assert as_persona("city_officer").get(reverse("inspection:case_decide", args=[c.pk])).status_code == 403


def test_the_county_sees_nothing_before_the_case_is_opened_to_it_then_only_the_notice(
    as_persona, inspector, tongcheng_clerk
):
    c = case(Case.Status.OPEN)
    clerk = as_persona("tongcheng_clerk")
    assert "撤销后仍以原班人马" not in clerk.get(reverse("inspection:case_list")).content.decode()
    assert not Notification.objects.filter(recipient=tongcheng_clerk, event="case_disclosed").exists()
    services.case_note_add(actor=inspector, case=c, text="核查银行流水，涉嫌私分")
    services.case_disclose(actor=inspector, case=c, text="请通城县政府于10月20日前报送原驻汉办事处资产清单")
    page = clerk.get(reverse("inspection:case_list")).content.decode()
    assert "请通城县政府于10月20日前报送原驻汉办事处资产清单" in page
    assert "涉嫌私分" not in page and "撤销后仍以原班人马" not in page
    assert clerk.get(reverse("inspection:case_detail", args=[c.pk])).status_code == 404
    assert Notification.objects.get(recipient=tongcheng_clerk, event="case_disclosed").link == "/inspection/cases/"
    # The neighbouring county sees nothing of it.
    assert "资产清单" not in as_persona("chongyang_clerk").get(reverse("inspection:case_list")).content.decode()


def test_a_proposed_case_cannot_be_disclosed(inspector):
    with pytest.raises(ValidationError):
        services.case_disclose(actor=inspector, case=case(), text="提前告知")


def test_the_trail_records_case_acts_without_the_case_files_words(inspector):
    c = case(Case.Status.OPEN)
    services.case_note_add(actor=inspector, case=c, text="核查银行流水，涉嫌私分")
    entries = AuditEntry.objects.filter(action__startswith="case.")
    assert {"case.propose", "case.open", "case.note"} <= set(entries.values_list("action", flat=True))
    text = " ".join(str(e.after) + e.reason for e in entries)
    assert "涉嫌私分" not in text and "原班人马" not in text


def test_a_notice_about_a_departments_office_reaches_that_department_only(as_persona, inspector):
    theirs = case(Case.Status.OPEN, name="咸宁市招商局驻武汉联络处")
    other = case(Case.Status.OPEN, name="咸宁市人民政府驻武汉办事处")
    services.case_disclose(actor=inspector, case=theirs, text="请招商局报送联络处撤销情况")
    services.case_disclose(actor=inspector, case=other, text="请市政府办公室报送驻汉办情况")
    page = as_persona("zhaoshang_clerk").get(reverse("inspection:case_list")).content.decode()
    assert "请招商局报送联络处撤销情况" in page and "请市政府办公室报送驻汉办情况" not in page


def test_the_handler_names_the_offices_assets_and_people_a_case_involves(as_persona, inspector):
    c = case(Case.Status.OPEN)
    own = c.office
    other = Office.objects.get(name="通城县招商局驻武汉联络处")
    asset = own.assets.order_by("id").first()
    person = StaffMember.objects.filter(office=own).order_by("id").first()
    assert asset is not None and person is not None
    client = as_persona("inspector")
    url = reverse("inspection:case_involve", args=[c.pk])
    page = client.get(url).content.decode()
    assert other.name in page and person.name in page
    response = client.post(url, {"offices": [other.pk], "assets": [asset.pk], "staff": [person.pk]})
    assert response.status_code == 302
    c.refresh_from_db()
    labels = [line["label"] for line in c.involved]
    assert labels == [f"机构：{other.name}", f"资产：{asset}（{own.name}）", f"人员：{person.name}（{own.name}）"]
    assert c.involved[0]["link"] == other.get_absolute_url()
    shown = client.get(c.get_absolute_url()).content.decode()
    assert all(label in shown for label in labels)
    entry = AuditEntry.objects.filter(action="case.involve").get()
    assert entry.after == {"offices": [other.pk], "assets": [asset.pk], "staff": [person.pk]}
    assert person.name not in str(entry.after)  # the trail carries ids, not the case file's words


def test_naming_nothing_new_or_a_decided_case_is_refused_and_changes_nothing(as_persona, inspector):
    c = case(Case.Status.OPEN)
    other = Office.objects.get(name="通城县招商局驻武汉联络处")
    services.case_involve(actor=inspector, case=c, offices=[other])
    with pytest.raises(ValidationError, match="尚未登记"):
        services.case_involve(actor=inspector, case=c, offices=[other])
    response = as_persona("inspector").post(reverse("inspection:case_involve", args=[c.pk]), {})
    assert response.status_code == 422
    decided = case(Case.Status.DECIDED, name="崇阳县人民政府驻武汉联络处")
    with pytest.raises(ValidationError, match="不能再登记涉案对象"):
        services.case_involve(actor=inspector, case=decided, offices=[other])
    c.refresh_from_db()
    assert len(c.involved) == 1 and AuditEntry.objects.filter(action="case.involve").count() == 1


def test_an_office_outside_the_cases_jurisdiction_cannot_be_named(as_persona, inspector):
    c = case(Case.Status.OPEN)
    elsewhere = Office.objects.get(name="崇阳县人民政府驻武汉联络处")
    response = as_persona("inspector").post(
        reverse("inspection:case_involve", args=[c.pk]), {"offices": [elsewhere.pk]}
    )
    assert response.status_code == 422
    c.refresh_from_db()
    assert c.involved == []
