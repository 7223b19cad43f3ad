"""Enqueue the periodic jobs when their time of day comes (Asia/Shanghai): each once a day, by
its key, however many schedulers run and however often. ``--once`` makes one pass (for cron)."""

from __future__ import annotations

import time
from datetime import datetime
from datetime import time as clock_time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from zhuban.ops.jobs import job_enqueue
from zhuban.ops.models import Job

# (kind, the time of day it is due from)
SCHEDULE: tuple[tuple[str, clock_time], ...] = (
    (Job.Kind.AUDIT_ANCHOR, clock_time(1, 0)),
    (Job.Kind.CAMPAIGN_REMINDERS, clock_time(8, 0)),
    (Job.Kind.ROTATION_REMINDERS, clock_time(8, 0)),
    (Job.Kind.INSPECTION_DAILY, clock_time(8, 0)),
    # Every reception checked again at night (a changed standard, a pattern across receptions).
    (Job.Kind.RECEPTION_CHECK, clock_time(2, 0)),
)


def due_jobs(now: datetime) -> list[Job]:
    """Enqueue what is due at ``now`` (local time) and not yet enqueued today; return those jobs."""
    local = timezone.localtime(now)
    jobs = []
    for kind, at in SCHEDULE:
        if local.time() >= at:
            title = f"{Job.Kind(kind).label}（{local.date():%Y-%m-%d}）"
            jobs.append(job_enqueue(kind=kind, title=title, key=f"{kind}:{local.date().isoformat()}"))
    return jobs


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (audit anchor, reminders) when due; loops unless --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit (for cron).")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between passes.")

    def handle(self, *args: Any, once: bool, interval: int, **options: Any) -> None:
        while True:
            for job in due_jobs(timezone.now()):
                if options["verbosity"] > 1:
                    self.stdout.write(f"{job.key} {job.get_status_display()}")
            if once:
                return
            time.sleep(interval)
