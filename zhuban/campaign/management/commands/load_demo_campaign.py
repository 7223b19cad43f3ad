"""Load the 2015 campaign (if a flushed database lost it) and the demo's manual submissions
(task forces, 附表一). Idempotent: a submission that already has history is left as it is.
``--opens-on-story-date`` makes the campaign's pages open on the day the demo's story stops."""

from __future__ import annotations

from datetime import date, datetime, time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from zhuban.audit.services import Actor
from zhuban.campaign import demo, services
from zhuban.campaign.clock import CAMPAIGN_TZ
from zhuban.campaign.models import Requirement, Submission, SubmissionEvent
from zhuban.campaign.reference import load_campaign_2015

YEAR = 2015


class Command(BaseCommand):
    help = "Load the 2015 campaign and a believable history of its manual submissions (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--opens-on-story-date",
            action="store_true",
            help=f"Open the campaign's pages on {demo.STORY_DATE}, the day the demo's story stops "
            "(unless a date is set already).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        campaign = load_campaign_2015(apps)
        if campaign is None:
            self.stderr.write("the city's jurisdictions are not loaded; run migrate first")
            return
        actor = Actor.system("load_demo_campaign")
        submissions = {
            (s.jurisdiction.name, s.requirement.code): s
            for s in Submission.objects.filter(campaign=campaign).select_related("jurisdiction", "requirement")
        }
        started = set(
            SubmissionEvent.objects.filter(submission__campaign=campaign).values_list("submission_id", flat=True)
        )
        loaded = 0
        for jurisdiction, by_code in demo.HISTORY.items():
            for code, events in by_code.items():
                submission = submissions.get((jurisdiction, code))
                if submission is None or submission.pk in started:
                    continue
                for month, day, kind, comment in events:
                    self._event(actor, submission, jurisdiction, kind, comment, date(YEAR, month, day))
                loaded += 1
        if options["opens_on_story_date"] and campaign.opens_on is None:
            services.campaign_update_settings(
                actor=actor, campaign=campaign, values={"opens_on": demo.STORY_DATE}, expected_version=campaign.version
            )
        if options["verbosity"]:
            self.stdout.write(
                f"demo campaign: {loaded} submissions given a history; "
                f"the story stops on {demo.STORY_DATE} (/campaign/?as_of={demo.STORY_DATE})"
            )

    def _event(self, actor, submission, jurisdiction, kind, comment, day):
        at = datetime.combine(day, time(demo.HOURS[kind]), tzinfo=CAMPAIGN_TZ)
        if kind == demo.S and submission.requirement.code == Requirement.Code.TASK_FORCE:
            lead, post = demo.LEADS[jurisdiction]
            index = list(demo.LEADS).index(jurisdiction)
            contact = demo.CONTACTS[index % len(demo.CONTACTS)]
            services.task_force_record(
                actor=actor,
                submission=submission,
                values={
                    "lead_name": lead,
                    "lead_post": post,
                    "members": f"{lead} {post}\n编办 副主任\n财政局 副局长\n机关事务管理部门 负责人",
                    "contact_name": contact,
                    "contact_phone": f"0715-8{index:02d}{index:04d}",
                    "established_on": date(YEAR, 7, 17) if index == 0 else day,
                    "document": "",
                },
                at=at,
            )
        elif kind == demo.S:
            services.submission_start(actor=actor, submission=submission, at=at)
        elif kind == demo.T:
            services.submission_submit(actor=actor, submission=submission, comment=comment, at=at)
        elif kind == demo.R:
            services.submission_return(actor=actor, submission=submission, comment=comment, at=at)
        else:
            services.submission_accept(actor=actor, submission=submission, comment=comment, at=at)
