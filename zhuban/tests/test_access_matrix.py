# mypy: disable-error-code="attr-defined, dict-item, arg-type, return-value, misc, index"
# The matrix walks the records of every model generically, by name: the checker cannot follow it.
"""Every URL × every persona × GET and POST, generated from the capability table.

Each URL name is classified once, in ROUTES, by what it needs: nothing (a public page), a
signed-in user, read scope over a record of 通城县, or a capability (``org/capabilities.py``)
over that record. What each persona must get is then derived here, not typed per persona: from
the persona's role and grant (zhuban/testing/personas.py), the record's place in the
jurisdiction tree, and ``ROLE_CAPABILITIES``. A new URL fails ``test_every_url_is_classified``
until someone decides what it needs.

POST: a persona without the capability gets 404 or 403 and nothing is written; a persona with
it posts the page's own form (as rendered for them, with the ``BODIES`` a person would type)
and the act succeeds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zhuban.audit.models import AuditEntry
from zhuban.campaign.models import Campaign, Phase, Requirement, Submission
from zhuban.consolidation.models import CountyWindow, Dossier, Evidence, Obligation
from zhuban.decision import services
from zhuban.decision.models import Decision, Proposal
from zhuban.decision.queries import assessment_of
from zhuban.disclosure.models import Disclosure
from zhuban.inspection.models import Case, CaseNote, Entry, Finding, Inspection, Schedule, Target, TeamMember
from zhuban.inspection.models import Evidence as FindingEvidence
from zhuban.ops.models import Job
from zhuban.org.capabilities import Capability as C
from zhuban.org.capabilities import holds
from zhuban.org.models import Jurisdiction, Unit
from zhuban.oversight.models import Criterion, Mandate, Posting, WorkLog
from zhuban.reception.models import Letter, Reception, ReceptionWarning
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember
from zhuban.testing.personas import PERSONAS as PERSONA_DATA

User = get_user_model()

pytestmark = pytest.mark.django_db

PERSONAS = [*PERSONA_DATA, None]  # None: the anonymous visitor
TONGCHENG_WUHAN = "通城县人民政府驻武汉办事处"

PUBLIC = "public"  # answers everyone the same way (the login page, the language switch)
SIGNED_IN = "signed_in"  # any signed-in user; nothing in it belongs to a jurisdiction
READ = "read"  # read scope over the target record
OWNER = "owner"  # the uploader alone (a workbook preview)
ENROLMENT = "enrolment"  # the second-factor pages: they depend on the account's authenticator
RECIPIENT = "recipient"  # a notification: its recipient's alone


@dataclass(frozen=True)
class Route:
    need: str  # PUBLIC, SIGNED_IN, READ, OWNER, ENROLMENT or a capability
    target: type[Model] | None = None  # the model of the URL's first argument, whose scope decides
    methods: tuple[str, ...] = ("GET",)
    subtree: bool = False  # needs a grant over the whole jurisdiction (not one unit in it)
    also: Callable[[Model], Model] | None = None  # a second record the act changes (a merger's survivor)
    public_status: tuple[int, int] | None = None  # PUBLIC: (anonymous, signed in)
    post_ok: int = 302  # what a successful POST answers (a preview answers 200)
    owned: bool = False  # and only the owner of the URL's record (an upload) acts on it, 404 for others
    get_ok: int = 200  # what a permitted GET answers (opening a notification follows its link)
    # Without this capability the record is missing (404), not forbidden: a case file, whose
    # existence must not warn its subject.
    hidden: str | None = None


GP = ("GET", "POST")
P = ("POST",)

ROUTES: dict[str, Route] = {
    "desk:home": Route(SIGNED_IN),  # each persona sees their own to-do
    "org:login": Route(PUBLIC, public_status=(200, 302)),
    "org:logout": Route(PUBLIC, public_status=(405, 405)),  # POST only
    "set_language": Route(PUBLIC, public_status=(302, 302)),
    "org:otp_verify": Route(ENROLMENT),
    "org:otp_setup": Route(ENROLMENT),
    "policy:assess": Route(C.API_ASSESS, methods=P),
    # The read API answers tokens, never a session: to a signed-in browser it is 401 like to
    # anyone without a token (zhuban/api/tests test what each token reads). Its description is public.
    "api:openapi": Route(PUBLIC, public_status=(200, 200)),
    "api:resource_list": Route(PUBLIC, public_status=(401, 401)),
    "api:campaign_progress": Route(PUBLIC, public_status=(401, 401)),
    "audit:entry_list": Route(C.AUDIT_READ_TRAIL),
    "audit:export_xlsx": Route(C.AUDIT_READ_TRAIL),  # what the reader may see, as searched
    "audit:export_csv": Route(C.AUDIT_READ_TRAIL),
    "registry:office_list": Route(SIGNED_IN),
    "registry:sponsor_options": Route(SIGNED_IN),  # suggestions from the persona's own offices
    "registry:office_create": Route(C.REGISTRY_EDIT, methods=GP),
    "registry:office_detail": Route(READ, Office),
    "registry:office_edit": Route(C.REGISTRY_EDIT, Office, GP),
    "registry:office_history": Route(READ, Office),
    "registry:asset_create": Route(C.REGISTRY_EDIT, Office, GP),
    "registry:asset_edit": Route(C.REGISTRY_EDIT, Asset, GP),
    "registry:staff_create": Route(C.REGISTRY_EDIT, Office, GP),
    "registry:staff_edit": Route(C.REGISTRY_EDIT, StaffMember, GP),
    "registry:entity_create": Route(C.REGISTRY_EDIT, Office, GP),
    "registry:entity_edit": Route(C.REGISTRY_EDIT, BusinessEntity, GP),
    "workbook:index": Route(SIGNED_IN),
    "workbook:template": Route(SIGNED_IN),
    "workbook:jurisdiction_options": Route(SIGNED_IN),  # suggestions from the persona's own scope
    "workbook:export": Route(SIGNED_IN),  # each persona exports what they may see
    "workbook:upload": Route(C.WORKBOOK_IMPORT, methods=P),
    "workbook:preview": Route(OWNER),
    "workbook:commit": Route(C.WORKBOOK_IMPORT, methods=P, owned=True),
    # Background jobs: each person's own (a job of somebody else's is missing).
    "ops:jobs": Route(SIGNED_IN),
    "ops:export_start": Route(SIGNED_IN, methods=P),  # of a jurisdiction the persona exports (below)
    "ops:job": Route(OWNER, Job),
    "ops:job_download": Route(OWNER, Job),
    "decision:board": Route(SIGNED_IN),
    "decision:policy_settings": Route(SIGNED_IN, methods=GP, post_ok=200),  # its POST needs policy.settings: POLICY
    "decision:proposal_batch": Route(C.DECISION_PROPOSE, methods=GP),
    "decision:office_panel": Route(READ, Office),
    "decision:proposal_create": Route(C.DECISION_PROPOSE, Office, GP),
    "decision:proposal_review": Route(C.DECISION_REVIEW, Proposal, GP),
    "decision:city_approval": Route(C.DECISION_APPROVE, Proposal, GP),
    "decision:province_approval": Route(C.DECISION_APPROVE_PROVINCE, Decision, GP),
    "decision:city_file": Route(READ, Decision),
    "decision:province_file": Route(READ, Decision),
    "decision:queue": Route(SIGNED_IN),  # each persona sees the proposals they may read
    # The batch act's page: the capability of its state (a review-pass here) over the ticked ones.
    "decision:queue_act": Route(C.DECISION_REVIEW, methods=GP),
    "consolidation:results": Route(SIGNED_IN),
    "consolidation:office_panel": Route(READ, Office),
    # Its decision was approved before approvals opened their dossier (consolidation builders).
    "consolidation:dossier_open": Route(C.CONSOLIDATION_OPEN, Decision, GP),
    "consolidation:dossier_detail": Route(READ, Dossier),
    "consolidation:task_edit": Route(C.CONSOLIDATION_RECORD, Dossier, GP),
    "consolidation:evidence_upload": Route(C.CONSOLIDATION_RECORD, Dossier, GP),
    "consolidation:evidence_file": Route(READ, Evidence),
    "consolidation:deregistration_record": Route(C.CONSOLIDATION_RECORD, Dossier, GP),
    "consolidation:quota_record": Route(C.CONSOLIDATION_RECORD, Dossier, GP),
    "consolidation:asset_dispose": Route(C.CONSOLIDATION_RECORD, Asset, GP),
    "consolidation:obligation_add": Route(C.CONSOLIDATION_RECORD, Dossier, GP),
    "consolidation:obligation_settle": Route(C.CONSOLIDATION_RECORD, Obligation, GP),
    "consolidation:staff_place": Route(C.CONSOLIDATION_RECORD, StaffMember, GP),
    "consolidation:entity_decouple": Route(C.CONSOLIDATION_RECORD, BusinessEntity, GP),
    "consolidation:entities_tied": Route(SIGNED_IN),
    # A merger into the city's office changes that office too.
    "consolidation:carry_over": Route(C.CONSOLIDATION_RECORD, Dossier, GP, also=lambda d: d.survivor),
    "consolidation:dossier_close": Route(C.CONSOLIDATION_CLOSE, Dossier, GP),
    "consolidation:window_list": Route(SIGNED_IN),
    "consolidation:window_apply": Route(C.CONSOLIDATION_WINDOW_APPLY, Jurisdiction, GP, subtree=True),
    "consolidation:window_detail": Route(READ, CountyWindow),
    "consolidation:window_member_add": Route(C.CONSOLIDATION_RECORD, CountyWindow, GP),
    "consolidation:window_decide": Route(C.CONSOLIDATION_WINDOW_DECIDE, CountyWindow, GP),
    "consolidation:window_file": Route(READ, CountyWindow),
    "consolidation:report": Route(READ, Jurisdiction, subtree=True),
    "consolidation:report_edit": Route(C.CONSOLIDATION_REPORT, Jurisdiction, GP, subtree=True),
    "consolidation:report_submit": Route(C.CONSOLIDATION_REPORT, Jurisdiction, P, subtree=True),
    "consolidation:report_docx": Route(READ, Jurisdiction, subtree=True),
    "consolidation:report_xlsx": Route(READ, Jurisdiction, subtree=True),
    "campaign:dashboard": Route(SIGNED_IN),
    "campaign:rollup": Route(SIGNED_IN),  # every campaign the persona takes part in, side by side
    "campaign:campaign_dashboard": Route(READ, Campaign),
    "campaign:campaign_plan": Route(READ, Campaign),
    "campaign:campaign_settings": Route(C.CAMPAIGN_MANAGE, Campaign, GP),
    "campaign:campaign_copy": Route(C.CAMPAIGN_MANAGE, Campaign, GP),
    "campaign:phase_edit": Route(C.CAMPAIGN_MANAGE, Phase, GP),
    "campaign:requirement_edit": Route(C.CAMPAIGN_MANAGE, Requirement, GP),
    "campaign:submission_detail": Route(READ, Submission),
    "campaign:submission_submit": Route(C.CAMPAIGN_SUBMIT, Submission, GP),
    "campaign:submission_review": Route(C.CAMPAIGN_REVIEW, Submission, GP),
    "campaign:task_force_edit": Route(C.CAMPAIGN_SUBMIT, Submission, GP),
    "inspection:index": Route(SIGNED_IN),
    "inspection:team": Route(READ, Jurisdiction, subtree=True),
    "inspection:plan_create": Route(C.INSPECTION_PLAN, Jurisdiction, GP, subtree=True),
    "inspection:team_member_add": Route(C.INSPECTION_PLAN, Jurisdiction, GP, subtree=True),
    "inspection:team_member_remove": Route(C.INSPECTION_PLAN, TeamMember, GP),
    "inspection:plan_edit": Route(C.INSPECTION_PLAN, Inspection, GP),
    "inspection:inspection_detail": Route(READ, Inspection),
    "inspection:checklist_prefill": Route(C.INSPECTION_RECORD, Inspection, P),
    "inspection:inspection_close": Route(C.INSPECTION_RECORD, Inspection, P),
    "inspection:report": Route(READ, Inspection),
    "inspection:report_docx": Route(READ, Inspection),
    "inspection:report_xlsx": Route(READ, Inspection),
    "inspection:county_summary": Route(READ, Jurisdiction, subtree=True),
    "inspection:county_summary_submit": Route(C.CAMPAIGN_SUBMIT, Jurisdiction, P, subtree=True),
    "inspection:county_summary_docx": Route(READ, Jurisdiction, subtree=True),
    "inspection:county_summary_xlsx": Route(READ, Jurisdiction, subtree=True),
    "inspection:target_detail": Route(READ, Target),
    "inspection:finding_create": Route(C.INSPECTION_RECORD, Target, GP),
    "inspection:entry_decide": Route(C.INSPECTION_RECORD, Entry, GP),
    "inspection:finding_list": Route(SIGNED_IN),
    "inspection:finding_detail": Route(READ, Finding),
    "inspection:finding_rectify": Route(C.INSPECTION_RECTIFY, Finding, GP),
    "inspection:finding_review": Route(C.INSPECTION_ACCEPT, Finding, GP),
    "inspection:evidence_file": Route(READ, FindingEvidence),
    # Case files (四(二)): the discipline side and the offices administration only; to anyone
    # else, the jurisdiction concerned included, they do not exist.
    "inspection:case_list": Route(SIGNED_IN),  # each sees the cases they may read and the notices to them
    "inspection:case_detect": Route(C.INSPECTION_CASE_HANDLE, methods=P),
    "inspection:case_propose": Route(C.INSPECTION_CASE_HANDLE, methods=GP),
    "inspection:case_detail": Route(C.INSPECTION_CASE_READ, Case, hidden=C.INSPECTION_CASE_READ),
    "inspection:case_open": Route(C.INSPECTION_CASE_HANDLE, Case, GP, hidden=C.INSPECTION_CASE_READ),
    "inspection:case_dismiss": Route(C.INSPECTION_CASE_HANDLE, Case, GP, hidden=C.INSPECTION_CASE_READ),
    "inspection:case_note": Route(C.INSPECTION_CASE_HANDLE, Case, GP, hidden=C.INSPECTION_CASE_READ),
    "inspection:case_involve": Route(C.INSPECTION_CASE_HANDLE, Case, GP, hidden=C.INSPECTION_CASE_READ),
    "inspection:case_decide": Route(C.INSPECTION_CASE_HANDLE, Case, GP, hidden=C.INSPECTION_CASE_READ),
    "inspection:case_follow_up": Route(C.INSPECTION_CASE_HANDLE, Case, GP, hidden=C.INSPECTION_CASE_READ),
    "inspection:case_disclose": Route(C.INSPECTION_CASE_HANDLE, Case, GP, hidden=C.INSPECTION_CASE_READ),
    "inspection:case_note_file": Route(C.INSPECTION_CASE_READ, CaseNote, hidden=C.INSPECTION_CASE_READ),
    "inspection:schedule_list": Route(SIGNED_IN),
    "inspection:schedule_create": Route(C.INSPECTION_PLAN, Jurisdiction, GP, subtree=True),
    "inspection:schedule_run": Route(C.INSPECTION_PLAN, Schedule, P),
    "inspection:schedule_edit": Route(C.INSPECTION_PLAN, Schedule, GP),
    # Retained offices: records of the city's Wuhan office (oversight/tests/builders.py).
    "oversight:index": Route(SIGNED_IN),
    "oversight:rotation_board": Route(SIGNED_IN),  # each persona sees the postings they may read
    "oversight:figures": Route(SIGNED_IN),
    "oversight:office": Route(READ, Office),
    "oversight:mandate_draft": Route(C.OVERSIGHT_RECORD, Office, GP),
    "oversight:posting_add": Route(C.OVERSIGHT_STAFF, Office, GP),
    "oversight:worklog_list": Route(READ, Office),
    "oversight:worklog_add": Route(C.OVERSIGHT_RECORD, Office, GP),
    "oversight:mandate_queue": Route(SIGNED_IN),  # each persona sees the mandates they may read
    "oversight:mandate_detail": Route(READ, Mandate),
    "oversight:mandate_edit": Route(C.OVERSIGHT_RECORD, Mandate, GP),
    "oversight:mandate_compare": Route(READ, Mandate),
    "oversight:mandate_submit": Route(C.OVERSIGHT_RECORD, Mandate, P),
    "oversight:mandate_review": Route(C.OVERSIGHT_REVIEW, Mandate, GP),
    "oversight:mandate_approve": Route(C.OVERSIGHT_APPROVE, Mandate, GP),
    "oversight:posting_end": Route(C.OVERSIGHT_STAFF, Posting, GP),
    "oversight:worklog_withdraw": Route(C.OVERSIGHT_RECORD, WorkLog, GP),
    "oversight:accounts": Route(READ, Office),
    "oversight:accounts_record": Route(C.OVERSIGHT_RECORD, Office, GP),
    "oversight:rules": Route(READ, Office),
    "oversight:rule_adopt": Route(C.OVERSIGHT_RECORD, Office, GP),
    "oversight:assessments": Route(READ, Office),
    "oversight:assessment_record": Route(C.OVERSIGHT_ASSESS, Office, GP),
    # Criteria are set for a whole city (the city's Wuhan office's jurisdiction here).
    "oversight:criteria": Route(READ, Jurisdiction, subtree=True),
    "oversight:rotation_terms": Route(READ, Jurisdiction, subtree=True),
    "oversight:rotation_term_set": Route(C.POLICY_SETTINGS, Jurisdiction, GP, subtree=True),
    "oversight:criterion_add": Route(C.OVERSIGHT_ASSESS, Jurisdiction, GP, subtree=True),
    # The reception disclosure (二(四)2): the city's retained Wuhan office (disclosure/tests/builders.py).
    "disclosure:index": Route(SIGNED_IN),
    "disclosure:draft": Route(C.DISCLOSURE_DRAFT, Office, GP),
    "disclosure:rollup_draft": Route(C.DISCLOSURE_DRAFT, Jurisdiction, GP, subtree=True),
    "disclosure:detail": Route(READ, Disclosure),
    "disclosure:edit": Route(C.DISCLOSURE_DRAFT, Disclosure, GP),
    "disclosure:redraw": Route(C.DISCLOSURE_DRAFT, Disclosure, P),
    "disclosure:submit": Route(C.DISCLOSURE_DRAFT, Disclosure, P),
    "disclosure:review": Route(C.DISCLOSURE_REVIEW, Disclosure, GP),
    "disclosure:approve": Route(C.DISCLOSURE_APPROVE, Disclosure, P),
    "disclosure:publish": Route(C.DISCLOSURE_PUBLISH, Disclosure, P),
    "disclosure:correct": Route(C.DISCLOSURE_DRAFT, Disclosure, GP),
    # Its public pages: the same answer for everyone, signed in or not (the switch is POST only).
    "public:index": Route(PUBLIC, public_status=(200, 200)),
    "public:language": Route(PUBLIC, public_status=(405, 405)),
    "public:year": Route(PUBLIC, public_status=(200, 200)),
    "public:office": Route(PUBLIC, public_status=(200, 200)),
    "public:office_version": Route(PUBLIC, public_status=(200, 200)),
    "public:rollup_version": Route(PUBLIC, public_status=(200, 200)),
    "public:download": Route(PUBLIC, public_status=(200, 200)),
    # Official receptions: records of the city's Wuhan office (reception/tests/builders.py).
    "reception:index": Route(SIGNED_IN),
    "reception:office": Route(READ, Office),
    "reception:letter_add": Route(C.RECEPTION_RECORD, Office, GP),
    "reception:request": Route(C.RECEPTION_RECORD, Letter, GP),
    "reception:detail": Route(READ, Reception),
    "reception:approve": Route(C.RECEPTION_APPROVE, Reception, GP),
    "reception:list_edit": Route(C.RECEPTION_RECORD, Reception, GP),
    "reception:sign_off": Route(C.RECEPTION_SIGN_OFF, Reception, P),
    "reception:settle": Route(C.RECEPTION_RECORD, Reception, GP),
    "reception:letter_file": Route(READ, Reception),
    "reception:invoice_file": Route(READ, Reception),
    "reception:explain": Route(C.RECEPTION_EXPLAIN, ReceptionWarning, GP),
    "reception:standards": Route(READ, Jurisdiction, subtree=True),
    "reception:standard_add": Route(C.RECEPTION_STANDARDS, Jurisdiction, GP, subtree=True),
    "notifications:inbox": Route(SIGNED_IN),
    "notifications:mark_all_read": Route(SIGNED_IN, methods=P),
    "notifications:open": Route(RECIPIENT, get_ok=302),
    "notifications:mark_read": Route(RECIPIENT, methods=P),
}

# What a person types where the page's own form leaves a field empty.
BODIES: dict[str, Callable[[], dict[str, Any]]] = {
    "registry:office_create": lambda: {  # the sponsor: the first the persona may choose
        "name": "驻岳阳联络处",
        "host_city": _city("岳阳市"),
        "established_on": "2012-05-01",
        "staffing_quota": "2",
        "headcount": "2",
    },
    "registry:asset_create": lambda: {
        "category": "vehicle",
        "description": "公务车",
        "plate_number": "鄂L12345",
        "book_value": "100000",
        "status": "in_use",
    },
    "registry:staff_create": lambda: {"name": "张三", "post": "主任"},
    "registry:entity_create": lambda: {"name": "通城宾馆"},
    "decision:proposal_create": lambda: {"disposition": "revoke", "reason": "按方案撤销"},
    "decision:proposal_review": lambda: {"decision": "accept"},
    "decision:city_approval": lambda: _approval("咸政函〔2015〕46号"),
    "decision:province_approval": lambda: _approval("鄂政函〔2015〕12号"),
    "decision:queue_act": lambda: {
        "state": "submitted",
        "proposal": [str(pk) for pk in Proposal.objects.filter(status="submitted").values_list("pk", flat=True)],
    },
    "decision:proposal_batch": lambda: {"office": [str(o.pk) for o in Office.objects.all()]},
    "consolidation:evidence_upload": lambda: {"file": _pdf(), "description": "证明"},
    "consolidation:deregistration_record": lambda: {
        "authority": "通城县编办",
        "document_number": "通编〔2015〕3号",
        "deregistered_on": "2015-08-20",
    },
    "consolidation:quota_record": lambda: {"document_number": "通编〔2015〕4号", "confirmed_on": "2015-08-21"},
    "consolidation:asset_dispose": lambda: {
        "disposal_type": "free_transfer",
        "channel": "",
        "receiver": "通城县机关事务管理局",
        "approval_document": "通国资〔2015〕8号",
        "disposed_on": "2015-08-20",
        "file": _pdf(),
    },
    "consolidation:obligation_add": lambda: {"kind": "receivable", "counterparty": "某单位", "amount": "100.00"},
    "consolidation:obligation_settle": lambda: {"method": "settled", "settled_on": "2015-08-23"},
    "consolidation:staff_place": lambda: {
        "destination": "transferred",
        "unit_name": "通城县招商局",
        "window": "",
        "placed_on": "2015-08-24",
    },
    "consolidation:entity_decouple": lambda: {"document": "通国资〔2015〕9号", "decoupled_on": "2015-08-24"},
    "consolidation:carry_over": lambda: {"carried_on": "2015-08-25"},
    "consolidation:dossier_close": lambda: {"closed_on": "2015-08-31"},
    "consolidation:window_apply": lambda: {
        "application_document": "通政文〔2015〕9号",
        "applied_on": "2015-08-20",
        "members-0-name": "李四",
        "members-0-post": "负责人",
        "members-0-is_head": "on",
    },
    "consolidation:window_member_add": lambda: {"name": "王五", "post": "联络员"},
    "consolidation:window_decide": lambda: {"decision": "reject", "reason": "人数超过规定"},
    "consolidation:report_edit": lambda: {"text": "工作情况。", "issuing_unit": "通城县人民政府"},
    "campaign:submission_submit": lambda: {"document": "通政文〔2015〕10号"},
    "campaign:task_force_edit": lambda: {
        "lead_name": "吴海波",
        "lead_post": "县人民政府办公室主任",
        "members": "吴海波 县政府办主任",
        "contact_name": "李明",
        "contact_phone": "0715-4321234",
        "established_on": "2015-07-18",
    },
    "campaign:submission_review": lambda: {"decision": "accept"},
    "campaign:campaign_copy": lambda: {"name": "副本", "document": "咸政办函〔2016〕1号", "issued_on": "2016-07-20"},
    "workbook:upload": lambda: {"file": _workbook()},  # into the persona's own jurisdiction (below)
    "inspection:plan_create": lambda: {
        "name": "驻汉机构专项检查",
        "kind": "campaign",
        "starts_on": "2015-09-21",
        "ends_on": "2015-10-20",
        "offices": [Office.objects.get(name=TONGCHENG_WUHAN).pk],
    },
    "inspection:plan_edit": lambda: {"name": "驻汉机构专项检查（调整）", "ends_on": "2015-10-23"},
    "inspection:schedule_edit": lambda: {"name": "年度巡查（调整）", "every_months": "6"},
    "inspection:team_member_remove": lambda: {"reason": "工作调动"},
    "inspection:entry_decide": lambda: {"verdict": "problem", "reason": "现场核实"},
    "inspection:finding_create": lambda: {
        "severity": "minor",
        "description": "所属招待所未脱钩",
        "deadline_days": "10",
        "recorded_on": "2015-09-24",
        "attachments": _pdf(),
    },
    "disclosure:draft": lambda: {"year": "2016"},
    "disclosure:rollup_draft": lambda: {"year": "2016"},
    "disclosure:edit": lambda: {"notes": "接待均凭公函，用餐为工作餐。"},
    "disclosure:review": lambda: {"decision": "accept"},
    "disclosure:correct": lambda: {"reason": "补录漏报的一次接待"},
    "inspection:finding_rectify": lambda: {"text": "已脱钩", "answered_on": "2015-09-30", "attachments": _pdf()},
    "inspection:finding_review": lambda: {"decision": "accept", "on": "2015-10-08"},
    "inspection:case_propose": lambda: {"kind": "kept", "facts": "原班人马继续对外办公"},
    "inspection:case_open": lambda: {"handling_body": "市监察局", "opened_on": "2015-10-09"},
    "inspection:case_dismiss": lambda: {"reason": "经核实，系正常联络"},
    "inspection:case_note": lambda: {"text": "询问笔录"},
    "inspection:case_involve": lambda: {"offices": [Office.objects.get(name=TONGCHENG_WUHAN).pk]},
    "inspection:case_decide": lambda: {
        "measure": "通报批评",
        "document": "咸监〔2015〕9号",
        "decided_on": "2015-10-15",
    },
    "inspection:case_follow_up": lambda: {"text": "已整改到位"},
    "inspection:case_disclose": lambda: {"text": "请配合调查"},
    "inspection:schedule_create": lambda: {"name": "年度巡查", "next_on": "2016-09-01", "every_months": "12"},
    "oversight:mandate_draft": lambda: {
        "conditions": "经省人民政府批准保留。",
        "function_economic": "服务咸宁与武汉的经济合作。",
        "internal_units": "综合科",
        "staffing_quota": "8",
        "leadership_posts": "主任1名",
        "management_responsibility": "市政府办公室管理。",
    },
    "oversight:mandate_review": lambda: {"decision": "accept"},
    "oversight:mandate_approve": lambda: {"document": "咸政函〔2015〕60号", "approved_on": "2015-09-18"},
    "oversight:posting_add": lambda: {
        "name": "孙悦",
        "post": "科员",
        "employment": "establishment",
        "posted_on": "2016-03-01",
    },
    "oversight:posting_end": lambda: {"left_on": "2017-03-01", "leaving": "rotated"},
    "oversight:worklog_add": lambda: {
        "occurred_on": "2016-03-08",
        "kind": "petition",
        "summary": "协助通城籍务工人员信访",
        "people_served": "1",
        "person_helped": "刘某",
        "matter": "欠薪",
        "outcome": "已追回工资",
    },
    "oversight:worklog_withdraw": lambda: {"reason": "重复录入"},
    "oversight:rule_adopt": lambda: {
        "title": "财务管理制度",
        "text": "一、经费实行预算管理。",
        "adopted_on": "2016-01-05",
    },
    "oversight:assessment_record": lambda: {
        **{f"score_{c.pk}": "8" for c in Criterion.objects.all()},
        "evidence": "年度工作总结",
        "result": "competent",
    },
    "oversight:criterion_add": lambda: {"year": "2017", "text": "服务在汉务工人员", "max_score": "20"},
    "oversight:rotation_term_set": lambda: {
        "years": "5",
        "valid_from": "2018-01-01",
        "document": "咸政办发〔2017〕30号",
    },
    "oversight:accounts_record": lambda: {
        "year": "2016",
        "category": "reception",
        "stage": "budget",
        "amount": "80000",
    },
    "reception:letter_add": lambda: {
        "sending_unit": "咸宁市发展和改革委员会",
        "origin": "in_province",
        "content": "汇报项目",
        "itinerary": "当日往返",
        "date_from": "2016-03-08",
        "date_to": "2016-03-08",
        "people": "王志军，副主任，厅局级",
        "file": _pdf(),
    },
    "reception:request": lambda: {"reason": "汇报项目", "schedule": "座谈", "budget": "500"},
    "reception:approve": lambda: {"approved_on": "2016-03-07"},
    "reception:list_edit": lambda: {
        "venue": "湖北省发展和改革委员会",
        "companions": "钱进，科员",
        "costs-0-kind": "meal",
        "costs-0-day": "2016-03-08",
        "costs-0-venue": "机关食堂",
        "costs-0-persons": "4",
        "costs-0-amount": "200",
        # The blank rows a person leaves blank (the page pre-selects no kind for them).
        **{f"costs-{n}-kind": "" for n in range(1, 4)},
    },
    "reception:settle": lambda: {"invoice": _pdf(), "payment": "card", "paid_on": "2016-03-15"},
    "reception:explain": lambda: {"explanation": "省领导临时增加陪同，已报批"},
    "reception:standard_add": lambda: {
        "kind": "meal",
        "rank": "county",
        "amount": "90",
        "valid_from": "2017-01-01",
        "source": "咸办发〔2017〕2号",
    },
}


def _city(name: str) -> int:
    from zhuban.geo.models import City

    return City.objects.get(name=name).pk


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("证明.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")


def _approval(document: str) -> dict[str, Any]:
    return {"document": document, "approved_on": "2015-08-10", "file": _pdf()}


def _workbook(rows: list[dict[str, Any]] | None = None) -> SimpleUploadedFile:
    import io

    from zhuban.workbook.tests.builders import office, workbook

    buffer = io.BytesIO()
    workbook(rows or [office()]).save(buffer)
    return SimpleUploadedFile("附表一.xlsx", buffer.getvalue())


# ---- The records every URL points at (all of 通城县) --------------------------------------------


def tongcheng_decision(office: Office, *, province: bool = False) -> Decision:
    """A proposal and an approved decision of 通城县, with both approval files, made once."""
    existing = Decision.objects.filter(office=office).first()
    if existing:
        return existing
    clerk, city = User.objects.get(username="tongcheng_clerk"), User.objects.get(username="city_officer")
    proposal = services.proposal_submit(
        actor=clerk, office=office, assessment=assessment_of(office), disposition="revoke"
    )
    services.proposal_accept(actor=city, proposal=proposal)
    decision = services.decision_record_city_approval(
        actor=city,
        proposal=proposal,
        document="咸政函〔2015〕45号",
        approved_on=date(2015, 8, 10),
        file=SimpleUploadedFile("city.pdf", b"%PDF-1.4 city"),
    )
    # Only the Wuhan office's retention waits for the province; give this one a province file
    # anyway so the download's access can be checked.
    decision.province_file = SimpleUploadedFile("province.pdf", b"%PDF-1.4 province")
    if province:
        decision.status = Decision.Status.AWAITING_PROVINCE
    decision.save()
    return decision


def applied_window() -> CountyWindow:
    """通城县's window, applied for (its Wuhan office's revocation approved) and not yet decided."""
    from zhuban.consolidation import services as consolidation_services
    from zhuban.consolidation.tests.builders import ON, approved_decision

    county = Jurisdiction.objects.get(name="通城县")
    approved_decision(Office.objects.get(name=TONGCHENG_WUHAN))
    return consolidation_services.window_apply(
        actor=User.objects.get(username="city_officer"),
        jurisdiction=county,
        members=[{"name": "张志强", "post": "窗口负责人", "is_head": True}],
        applied_on=ON,
    )


def submitted_proposal(office: Office, *, accepted: bool = False) -> Proposal:
    clerk, city = User.objects.get(username="tongcheng_clerk"), User.objects.get(username="city_officer")
    proposal = services.proposal_submit(
        actor=clerk, office=office, assessment=assessment_of(office), disposition="revoke"
    )
    if accepted:
        services.proposal_accept(actor=city, proposal=proposal)
    return proposal


def finished_job(username: str) -> Job:
    """A finished export of the persona's, with its file."""
    job = Job.objects.create(
        kind=Job.Kind.REGISTRATION_EXPORT,
        title="导出附表一：通城县",
        requested_by=User.objects.get(username=username),
        status=Job.Status.DONE,
        result_name="附表一.xlsx",
    )
    job.result.save("附表一.xlsx", ContentFile(b"PK"), save=True)
    return job


