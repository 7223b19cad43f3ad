import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.queries import anchor_lines


class Command(BaseCommand):
    help = "Append the signed head of every chain that moved to AUDIT_ANCHOR_FILE (run daily from cron)."

    def handle(self, *args, **options):
        path = settings.AUDIT_ANCHOR_FILE
        lines = anchor_lines(timezone.now().isoformat(timespec="seconds"))
        if not lines:
            self.stdout.write(_("审计链自上次锚定以来没有新记录，无需锚定。"))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # Appended, never rewritten, readable by its owner only. Keep the file where the
        # database's users cannot write (another host, or `chattr +a`).
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            out.writelines(lines)
        self.stdout.write(_("已锚定 %(count)s 条审计链的链头。") % {"count": len(lines)})
