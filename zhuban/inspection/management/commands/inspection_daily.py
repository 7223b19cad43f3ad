"""Run daily (cron): remind the responsible jurisdictions of rectification deadlines near or
passed, and start every patrol or follow-up whose date has come. Both are idempotent."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhuban.audit.services import Actor
from zhuban.inspection import services
from zhuban.inspection.models import Schedule


class Command(BaseCommand):
    help = "Send rectification reminders and start the patrols that are due."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="The day to run for (YYYY-MM-DD); today by default.")

    def handle(self, *args, **options):
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--on: “{options['on']}” is not a date (YYYY-MM-DD)") from None
        actor = Actor.system("inspection_daily")
        sent = services.finding_remind(actor=actor, on=on)
        started = 0
        for schedule in Schedule.objects.filter(active=True, next_on__lte=on).order_by("id"):
            if services.schedule_run(actor=actor, schedule=schedule, on=on) is not None:
                started += 1
        self.stdout.write(f"reminders: {sent['due']} due, {sent['overdue']} overdue; patrols started: {started}")