def tongcheng_args(name: str) -> list[Any]:
    """Arguments that point at 通城县's records (or none)."""
    office = Office.objects.get(name=TONGCHENG_WUHAN)
    by_name: dict[str, Callable[[], Model]] = {
        "registry:asset_edit": Asset.objects.filter(office=office).first,
        "registry:staff_edit": StaffMember.objects.filter(office=office).first,
        "registry:entity_edit": BusinessEntity.objects.filter(office=office).first,
        "decision:proposal_review": lambda: submitted_proposal(office),
        "decision:city_approval": lambda: submitted_proposal(office, accepted=True),
        "decision:province_approval": lambda: tongcheng_decision(office, province=True),
        "decision:city_file": lambda: tongcheng_decision(office),
        "decision:province_file": lambda: tongcheng_decision(office),
    }
    if name in by_name:
        return [by_name[name]().pk]
    if name == "decision:queue_act":
        submitted_proposal(office)  # one to tick in the queue
        return []
    if name == "api:resource_list":
        return ["offices"]
    if name == "api:campaign_progress":
        return [Campaign.objects.get(is_default=True).pk]
    if name == "consolidation:window_decide":
        return [applied_window().pk]
    if name == "consolidation:window_apply":
        from zhuban.consolidation.tests.builders import approved_decision

        approved_decision(office)  # a county applies once its Wuhan office's revocation is approved
        return [office.jurisdiction_id]
    if name == "consolidation:dossier_close":
        from zhuban.consolidation.tests.builders import complete, dossier_for

        return [complete(dossier_for()).pk]
    if name.startswith("campaign:"):
        return campaign_args(name)
    if name.startswith("consolidation:"):
        from zhuban.consolidation.tests.builders import matrix_args

        return matrix_args(name)
    if name.startswith("workbook:"):
        from zhuban.workbook.tests.builders import matrix_args

        return matrix_args(name)
    if name in {"ops:job", "ops:job_download"}:
        return [finished_job("tongcheng_clerk").pk]
    if name.startswith("inspection:"):
        from zhuban.inspection.tests.builders import matrix_args

        return matrix_args(name)
    if name.startswith("oversight:"):
        from zhuban.oversight.tests.builders import matrix_args

        return matrix_args(name)
    if name.startswith(("disclosure:", "public:")):
        from zhuban.disclosure.tests.builders import matrix_args

        return matrix_args(name)
    if name.startswith("reception:"):
        from zhuban.reception.tests.builders import matrix_args

        return matrix_args(name)
    if ROUTES[name].need == RECIPIENT:
        return [tongcheng_notification().pk]
    if ROUTES[name].target is Office:
        return [office.pk]
    return []


