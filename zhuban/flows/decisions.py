"""What follows from the decision workflow's events.

The campaign's submission 精简整合意见 is the jurisdiction's proposals, so its history is written
by them, each step at the moment the work took it: started with the first proposal, submitted
when every office has one, returned when the city's review sends one back, accepted when every
office's decision is approved (``zhuban.campaign.work`` reads the same records)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils.translation import gettext as _

from zhuban.campaign.clock import noon_of
from zhuban.campaign.models import Requirement, SubmissionEvent
from zhuban.campaign.services import submission_follow_work
from zhuban.campaign.work import proposals_of
from zhuban.consolidation.services import dossier_open_if_due
from zhuban.decision import events
from zhuban.decision.models import Decision, Proposal

Kind = SubmissionEvent.Kind
PROPOSALS = Requirement.Code.PROPOSALS


@receiver(events.proposal_submitted, dispatch_uid="flows.proposals_complete")
def report_proposals_when_complete(*, proposal: Proposal, actor: Any, **_kwargs: Any) -> None:
    """Once every active office of the jurisdiction has a live proposal (or a decision), its
    campaign submission 精简整合意见 is reported to the offices administration; before that, the
    first proposal starts it."""
    jurisdiction = proposal.office.jurisdiction
    complete = proposals_of(jurisdiction).complete
    submission_follow_work(
        actor=actor,
        jurisdiction=jurisdiction,
        code=PROPOSALS,
        kind=Kind.SUBMITTED if complete else Kind.STARTED,
        at=proposal.submitted_at,
        comment=_("本级全部办事机构的精简整合意见均已报送。") if complete else "",
    )


@receiver(events.proposal_returned, dispatch_uid="flows.proposals_returned")
def return_proposals(*, proposal: Proposal, actor: Any, **_kwargs: Any) -> None:
    """The city's review sent one office's proposal back: the jurisdiction's proposals are returned."""
    submission_follow_work(
        actor=actor,
        jurisdiction=proposal.office.jurisdiction,
        code=PROPOSALS,
        kind=Kind.RETURNED,
        at=proposal.reviewed_at,
        comment=_("“%(office)s”的意见被退回：%(comments)s")
        % {"office": proposal.office.name, "comments": proposal.review_comments},
    )


@receiver(events.decision_approved, dispatch_uid="flows.proposals_approved")
def accept_proposals_when_approved(*, decision: Decision, actor: Any, **_kwargs: Any) -> None:
    """Every office's decision approved: the jurisdiction's proposals are accepted, on the day of
    the last approval."""
    jurisdiction = decision.office.jurisdiction
    work = proposals_of(jurisdiction)
    if not work.approved or work.last_approved_on is None:
        return
    submission_follow_work(
        actor=actor,
        jurisdiction=jurisdiction,
        code=PROPOSALS,
        kind=Kind.ACCEPTED,
        at=noon_of(work.last_approved_on),
        comment=_("本级全部办事机构的处置决定均已批准。"),
        document=decision.province_document or decision.city_document,
    )


@receiver(events.decision_approved, dispatch_uid="flows.open_dossier")
def open_dossier(*, decision: Decision, actor: Any, **_kwargs: Any) -> None:
    """An approved revocation or merger opens its consolidation dossier (三(二)2)."""
    dossier_open_if_due(actor=actor, decision=decision)
