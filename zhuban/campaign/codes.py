"""The codes of the campaign's required submissions, each with its one label.

Other apps find the submission they complete by its code (through zhuban.flows); the 2015
reference data (``reference.py``, run by a data migration, so this module imports no models)
names each requirement by the label given here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequirementCode(models.TextChoices):
    TASK_FORCE = "task_force", _("工作专班")
    REGISTRATION_TABLE = "registration_table", _("核实登记表（附表一）")
    PROPOSALS = "proposals", _("精简整合意见")
    CONSOLIDATION_REPORT = "consolidation_report", _("专项工作报告")
    MANDATES = "mandates", _("保留机构三定方案")
    COUNTY_SUMMARY = "county_summary", _("清理规范工作总结")


# Requirements whose due date is a policy setting (the plan's reading of its own dates, POLICY.md
# "Known ambiguities"): the setting is the one source; the requirement's date follows it
# (zhuban.flows) and editing the requirement's date changes the setting. Only the plan's own
# campaign is bound; a copy for another year has dates of its own.
DATE_SETTINGS = {
    RequirementCode.REGISTRATION_TABLE: "registration_due",
    RequirementCode.PROPOSALS: "registration_due",
    RequirementCode.CONSOLIDATION_REPORT: "consolidation_deadline",
}
