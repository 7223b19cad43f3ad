"""What the campaign records on the trail: each code (``<entity>.<verb>``, stored in every entry) with its
one label on screen. zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CAMPAIGN_COPY = "campaign.copy", _("复制工作计划")
    CAMPAIGN_SETTINGS = "campaign.settings", _("修改工作计划设置")
    CAMPAIGN_ENROL = "campaign.enrol", _("生成报送事项")
    PHASE_UPDATE = "phase.update", _("修改工作阶段")
    REQUIREMENT_UPDATE = "requirement.update", _("修改报送要求")
    TASK_FORCE_RECORD = "task_force.record", _("登记工作专班")
    TASK_FORCE_UPDATE = "task_force.update", _("修改工作专班")
    SUBMISSION_STARTED = "submission.started", _("开始填报")
    SUBMISSION_SUBMITTED = "submission.submitted", _("报送")
    SUBMISSION_RETURNED = "submission.returned", _("退回报送事项")
    SUBMISSION_ACCEPTED = "submission.accepted", _("审核通过报送事项")
    SUBMISSION_REMINDER = "submission.reminder", _("发送提醒")
    SUBMISSION_ESCALATION = "submission.escalation", _("发送逾期督办")
