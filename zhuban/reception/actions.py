"""What receptions record on the trail: each code (``<entity>.<verb>``) with its one label on
screen. zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LETTER_RECORD = "letter.record", _("登记来访公函")
    RECEPTION_REQUEST = "reception.request", _("申请接待事前审批")
    RECEPTION_APPROVE = "reception.approve", _("批准接待")
    RECEPTION_LIST = "reception.list", _("填写接待清单")
    RECEPTION_SIGN_OFF = "reception.sign_off", _("审签接待清单")
    RECEPTION_SETTLE = "reception.settle", _("接待费结算")
    RECEPTION_CHECK = "reception.check", _("接待检查提示变化")
    WARNING_EXPLAIN = "warning.explain", _("说明接待检查提示")
    STANDARD_SET = "standard.set", _("设定公务接待标准")
