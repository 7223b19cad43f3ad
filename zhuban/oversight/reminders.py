"""Rotation reminders for a daily cron run (二(四)3).

* Within ``notice_days`` of a cadre's rotation date (and still in post): ``events.rotation_due``,
  told to the sponsor's offices administration.
* After the date, still in post: ``events.rotation_overdue``, escalated to the level above.

Who hears of it is the flows layer's business (zhuban/flows/oversight.py). Each goes out once per
(posting, kind, date, recipient): the notification's idempotency key says so, so a second run
sends nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from zhuban.audit.services import Actor
from zhuban.oversight import events, queries

NOTICE_DAYS = 90  # a quarter's notice: enough to find and post a successor


@dataclass
class RotationRun:
    reminders: int = 0
    escalations: int = 0
    already_sent: int = 0
    _sent: list[Any] = field(default_factory=list, repr=False)

    def count(self, responses: list[tuple[Any, Any]], kind: str) -> None:
        for _receiver, sent in responses:
            if sent is None:
                continue
            setattr(self, kind, getattr(self, kind) + len(sent.created))
            self.already_sent += sent.already
            self._sent.append(sent)

    @property
    def failed(self) -> list[int]:
        return [pk for s in self._sent for pk in s.failed]


def send_rotation_reminders(*, as_of: date, notice_days: int = NOTICE_DAYS) -> RotationRun:
    run = RotationRun()
    actor = Actor.system("send_rotation_reminders")
    due, overdue = queries.rotation_reminders_due(as_of, notice_days)
    for posting in due:
        with transaction.atomic():
            responses = events.rotation_due.send(
                sender=type(posting), posting=posting, due=posting.rotation_due_on, as_of=as_of, actor=actor
            )
            run.count(responses, "reminders")
    for posting in overdue:
        with transaction.atomic():
            responses = events.rotation_overdue.send(
                sender=type(posting), posting=posting, due=posting.rotation_due_on, as_of=as_of, actor=actor
            )
            run.count(responses, "escalations")
    return run