def tongcheng_notification():
    """A notification to the clerk of 通城县 about its own task-force submission."""
    from zhuban.audit.services import Actor
    from zhuban.notifications.services import notification_send

    submission = Submission.objects.get(
        campaign=Campaign.objects.get(is_default=True), jurisdiction__name="通城县", requirement__code="task_force"
    )
    sent = notification_send(
        event="submission_returned",
        recipients=[User.objects.get(username="tongcheng_clerk")],
        key="matrix",
        obj=submission,
        jurisdiction_path=submission.jurisdiction.path,
        params={"jurisdiction": "通城县", "requirement": "工作专班", "comment": "请补充"},
        link=submission.get_absolute_url(),
        actor=Actor.system("test"),
    )
    if sent.created:
        return sent.created[0]
    from zhuban.notifications.models import Notification

    return Notification.objects.get(recipient__username="tongcheng_clerk", key="matrix")


def open_submission(name: str) -> Submission:
    """A submission of 通城县 in a copy of the campaign with no history (submitted once for a
    review), so every act on it is one its state allows."""
    from zhuban.audit.services import Actor
    from zhuban.campaign import services as campaign_services

    source = Campaign.objects.get(is_default=True)
    copy = Campaign.objects.filter(name="访问矩阵（无历史）").first() or campaign_services.campaign_copy(
        actor=Actor.system("test"), source=source, name="访问矩阵（无历史）", issued_on=source.issued_on
    )
    rows = Submission.objects.filter(campaign=copy, jurisdiction__name="通城县").order_by("id")
    if name == "campaign:task_force_edit":
        return rows.get(requirement__code="task_force")
    submission = rows.exclude(requirement__code__in=["task_force", "consolidation_report"]).first()
    if name.endswith("review"):
        campaign_services.submission_submit(
            actor=User.objects.get(username="tongcheng_clerk"), submission=submission, document="通政文〔2015〕8号"
        )
    return submission


