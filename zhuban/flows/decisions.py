"""What follows from the decision workflow's events."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils.translation import gettext as _

from zhuban.campaign.models import Requirement
from zhuban.campaign.services import submission_report_done
from zhuban.consolidation.services import dossier_open_if_due
from zhuban.decision import events
from zhuban.decision.models import Decision, Proposal
from zhuban.decision.queries import proposals_complete


@receiver(events.proposal_submitted, dispatch_uid="flows.proposals_complete")
def report_proposals_when_complete(*, proposal: Proposal, actor: Any, **_kwargs: Any) -> None:
    """Once every active office of the jurisdiction has a live proposal (or a decision), its
    campaign submission 精简整合意见 is reported to the offices administration."""
    jurisdiction = proposal.office.jurisdiction
    if proposals_complete(jurisdiction):
        submission_report_done(
            actor=actor,
            jurisdiction=jurisdiction,
            code=Requirement.Code.PROPOSALS,
            comment=_("本级全部办事机构的精简整合意见均已报送。"),
        )


@receiver(events.decision_approved, dispatch_uid="flows.open_dossier")
def open_dossier(*, decision: Decision, actor: Any, **_kwargs: Any) -> None:
    """An approved revocation or merger opens its consolidation dossier (三(二)2)."""
    dossier_open_if_due(actor=actor, decision=decision)
