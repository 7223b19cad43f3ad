from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhuban.ops.backup import BackupError, backup_archive


class Command(BaseCommand):
    help = (
        "Back up the whole database and the uploaded evidence files to one archive FILE, with SHA-256 "
        "checksums (SQLite: online backup API; PostgreSQL: pg_dump -Fc). The file is readable by its owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        connection.close()
        try:
            manifest = backup_archive(connection.settings_dict, Path(settings.MEDIA_ROOT), file)
        except BackupError as exc:
            raise CommandError(f"backup failed: {exc}") from None
        self.stdout.write(
            f"backed up the database and {len(manifest['files'])} files to {file} ({file.stat().st_size:,} bytes)"
        )
