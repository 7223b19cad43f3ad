"""Findings, from the team's record to the county's answer and the team's acceptance or return."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.audit.services import Actor
from zhuban.campaign import services as campaign_services
from zhuban.campaign.models import Campaign
from zhuban.inspection import queries, services
from zhuban.inspection.models import Finding, Step
from zhuban.inspection.tests.builders import ON, TONGCHENG_WUHAN, finding, inspection, member, office, pdf, target
from zhuban.notifications.models import Notification
from zhuban.org.models import Unit
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db


def record(actor, **overrides):
    t = target()
    values = {
        "severity": "minor",
        "description": "所属宾馆未脱钩",
        "responsible_unit": t.office.sponsor,
        "deadline_days": 10,
        "recorded_on": ON,
        "clause": "二(四)2",
    }
    values.update(overrides)
    return services.finding_record(actor=actor, target=t, **values)


def test_an_inspector_records_a_finding_for_their_body_with_a_working_day_deadline(inspector):
    f = record(inspector)
    # 2015-09-24 + 10 working days: 10月1日–7日 off, Saturday 10月10日 worked.
    assert f.due_on == date(2015, 10, 14)
    assert f.body.name == "咸宁市监察局" and f.status == Finding.Status.OPEN
    entry = AuditEntry.objects.filter(action="finding.record", object_id=str(f.pk)).get()
    assert entry.after["due_on"] == "2015-10-14" and entry.after["body"] == "咸宁市监察局"
    assert list(Step.objects.filter(finding=f).values_list("status", "on")) == [("open", ON)]


def declare_local_day_off(day: str, reason: str = "本地防汛") -> None:
    """The city's campaign declares a local day off (its settings page does the same)."""
    campaign = Campaign.objects.get(is_default=True)
    days = [*campaign.local_days_off, {"date": day, "reason": reason}]
    campaign_services.campaign_update_settings(
        actor=Actor.system("test"), campaign=campaign, values={"local_days_off": days}
    )


def test_a_deadline_skips_the_local_days_off_the_campaign_declares(inspector):
    # Monday 10月12日 is a working day nationally; the city's campaign declares it off.
    declare_local_day_off("2015-10-12")
    f = record(inspector)
    assert f.due_on == date(2015, 10, 15)  # not 10月14日: the 10 working days go round the day off
    entry = AuditEntry.objects.filter(action="finding.record", object_id=str(f.pk)).get()
    assert entry.after["due_on"] == "2015-10-15"


def test_local_days_off_on_both_sides_of_a_deadline_each_move_it(inspector):
    declare_local_day_off("2015-09-25")  # the day after the finding
    declare_local_day_off("2015-10-14")  # the national deadline itself
    assert record(inspector).due_on == date(2015, 10, 16)


def test_reminders_count_the_working_days_left_around_a_local_day_off(tongcheng_clerk, inspector):
    f = record(inspector)  # due 10月14日
    declare_local_day_off("2015-10-12")  # declared after the finding: its deadline stays
    # On 10月9日 (Friday) nationally 4 working days are left (10日, a worked Saturday, 12日, 13日,
    # 14日); with 12日 off only 3, so the deadline is near.
    assert services.finding_remind(actor=None, on=date(2015, 10, 9)) == {"due": 1, "overdue": 0}
    due = Notification.objects.filter(event="finding_due", recipient=tongcheng_clerk).get()
    assert "还有3个工作日" in due.summary and Finding.objects.get(pk=f.pk).due_on == date(2015, 10, 14)


