from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhuban.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database to FILE (SQLite: online backup API; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        connection.close()
        try:
            backup(connection.settings_dict, file)
        except BackupError as exc:
            raise CommandError(f"backup failed: {exc}") from None
        self.stdout.write(f"backed up to {file} ({file.stat().st_size:,} bytes)")
