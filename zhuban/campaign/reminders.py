"""Reminders before deadlines and escalations of overdue submissions, for a daily cron run.

* A reminder goes to the jurisdiction's clerks (county clerks; for the city itself, the offices
  administration) once the date is within ``N`` working days of the deadline and the
  submission is still owed (not started, in progress, or returned).
* An escalation goes to the offices administration above the jurisdiction once the deadline
  has passed and the submission is still owed.

Each goes out once per (submission, kind, recipient, deadline): the ``ReminderLog`` row is
written in the same transaction as the notification, the audit entry and the e-mail. If sending
the e-mail fails, the transaction rolls back and the next run tries again; a second run after a
success finds the row and sends nothing. Moving a deadline makes a new reminder due.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zhuban.audit.services import Actor, audit_record
from zhuban.campaign import queries
from zhuban.campaign.actions import Action
from zhuban.campaign.models import OPEN, Campaign, Notification, ReminderLog, Status, Submission, state_after
from zhuban.org.models import Role, RoleAssignment

log = logging.getLogger(__name__)

# Whom a reminder goes to, by the role they hold on the jurisdiction itself.
CLERK_ROLES = (Role.COUNTY_CLERK, Role.OFFICES_ADMIN)


@dataclass
class RunReport:
    reminders: int = 0
    escalations: int = 0
    emails: int = 0
    already_sent: int = 0
    failed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    email: str


def _recipients() -> tuple[dict[int, list[Recipient]], list[tuple[str, Recipient]]]:
    """Clerks by jurisdiction id, and the offices administration with the path it covers, read
    in one query (not one per submission)."""
    User = get_user_model()
    rows = (
        RoleAssignment.objects.filter(role__in=CLERK_ROLES, user__is_active=True)
        .values_list("role", "jurisdiction_id", "jurisdiction__path", "user_id", f"user__{User.EMAIL_FIELD}")
        .distinct()
    )
    clerks: dict[int, list[Recipient]] = defaultdict(list)
    admins: list[tuple[str, Recipient]] = []
    for role, jur_id, path, user_id, email in rows:
        who = Recipient(user_id, email or "")
        if who not in clerks[jur_id]:
            clerks[jur_id].append(who)
        if role == Role.OFFICES_ADMIN:
            admins.append((path, who))
    return clerks, admins


def send_reminders(
    *, as_of: date, days: int | None = None, campaign: Campaign | None = None, base_url: str = ""
) -> RunReport:
    """Send what is due on ``as_of`` for every campaign running that day (or the one given)."""
    report = RunReport()
    campaigns = (
        [campaign]
        if campaign
        else list(Campaign.objects.filter(issued_on__lte=as_of, ends_on__gte=as_of).select_related("jurisdiction"))
    )
    clerks, admins = _recipients()
    for c in campaigns:
        _run_campaign(c, as_of, days, clerks, admins, base_url, report)
    return report


def _run_campaign(campaign, as_of, days, clerks, admins, base_url, report: RunReport) -> None:
    _phases, requirements = queries.plan_of(campaign)
    deadlines = queries.deadlines_of(campaign, requirements, days)
    names = {r.pk: r.name for r in requirements}
    cal = campaign.work_calendar()
    sent = set(
        ReminderLog.objects.filter(submission__campaign=campaign).values_list(
            "submission_id", "kind", "recipient_id", "due_on"
        )
    )
    subs = Submission.objects.filter(campaign=campaign).select_related("jurisdiction")
    jurisdictions = dict(subs.values_list("id", "jurisdiction__name"))
    paths = dict(subs.values_list("id", "jurisdiction__path"))
    for sub_id, jur_id, req_id, last_kind in queries.states_as_of(subs, as_of):
        state = state_after(last_kind)
        if state not in OPEN:
            continue
        d = deadlines[req_id]
        if d.reminder_on <= as_of <= d.effective:
            kind, recipients = ReminderLog.Kind.REMINDER, clerks.get(jur_id, [])
            text = _("提醒：%(jurisdiction)s的“%(requirement)s”应于%(due)s前报送，还有%(n)s个工作日。") % {
                "jurisdiction": jurisdictions[sub_id],
                "requirement": names[req_id],
                "due": date_format(d.effective, "DATE_FORMAT"),
                "n": cal.working_days_between(as_of, d.effective),
            }
        elif as_of > d.effective:
            path = paths[sub_id]
            # The offices administration over the jurisdiction (its own, or the city's above it).
            kind, recipients = ReminderLog.Kind.ESCALATION, [who for p, who in admins if path.startswith(p)]
            text = _(
                "逾期督办：%(jurisdiction)s的“%(requirement)s”已于%(due)s截止，逾期%(n)s个工作日，状态为“%(state)s”。"
            ) % {
                "jurisdiction": jurisdictions[sub_id],
                "requirement": names[req_id],
                "due": date_format(d.effective, "DATE_FORMAT"),
                "n": cal.working_days_between(d.effective, as_of),
                "state": Status(state).label,
            }
        else:
            continue
        for who in recipients:
            if (sub_id, kind, who.user_id, d.effective) in sent:
                report.already_sent += 1
                continue
            _send_one(sub_id, kind, who, d.effective, text, base_url, report)


def _send_one(sub_id, kind, who: Recipient, due: date, text: str, base_url: str, report: RunReport) -> None:
    link = reverse("campaign:submission_detail", args=[sub_id])
    try:
        with transaction.atomic():
            # The unique key refuses a second row even when two runs overlap.
            entry = ReminderLog.objects.create(submission_id=sub_id, kind=kind, recipient_id=who.user_id, due_on=due)
            note = Notification.objects.create(user_id=who.user_id, text=text[:300], link=link)
            entry.notification = note
            submission = Submission.objects.select_related("jurisdiction").get(pk=sub_id)
            audit_record(
                actor=Actor.system("send_reminders"),
                action=Action(f"submission.{kind}"),
                obj=entry,
                subject=submission,
                jurisdiction_path=submission.jurisdiction.path,
                unit_id=None,
                before=None,
                after={"recipient": who.user_id, "due_on": due.isoformat(), "text": text},
            )
            if who.email:
                subject = _("【驻办】%(text)s") % {"text": text[:60]}
                EmailMessage(subject, f"{text}\n\n{base_url}{link}\n", settings.DEFAULT_FROM_EMAIL, [who.email]).send()
                entry.emailed = True
                report.emails += 1
            entry.save(update_fields=["notification", "emailed"])
    except IntegrityError:
        report.already_sent += 1
        return
    except Exception as exc:  # noqa: BLE001 - one failed e-mail must not stop the others
        log.warning("reminder for submission %s to user %s not sent: %s", sub_id, who.user_id, exc)
        report.failed.append(f"{sub_id}:{who.user_id}")
        return
    if kind == ReminderLog.Kind.REMINDER:
        report.reminders += 1
    else:
        report.escalations += 1
