"""What consolidation records on the trail: each code (``<entity>.<verb>``, stored in every entry) with its
one label on screen. zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    DOSSIER_OPEN = "dossier.open", _("开立整合档案")
    DOSSIER_CLOSE = "dossier.close", _("整合档案办结")
    DOSSIER_FOLLOW_DECISION = "dossier.follow_decision", _("整合档案改按新决定办理")
    TASK_ASSIGN = "task.assign", _("指定子任务责任人和时限")
    EVIDENCE_ADD = "evidence.add", _("上传证明材料")
    DEREGISTRATION_RECORD = "deregistration.record", _("录入注销机构")
    QUOTA_RECOVERY_RECORD = "quota_recovery.record", _("录入收回编制")
    ASSET_DISPOSE = "asset.dispose", _("处置资产")
    OBLIGATION_ADD = "obligation.add", _("登记资金与往来款项")
    OBLIGATION_SETTLE = "obligation.settle", _("清理款项")
    STAFF_PLACE = "staff.place", _("安置工作人员")
    ENTITY_DECOUPLE = "entity.decouple", _("经营性实体脱钩")
    MERGE_CARRY_OVER = "merge.carry_over", _("整合移交")
    WINDOW_APPLY = "window.apply", _("申请设立工作窗口")
    WINDOW_MEMBER_ADD = "window.member_add", _("增加窗口人员")
    WINDOW_APPROVE = "window.approve", _("批准设立工作窗口")
    WINDOW_REJECT = "window.reject", _("不批准设立工作窗口")
    REPORT_NARRATIVE = "report.narrative", _("修改专项工作报告正文")
