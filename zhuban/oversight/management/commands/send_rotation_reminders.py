"""Daily cron: remind sponsors of cadres due to rotate and escalate those past the date. Safe to run twice."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from zhuban.oversight.queries import today
from zhuban.oversight.reminders import NOTICE_DAYS, send_rotation_reminders


class Command(BaseCommand):
    help = "Remind the sponsor before a cadre's rotation date and escalate after it (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="The date to act as of (YYYY-MM-DD); default today.")
        parser.add_argument("--days", type=int, default=NOTICE_DAYS, help="Days of notice before the date.")

    def handle(self, *args, **options):
        as_of = today()
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of must be YYYY-MM-DD, not {options['as_of']!r}") from None
        if not 0 <= options["days"] <= 366:
            raise CommandError("--days must be between 0 and 366")
        with translation.override(settings.LANGUAGE_CODE):
            run = send_rotation_reminders(as_of=as_of, notice_days=options["days"])
        self.stdout.write(
            f"as of {as_of}: {run.reminders} reminders, {run.escalations} escalations, "
            f"{run.already_sent} already sent, {len(run.failed)} e-mails failed"
        )
        if run.failed:
            raise CommandError(f"{len(run.failed)} e-mails failed; they will be retried on the next run")
