"""What notifications record on the trail: each code with its one label on screen.
zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    NOTIFICATION_SEND = "notification.send", _("发送通知")