def test_the_county_clerk_is_told_of_a_new_finding_once(inspector, tongcheng_clerk, chongyang_clerk):
    f = record(inspector)
    notes = Notification.objects.filter(event="finding_recorded", key=f"finding:{f.pk}:recorded")
    assert list(notes.values_list("recipient__username", flat=True)) == ["tongcheng_clerk"]
    assert notes.get().link == f.get_absolute_url()


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"deadline_days": 0}, "deadline_days", "1至60个工作日"),
        ({"deadline_days": 61}, "deadline_days", "而不是61"),
        ({"clause": "五(一)"}, "clause", "“五(一)”不是方案的条款编号"),
        ({"clause": ""}, "clause", "不是方案的条款编号"),
        ({"description": "  "}, "description", "须描述"),
        ({"severity": "fatal"}, "severity", "严重程度"),
        ({"recorded_on": date(2099, 1, 1)}, "recorded_on", "不能晚于今天"),
    ],
)
def test_a_finding_with_a_bad_field_is_refused_naming_it_and_nothing_is_written(inspector, overrides, field, text):
    before = (Finding.objects.count(), AuditEntry.objects.count())
    inspection()
    before = (Finding.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        record(inspector, **overrides)
    assert text in " ".join(exc.value.message_dict[field])
    assert (Finding.objects.count(), AuditEntry.objects.count()) == before


def test_a_unit_of_another_county_cannot_be_made_responsible(inspector):
    with pytest.raises(ValidationError) as exc:
        record(inspector, responsible_unit=Unit.objects.get(name="崇阳县人民政府"))
    assert "不是通城县人民政府驻武汉办事处所在地方或其上级的单位" in str(exc.value)


def test_a_city_unit_may_be_made_responsible_for_a_county_office(inspector):
    f = record(inspector, responsible_unit=Unit.objects.get(name="咸宁市财政局"))
    assert f.responsible_unit.name == "咸宁市财政局"


def test_an_evidence_file_is_judged_by_its_content(inspector):
    fake = SimpleUploadedFile("照片.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        record(inspector, files=[fake])
    assert "照片.pdf" in str(exc.value) and Finding.objects.count() == 0


def test_someone_with_the_capability_but_not_on_the_team_is_refused(province_officer):
    inspection()
    with pytest.raises(ValidationError) as exc:
        record(province_officer)
    assert "不是“2015年清理规范检查”检查组的成员" in str(exc.value)


def test_the_clerk_answers_with_evidence_and_the_team_accepts_which_closes_the_finding(
    inspector, tongcheng_clerk, city_officer
):
    f = record(inspector)
    services.finding_rectify(
        actor=tongcheng_clerk, finding=f, text="已签订脱钩协议", answered_on=date(2015, 9, 30), files=[pdf()]
    )
    assert Finding.objects.get(pk=f.pk).status == Finding.Status.ANSWERED
    services.finding_accept(actor=city_officer, finding=f, on=date(2015, 10, 8))
    closed = Finding.objects.get(pk=f.pk)
    assert closed.status == Finding.Status.CLOSED
    review = closed.rectifications.get()
    assert review.review == "accepted" and review.reviewed_by == "city_officer（咸宁市机关事务管理局）"
    assert list(closed.steps.values_list("status", flat=True)) == ["open", "answered", "closed"]
    assert set(AuditEntry.objects.filter(object_type__startswith="inspection.").values_list("action", flat=True)) >= {
        "finding.record",
        "finding.rectify",
        "finding.accept",
        "finding.evidence_add",
    }


def test_an_answer_without_evidence_is_refused(tongcheng_clerk):
    f = finding()
    with pytest.raises(ValidationError) as exc:
        services.finding_rectify(
            actor=tongcheng_clerk, finding=f, text="已整改", answered_on=date(2015, 9, 30), files=[]
        )
    assert "须附整改证明材料" in str(exc.value)
    assert Finding.objects.get(pk=f.pk).status == Finding.Status.OPEN


def test_an_answer_dated_before_the_finding_is_refused(tongcheng_clerk):
    f = finding()
    with pytest.raises(ValidationError) as exc:
        services.finding_rectify(
            actor=tongcheng_clerk, finding=f, text="已整改", answered_on=date(2015, 9, 1), files=[pdf()]
        )
    assert "不能早于发现日期" in str(exc.value)


def test_a_returned_rectification_reopens_the_finding_and_tells_the_clerk(inspector, tongcheng_clerk):
    f = finding(state=Finding.Status.RETURNED)
    assert f.status == Finding.Status.RETURNED
    note = Notification.objects.get(event="finding_returned", recipient=tongcheng_clerk)
    assert "缺少产权移交材料" in note.summary
    # The county answers again, and this time the team accepts.
    services.finding_rectify(
        actor=tongcheng_clerk, finding=f, text="补充产权移交材料", answered_on=date(2015, 10, 9), files=[pdf()]
    )
    services.finding_accept(actor=inspector, finding=f, on=date(2015, 10, 12))
    assert Finding.objects.get(pk=f.pk).status == Finding.Status.CLOSED


def test_returning_needs_a_comment(inspector):
    f = finding(state=Finding.Status.ANSWERED)
    with pytest.raises(ValidationError) as exc:
        services.finding_return(actor=inspector, finding=f, on=date(2015, 10, 8), comment=" ")
    assert "退回整改须写明意见" in str(exc.value)
    assert Finding.objects.get(pk=f.pk).status == Finding.Status.ANSWERED


@pytest.mark.parametrize("state", [Finding.Status.OPEN, Finding.Status.RETURNED, Finding.Status.CLOSED])
def test_only_an_answered_finding_can_be_accepted(inspector, state):
    f = finding(state=state)
    with pytest.raises(ValidationError) as exc:
        services.finding_accept(actor=inspector, finding=f, on=date(2015, 10, 12))
    assert "没有待验收的整改情况" in str(exc.value)
    assert Finding.objects.get(pk=f.pk).status == state


@pytest.mark.parametrize("state", [Finding.Status.ANSWERED, Finding.Status.CLOSED])
def test_a_finding_awaiting_review_or_closed_takes_no_new_answer(tongcheng_clerk, state):
    f = finding(state=state)
    with pytest.raises(ValidationError) as exc:
        services.finding_rectify(
            actor=tongcheng_clerk, finding=f, text="再报", answered_on=date(2015, 10, 9), files=[pdf()]
        )
    assert "不能报送整改情况" in str(exc.value)


def test_a_team_member_not_on_this_inspection_cannot_accept(tongcheng_clerk, auditor):
    f = finding(state=Finding.Status.ANSWERED)
    member("auditor", "audit")  # on the city's team, but not on this inspection
    with pytest.raises(ValidationError):
        services.finding_accept(actor=auditor, finding=f, on=date(2015, 10, 8))


def test_deadline_reminders_near_and_passed_are_sent_once(tongcheng_clerk):
    f = finding()  # due 2015-10-14
    assert services.finding_remind(actor=None, on=date(2015, 10, 8)) == {"due": 0, "overdue": 0}  # 5 days left
    assert services.finding_remind(actor=None, on=date(2015, 10, 12)) == {"due": 1, "overdue": 0}
    services.finding_remind(actor=None, on=date(2015, 10, 12))
    due = Notification.objects.filter(event="finding_due", recipient=tongcheng_clerk)
    assert due.count() == 1 and "还有2个工作日" in due.get().summary
    assert services.finding_remind(actor=None, on=date(2015, 10, 16)) == {"due": 0, "overdue": 1}
    services.finding_remind(actor=None, on=date(2015, 10, 19))
    late = Notification.objects.filter(event="finding_overdue", recipient=tongcheng_clerk)
    assert late.count() == 1 and "逾期2个工作日" in late.get().summary
    assert f.due_on == date(2015, 10, 14)


def test_a_closed_finding_gets_no_reminder(tongcheng_clerk):
    finding(state=Finding.Status.CLOSED)
    assert services.finding_remind(actor=None, on=date(2015, 10, 30)) == {"due": 0, "overdue": 0}


def test_counts_by_state_as_of_a_date_follow_each_finding_through_its_states(tongcheng_clerk, city_officer):
    finding(state=Finding.Status.CLOSED)  # open 9-24, answered 9-30, closed 10-08
    offices = Office.objects.filter(name=TONGCHENG_WUHAN)

    def counts(on):
        return {code: n for code, _label, n in queries.finding_counts_as_of(city_officer, offices, on)}

    assert counts(date(2015, 9, 23)) == {"open": 0, "answered": 0, "returned": 0, "closed": 0}
    assert counts(date(2015, 9, 24))["open"] == 1
    assert counts(date(2015, 10, 1))["answered"] == 1
    assert counts(date(2015, 10, 8)) == {"open": 0, "answered": 0, "returned": 0, "closed": 1}


def test_the_county_clerk_sees_its_own_findings_and_not_its_neighbours(as_persona, tongcheng_clerk):
    mine = finding()
    theirs = finding(office(name="崇阳县人民政府驻武汉联络处").name)
    client = as_persona("chongyang_clerk")
    assert client.get(reverse("inspection:finding_detail", args=[mine.pk])).status_code == 404
    assert client.get(reverse("inspection:finding_detail", args=[theirs.pk])).status_code == 200
    listing = client.get(reverse("inspection:finding_list")).content.decode()
    assert f'data-finding="{theirs.pk}"' in listing and f'data-finding="{mine.pk}"' not in listing


def dashboard_findings(client, on):
    response = client.get(reverse("campaign:dashboard"), {"as_of": on.isoformat()})
    assert response.status_code == 200
    board = response.context["board"]
    return {code: n for code, _label, n in {b.key: b for b in board.breakdowns}["findings"].items}


def test_the_campaign_dashboard_counts_findings_by_state_on_the_date_viewed(as_persona, tongcheng_clerk):
    finding(state=Finding.Status.CLOSED)  # open 9-24, answered 9-30, closed 10-08
    finding(office(name="崇阳县人民政府驻武汉联络处").name)  # open 9-24
    client = as_persona("city_officer")
    assert dashboard_findings(client, date(2015, 9, 23)) == {"open": 0, "answered": 0, "returned": 0, "closed": 0}
    assert dashboard_findings(client, date(2015, 10, 1)) == {"open": 1, "answered": 1, "returned": 0, "closed": 0}
    assert dashboard_findings(client, date(2015, 10, 8)) == {"open": 1, "answered": 0, "returned": 0, "closed": 1}
    page = client.get(reverse("campaign:dashboard"), {"as_of": "2015-10-08"}).content.decode()
    assert 'data-breakdown="findings"' in page and "检查发现问题整改情况" in page


def test_a_county_clerk_counts_on_the_dashboard_only_the_findings_of_the_county(as_persona, tongcheng_clerk):
    finding(state=Finding.Status.CLOSED)
    finding(office(name="崇阳县人民政府驻武汉联络处").name)
    counts = dashboard_findings(as_persona("chongyang_clerk"), date(2015, 10, 8))
    assert counts == {"open": 1, "answered": 0, "returned": 0, "closed": 0}