def campaign_args(name: str) -> list[int]:
    """The default campaign, its first phase and requirement, or 通城县's task-force submission."""
    campaign = Campaign.objects.get(is_default=True)
    if name in {"campaign:submission_submit", "campaign:submission_review", "campaign:task_force_edit"}:
        return [open_submission(name).pk]
    if name.startswith("campaign:submission_"):
        submission = Submission.objects.get(
            campaign=campaign, jurisdiction__name="通城县", requirement__code="task_force"
        )
        return [submission.pk]
    if name == "campaign:phase_edit":
        return [campaign.phases.first().pk]
    if name == "campaign:requirement_edit":
        return [campaign.requirements.first().pk]
    if name.startswith("campaign:campaign_"):
        return [campaign.pk]
    return []


# ---- What each persona must get, derived from the table and the tree ---------------------------


@dataclass
class Seat:
    """A persona's grant: its role, the path it holds at, its unit (a department clerk) and its
    office (a retained office's staff and head, whose unit is the office's sponsor)."""

    role: str | None
    path: str | None
    unit_id: int | None
    username: str | None = None
    office_id: int | None = None
    seen: dict = field(default_factory=dict)


def seat_of(persona: str | None) -> Seat:
    if persona is None:
        return Seat(None, None, None)
    data = PERSONA_DATA[persona]
    if data.office:
        office = Office.objects.select_related("jurisdiction").get(name=data.office)
        return Seat(data.role, office.jurisdiction.path, office.sponsor_id, data.username, office_id=office.pk)
    path = Jurisdiction.objects.get(name=data.jurisdiction).path
    unit_id = Unit.objects.get(name=data.unit).pk if data.unit else None
    return Seat(data.role, path, unit_id, data.username)


