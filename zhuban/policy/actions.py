"""What the policy app records on the trail: each code (``<entity>.<verb>``, stored in every entry) with its
one label on screen. zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    API_TOKEN_CREATE = "api_token.create", _("创建 API 令牌")
    POLICY_SETTINGS_CHANGE = "policy_settings.change", _("修改政策设置")
