"""Check every reception of the retained offices again (idempotent): new findings become
warnings sent to the office head, findings gone are cleared. Run it daily (cron), and after the
standards change."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zhuban.audit.services import Actor
from zhuban.reception import services
from zhuban.reception.models import Reception
from zhuban.registry.models import Office


class Command(BaseCommand):
    help = "Re-run the reception checks over every office's receptions; running it twice raises nothing twice."

    def add_arguments(self, parser):
        parser.add_argument("--office", type=int, action="append", help="only this office (id); may be repeated")

    def handle(self, *args, **options):
        actor = Actor.system("reception_check")
        ids = options["office"] or list(Reception.objects.values_list("office_id", flat=True).distinct().order_by())
        totals = [0, 0, 0]
        for office in Office.objects.filter(pk__in=ids).select_related("jurisdiction").order_by("pk"):
            counts = services.office_check(actor=actor, office=office)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
        if options["verbosity"]:
            self.stdout.write(
                f"reception checks: {totals[0]} receptions checked, {totals[1]} warnings raised, {totals[2]} cleared"
            )
