"""What ops records on the trail: each code (``<entity>.<verb>``, stored in every entry) with its
one label on screen. zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    SCALE_SEED = "scale.seed", _("生成规模测试数据")
