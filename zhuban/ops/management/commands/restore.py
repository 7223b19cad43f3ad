from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhuban.ops.backup import BackupError, restore_archive


class Command(BaseCommand):
    help = (
        "Replace the whole database and the uploaded files with the content of a backup FILE made by `backup`; "
        "every checksum is verified before anything is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file: Path, yes: bool, **options):
        if not yes and input(f"Replace every record in {connection.settings_dict['NAME']}? [y/N] ").lower() != "y":
            raise CommandError("restore cancelled")
        connection.close()
        try:
            manifest = restore_archive(connection.settings_dict, Path(settings.MEDIA_ROOT), file)
        except BackupError as exc:
            raise CommandError(f"restore failed: {exc}") from None
        self.stdout.write(f"restored the database and {len(manifest['files'])} files from {file}")
