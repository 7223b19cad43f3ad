"""Every date exists once: a policy setting and the campaign requirement it dates are one source
of truth. Change one and the campaign's pages, reminders and the violation check follow."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhuban.audit.services import Actor
from zhuban.campaign import queries, services
from zhuban.campaign.models import Campaign, Requirement
from zhuban.campaign.reminders import send_reminders
from zhuban.consolidation.tests.builders import approved_decision
from zhuban.decision.queries import assess_city
from zhuban.notifications.models import Notification
from zhuban.policy.facts import Violation
from zhuban.policy.queries import settings_for
from zhuban.policy.services import policy_settings_change

pytestmark = pytest.mark.django_db

RETAINED = Violation.RETAINED_AFTER_DEADLINE


@pytest.fixture
def campaign() -> Campaign:
    return Campaign.objects.select_related("jurisdiction").get(is_default=True)


def due(campaign: Campaign, code: str) -> date:
    requirement = campaign.requirements.get(code=code)
    return queries.deadlines_of(campaign, [requirement])[requirement.pk].stated


def test_the_plans_dated_requirements_are_bound_to_their_settings(campaign):
    bound = dict(campaign.requirements.exclude(date_setting="").values_list("code", "date_setting"))
    assert bound == {
        "registration_table": "registration_due",
        "proposals": "registration_due",
        "consolidation_report": "consolidation_deadline",
    }
    settings = settings_for(campaign.jurisdiction)
    assert due(campaign, "consolidation_report") == settings.consolidation_deadline == date(2015, 8, 31)
    assert due(campaign, "registration_table") == settings.registration_due == date(2015, 7, 31)


def test_changing_the_setting_moves_the_campaigns_deadline_and_its_page(as_persona, campaign, city_officer):
    policy_settings_change(
        actor=city_officer, root=campaign.jurisdiction, values={"consolidation_deadline": "2015-09-15"}
    )
    assert due(campaign, "consolidation_report") == date(2015, 9, 15)
    submission = campaign.submissions.get(requirement__code="consolidation_report", jurisdiction__name="通城县")
    page = as_persona("city_officer").get(reverse("campaign:submission_detail", args=[submission.pk]))
    assert "2015年9月15日" in page.content.decode()
    requirement = campaign.requirements.get(code="consolidation_report")
    assert requirement.version > 1  # the requirement's change is on the trail with its reason


def test_changing_the_requirements_date_changes_the_setting_that_the_engine_reads(campaign, city_officer):
    requirement = campaign.requirements.get(code="proposals")
    services.requirement_update(actor=city_officer, requirement=requirement, values={"due_on": date(2015, 8, 7)})
    assert settings_for(campaign.jurisdiction).registration_due == date(2015, 8, 7)
    # Both requirements dated by that setting follow it, so no two pages disagree.
    assert due(campaign, "proposals") == due(campaign, "registration_table") == date(2015, 8, 7)


def test_a_date_the_setting_refuses_is_refused_on_the_requirement(campaign, city_officer):
    requirement = campaign.requirements.get(code="consolidation_report")
    with pytest.raises(ValidationError) as refused:
        services.requirement_update(actor=city_officer, requirement=requirement, values={"due_on": date(2015, 7, 1)})
    assert "due_on" in refused.value.message_dict
    assert Requirement.objects.get(pk=requirement.pk).due_on == date(2015, 8, 31)


def test_a_copy_for_another_year_owns_its_dates(campaign, city_officer):
    copy = services.campaign_copy(
        actor=Actor.system("test"), source=campaign, name="2016年工作", issued_on=date(2016, 7, 20)
    )
    assert not copy.requirements.exclude(date_setting="").exists()
    policy_settings_change(
        actor=city_officer, root=campaign.jurisdiction, values={"consolidation_deadline": "2015-09-15"}
    )
    assert due(copy, "consolidation_report") == date(2016, 8, 31)


def _report_reminders(as_of: date, campaign: Campaign) -> int:
    send_reminders(as_of=as_of, campaign=campaign)
    return Notification.objects.filter(event="submission_due", summary__contains="专项工作报告").count()


def test_the_reminders_follow_a_moved_setting(campaign, city_officer):
    # 8月31日 less three working days is 8月26日: the reminder is due then ...
    policy_settings_change(
        actor=city_officer, root=campaign.jurisdiction, values={"consolidation_deadline": "2015-09-15"}
    )
    # ... but the deadline is now 9月15日: nothing on 8月26日, the reminder on 9月10日, naming the new date.
    assert _report_reminders(date(2015, 8, 26), campaign) == 0
    assert _report_reminders(date(2015, 9, 10), campaign) > 0
    assert Notification.objects.filter(event="submission_due", summary__contains="2015年9月15日").exists()
    assert not Notification.objects.filter(summary__contains="2015年8月31日").exists()


def test_the_reminders_follow_the_registration_date_moved_on_the_requirement(campaign, city_officer):
    requirement = campaign.requirements.get(code="registration_table")
    services.requirement_update(actor=city_officer, requirement=requirement, values={"due_on": date(2015, 8, 14)})
    send_reminders(as_of=date(2015, 8, 3), campaign=campaign)
    # 附表一 was due 7月31日: on 8月3日 it would be overdue; it is now due 8月14日, so nobody is chased.
    assert not Notification.objects.filter(event="submission_overdue", summary__contains="附表一").exists()


def test_the_violation_check_follows_a_moved_consolidation_deadline(campaign, city_officer, office_of):
    office = office_of("通城县人民政府驻武汉办事处")
    approved_decision(office)  # revocation approved; the office is still active

    def flagged(on: date) -> bool:
        return RETAINED in assess_city(campaign.jurisdiction, as_of=on)[office.pk].violations

    assert flagged(date(2015, 9, 10))
    policy_settings_change(
        actor=city_officer, root=campaign.jurisdiction, values={"consolidation_deadline": "2015-09-30"}
    )
    assert not flagged(date(2015, 9, 10)) and flagged(date(2015, 10, 1))
    assert due(campaign, "consolidation_report") == date(2015, 9, 30)
