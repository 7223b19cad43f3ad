"""Daily cron: remind before deadlines and escalate overdue submissions. Safe to run twice."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from zhuban.campaign import clock
from zhuban.campaign.models import Campaign
from zhuban.campaign.reminders import send_reminders


class Command(BaseCommand):
    help = "Send reminders N working days before each deadline and escalate overdue submissions (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="The date to act as of (YYYY-MM-DD); default today in Asia/Shanghai.")
        parser.add_argument(
            "--days", type=int, help="Working days of notice before a deadline; default the campaign's setting."
        )
        parser.add_argument("--campaign", type=int, help="Only this campaign (id); default every running campaign.")
        parser.add_argument(
            "--base-url",
            default=None,
            help="Prefix for links in e-mails, e.g. https://zhuban.example.gov.cn; default SITE_URL.",
        )

    def handle(self, *args, **options):
        as_of = clock.today()
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of must be YYYY-MM-DD, not {options['as_of']!r}") from None
        if options["days"] is not None and not 0 <= options["days"] <= 30:
            raise CommandError("--days must be between 0 and 30")
        campaign = None
        if options["campaign"]:
            campaign = Campaign.objects.filter(pk=options["campaign"]).first()
            if campaign is None:
                raise CommandError(f"no campaign {options['campaign']}")
        # Messages go out in the product's language, whoever runs the command.
        with translation.override(settings.LANGUAGE_CODE):
            report = send_reminders(as_of=as_of, days=options["days"], campaign=campaign, base_url=options["base_url"])
        self.stdout.write(
            f"as of {as_of}: {report.reminders} reminders, {report.escalations} escalations, "
            f"{report.emails} e-mails, {report.already_sent} already sent, {len(report.failed)} failed; "
            f"{report.overdue} overdue notices to owners"
        )
        if report.failed:
            # The in-app notifications are stored; only their e-mails are owed.
            raise CommandError(f"{len(report.failed)} e-mails failed; they will be retried on the next run")
