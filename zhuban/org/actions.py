"""What org records on the trail: each code (``<entity>.<verb>``, stored in every entry) with its
one label on screen. zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    UNIT_CREATE = "unit.create", _("新增单位")
    USER_CREATE = "user.create", _("创建账号")
    ROLE_GRANT = "role.grant", _("授予角色")
    OTP_ENROL = "otp.enrol", _("绑定认证器")
