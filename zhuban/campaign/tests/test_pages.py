"""What the city bureau and a county clerk see and do on the campaign's pages, through HTTP."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.campaign.models import Campaign, Phase, Requirement, Submission, SubmissionEvent, TaskForce

pytestmark = pytest.mark.django_db

D = date


def test_the_2015_campaign_ships_with_the_dates_of_the_plan(campaign_2015):
    assert (campaign_2015.document, campaign_2015.issued_on, campaign_2015.ends_on) == (
        "咸政办函〔2015〕58号",
        D(2015, 7, 20),
        D(2015, 11, 30),
    )
    phases = {p.code: (p.starts_on, p.ends_on, p.clause) for p in campaign_2015.phases.all()}
    assert phases == {
        "mobilisation": (D(2015, 7, 20), D(2015, 7, 20), "三(一)"),
        "cleanup": (D(2015, 7, 20), D(2015, 10, 16), "三(二)"),
        "registration": (D(2015, 7, 20), D(2015, 7, 31), "三(二)1"),
        "consolidation": (D(2015, 8, 1), D(2015, 8, 31), "三(二)2"),
        "rule_making": (D(2015, 9, 1), D(2015, 9, 20), "三(二)3"),
        "inspection": (D(2015, 9, 21), D(2015, 10, 20), "三(三)"),
    }
    due = {r.code: (r.due_on, r.plan_due_on, r.applies_to) for r in campaign_2015.requirements.all()}
    assert due == {
        "task_force": (D(2015, 7, 20), None, "all"),
        "registration_table": (D(2015, 7, 31), D(2015, 6, 30), "all"),
        "proposals": (D(2015, 7, 31), D(2015, 6, 30), "all"),
        "consolidation_report": (D(2015, 8, 31), None, "all"),
        "mandates": (D(2015, 9, 20), None, "all"),
        "county_summary": (D(2015, 10, 21), None, "county"),
    }
    # Eight jurisdictions owe five things each; the seven county-level ones also the summary.
    assert Submission.objects.filter(campaign=campaign_2015).count() == 8 * 5 + 7


def test_the_plan_page_shows_the_plans_own_date_beside_the_one_used_and_why(as_persona, campaign_2015):
    response = as_persona("tongcheng_clerk").get(reverse("campaign:campaign_plan", args=[campaign_2015.pk]))
    body = response.content.decode()
    row = body.split('data-requirement="registration_table"')[1].split("</tr>")[0]
    assert "2015年7月31日" in row and "2015年6月30日" in row and "POLICY.md 已知歧义1" in row
    mandates = body.split('data-requirement="mandates"')[1].split("</tr>")[0]
    assert "2015年9月21日" in mandates and "原定2015年9月20日，遇休息日顺延" in mandates
    assert "2015年9月6日" in body and "2015年10月10日" in body  # the worked weekend days
    assert "修改" not in row  # a county reads the plan but does not edit it


def test_a_county_clerk_fills_in_the_task_force_submits_it_and_the_city_returns_then_accepts_it(
    as_persona, fresh, owed, tongcheng_clerk
):
    sub = owed(fresh, "通城县", "task_force")
    clerk, city = as_persona("tongcheng_clerk"), as_persona("city_officer")
    detail = reverse("campaign:submission_detail", args=[sub.pk])
    page = clerk.get(detail)
    assert page.context["view"].status in {"not_started", "overdue"} and page.context["may_submit"]
    refused = clerk.post(reverse("campaign:submission_submit", args=[sub.pk]), {"document": ""})
    assert refused.status_code == 422 and "请先填写工作专班" in refused.content.decode()

    saved = clerk.post(
        reverse("campaign:task_force_edit", args=[sub.pk]),
        {
            "lead_name": "吴海波",
            "lead_post": "县人民政府办公室主任",
            "members": "吴海波 县政府办主任\n张伟 县编办副主任",
            "contact_name": "李明",
            "contact_phone": "0715-4321234",
            "established_on": "2015-07-18",
        },
    )
    assert saved.status_code == 302 and saved.url == detail
    assert TaskForce.objects.get(submission=sub).lead_name == "吴海波"
    submitted = clerk.post(reverse("campaign:submission_submit", args=[sub.pk]), {"document": "通政办文〔2015〕9号"})
    assert submitted.status_code == 302
    assert not clerk.get(detail).context["may_submit"]

    returned = city.post(reverse("campaign:submission_review", args=[sub.pk]), {"decision": "return", "comment": ""})
    assert returned.status_code == 422  # a return needs a comment
    city.post(reverse("campaign:submission_review", args=[sub.pk]), {"decision": "return", "comment": "补充联络员手机"})
    assert clerk.get(detail).context["current"].state == "returned"
    clerk.post(
        reverse("campaign:task_force_edit", args=[sub.pk]),
        {
            "lead_name": "吴海波",
            "lead_post": "县人民政府办公室主任",
            "members": "吴海波 县政府办主任\n张伟 县编办副主任",
            "contact_name": "李明",
            "contact_phone": "13900000000",
            "version": TaskForce.objects.get(submission=sub).version,
        },
    )
    clerk.post(reverse("campaign:submission_submit", args=[sub.pk]), {})
    city.post(reverse("campaign:submission_review", args=[sub.pk]), {"decision": "accept", "comment": ""})
    kinds = list(SubmissionEvent.objects.filter(submission=sub).values_list("kind", flat=True))
    assert kinds == ["started", "submitted", "returned", "started", "submitted", "accepted"]
    history = clerk.get(detail).content.decode()
    assert "补充联络员手机" in history and "tongcheng_clerk" in history and "13900000000" in history


def test_a_clerk_cannot_review_and_cannot_touch_another_countys_submission(as_persona, fresh, owed):
    tongcheng = owed(fresh, "通城县", "proposals")
    chongyang = owed(fresh, "崇阳县", "proposals")
    clerk = as_persona("tongcheng_clerk")
    assert clerk.get(reverse("campaign:submission_review", args=[tongcheng.pk])).status_code == 403
    assert clerk.get(reverse("campaign:submission_detail", args=[chongyang.pk])).status_code == 404
    before = AuditEntry.objects.count()
    assert clerk.post(reverse("campaign:submission_submit", args=[chongyang.pk]), {}).status_code == 404
    assert (
        as_persona("inspector").post(reverse("campaign:submission_submit", args=[tongcheng.pk]), {}).status_code == 403
    )
    assert AuditEntry.objects.count() == before


def test_a_department_clerk_sees_the_citys_submissions_but_does_not_submit_for_the_city(as_persona, fresh, owed):
    city_row = owed(fresh, "咸宁市", "proposals")
    client = as_persona("zhaoshang_clerk")
    assert client.get(reverse("campaign:submission_detail", args=[city_row.pk])).status_code == 200
    assert client.get(reverse("campaign:submission_submit", args=[city_row.pk])).status_code == 403


def test_the_submission_page_as_of_a_date_hides_later_history_and_counts_it(as_persona, campaign_2015, owed):
    sub = owed(campaign_2015, "崇阳县", "registration_table")
    response = as_persona("chongyang_clerk").get(
        reverse("campaign:submission_detail", args=[sub.pk]), {"as_of": "2015-08-04"}
    )
    view = response.context["view"]
    assert view.status == "submitted" and view.state == "submitted"
    assert [e.event.kind for e in view.events] == ["started", "submitted"]
    assert view.later_events == 1
    body = response.content.decode()
    assert "驻上海联络处未填报资产和人员情况" not in body and "查看日期之后还有 1 条记录" in body
    later = as_persona("chongyang_clerk").get(
        reverse("campaign:submission_detail", args=[sub.pk]), {"as_of": "2015-08-15"}
    )
    assert later.context["view"].status == "overdue" and later.context["view"].working_days_overdue == 10
    assert "驻上海联络处未填报资产和人员情况" in later.content.decode()


def test_the_city_bureau_adds_a_local_day_off_and_the_deadline_moves(as_persona, fresh):
    client = as_persona("city_officer")
    url = reverse("campaign:campaign_settings", args=[fresh.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "local_days_off_text": "2015-07-31 本地防汛\nnot-a-date",
            "reminder_working_days": "3",
            "roll_forward": "on",
            "version": fresh.version,
        },
    )
    assert response.status_code == 422 and "not-a-date" in response.content.decode()
    response = client.post(
        url,
        {
            "local_days_off_text": "2015-07-31 本地防汛",
            "reminder_working_days": "2",
            "roll_forward": "on",
            "version": 1,
        },
    )
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.local_days_off == [{"date": "2015-07-31", "reason": "本地防汛"}]
    plan = client.get(reverse("campaign:campaign_plan", args=[fresh.pk])).content.decode()
    row = plan.split('data-requirement="registration_table"')[1].split("</tr>")[0]
    # Friday 7月31日 off: the deadline moves to Monday 8月3日, two working days' notice from 7月29日.
    assert "2015年8月3日" in row and "2015年7月29日" in row
    entry = AuditEntry.objects.filter(action="campaign.settings").latest("seq")
    assert entry.after["local_days_off"] == [{"date": "2015-07-31", "reason": "本地防汛"}]


def test_copying_a_campaign_shifts_every_date_and_starts_everyone_afresh(as_persona, campaign_2015):
    response = as_persona("city_officer").post(
        reverse("campaign:campaign_copy", args=[campaign_2015.pk]),
        {"name": "咸宁市清理规范驻外办事机构工作（2016年复查）", "issued_on": "2016-07-20", "document": ""},
    )
    copy = Campaign.objects.get(name="咸宁市清理规范驻外办事机构工作（2016年复查）")
    assert response.status_code == 302 and copy.copied_from == campaign_2015 and not copy.is_default
    shift = copy.issued_on - campaign_2015.issued_on
    assert shift.days == 366  # 2016 is a leap year
    for original in campaign_2015.requirements.all():
        moved = Requirement.objects.get(campaign=copy, code=original.code)
        assert moved.due_on == original.due_on + shift and moved.plan_due_on is None
    for original in campaign_2015.phases.all():
        moved = Phase.objects.get(campaign=copy, code=original.code)
        assert (moved.starts_on, moved.ends_on) == (original.starts_on + shift, original.ends_on + shift)
        assert (moved.parent.code if moved.parent else None) == (original.parent.code if original.parent else None)
    assert Submission.objects.filter(campaign=copy).count() == Submission.objects.filter(campaign=campaign_2015).count()
    assert not SubmissionEvent.objects.filter(submission__campaign=copy).exists()
    assert AuditEntry.objects.filter(action="campaign.copy", object_id=str(copy.pk)).get().after["shift_days"] == 366


def test_only_the_city_bureau_changes_the_plan(as_persona, campaign_2015):
    requirement = campaign_2015.requirements.get(code="county_summary")
    url = reverse("campaign:requirement_edit", args=[requirement.pk])
    data = {"name": requirement.name, "applies_to": "county", "due_on": "2015-10-23", "description": "", "due_note": ""}
    assert as_persona("tongcheng_clerk").post(url, data).status_code == 403
    assert as_persona("inspector").post(url, data).status_code == 403
    response = as_persona("city_officer").post(url, {**data, "version": requirement.version})
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.due_on == D(2015, 10, 23)


def test_a_phase_cannot_end_before_it_starts(as_persona, campaign_2015):
    phase = campaign_2015.phases.get(code="consolidation")
    url = reverse("campaign:phase_edit", args=[phase.pk])
    data = {"name": phase.name, "starts_on": "2015-08-31", "ends_on": "2015-08-01", "clause": phase.clause, "note": ""}
    response = as_persona("city_officer").post(url, {**data, "version": phase.version})
    assert response.status_code == 422 and "ends_on" in response.context["form"].errors


def test_loading_the_demo_campaign_twice_changes_nothing(campaign_2015):
    events, entries = SubmissionEvent.objects.count(), AuditEntry.objects.count()
    call_command("load_demo_campaign", verbosity=0)
    assert (SubmissionEvent.objects.count(), AuditEntry.objects.count()) == (events, entries)
    assert Campaign.objects.filter(is_default=True).count() == 1


def test_a_jurisdiction_added_later_is_enrolled_by_the_service(campaign_2015):
    from zhuban.audit.services import Actor
    from zhuban.campaign.services import campaign_enrol
    from zhuban.org.models import Jurisdiction

    city = campaign_2015.jurisdiction
    Jurisdiction.objects.create(
        code="421299",
        name="新设县",
        name_en="New",
        kind="county",
        level="county",
        parent=city,
        path=f"{city.path}421299/",
    )
    assert campaign_enrol(actor=Actor.system("test"), campaign=campaign_2015) == 6
    assert campaign_enrol(actor=Actor.system("test"), campaign=campaign_2015) == 0
