"""What the registry records on the trail: each code (``<entity>.<verb>``, stored in every entry) with its
one label on screen. zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    OFFICE_REGISTER = "office.register", _("登记办事机构")
    OFFICE_UPDATE = "office.update", _("修改办事机构")
    OFFICE_CLOSE = "office.close", _("机构撤销或整合完成")
    ASSET_ADD = "asset.add", _("添加资产")
    ASSET_UPDATE = "asset.update", _("修改资产")
    STAFF_ADD = "staff.add", _("添加工作人员")
    STAFF_UPDATE = "staff.update", _("修改工作人员")
    ENTITY_ADD = "entity.add", _("添加经营性实体")
    ENTITY_UPDATE = "entity.update", _("修改经营性实体")
