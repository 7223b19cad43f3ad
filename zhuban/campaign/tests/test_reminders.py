"""Reminders before deadlines and escalations of overdue submissions: e-mail and in-app, once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import CommandError
from django.core.management import call_command as _call_command
from django.test import TestCase
from django.urls import reverse

from zhuban.audit.models import AuditEntry
from zhuban.campaign import services
from zhuban.campaign.reminders import send_reminders as _send_reminders
from zhuban.campaign.tests.conftest import at
from zhuban.notifications.models import Notification

pytestmark = pytest.mark.django_db

JURISDICTIONS = 8  # the city and its seven county-level units
# Jurisdictions with someone to remind in the test world: 通城县 and 崇阳县 (their clerks) and
# the city itself (the offices administration).
CLERKED = 3


def send_reminders(**kwargs):
    """As cron runs it: each submission's transaction commits, so its e-mails go out (here at the
    end of the test's own transaction, so they are counted after it)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = _send_reminders(**kwargs)
    report.settle()
    return report


def call_command(*args):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return _call_command(*args)


@pytest.fixture
def with_email(tongcheng_clerk, city_officer):
    tongcheng_clerk.email = "tongcheng@example.gov.cn"
    tongcheng_clerk.save()
    city_officer.email = "city@example.gov.cn"
    city_officer.save()
    return tongcheng_clerk, city_officer


def test_three_working_days_before_the_registration_deadline_the_county_clerk_is_reminded(fresh, with_email):
    clerk, _city = with_email
    # 附表一 and the proposals are due Friday 7月31日; three working days before is Tuesday 28日.
    assert send_reminders(as_of=date(2015, 7, 27), campaign=fresh).reminders == 0
    report = send_reminders(as_of=date(2015, 7, 28), campaign=fresh)
    notes = Notification.objects.filter(recipient=clerk, event="submission_due").order_by("summary")
    assert [n.summary for n in notes] == [
        "提醒：通城县的“核实登记表（附表一）”应于2015年7月31日前报送，还有3个工作日。",
        "提醒：通城县的“精简整合意见”应于2015年7月31日前报送，还有3个工作日。",
    ]
    assert notes[0].link.startswith("/campaign/submissions/")
    to_clerk = [m for m in mail.outbox if m.to == ["tongcheng@example.gov.cn"] and "提醒" in m.subject]
    assert len(to_clerk) == 2 and "通城县" in to_clerk[0].body
    # The city's own row is the offices administration's to submit, so it is reminded too.
    assert report.reminders == Notification.objects.filter(summary__startswith="提醒").count()


def test_running_the_reminders_twice_sends_nothing_twice(fresh, with_email):
    first = send_reminders(as_of=date(2015, 7, 28), campaign=fresh)
    sent, notes, entries = len(mail.outbox), Notification.objects.count(), AuditEntry.objects.count()
    second = send_reminders(as_of=date(2015, 7, 28), campaign=fresh)
    third = send_reminders(as_of=date(2015, 7, 29), campaign=fresh)  # the next day, same deadline
    assert first.reminders > 0
    assert second.reminders == third.reminders == 0
    assert second.already_sent == first.reminders + first.escalations + first.overdue
    assert (len(mail.outbox), Notification.objects.count(), AuditEntry.objects.count()) == (sent, notes, entries)


def test_the_command_is_idempotent_as_cron_runs_it(fresh, with_email, capsys):
    args = ["send_reminders", "--as-of", "2015-07-21", "--campaign", str(fresh.pk), "--base-url", "https://zb.example"]
    call_command(*args)
    sent = len(mail.outbox)
    call_command(*args)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"as of 2015-07-21: 0 reminders, {JURISDICTIONS} escalations")
    assert out[1].startswith("as of 2015-07-21: 0 reminders, 0 escalations, 0 e-mails")
    assert len(mail.outbox) == sent
    assert "https://zb.example/campaign/submissions/" in mail.outbox[0].body


def test_an_overdue_submission_is_escalated_to_the_city_bureau_not_to_the_county(fresh, owed, with_email):
    clerk, city = with_email
    # The task force was due 7月20日; 通城县 submitted on time, nobody else did.
    sub = owed(fresh, "通城县", "task_force")
    services.task_force_record(
        actor=clerk,
        submission=sub,
        values={
            "lead_name": "吴海波",
            "lead_post": "主任",
            "members": "吴海波",
            "contact_name": "李明",
            "contact_phone": "1",
        },
        at=at(7, 19),
    )
    services.submission_submit(actor=clerk, submission=sub, at=at(7, 20))
    report = send_reminders(as_of=date(2015, 7, 21), campaign=fresh)
    assert report.escalations == JURISDICTIONS - 1
    escalations = Notification.objects.filter(recipient=city, summary__startswith="逾期督办")
    # The city's own overdue item goes one level up, to the province; the counties' to the city.
    assert escalations.count() == JURISDICTIONS - 2
    province = Notification.objects.filter(recipient__username="province_officer", summary__startswith="逾期督办")
    assert list(province.values_list("jurisdiction_path", flat=True)) == ["/420000/421200/"]
    assert not escalations.filter(summary__contains="通城县").exists()
    assert escalations.filter(
        summary="逾期督办：崇阳县的“工作专班”已于2015年7月20日截止，逾期1个工作日，状态为“未开始”。"
    ).exists()
    assert not Notification.objects.filter(recipient=clerk, summary__startswith="逾期督办").exists()
    assert Notification.objects.filter(event="submission_escalated", recipient=city).count() == JURISDICTIONS - 2
    # The county that is late hears of it too, as its own overdue notice.
    late = Notification.objects.get(recipient__username="chongyang_clerk", event="submission_overdue")
    assert late.summary == "逾期：崇阳县的“工作专班”已于2015年7月20日截止，逾期1个工作日，请尽快报送。"


