"""Load the example reception standards (idempotent); the migration does the same."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zhuban.org.models import Jurisdiction
from zhuban.reception.models import Standard
from zhuban.reception.reference import load_examples


class Command(BaseCommand):
    help = "Create the example reception standards at the national root where they are missing."

    def handle(self, *args, **options):
        made = load_examples(Standard, Jurisdiction)
        if options["verbosity"]:
            self.stdout.write(f"reception standards: {made} example rows created")