def reads(seat: Seat, obj: Model, *, subtree: bool = False) -> bool:
    """Whether the grant reaches ``obj``: a role covers its jurisdiction's whole subtree; a
    department clerk covers their own unit's records (and, on things without a sponsor, their
    own node, never a whole jurisdiction); an office's staff and head cover what hangs from their
    office, and elsewhere what their office's sponsor's clerk would."""
    if seat.path is None:
        return False
    path_lookup, unit_lookup, *office_lookup = type(obj).scope_fields
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if seat.office_id is not None and office_lookup:
        return subtree is False and rows.values_list(office_lookup[0], flat=True).get() == seat.office_id
    path, unit_id = rows.values_list(path_lookup, unit_lookup or "pk").get()
    if seat.unit_id is not None:
        if subtree:
            return False
        return path == seat.path if unit_lookup is None else unit_id == seat.unit_id
    return path.startswith(seat.path)


def takes_part(seat: Seat, obj: Model) -> bool:
    """A campaign (its phases, its requirements) is read by whoever reads one of its submissions:
    a county sees its city's campaign through its own rows."""
    campaign = obj if isinstance(obj, Campaign) else obj.campaign
    rows = Submission.objects.filter(campaign=campaign)
    if seat.unit_id is not None:
        return rows.filter(jurisdiction__path=seat.path).exists()
    return rows.filter(jurisdiction__path__startswith=seat.path).exists()


