"""What the disclosure app records on the trail: each code (``<entity>.<verb>``) with its one
label on screen. zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    DISCLOSURE_DRAFT = "disclosure.draft", _("起草接待经费年度公开")
    DISCLOSURE_REDRAW = "disclosure.redraw", _("重新汇总接待经费公开数据")
    DISCLOSURE_UPDATE = "disclosure.update", _("修改接待经费公开说明")
    DISCLOSURE_SUBMIT = "disclosure.submit", _("报送接待经费公开审核")
    DISCLOSURE_REVIEW = "disclosure.review", _("审核接待经费公开")
    DISCLOSURE_RETURN = "disclosure.return", _("退回接待经费公开")
    DISCLOSURE_APPROVE = "disclosure.approve", _("批准接待经费公开")
    DISCLOSURE_PUBLISH = "disclosure.publish", _("发布接待经费公开")
    DISCLOSURE_CORRECT = "disclosure.correct", _("起草接待经费公开更正版本")
