"""What the decision workflow records on the trail: each code (``<entity>.<verb>``, stored in every entry) with its
one label on screen. zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    PROPOSAL_SUBMIT = "proposal.submit", _("报送精简整合意见")
    PROPOSAL_ACCEPT = "proposal.accept", _("审核通过意见")
    PROPOSAL_RETURN = "proposal.return", _("退回意见")
    DECISION_CITY_APPROVE = "decision.city_approve", _("录入市政府批准")
    DECISION_PROVINCE_APPROVE = "decision.province_approve", _("录入省政府批准")
