"""Two writers at once: a submission moves once, and a reminder goes out once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from zhuban.audit.queries import verify_chain
from zhuban.audit.services import Actor
from zhuban.campaign import services
from zhuban.campaign.models import Campaign, Submission, SubmissionEvent
from zhuban.campaign.reminders import send_reminders
from zhuban.notifications.models import Notification
from zhuban.testing.concurrency import run_together
from zhuban.testing.personas import ensure_persona, seed_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh(transactional_db):
    seed_world()
    source = Campaign.objects.get(is_default=True)
    return services.campaign_copy(
        actor=Actor.system("test"), source=source, name="并发测试工作", issued_on=source.issued_on
    )


def test_two_clicks_on_submit_record_one_submission_and_refuse_the_other(fresh):
    clerk = ensure_persona("tongcheng_clerk")
    pk = Submission.objects.get(campaign=fresh, jurisdiction__name="通城县", requirement__code="registration_table").pk

    def submit():
        submission = Submission.objects.select_related("jurisdiction", "requirement").get(pk=pk)
        return services.submission_submit(actor=clerk, submission=submission)

    results = run_together(submit, submit)
    assert sum(isinstance(r, SubmissionEvent) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    assert SubmissionEvent.objects.filter(submission_id=pk).count() == 1
    assert verify_chain()[1] is None


def test_two_overlapping_reminder_runs_send_each_reminder_once(fresh):
    ensure_persona("tongcheng_clerk")

    def run():
        return send_reminders(as_of=date(2015, 7, 28), campaign=Campaign.objects.get(pk=fresh.pk))

    reports = run_together(run, run)
    assert all(not isinstance(r, Exception) for r in reports), reports
    sent = Notification.objects.filter(object_type="campaign.submission")
    assert sent.count() == sum(r.reminders + r.escalations + r.overdue for r in reports) > 0
    assert sent.count() == sent.values("recipient", "key").distinct().count()
    assert verify_chain()[1] is None
