"""Consolidation's business events (三(二)2), each with its audit entry on the office.

State changes are conditional UPDATEs on the state the user saw (an asset not yet disposed, a
person not yet placed, a dossier still open), so of two identical clicks exactly one succeeds
and the other gets a clear refusal.

One module a topic; callers import from here (``from zhuban.consolidation import services``),
so a function can move between topic modules without touching them.
"""

from __future__ import annotations

from zhuban.consolidation.services._common import EVIDENCE_MESSAGES, dossiers_lock
from zhuban.consolidation.services.assets import DISPOSAL_FIELDS, asset_dispose
from zhuban.consolidation.services.decoupling import DECOUPLING_FIELDS, entity_decouple
from zhuban.consolidation.services.deregistration import deregistration_record, quota_recovery_record
from zhuban.consolidation.services.dossier import (
    default_owner,
    dossier_close,
    dossier_open,
    dossier_open_if_due,
    evidence_add,
    report_submit,
    task_assign,
)
from zhuban.consolidation.services.merge import merge_carry_over
from zhuban.consolidation.services.money import SETTLEMENT_FIELDS, obligation_add, obligation_settle, remaining_of
from zhuban.consolidation.services.reporting import report_narrative_save
from zhuban.consolidation.services.staff import PLACEMENT_FIELDS, staff_place
from zhuban.consolidation.services.windows import window_apply, window_approve, window_member_add, window_reject

__all__ = [
    "DECOUPLING_FIELDS",
    "DISPOSAL_FIELDS",
    "EVIDENCE_MESSAGES",
    "PLACEMENT_FIELDS",
    "SETTLEMENT_FIELDS",
    "asset_dispose",
    "default_owner",
    "deregistration_record",
    "dossier_close",
    "dossier_open",
    "dossier_open_if_due",
    "dossiers_lock",
    "entity_decouple",
    "evidence_add",
    "merge_carry_over",
    "obligation_add",
    "obligation_settle",
    "quota_recovery_record",
    "remaining_of",
    "report_narrative_save",
    "report_submit",
    "staff_place",
    "task_assign",
    "window_apply",
    "window_approve",
    "window_member_add",
    "window_reject",
]