def expected(name: str, persona: str | None, obj: Model | None, method: str = "GET") -> int:
    route = ROUTES[name]
    seat = seat_of(persona)
    if route.need == PUBLIC:
        return route.public_status[0 if persona is None else 1]
    if persona is None and name == "policy:assess":
        return 401 if method == "POST" else 405  # an API: no login page, and GET is refused first
    if persona is None:
        return 302
    if method not in route.methods:
        return 405
    if route.need == SIGNED_IN:
        return 200
    if route.need == ENROLMENT:
        enrolled = seat.role == "offices_admin"  # the personas who hold an authenticator
        return (200 if enrolled else 302) if name == "org:otp_verify" else (302 if enrolled else 200)
    if route.need == OWNER:
        return 200 if obj is not None and obj.owner.username == seat.username else 404
    if route.need == RECIPIENT:
        return route.get_ok if obj is not None and obj.recipient.username == seat.username else 404
    if route.owned:  # the capability is asked first, then the record is looked up among the user's own
        if not holds(seat.role, route.need):
            return 403
        return 200 if obj is not None and obj.owner.username == seat.username else 404
    if obj is not None and isinstance(obj, Campaign | Phase | Requirement):
        if not takes_part(seat, obj):
            return 404
    elif obj is not None and not reads(seat, obj, subtree=route.subtree):
        return 404
    if route.hidden is not None and not holds(seat.role, route.hidden):
        return 404
    if route.need == READ:
        return 200
    allowed = holds(seat.role, route.need)
    if allowed and route.also is not None:
        other = route.also(obj)
        allowed = reads(seat, other) and holds(seat.role, route.need)
    return 200 if allowed else 403


