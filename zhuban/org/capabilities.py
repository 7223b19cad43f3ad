"""What each role may do: named actions per app, and the one table of which role holds which.

A capability names one act (``decision.review``), the way ``has_perm("app.codename")`` names a
permission by app and verb. Views and templates ask the access chokepoint (``org/access.py``)
whether a user holds an action on an object; the chokepoint answers from ``ROLE_CAPABILITIES``
below and the user's grants (a role held at a jurisdiction covers its whole subtree; a
department clerk acts for one unit). ``python manage.py capabilities`` prints the table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhuban.org.models import Role


class Capability(models.TextChoices):
    # Registry and the registration table (附表一)
    REGISTRY_EDIT = "registry.edit", _("登记和修改办事机构")
    REGISTRY_ADD_UNIT = "registry.add_unit", _("登记新的主办单位")
    WORKBOOK_IMPORT = "workbook.import", _("导入附表一")
    # Decisions
    DECISION_PROPOSE = "decision.propose", _("报送精简整合意见")
    DECISION_REVIEW = "decision.review", _("审核精简整合意见")
    DECISION_APPROVE = "decision.approve", _("录入市政府批准")
    DECISION_APPROVE_PROVINCE = "decision.approve_province", _("录入省政府批准")
    # 二(一)3: the retention of the city's Wuhan office is approved by the province, and the
    # application is filed by the Wuhan office itself.
    DECISION_APPLY_RETENTION = "decision.apply_retention", _("申报保留市政府驻武汉办事机构")
    POLICY_SETTINGS = "policy.settings", _("修改政策设置")
    API_ASSESS = "api.assess", _("调用评估接口")
    # Consolidation
    CONSOLIDATION_OPEN = "consolidation.open", _("开立整合档案")
    CONSOLIDATION_RECORD = "consolidation.record", _("录入整合事项")
    CONSOLIDATION_CLOSE = "consolidation.close", _("办结整合档案")
    CONSOLIDATION_REPORT = "consolidation.report", _("编写和报送专项工作报告")
    CONSOLIDATION_WINDOW_APPLY = "consolidation.window_apply", _("申请设立工作窗口")
    CONSOLIDATION_WINDOW_DECIDE = "consolidation.window_decide", _("录入市政府对工作窗口的意见")
    # Campaign
    CAMPAIGN_MANAGE = "campaign.manage", _("管理工作方案")
    CAMPAIGN_SUBMIT = "campaign.submit", _("报送应报事项")
    CAMPAIGN_REVIEW = "campaign.review", _("审核报送事项")
    # Retained offices after the campaign (二(三), 二(四)): their own staff record, the offices
    # administration reviews and approves.
    OVERSIGHT_RECORD = "oversight.record", _("录入驻外机构三定草案、人员任职和工作日志")
    OVERSIGHT_REVIEW = "oversight.review", _("审核驻外机构三定方案")
    OVERSIGHT_STAFFING_REVIEW = "oversight.staffing_review", _("录入编办对驻外机构三定方案的审核意见")
    OVERSIGHT_APPROVE = "oversight.approve", _("批准驻外机构三定方案")
    OVERSIGHT_STAFF = "oversight.staff", _("管理驻外机构人员任职和轮换")
    OVERSIGHT_ASSESS = "oversight.assess", _("设定考核指标和录入驻外机构年度考核")
    # The annual disclosure of reception spending (二(四)2): the office drafts, the offices
    # administration reviews, approves and publishes.
    DISCLOSURE_DRAFT = "disclosure.draft", _("起草接待经费年度公开")
    DISCLOSURE_REVIEW = "disclosure.review", _("审核接待经费年度公开")
    DISCLOSURE_APPROVE = "disclosure.approve", _("批准接待经费年度公开")
    DISCLOSURE_PUBLISH = "disclosure.publish", _("发布接待经费年度公开")
    # Official receptions of retained offices (二(四)2): the office's staff record letters, lists
    # and settlements; its head approves beforehand, signs the list off and explains warnings;
    # the offices administration sets the standards.
    RECEPTION_RECORD = "reception.record", _("登记公函、接待清单和结算")
    RECEPTION_APPROVE = "reception.approve", _("审批公务接待")
    RECEPTION_SIGN_OFF = "reception.sign_off", _("审签接待清单")
    RECEPTION_EXPLAIN = "reception.explain", _("说明接待检查提示")
    RECEPTION_STANDARDS = "reception.standards", _("设定公务接待标准")
    # Oversight
    AUDIT_READ_TRAIL = "audit.read_trail", _("查阅审计记录")
    INSPECTION_RECORD = "inspection.record", _("录入检查发现")
    # Inspection and enforcement (三(三), 四(二), 四(三))
    INSPECTION_PLAN = "inspection.plan", _("制定检查计划")
    INSPECTION_ACCEPT = "inspection.accept", _("验收整改情况")
    INSPECTION_RECTIFY = "inspection.rectify", _("报送整改情况")
    # Case files are the discipline side's and the offices administration's: the jurisdiction
    # concerned sees only the notices addressed to it.
    INSPECTION_CASE_READ = "inspection.case_read", _("查阅违规违纪案件")
    INSPECTION_CASE_HANDLE = "inspection.case_handle", _("办理违规违纪案件")


C = Capability

# Who holds what. Reading is not listed: every role reads what its grants cover.
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.OFFICES_ADMIN: frozenset(
        {
            C.REGISTRY_EDIT,
            C.REGISTRY_ADD_UNIT,
            C.WORKBOOK_IMPORT,
            C.DECISION_PROPOSE,
            C.DECISION_REVIEW,
            C.DECISION_APPROVE,
            C.DECISION_APPROVE_PROVINCE,
            C.POLICY_SETTINGS,
            C.API_ASSESS,
            C.CONSOLIDATION_OPEN,
            C.CONSOLIDATION_RECORD,
            C.CONSOLIDATION_CLOSE,
            C.CONSOLIDATION_REPORT,
            C.CONSOLIDATION_WINDOW_APPLY,
            C.CONSOLIDATION_WINDOW_DECIDE,
            C.CAMPAIGN_MANAGE,
            C.CAMPAIGN_SUBMIT,
            C.CAMPAIGN_REVIEW,
            C.AUDIT_READ_TRAIL,
            # A body of the joint team (三(三)): it plans, inspects and accepts with the others.
            C.INSPECTION_PLAN,
            C.INSPECTION_RECORD,
            C.INSPECTION_ACCEPT,
            C.INSPECTION_CASE_READ,
            C.OVERSIGHT_RECORD,
            C.OVERSIGHT_REVIEW,
            C.OVERSIGHT_APPROVE,
            C.OVERSIGHT_STAFF,
            C.OVERSIGHT_ASSESS,
            C.DISCLOSURE_DRAFT,
            C.DISCLOSURE_REVIEW,
            C.DISCLOSURE_APPROVE,
            C.DISCLOSURE_PUBLISH,
            C.RECEPTION_STANDARDS,
        }
    ),
    Role.COUNTY_CLERK: frozenset(
        {
            C.REGISTRY_EDIT,
            C.REGISTRY_ADD_UNIT,
            C.WORKBOOK_IMPORT,
            C.DECISION_PROPOSE,
            C.API_ASSESS,
            C.CONSOLIDATION_RECORD,
            C.CONSOLIDATION_REPORT,
            C.CONSOLIDATION_WINDOW_APPLY,
            C.CAMPAIGN_SUBMIT,
            C.INSPECTION_RECTIFY,
        }
    ),
    # A department clerk acts for one unit: never for a whole jurisdiction (no new units, no
    # report, no window, no campaign submission).
    Role.DEPARTMENT_CLERK: frozenset(
        {
            C.REGISTRY_EDIT,
            C.WORKBOOK_IMPORT,
            C.DECISION_PROPOSE,
            C.API_ASSESS,
            C.CONSOLIDATION_RECORD,
            C.INSPECTION_RECTIFY,
        }
    ),
    # 三(三): the supervision bureau inspects; it records findings and edits no office. It is the
    # discipline side (四(二)): it handles violation cases.
    Role.INSPECTOR: frozenset(
        {
            C.API_ASSESS,
            C.INSPECTION_PLAN,
            C.INSPECTION_RECORD,
            C.INSPECTION_ACCEPT,
            C.INSPECTION_CASE_READ,
            C.INSPECTION_CASE_HANDLE,
        }
    ),
    # 三(三): a member of the joint team for one of its other bodies plans, inspects and accepts
    # with the team; case files (四(二)) are not theirs to read, so a case is missing (404) to them.
    Role.TEAM_MEMBER: frozenset(
        {
            C.API_ASSESS,
            C.INSPECTION_PLAN,
            C.INSPECTION_RECORD,
            C.INSPECTION_ACCEPT,
        }
    ),
    Role.AUDITOR: frozenset({C.API_ASSESS, C.AUDIT_READ_TRAIL}),
    Role.WUHAN_OFFICE: frozenset({C.API_ASSESS, C.DECISION_APPLY_RETENTION}),
    # A retained office's own staff: they draft their office's mandate, keep its post history
    # and log its work, for their own unit only; review and approval stay with the administration.
    Role.OFFICE_STAFF: frozenset({C.OVERSIGHT_RECORD, C.OVERSIGHT_STAFF, C.RECEPTION_RECORD, C.DISCLOSURE_DRAFT}),
    # 二(四)1: the staffing office's review of a mandate, after the administration's.
    Role.STAFFING_OFFICER: frozenset({C.OVERSIGHT_STAFFING_REVIEW}),
    # The office's head does what its staff do (and, for receptions, approves and signs off).
    Role.OFFICE_HEAD: frozenset(
        {
            C.OVERSIGHT_RECORD,
            C.OVERSIGHT_STAFF,
            C.RECEPTION_RECORD,
            C.RECEPTION_APPROVE,
            C.RECEPTION_SIGN_OFF,
            C.RECEPTION_EXPLAIN,
            C.DISCLOSURE_DRAFT,
        }
    ),
}

# The role that normally performs each act, for "由市机关事务管理局审核精简整合意见" on the
# page of someone who cannot.
PERFORMER: dict[Capability, str] = {
    C.REGISTRY_EDIT: Role.COUNTY_CLERK,
    C.REGISTRY_ADD_UNIT: Role.COUNTY_CLERK,
    C.WORKBOOK_IMPORT: Role.COUNTY_CLERK,
    C.DECISION_PROPOSE: Role.COUNTY_CLERK,
    C.DECISION_REVIEW: Role.OFFICES_ADMIN,
    C.DECISION_APPROVE: Role.OFFICES_ADMIN,
    C.DECISION_APPROVE_PROVINCE: Role.OFFICES_ADMIN,
    C.DECISION_APPLY_RETENTION: Role.WUHAN_OFFICE,
    C.POLICY_SETTINGS: Role.OFFICES_ADMIN,
    C.API_ASSESS: Role.COUNTY_CLERK,
    C.CONSOLIDATION_OPEN: Role.OFFICES_ADMIN,
    C.CONSOLIDATION_RECORD: Role.COUNTY_CLERK,
    C.CONSOLIDATION_CLOSE: Role.OFFICES_ADMIN,
    C.CONSOLIDATION_REPORT: Role.COUNTY_CLERK,
    C.CONSOLIDATION_WINDOW_APPLY: Role.COUNTY_CLERK,
    C.CONSOLIDATION_WINDOW_DECIDE: Role.OFFICES_ADMIN,
    C.CAMPAIGN_MANAGE: Role.OFFICES_ADMIN,
    C.CAMPAIGN_SUBMIT: Role.COUNTY_CLERK,
    C.CAMPAIGN_REVIEW: Role.OFFICES_ADMIN,
    C.AUDIT_READ_TRAIL: Role.AUDITOR,
    C.INSPECTION_RECORD: Role.INSPECTOR,
    C.INSPECTION_PLAN: Role.INSPECTOR,
    C.INSPECTION_ACCEPT: Role.INSPECTOR,
    C.INSPECTION_RECTIFY: Role.COUNTY_CLERK,
    C.INSPECTION_CASE_READ: Role.INSPECTOR,
    C.INSPECTION_CASE_HANDLE: Role.INSPECTOR,
    C.OVERSIGHT_RECORD: Role.OFFICE_STAFF,
    C.OVERSIGHT_REVIEW: Role.OFFICES_ADMIN,
    C.OVERSIGHT_STAFFING_REVIEW: Role.STAFFING_OFFICER,
    C.OVERSIGHT_APPROVE: Role.OFFICES_ADMIN,
    C.OVERSIGHT_STAFF: Role.OFFICE_STAFF,
    C.OVERSIGHT_ASSESS: Role.OFFICES_ADMIN,
    C.DISCLOSURE_DRAFT: Role.OFFICE_STAFF,
    C.DISCLOSURE_REVIEW: Role.OFFICES_ADMIN,
    C.DISCLOSURE_APPROVE: Role.OFFICES_ADMIN,
    C.DISCLOSURE_PUBLISH: Role.OFFICES_ADMIN,
    C.RECEPTION_RECORD: Role.OFFICE_STAFF,
    C.RECEPTION_APPROVE: Role.OFFICE_HEAD,
    C.RECEPTION_SIGN_OFF: Role.OFFICE_HEAD,
    C.RECEPTION_EXPLAIN: Role.OFFICE_HEAD,
    C.RECEPTION_STANDARDS: Role.OFFICES_ADMIN,
}


def holds(role: str, action: str) -> bool:
    """Whether ``role`` holds ``action`` by the table; an unknown action is a programming error."""
    return Capability(action) in ROLE_CAPABILITIES.get(role, frozenset())


def roles_holding(action: str) -> list[str]:
    return [role for role in Role.values if holds(role, action)]


def who_acts(action: str) -> str:
    """The sentence a page shows where someone else must act: 由市机关事务管理局审核精简整合意见."""
    capability = Capability(action)
    return _("由%(role)s%(action)s") % {"role": Role(PERFORMER[capability]).label, "action": capability.label}