def test_nothing_is_sent_for_submitted_or_accepted_work(fresh, owed, with_email):
    clerk, _city = with_email
    services.submission_submit(actor=clerk, submission=owed(fresh, "通城县", "registration_table"), at=at(7, 27))
    # The proposals are reported by the work itself (every office proposed), through its hook.
    tongcheng = owed(fresh, "通城县", "proposals").jurisdiction
    services.submission_follow_work(
        actor=clerk, jurisdiction=tongcheng, code="proposals", kind="submitted", at=at(7, 27), campaign=fresh
    )
    send_reminders(as_of=date(2015, 7, 28), campaign=fresh)
    assert not Notification.objects.filter(recipient=clerk, event="submission_due").exists()


def test_moving_a_deadline_makes_a_new_reminder_due(fresh, owed, with_email):
    clerk, city = with_email
    send_reminders(as_of=date(2015, 7, 28), campaign=fresh)
    requirement = owed(fresh, "通城县", "registration_table").requirement
    services.requirement_update(actor=city, requirement=requirement, values={"due_on": date(2015, 8, 4)})
    assert send_reminders(as_of=date(2015, 7, 30), campaign=fresh).reminders == CLERKED
    assert Notification.objects.filter(recipient=clerk, summary__contains="2015年8月4日").count() == 1


def test_working_days_count_in_the_reminder_window_across_a_holiday(fresh, with_email):
    clerk, _city = with_email
    # The county summary is due Wednesday 10月21日, three working days before is Friday 16日.
    assert send_reminders(as_of=date(2015, 10, 15), campaign=fresh).reminders == 0
    send_reminders(as_of=date(2015, 10, 16), campaign=fresh)
    assert Notification.objects.filter(recipient=clerk, summary__contains="清理规范工作总结").count() == 1


def test_only_running_campaigns_are_reminded_by_default(fresh, with_email):
    assert send_reminders(as_of=date(2015, 12, 1)).reminders == 0
    assert send_reminders(as_of=date(2015, 12, 1)).escalations == 0


def test_the_command_refuses_a_bad_date(fresh):
    with pytest.raises(CommandError):
        call_command("send_reminders", "--as-of", "2015-02-30")


def test_the_inbox_lists_the_users_own_reminders_and_marks_them_read(fresh, with_email, as_persona):
    send_reminders(as_of=date(2015, 7, 28), campaign=fresh)
    client = as_persona("tongcheng_clerk")
    page = client.get(reverse("notifications:inbox"))
    items = list(page.context["items"])
    # Two reminders (附表一, the proposals) and the task force that is already late.
    assert len(items) == 3 and all(n.recipient.username == "tongcheng_clerk" for n in items)
    badge = client.get(reverse("registry:office_list")).content.decode()
    assert '<span class="badge" aria-label="未读通知">3</span>' in badge
    client.post(reverse("notifications:mark_read", args=[items[0].pk]))
    assert Notification.objects.filter(recipient__username="tongcheng_clerk", read_at__isnull=True).count() == 2
    client.post(reverse("notifications:mark_all_read"))
    assert Notification.objects.filter(recipient__username="tongcheng_clerk", read_at__isnull=True).count() == 0
    # Nobody else's notification can be marked through the page.
    other = Notification.objects.filter(recipient__username="city_officer").first()
    assert client.post(reverse("notifications:mark_read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_a_failed_email_keeps_the_notification_and_is_retried_once_on_the_next_run(fresh, with_email, monkeypatch):
    from django.core.mail import EmailMessage

    def broken(self, fail_silently=False):
        raise OSError("smtp down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    report = send_reminders(as_of=date(2015, 7, 28), campaign=fresh)
    # The reminders are stored in-app all the same; only their e-mails are owed.
    assert report.failed and Notification.objects.filter(recipient__username="tongcheng_clerk").count() == 3
    assert mail.outbox == []
    monkeypatch.undo()
    retry = send_reminders(as_of=date(2015, 7, 28), campaign=fresh)
    assert not retry.failed and retry.reminders == 0
    assert Notification.objects.filter(recipient__username="tongcheng_clerk").count() == 3
    assert len([m for m in mail.outbox if m.to == ["tongcheng@example.gov.cn"]]) == 3
    send_reminders(as_of=date(2015, 7, 28), campaign=fresh)
    assert len([m for m in mail.outbox if m.to == ["tongcheng@example.gov.cn"]]) == 3


def test_every_reminder_leaves_an_audit_entry_by_the_system(fresh, with_email):
    send_reminders(as_of=date(2015, 7, 28), campaign=fresh)
    entries = AuditEntry.objects.filter(action="notification.send")
    assert entries.count() == Notification.objects.count() > 0
    assert set(entries.values_list("actor_label", flat=True)) == {"system:send_reminders"}
