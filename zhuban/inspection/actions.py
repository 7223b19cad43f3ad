"""What inspection records on the trail: each code (``<entity>.<verb>``) with its one label on
screen. zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    TEAM_BODY_SET_UP = "team_body.set_up", _("设立联合检查组成员单位")
    TEAM_MEMBER_ADD = "team_member.add", _("增加检查组成员")
    TEAM_MEMBER_REMOVE = "team_member.remove", _("检查组成员退出")
    INSPECTION_PLAN = "inspection.plan", _("制定检查计划")
    INSPECTION_EDIT = "inspection.edit", _("修改检查计划")
    INSPECTION_CLOSE = "inspection.close", _("检查结束")
    CHECKLIST_PREFILL = "checklist.prefill", _("预填检查清单")
    CHECKLIST_CONFIRM = "checklist.confirm", _("确认检查清单项目")
    CHECKLIST_OVERRIDE = "checklist.override", _("改判检查清单项目")
    FINDING_RECORD = "finding.record", _("录入检查发现")
    FINDING_EVIDENCE_ADD = "finding.evidence_add", _("上传检查或整改证明材料")
    FINDING_RECTIFY = "finding.rectify", _("报送整改情况")
    FINDING_ACCEPT = "finding.accept", _("整改验收通过")
    FINDING_RETURN = "finding.return", _("整改退回")
    CASE_PROPOSE = "case.propose", _("提出违规违纪线索")
    CASE_OPEN = "case.open", _("立案")
    CASE_DISMISS = "case.dismiss", _("不予立案")
    CASE_NOTE = "case.note", _("录入调查记录")
    CASE_INVOLVE = "case.involve", _("登记涉案机构、资产和人员")
    CASE_DECIDE = "case.decide", _("录入处理决定")
    CASE_FOLLOW_UP = "case.follow_up", _("录入处理决定落实情况")
    CASE_DISCLOSE = "case.disclose", _("向有关地方通报案件")
    SCHEDULE_CREATE = "schedule.create", _("制定跟踪巡查计划")
    SCHEDULE_EDIT = "schedule.edit", _("修改跟踪巡查计划")
    SCHEDULE_RUN = "schedule.run", _("按计划启动巡查")
