from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhuban.audit.queries import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chains from their last signed checkpoints (--full: from the first "
        "entry), their signed heads and the anchor file; name the first broken entry."
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchors", type=Path, help="anchor file (default: AUDIT_ANCHOR_FILE)")
        parser.add_argument("--full", action="store_true", help="walk every chain from its first entry")

    def handle(self, *args, anchors: Path | None = None, full: bool = False, **options):
        checked, broken = verify_chain(anchors=anchors, incremental=not full, checkpoint=True)
        if broken is not None:
            problems = {
                "missing": _("记录缺失"),
                "prev_hash": _("与前一条记录的链接被改动"),
                "hash": _("记录内容被改动"),
                "head": _("链头签名不符：链尾记录被删除或整条链被重新计算"),
                "anchor": _("与锚定文件记下的哈希不符：记录被改写"),
                "anchor_forged": _("锚定文件中的这一行签名无效"),
                "actor_ids": _("此前某条记录的操作人账号被改动"),
                "checkpoint": _("上次核验到的记录已不在原处或被改动"),
                "checkpoint_forged": _("核验点签名无效：核验点被伪造"),
            }
            where = {"seq": broken.seq, "problem": problems[broken.problem], "checked": checked}
            if broken.chain:
                message = _(
                    "审计链 %(chain)s 在第 %(seq)s 条记录处断裂（链内第 %(link)s 环）："
                    "%(problem)s（之前 %(checked)s 条完好）"
                ) % {**where, "chain": broken.chain, "link": broken.link}
            else:
                message = _("审计链在第 %(seq)s 条记录处断裂：%(problem)s（之前 %(checked)s 条完好）") % where
            raise CommandError(message)
        if full:
            self.stdout.write(_("审计链完好：已从头核验 %(checked)s 条记录。") % {"checked": checked})
        else:
            self.stdout.write(_("审计链完好：自上次核验点起已核验 %(checked)s 条记录。") % {"checked": checked})