def target_of(name: str, args: list[Any]) -> Model | None:
    route = ROUTES[name]
    if route.need == OWNER and route.target is Job:
        return Job.objects.get(pk=args[0])
    if route.need == OWNER or route.owned:
        from zhuban.workbook.models import RegistrationUpload

        return RegistrationUpload.objects.get(pk=args[0])
    if route.need == RECIPIENT:
        from zhuban.notifications.models import Notification

        return Notification.objects.get(pk=args[0])
    if route.target is None:
        return None
    return route.target._default_manager.get(pk=args[0])


def city_bureau_pages() -> list[str]:
    """Every URL the city bureau's officer opens with GET and gets a page (200) for 通城县."""
    return sorted(
        name
        for name, route in ROUTES.items()
        if "GET" in route.methods
        and route.need not in (PUBLIC, OWNER, RECIPIENT)
        and (route.need != ENROLMENT or name == "org:otp_verify")
        and (route.need in (SIGNED_IN, READ, ENROLMENT) or holds("offices_admin", route.need))
    )


# ---- The tests --------------------------------------------------------------------------------


def all_url_names(resolver=None, namespace: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_classified():
    unclassified = sorted(set(all_url_names()) - set(ROUTES))
    assert unclassified == [], f"classify these URLs in ROUTES: {unclassified}"


def test_every_capability_a_route_needs_is_in_the_table():
    needs = {r.need for r in ROUTES.values()} - {PUBLIC, SIGNED_IN, READ, OWNER, ENROLMENT, RECIPIENT}
    assert needs <= set(C.values)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_persona_gets_on_get_what_the_table_and_the_tree_say(name, as_persona):
    args = tongcheng_args(name)
    url = reverse(name, args=args)
    obj = target_of(name, args)
    want = tuple(expected(name, p, obj, "GET") for p in PERSONAS)
    responses = [as_persona(p).get(url) for p in PERSONAS]
    got = tuple(r.status_code for r in responses)
    assert got == want, f"{url}: " + ", ".join(
        f"{p or 'anonymous'} {g}≠{e}" for p, g, e in zip(PERSONAS, got, want, strict=True) if g != e
    )
    if ROUTES[name].need != PUBLIC and name != "policy:assess":
        assert responses[-1]["Location"].startswith(reverse("org:login")), "anonymous is sent to sign in"


POSTABLE = sorted(n for n, r in ROUTES.items() if "POST" in r.methods and r.need not in (PUBLIC,))


@pytest.mark.parametrize("name", POSTABLE)
def test_a_post_without_the_capability_is_refused_and_writes_nothing(name, as_persona):
    args = tongcheng_args(name)
    url = reverse(name, args=args)
    obj = target_of(name, args)
    before = AuditEntry.objects.count()
    for persona in PERSONAS:
        want = _post_expectation(name, persona, obj)
        if want in (200, 405):
            continue
        response = as_persona(persona).post(url, _body(name, None))
        assert response.status_code == want, f"{persona or 'anonymous'}: {response.status_code}≠{want}"
    assert AuditEntry.objects.count() == before


def _post_expectation(name: str, persona: str | None, obj: Model | None) -> int:
    if name == "decision:policy_settings":
        # Any signed-in user reads the settings; only policy.settings previews or saves a change.
        if persona is None:
            return 302
        seat = seat_of(persona)
        return 200 if holds(seat.role, C.POLICY_SETTINGS) else 403
    return expected(name, persona, obj, "POST")


@pytest.mark.parametrize("name", POSTABLE)
def test_a_post_with_the_capability_and_a_valid_body_succeeds(name, as_persona):
    args = tongcheng_args(name)
    obj = target_of(name, args)
    route = ROUTES[name]
    # An owned record is each holder's own: they act on the one they made (below).
    holders = [p for p in PERSONA_DATA if holds(seat_of(p).role, route.need)] if route.owned else None
    allowed = holders or [p for p in PERSONA_DATA if _post_expectation(name, p, obj) == 200]
    assert allowed, "somebody holds the capability on this record"
    for persona in allowed:
        # Each persona acts on the same state: their act is rolled back before the next one's.
        with transaction.atomic():
            client = as_persona(persona)
            own = [own_upload(persona, client).pk] if route.owned else args
            assert _post_expectation(name, persona, target_of(name, own)) == 200, persona
            assert done(name, own) in (False, None), f"{persona}: done before the act"
            _post_as(name, persona, reverse(name, args=own), client)
            assert done(name, own) in (True, None), f"{persona}: the act left no trace"
            transaction.set_rollback(True)


def own_upload(persona: str, client) -> Model:
    """The persona uploads a 附表一 of one new office they may register (in 通城县 when they
    reach it) and gets its preview, with no error: what their commit then writes."""
    from zhuban.workbook.models import RegistrationUpload
    from zhuban.workbook.queries import import_jurisdictions_for
    from zhuban.workbook.tests.builders import office

    user = User.objects.get(username=persona)
    reachable = import_jurisdictions_for(user)
    jurisdiction = reachable.filter(name="通城县").first() or reachable.first()
    unit = PERSONA_DATA[persona].unit
    if unit:  # a department clerk: for the unit they act for
        row = office(设立单位=unit, 设立单位层级="市级", 设立单位类别="部门", 所属政府=jurisdiction.name)
    else:
        row = office(设立单位=f"{jurisdiction.name}人民政府", 所属政府=jurisdiction.name)
    row["机构名称"] = f"{row['设立单位']}驻南昌联络处"
    response = client.post(reverse("workbook:upload"), {"jurisdiction": jurisdiction.pk, "file": _workbook([row])})
    upload = RegistrationUpload.objects.get(owner=user, status=RegistrationUpload.Status.PREVIEWED)
    assert response.status_code == 302 and response.url == reverse("workbook:preview", args=[upload.pk]), persona
    assert upload.preview["created"] == 1 and not upload.preview["errors"], f"{persona}: {upload.preview['errors']}"
    return upload


def done(name: str, args: list[Any]) -> bool | None:
    """Whether the act of ``name`` on ``args`` is recorded (None: not checked here beyond its answer)."""
    if name == "workbook:commit":
        from zhuban.workbook.models import RegistrationUpload

        return RegistrationUpload.objects.get(pk=args[0]).status == RegistrationUpload.Status.COMMITTED
    if name == "consolidation:dossier_open":
        return Dossier.objects.filter(decision_id=args[0]).exists()
    return None


def _post_as(name: str, persona: str, url: str, client) -> None:
    if name == "policy:assess":
        from zhuban.policy.tests.helpers import payload

        response = client.post(url, payload(), content_type="application/json")
        assert response.status_code == 200 and response.json()["results"], persona
        return
    form = client.get(url).content.decode() if "GET" in ROUTES[name].methods else None
    body = _body(name, form)
    if name == "workbook:upload":
        from zhuban.workbook.queries import import_jurisdictions_for

        body["jurisdiction"] = import_jurisdictions_for(User.objects.get(username=persona)).first().pk
    if name == "ops:export_start":
        from zhuban.workbook.queries import export_jurisdictions_for

        body["jurisdiction"] = export_jurisdictions_for(User.objects.get(username=persona)).first().pk
    response = client.post(url, body)
    errors = getattr(response, "context", None) and response.context.get("form") and response.context["form"].errors
    # Success is the service's own answer: its redirect (a preview: the page with the changes).
    assert response.status_code == ROUTES[name].post_ok, f"{persona}: {response.status_code} {errors or ''}"
    assert not errors, persona


def _body(name: str, page: str | None) -> dict[str, Any]:
    """The page's own form as rendered (its hidden and pre-filled fields), plus what a person types."""
    body = form_values(page) if page else {}
    if name == "decision:policy_settings":
        from zhuban.decision.tests.test_policy_settings import form_values as settings_values

        body = settings_values(consolidation_deadline="2030-12-31")
    if name == "policy:assess":
        return {}
    body.update(BODIES.get(name, dict)())
    return body


class _FormParser(HTMLParser):
    """The fields of the first POST form of a page, with the values it would send."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, Any] = {}
        self.in_form = self.done = False
        self.select: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None
        self.radios: dict[str, str] = {}  # a group with nothing checked: a person picks the first

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and not self.done:
            action = a.get("action") or ""
            if "/i18n/" in action or "/logout/" in action:
                return  # the header's language switch and sign-out
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "radio":
                self.radios.setdefault(name, a.get("value", ""))
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.first_option is None and value:
                self.first_option = value
            if "selected" in a:
                self.values[self.select] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            # "---------" selected: a person picks the first real choice.
            if not self.values.get(self.select) and self.first_option is not None:
                self.values[self.select] = self.first_option
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True

    def _add(self, name: str, value: str) -> None:
        if name in self.values:
            existing = self.values[name]
            self.values[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            self.values[name] = value


def form_values(page: str) -> dict[str, Any]:
    parser = _FormParser()
    parser.feed(page)
    values = {**parser.radios, **parser.values}
    return {k: v for k, v in values.items() if k != "csrfmiddlewaretoken"}


# ---- The refusal pages themselves -------------------------------------------------------------


def test_missing_and_out_of_scope_both_get_the_same_chinese_page(as_persona, office_of):
    client = as_persona("chongyang_clerk")
    hidden_url = reverse("registry:office_detail", args=[office_of(TONGCHENG_WUHAN).pk])
    hidden, missing = client.get(hidden_url), client.get("/offices/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert "您要查看的页面或记录不存在" in hidden.content.decode()
    assert without_csrf_tokens(hidden.content, hidden_url) == without_csrf_tokens(missing.content, "/offices/999999/")


def without_csrf_tokens(html: bytes, path: str = "") -> str:
    """The page with its per-response CSRF tokens blanked (they are masked afresh every time) and
    its own address (the language switch returns to it) replaced."""
    text = html.decode().replace(f'value="{path}"', 'value="PATH"') if path else html.decode()
    text = re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": ""', text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', text)


def test_read_only_gets_a_chinese_refusal(as_persona, office_of):
    response = as_persona("inspector").get(reverse("registry:office_edit", args=[office_of(TONGCHENG_WUHAN).pk]))
    assert response.status_code == 403 and "无权进行此项操作" in response.content.decode()
