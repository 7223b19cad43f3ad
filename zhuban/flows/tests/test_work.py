"""The campaign tracker shows the work: a submission whose work is in the product moves with that
work, at the moment the work moved, and a button that would do nothing says why and what is
missing."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhuban.audit.services import Actor
from zhuban.campaign import services
from zhuban.campaign.clock import CAMPAIGN_TZ
from zhuban.campaign.models import Campaign, Submission
from zhuban.campaign.queries import submission_view
from zhuban.campaign.work import work_of
from zhuban.consolidation import services as consolidation
from zhuban.decision import services as decisions
from zhuban.decision.models import Decision, Disposition, Proposal
from zhuban.decision.queries import assessment_of
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db

TONGCHENG = ["通城县人民政府驻武汉办事处", "通城县招商局驻武汉联络处", "通城县人民政府驻长沙联络处"]


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime.combine(date(2015, month, day), time(hour), tzinfo=CAMPAIGN_TZ)


def owed(jurisdiction: str, code: str) -> Submission:
    return Submission.objects.select_related("campaign", "requirement", "jurisdiction").get(
        campaign__is_default=True, jurisdiction__name=jurisdiction, requirement__code=code
    )


def history(submission: Submission) -> list[tuple[str, date]]:
    return [(e.kind, e.at.astimezone(CAMPAIGN_TZ).date()) for e in submission.events.order_by("at", "id")]


def propose(office_name: str, actor, when: datetime, disposition: str | None = None) -> Proposal:
    office = Office.objects.select_related("jurisdiction").get(name=office_name)
    a = assessment_of(office)
    chosen = disposition or (a.disposition if a.disposition != Disposition.REVIEW else Disposition.REVOKE)
    merge_into = Office.objects.get(pk=int(a.merge_into)) if chosen == a.disposition and a.merge_into else None
    return decisions.proposal_submit(
        actor=actor,
        office=office,
        assessment=a,
        disposition=chosen,
        merge_into=merge_into,
        reason="" if chosen == a.disposition else "按方案办理",
        at=when,
    )


def approve(proposal: Proposal, actor, on: date) -> Decision:
    decisions.proposal_accept(actor=actor, proposal=proposal, at=at(on.month, on.day, 9))
    return decisions.decision_record_city_approval(
        actor=actor, proposal=proposal, document="咸政函〔2015〕45号", approved_on=on
    )


# ---- 精简整合意见: started, submitted, returned, accepted by the work -----------------------------


def test_the_first_proposal_starts_the_submission_and_the_last_office_reports_it_at_its_moment(tongcheng_clerk):
    propose(TONGCHENG[0], tongcheng_clerk, at(7, 27))
    propose(TONGCHENG[1], tongcheng_clerk, at(7, 28))
    assert history(owed("通城县", "proposals")) == [("started", date(2015, 7, 27))]
    propose(TONGCHENG[2], tongcheng_clerk, at(7, 30))
    assert history(owed("通城县", "proposals")) == [("started", date(2015, 7, 27)), ("submitted", date(2015, 7, 30))]
    # As the dashboard reads it on the deadline: submitted, not overdue.
    submission = owed("通城县", "proposals")
    assert submission_view(submission, date(2015, 7, 31)).status == "submitted"
    assert submission_view(submission, date(2015, 7, 29)).status == "in_progress"


def test_the_citys_review_returning_one_office_returns_the_proposals_and_a_new_one_reports_them(
    tongcheng_clerk, city_officer
):
    proposals = [propose(name, tongcheng_clerk, at(7, 28)) for name in TONGCHENG]
    decisions.proposal_return(actor=city_officer, proposal=proposals[1], comments="请写明理由。", at=at(8, 3))
    submission = owed("通城县", "proposals")
    assert [k for k, _d in history(submission)] == ["started", "submitted", "returned"]
    returned = submission.events.order_by("-at", "-id").first()
    assert TONGCHENG[1] in returned.comment and "请写明理由" in returned.comment
    assert submission_view(submission, date(2015, 8, 4)).status == "overdue"  # owed again, past 7月31日
    propose(TONGCHENG[1], tongcheng_clerk, at(8, 4), disposition=Disposition.REVOKE)
    assert history(owed("通城县", "proposals"))[-1] == ("submitted", date(2015, 8, 4))


def test_the_proposals_are_accepted_on_the_day_the_last_office_is_approved(tongcheng_clerk, city_officer):
    proposals = [propose(name, tongcheng_clerk, at(7, 28)) for name in TONGCHENG]
    approve(proposals[0], city_officer, date(2015, 8, 5))
    approve(proposals[1], city_officer, date(2015, 8, 6))
    assert history(owed("通城县", "proposals"))[-1][0] == "submitted"
    approve(proposals[2], city_officer, date(2015, 8, 7))
    last = owed("通城县", "proposals").events.order_by("-at", "-id").first()
    assert (last.kind, last.at.astimezone(CAMPAIGN_TZ).date(), last.document) == (
        "accepted",
        date(2015, 8, 7),
        "咸政函〔2015〕45号",
    )


def test_a_decision_in_another_jurisdiction_moves_nothing_here(tongcheng_clerk, chongyang_clerk, city_officer):
    propose(TONGCHENG[0], tongcheng_clerk, at(7, 28))
    before = history(owed("崇阳县", "proposals"))
    approve(propose("崇阳县人民政府驻武汉联络处", chongyang_clerk, at(7, 29)), city_officer, date(2015, 8, 5))
    assert history(owed("通城县", "proposals")) == [("started", date(2015, 7, 28))]
    assert before == [] and history(owed("崇阳县", "proposals")) == [("started", date(2015, 7, 29))]


# ---- A button that does nothing says why, and what is missing -------------------------------


@pytest.mark.parametrize(
    ("proposed", "returned", "listed"),
    [
        ([], None, TONGCHENG),  # nothing proposed: every office is listed
        (TONGCHENG[:2], None, TONGCHENG[2:]),  # one office left
        (TONGCHENG, TONGCHENG[0], TONGCHENG[:1]),  # one proposal sent back by the city
    ],
)
def test_submitting_proposals_that_are_not_all_in_is_refused_naming_the_offices_with_links(
    as_persona, tongcheng_clerk, city_officer, proposed, returned, listed
):
    made = {name: propose(name, tongcheng_clerk, at(7, 28)) for name in proposed}
    if returned:
        decisions.proposal_return(actor=city_officer, proposal=made[returned], comments="依据不足。", at=at(7, 29))
    submission = owed("通城县", "proposals")
    page = as_persona("tongcheng_clerk").get(reverse("campaign:submission_detail", args=[submission.pk]))
    body = page.content.decode()
    assert page.context["may_submit"] is False
    assert reverse("campaign:submission_submit", args=[submission.pk]) not in body
    blocker = body.split('id="work-blocker"')[1].split("</div>")[0]
    for name in TONGCHENG:
        office = Office.objects.get(name=name)
        assert (office.get_absolute_url() in blocker) == (name in listed), name
    if returned:
        assert "依据不足" in blocker
    events = submission.events.count()
    with pytest.raises(ValidationError) as refused:
        services.submission_submit(actor=tongcheng_clerk, submission=submission)
    assert all(name in str(refused.value) for name in listed)
    # Posting the form anyway changes nothing and says why on the form.
    response = as_persona("tongcheng_clerk").post(reverse("campaign:submission_submit", args=[submission.pk]), {})
    assert listed[0] in response.content.decode()
    assert submission.events.count() == events


def test_accepting_proposals_by_hand_before_every_approval_is_refused_naming_the_office(tongcheng_clerk, city_officer):
    proposals = [propose(name, tongcheng_clerk, at(7, 28)) for name in TONGCHENG]
    approve(proposals[0], city_officer, date(2015, 8, 5))
    with pytest.raises(ValidationError) as refused:
        services.submission_accept(actor=city_officer, submission=owed("通城县", "proposals"))
    assert TONGCHENG[1] in str(refused.value) and TONGCHENG[2] in str(refused.value)
    assert TONGCHENG[0] not in str(refused.value)


def test_the_special_report_is_reported_from_its_page_and_the_campaign_page_points_there(as_persona, tongcheng_clerk):
    submission = owed("通城县", "consolidation_report")
    page = as_persona("tongcheng_clerk").get(reverse("campaign:submission_detail", args=[submission.pk]))
    report_url = reverse("consolidation:report", args=[submission.jurisdiction_id])
    assert page.context["may_submit"] is False and report_url in page.content.decode()
    with pytest.raises(ValidationError):
        services.submission_submit(actor=tongcheng_clerk, submission=submission)
    assert consolidation.report_submit(actor=tongcheng_clerk, jurisdiction=submission.jurisdiction, at=at(8, 14))
    assert history(submission) == [("submitted", date(2015, 8, 14))]
    # Reporting it twice changes nothing.
    assert not consolidation.report_submit(actor=tongcheng_clerk, jurisdiction=submission.jurisdiction)
    assert submission.events.count() == 1


def test_the_report_button_on_the_report_page_marks_the_submission(as_persona):
    submission = owed("通城县", "consolidation_report")
    url = reverse("consolidation:report_submit", args=[submission.jurisdiction_id])
    assert as_persona("tongcheng_clerk").post(url).status_code == 302
    assert [k for k, _d in history(submission)] == ["submitted"]


def decide_tongcheng(clerk, city_officer, *, retain_first: bool) -> None:
    first = Disposition.RETAIN if retain_first else None
    proposals = [propose(TONGCHENG[0], clerk, at(7, 28), disposition=first)]
    proposals += [propose(name, clerk, at(7, 28)) for name in TONGCHENG[1:]]
    for proposal in proposals:
        approve(proposal, city_officer, date(2015, 8, 5))


def test_mandates_wait_for_the_decisions_then_follow_each_retained_offices_mandate(
    as_persona, tongcheng_clerk, city_officer
):
    from zhuban.oversight import services as oversight
    from zhuban.oversight.tests.builders import mandate_values

    submission = owed("通城县", "mandates")
    with pytest.raises(ValidationError) as refused:
        services.submission_submit(actor=tongcheng_clerk, submission=submission)
    assert all(name in str(refused.value) for name in TONGCHENG)
    decide_tongcheng(tongcheng_clerk, city_officer, retain_first=True)
    url = reverse("campaign:submission_detail", args=[submission.pk])
    page = as_persona("tongcheng_clerk").get(url)
    body = page.content.decode()
    covers = body.split('id="work-covers"')[1].split("</ul>")[0]
    assert TONGCHENG[0] in covers and TONGCHENG[1] not in covers and TONGCHENG[2] not in covers
    assert "未报送三定方案" in covers and page.context["may_submit"] is False
    with pytest.raises(ValidationError) as refused:
        services.submission_submit(actor=tongcheng_clerk, submission=submission, document="通编〔2015〕3号")
    assert "尚有 1 个保留机构未报送三定方案" in str(refused.value) and TONGCHENG[0] in str(refused.value)

    office = Office.objects.get(name=TONGCHENG[0])
    mandate = oversight.mandate_draft(actor=city_officer, office=office, values=mandate_values())
    assert history(submission) == []  # a draft is not a filing
    oversight.mandate_submit(actor=city_officer, mandate=mandate)
    assert [k for k, _d in history(submission)] == ["submitted"]
    covers = as_persona("tongcheng_clerk").get(url).content.decode().split('id="work-covers"')[1]
    assert "三定方案已报送，待审核批准" in covers.split("</ul>")[0]
    with pytest.raises(ValidationError) as refused:
        services.submission_accept(actor=city_officer, submission=submission)
    assert "三定方案未批准" in str(refused.value)

    oversight.mandate_review(actor=city_officer, mandate=mandate, accept=True, comments="同意")
    oversight.mandate_review(actor=city_officer, mandate=mandate, accept=True, document="咸编办〔2015〕21号")
    oversight.mandate_approve(
        actor=city_officer, mandate=mandate, document="咸政函〔2015〕60号", approved_on=date(2015, 9, 18)
    )
    # Filed today in this test, so the acceptance cannot be dated before it (never before the last step).
    assert [k for k, _d in history(submission)] == ["submitted", "accepted"]
    assert submission.events.order_by("-at", "-id").first().document == "咸政函〔2015〕60号"


def test_a_jurisdiction_with_no_retained_office_reports_its_mandates_by_hand(as_persona, tongcheng_clerk, city_officer):
    submission = owed("通城县", "mandates")
    decide_tongcheng(tongcheng_clerk, city_officer, retain_first=False)
    page = as_persona("tongcheng_clerk").get(reverse("campaign:submission_detail", args=[submission.pk]))
    assert page.context["may_submit"] is True and "本级没有保留机构" in page.content.decode()
    services.submission_submit(actor=tongcheng_clerk, submission=submission, comment="本级无保留的驻外办事机构。")
    assert [k for k, _d in history(submission)] == ["submitted"]


def test_the_registration_table_lists_the_registry_offices_it_covers_and_is_sent_by_hand(as_persona, tongcheng_clerk):
    submission = owed("通城县", "registration_table")
    page = as_persona("tongcheng_clerk").get(reverse("campaign:submission_detail", args=[submission.pk]))
    covers = page.content.decode().split('id="work-covers"')[1].split("</ul>")[0]
    assert all(name in covers for name in TONGCHENG)
    # Nothing in the registry stops it: the table still owed (咸宁高新区's) may be sent.
    owed_table = owed("咸宁高新区", "registration_table")
    assert not work_of(owed_table).blocker
    services.submission_submit(actor=Actor.system("test"), submission=owed_table)
    assert history(owed_table)[-1][0] == "submitted"


# ---- The date the demo opens on --------------------------------------------------------------


def test_a_campaign_that_opens_on_a_date_shows_it_plainly_and_any_later_date_still_works(as_persona, city_officer):
    campaign = Campaign.objects.get(is_default=True)
    services.campaign_update_settings(actor=city_officer, campaign=campaign, values={"opens_on": date(2015, 8, 15)})
    client = as_persona("city_officer")
    page = client.get(reverse("campaign:dashboard"))
    assert page.context["as_of"] == date(2015, 8, 15)
    banner = page.content.decode().split('id="as-of-banner"')[1].split("</p>")[0]
    assert "2015年8月15日" in banner
    later = client.get(reverse("campaign:dashboard"), {"as_of": "2015-09-01"})
    assert later.context["as_of"] == date(2015, 9, 1)
    # On 9月1日 the special reports (due 8月31日) that nobody sent are overdue; on 8月15日 they were not.
    report = campaign.requirements.get(code="consolidation_report")
    assert later.context["board"].counts[report.pk]["overdue"] > 0
    assert page.context["board"].counts[report.pk]["overdue"] == 0
    # Clearing the date opens the pages on today again.
    services.campaign_update_settings(actor=city_officer, campaign=campaign, values={"opens_on": None})
    assert 'id="as-of-banner"' not in client.get(reverse("campaign:dashboard")).content.decode()


def test_the_report_page_offers_the_button_until_the_report_is_sent_then_says_when(as_persona):
    submission = owed("通城县", "consolidation_report")
    client = as_persona("tongcheng_clerk")
    page = reverse("consolidation:report", args=[submission.jurisdiction_id])
    button = reverse("consolidation:report_submit", args=[submission.jurisdiction_id])
    assert button in client.get(page).content.decode()
    client.post(button)
    body = client.get(page).content.decode()
    assert button not in body
    state = body.split('id="report-state"')[1].split("</span>")[0]
    assert "已于" in state and "已报送" in state and submission.get_absolute_url() in state


def test_the_county_summary_is_reported_from_its_page_and_the_campaign_follows(as_persona, tongcheng_clerk):
    submission = owed("通城县", "county_summary")
    with pytest.raises(ValidationError) as refused:
        services.submission_submit(actor=tongcheng_clerk, submission=submission)
    assert "在其页面生成" in str(refused.value)
    campaign_page = as_persona("tongcheng_clerk").get(reverse("campaign:submission_detail", args=[submission.pk]))
    summary_url = reverse("inspection:county_summary", args=[submission.jurisdiction_id])
    assert summary_url in campaign_page.content.decode() and campaign_page.context["may_submit"] is False

    client = as_persona("tongcheng_clerk")
    assert 'id="summary-submit"' in client.get(summary_url).content.decode()
    submit = reverse("inspection:county_summary_submit", args=[submission.jurisdiction_id])
    assert client.post(submit).status_code == 302
    assert [k for k, _d in history(submission)] == ["submitted"]
    assert submission.events.get().document == "通城县清理规范驻省会城市办事机构工作总结"
    assert client.post(submit).status_code == 302  # a second click changes nothing
    assert [k for k, _d in history(submission)] == ["submitted"]


def test_only_the_county_itself_reports_its_summary(as_persona, tongcheng_clerk):
    submission = owed("通城县", "county_summary")
    submit = reverse("inspection:county_summary_submit", args=[submission.jurisdiction_id])
    assert as_persona("chongyang_clerk").post(submit).status_code == 404  # another county: missing
    assert as_persona("auditor").post(submit).status_code == 403  # may read it, may not report it
    summary = as_persona("auditor").get(reverse("inspection:county_summary", args=[submission.jurisdiction_id]))
    assert 'id="summary-submit"' not in summary.content.decode()
    assert history(submission) == []
