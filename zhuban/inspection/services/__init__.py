"""Every write of the inspection app, one service per business event."""

from zhuban.inspection.services.cases import (
    case_decide,
    case_detect,
    case_disclose,
    case_dismiss,
    case_follow_up,
    case_involve,
    case_note_add,
    case_open,
    case_propose,
)
from zhuban.inspection.services.findings import (
    finding_accept,
    finding_record,
    finding_rectify,
    finding_remind,
    finding_return,
)
from zhuban.inspection.services.plans import (
    checklist_prefill,
    entry_decide,
    inspection_close,
    inspection_edit,
    inspection_plan,
)
from zhuban.inspection.services.summary import county_summary_submit
from zhuban.inspection.services.supervision import schedule_create, schedule_edit, schedule_run
from zhuban.inspection.services.team import team_member_add, team_member_remove, team_set_up

__all__ = [
    "county_summary_submit",
    "case_decide",
    "case_detect",
    "case_disclose",
    "case_dismiss",
    "case_follow_up",
    "case_involve",
    "case_note_add",
    "case_open",
    "case_propose",
    "checklist_prefill",
    "entry_decide",
    "finding_accept",
    "finding_record",
    "finding_rectify",
    "finding_remind",
    "finding_return",
    "inspection_close",
    "inspection_edit",
    "inspection_plan",
    "schedule_create",
    "schedule_edit",
    "schedule_run",
    "team_member_add",
    "team_member_remove",
    "team_set_up",
]
