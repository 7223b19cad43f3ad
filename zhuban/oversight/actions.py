"""What oversight records on the trail: each code (``<entity>.<verb>``) with its one label on
screen. zhuban/audit/actions.py collects every app's ``Action``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    MANDATE_DRAFT = "mandate.draft", _("起草三定方案")
    MANDATE_UPDATE = "mandate.update", _("修改三定方案草案")
    MANDATE_SUBMIT = "mandate.submit", _("报送三定方案")
    MANDATE_REVIEW = "mandate.review", _("审核三定方案")
    MANDATE_RETURN = "mandate.return", _("退回三定方案")
    MANDATE_APPROVE = "mandate.approve", _("批准三定方案")
    POSTING_ADD = "posting.add", _("登记人员任职")
    POSTING_END = "posting.end", _("登记人员离岗或轮换")
    WORKLOG_RECORD = "worklog.record", _("录入工作日志")
    WORKLOG_WITHDRAW = "worklog.withdraw", _("撤回工作日志")
    BUDGET_SET = "budget.set", _("录入年度预算")
    ACCOUNTS_RECORD = "accounts.record", _("录入年度决算")
    RULE_ADOPT = "rule.adopt", _("录入内部制度")
    CRITERION_ADD = "criterion.add", _("设定考核指标")
    ROTATION_TERM_SET = "rotation_term.set", _("设定干部轮换年限")
    ASSESSMENT_RECORD = "assessment.record", _("录入年度考核结果")
