"""The county's work summary (清理规范工作总结, due 10月21日): generated on the summary page from the
inspection's records and reported from there to the offices administration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from zhuban.inspection import events
from zhuban.org.models import Jurisdiction


def county_summary_submit(*, actor: Any, jurisdiction: Jurisdiction, at: datetime | None = None) -> bool:
    """The county reports its summary. What follows is the campaign's (its submission is marked
    submitted, once, with its own entry on the trail): True when something was reported, False
    when it already was or this level owes none. ``at``: when a summary sent on paper was received."""
    document = _("%(name)s清理规范驻省会城市办事机构工作总结") % {"name": jurisdiction.name}
    answers = events.summary_submitted.send(
        sender=Jurisdiction, jurisdiction=jurisdiction, document=document, actor=actor, at=at
    )
    return any(answer is not None for _receiver, answer in answers)
