"""Consolidation pages. Each view: access helper, bound form, service call, redirect or fragment.

One module a topic; ``urls.py`` reaches every view through this package.
"""

from __future__ import annotations

from zhuban.consolidation.views.dossier import carry_over, dossier_close, dossier_detail, dossier_open
from zhuban.consolidation.views.holdings import (
    asset_dispose,
    entity_decouple,
    obligation_add,
    obligation_settle,
    staff_place,
)
from zhuban.consolidation.views.overview import entities_tied, office_panel, results
from zhuban.consolidation.views.reports import report_docx, report_edit, report_page, report_submit, report_xlsx
from zhuban.consolidation.views.tasks import (
    CONTENT_TYPES,
    deregistration_record,
    evidence_file,
    evidence_upload,
    quota_record,
    task_edit,
)
from zhuban.consolidation.views.windows import (
    window_apply,
    window_decide,
    window_detail,
    window_file,
    window_list,
    window_member_add,
)

__all__ = [
    "CONTENT_TYPES",
    "asset_dispose",
    "carry_over",
    "deregistration_record",
    "dossier_close",
    "dossier_detail",
    "dossier_open",
    "entities_tied",
    "entity_decouple",
    "evidence_file",
    "evidence_upload",
    "obligation_add",
    "obligation_settle",
    "office_panel",
    "quota_record",
    "report_docx",
    "report_edit",
    "report_page",
    "report_submit",
    "report_xlsx",
    "results",
    "staff_place",
    "task_edit",
    "window_apply",
    "window_decide",
    "window_detail",
    "window_file",
    "window_list",
    "window_member_add",
]
