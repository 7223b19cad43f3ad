import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.models import ChainHead
from zhuban.audit.queries import anchor_line


class Command(BaseCommand):
    help = "Append the signed chain head to AUDIT_ANCHOR_FILE (run daily from cron)."

    def handle(self, *args, **options):
        head = ChainHead.objects.filter(pk=1).first()
        if head is None or head.seq == 0:
            self.stdout.write(_("审计链为空，无需锚定。"))
            return
        path = settings.AUDIT_ANCHOR_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        # Appended, never rewritten, readable by its owner only. Keep the file where the
        # database's users cannot write (another host, or `chattr +a`).
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            out.write(anchor_line(head, timezone.now().isoformat(timespec="seconds")))
        self.stdout.write(_("已锚定审计链头：第 %(seq)s 条 %(hash)s") % {"seq": head.seq, "hash": head.hash[:12]})
