"""Generate the national-scale dataset (deterministic; sizes as options)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhuban.audit.models import AuditEntry
from zhuban.audit.services import Actor, audit_record
from zhuban.ops.actions import Action
from zhuban.ops.scale import ScaleSizes, seed_scale
from zhuban.ops.scale_receptions import seed_receptions
from zhuban.org.models import Jurisdiction


class Command(BaseCommand):
    help = "On the national tree: about 3,200 jurisdictions, 20,000 offices, 200,000 assets and staff (deterministic)."

    def add_arguments(self, parser):
        defaults = ScaleSizes()
        parser.add_argument("--cities", type=int, default=defaults.cities, help="how many cities (default: all)")
        parser.add_argument(
            "--counties-per-city", type=int, default=defaults.counties_per_city, help="counties of each (default: all)"
        )
        parser.add_argument("--offices", type=int, default=defaults.offices)
        parser.add_argument("--assets", type=int, default=defaults.assets)
        parser.add_argument("--staff", type=int, default=defaults.staff)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument(
            "--disclosure-offices",
            type=int,
            default=defaults.disclosure_offices,
            help="offices with published reception disclosures for each year 2016–2019",
        )
        parser.add_argument(
            "--receptions",
            type=int,
            default=0,
            help="official receptions over 2016-2017 at the generated offices (national scale: about 2,000,000 a year)",
        )

    def handle(self, *args, **o):
        if AuditEntry.objects.filter(action="scale.seed").exists():
            raise CommandError("This database already holds a generated dataset; use a fresh database.")
        sizes = ScaleSizes(
            o["cities"],
            o["counties_per_city"],
            o["offices"],
            o["assets"],
            o["staff"],
            o["seed"],
            o["disclosure_offices"],
        )
        started = time.perf_counter()
        quiet = o["verbosity"] == 0
        say = lambda msg: None if quiet else self.stdout.write(f"  {msg}")  # noqa: E731
        counts = seed_scale(sizes, progress=say)
        counts["receptions"] = seed_receptions(o["receptions"], sizes.seed, progress=say)
        with transaction.atomic():
            # The generated rows bypass the per-record services on purpose (bulk inserts); one
            # entry records who generated what, so the trail still accounts for them.
            root = Jurisdiction.objects.get(parent=None)
            audit_record(
                actor=Actor.system("seed_scale"),
                action=Action.SCALE_SEED,
                obj=root,
                subject=root,
                jurisdiction_path="/",
                unit_id=None,
                before=None,
                after={**counts, "seed": sizes.seed},
            )
        if not quiet:
            self.stdout.write(f"generated {counts} in {time.perf_counter() - started:.1f} s")
