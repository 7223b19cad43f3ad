"""The campaign dashboard's consolidation breakdown: the campaign lists the offices, the
consolidation app counts them by dossier state, so the page needs both and lives above both."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from zhuban.campaign.models import Campaign
from zhuban.campaign.queries import OFFICE_BREAKDOWNS, Breakdown, offices_by_disposition, offices_of
from zhuban.consolidation import queries as consolidation
from zhuban.inspection import queries as inspection


def offices_by_consolidation_state(user: Any, campaign: Campaign, as_of: date) -> Breakdown:
    """Offices by where their consolidation dossier stood on the date: none yet, under way, closed."""
    return Breakdown(
        key="consolidation",
        title=str(_("精简整合进度")),
        note=str(_("按整合档案的开立和办结日期统计至查看日期。")),
        items=consolidation.offices_by_consolidation_state(offices_of(user, campaign), as_of),
    )


def findings_by_state(user: Any, campaign: Campaign, as_of: date) -> Breakdown:
    """The inspection's findings (三(三)) about the campaign's offices, by where each stood on the date."""
    return Breakdown(
        key="findings",
        title=str(_("检查发现问题整改情况")),
        note=str(_("按检查发现问题的录入和整改记录统计至查看日期；只计您可查看的问题。")),
        items=inspection.finding_counts_as_of(user, offices_of(user, campaign), as_of),
    )


# Shown after the disposition, as it always was; the findings after the consolidation.
if offices_by_consolidation_state not in OFFICE_BREAKDOWNS:
    OFFICE_BREAKDOWNS.insert(OFFICE_BREAKDOWNS.index(offices_by_disposition) + 1, offices_by_consolidation_state)
if findings_by_state not in OFFICE_BREAKDOWNS:
    OFFICE_BREAKDOWNS.insert(OFFICE_BREAKDOWNS.index(offices_by_consolidation_state) + 1, findings_by_state)
