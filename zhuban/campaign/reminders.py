"""Reminders before deadlines and escalations of overdue submissions, for a daily cron run.

* A reminder is due once the date is within ``N`` working days of the deadline and the
  submission is still owed (not started, in progress, or returned): ``events.submission_due``.
* Once the deadline has passed and the submission is still owed: ``events.submission_overdue``.

Who hears of it is the flows layer's business (zhuban/flows/notifying.py): the jurisdiction's
clerks are reminded and told when it is late, the offices administration one level above is
asked to chase it. Each goes out once per (submission, kind, recipient, deadline): the
notification's idempotency key says so, so a second run sends nothing twice, and an e-mail that
failed is tried again on the next run. Moving a deadline makes a new reminder due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from zhuban.audit.services import Actor
from zhuban.campaign import events, queries
from zhuban.campaign.models import OPEN, Campaign, Status, Submission, state_after

# What the receivers report back, by the notification event each kind of message is.
COUNTED = {"submission_due": "reminders", "submission_escalated": "escalations", "submission_overdue": "overdue"}


@dataclass
class RunReport:
    reminders: int = 0
    escalations: int = 0
    overdue: int = 0
    emails: int = 0
    already_sent: int = 0
    failed: list[str] = field(default_factory=list)
    _sent: list[Any] = field(default_factory=list, repr=False)

    def count(self, responses: list[tuple[Any, Any]]) -> None:
        for _receiver, by_event in responses:
            for event, sent in (by_event or {}).items():
                setattr(self, COUNTED[event], getattr(self, COUNTED[event]) + len(sent.created))
                self.already_sent += sent.already
                self._sent.append(sent)

    def settle(self) -> None:
        """E-mails go out as each transaction commits; count them once the run is over."""
        self.emails = sum(s.emailed for s in self._sent)
        self.failed = [str(pk) for s in self._sent for pk in s.failed]


def send_reminders(
    *, as_of: date, days: int | None = None, campaign: Campaign | None = None, base_url: str | None = None
) -> RunReport:
    """Send what is due on ``as_of`` for every campaign running that day (or the one given)."""
    report = RunReport()
    campaigns = (
        [campaign]
        if campaign
        else list(Campaign.objects.filter(issued_on__lte=as_of, ends_on__gte=as_of).select_related("jurisdiction"))
    )
    for c in campaigns:
        _run_campaign(c, as_of, days, base_url, report)
    report.settle()
    return report


def _run_campaign(campaign, as_of, days, base_url, report: RunReport) -> None:
    _phases, requirements = queries.plan_of(campaign)
    deadlines = queries.deadlines_of(campaign, requirements, days)
    cal = campaign.work_calendar()
    actor = Actor.system("send_reminders")
    subs = Submission.objects.filter(campaign=campaign).select_related("jurisdiction", "requirement")
    by_id = {s.pk: s for s in subs}
    for sub_id, _jur_id, req_id, last_kind in queries.states_as_of(subs, as_of):
        state = state_after(last_kind)
        if state not in OPEN:
            continue
        d = deadlines[req_id]
        submission = by_id[sub_id]
        # One transaction per submission: its notifications and audit entries commit together,
        # and its e-mails go out when it does.
        if d.reminder_on <= as_of <= d.effective:
            with transaction.atomic():
                report.count(
                    events.submission_due.send(
                        sender=Submission,
                        submission=submission,
                        due=d.effective,
                        working_days_left=cal.working_days_between(as_of, d.effective),
                        actor=actor,
                        base_url=base_url,
                    )
                )
        elif as_of > d.effective:
            with transaction.atomic():
                report.count(
                    events.submission_overdue.send(
                        sender=Submission,
                        submission=submission,
                        due=d.effective,
                        working_days_late=cal.working_days_between(d.effective, as_of),
                        state=Status(state).label,
                        actor=actor,
                        base_url=base_url,
                    )
                )
