from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhuban.audit.queries import verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and name the first broken entry."

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken is not None:
            problems = {
                "missing": _("记录缺失"),
                "prev_hash": _("与前一条记录的链接被改动"),
                "hash": _("记录内容被改动"),
            }
            raise CommandError(
                _("审计链在第 %(seq)s 条记录处断裂：%(problem)s（之前 %(checked)s 条完好）")
                % {"seq": broken.seq, "problem": problems[broken.problem], "checked": checked}
            )
        self.stdout.write(_("审计链完好：已核验 %(checked)s 条记录。") % {"checked": checked})
