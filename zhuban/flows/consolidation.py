"""What follows from consolidation's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.dispatch import receiver
from django.utils.translation import gettext as _

from zhuban.campaign.models import Requirement, Status, SubmissionEvent, state_after
from zhuban.campaign.queries import submission_of
from zhuban.campaign.services import submission_follow_work
from zhuban.consolidation import events
from zhuban.consolidation.models import CLAUSE, Dossier
from zhuban.consolidation.services import dossiers_lock
from zhuban.decision.services import decision_follow_closing
from zhuban.org.models import Jurisdiction
from zhuban.registry import events as registry_events
from zhuban.registry.models import Office
from zhuban.registry.services import office_close


@receiver(events.dossier_closed, dispatch_uid="flows.close_office")
def close_office(*, dossier: Dossier, office: Office, closed_on: date, actor: Any, **_kwargs: Any) -> None:
    """The office is marked revoked or merged on the closing date, then its decision is marked
    carried out so the version bump does not ask for re-approval."""
    target = Office.Status.REVOKED if dossier.kind == Dossier.Kind.REVOKE else Office.Status.MERGED
    closed = office_close(
        actor=actor,
        office=office,
        status=target,
        expected_version=office.version,
        reason=_("整合档案于%(on)s办结（%(clause)s）。") % {"on": closed_on.isoformat(), "clause": CLAUSE},
    )
    decision_follow_closing(decision=dossier.decision, office_version=closed.version)


@receiver(registry_events.offices_writing, dispatch_uid="flows.lock_dossiers")
def lock_dossiers(*, office_ids: Any, **_kwargs: Any) -> None:
    """A registry write on an office under consolidation takes the dossier's lock first, so it
    queues behind (or ahead of) the dossier's closing and never slips in while it closes."""
    dossiers_lock(office_ids=office_ids)


@receiver(events.report_submitted, dispatch_uid="flows.report_submission")
def report_submission(
    *, jurisdiction: Jurisdiction, document: str, actor: Any, at: datetime | None = None, **_kwargs: Any
):
    """The special report completes the campaign's submission 专项工作报告 (once), at the moment
    it was reported."""
    return submission_follow_work(
        actor=actor,
        jurisdiction=jurisdiction,
        code=Requirement.Code.CONSOLIDATION_REPORT,
        kind=SubmissionEvent.Kind.SUBMITTED,
        at=at,
        document=document,
    )


@dataclass(frozen=True)
class ReportState:
    """Where a jurisdiction's special report stands in the campaign, for the report's page."""

    state: str
    label: str
    at: datetime | None
    url: str

    @property
    def sent(self) -> bool:
        return self.state in (Status.SUBMITTED, Status.ACCEPTED)


@receiver(events.report_state_asked, dispatch_uid="flows.report_state")
def report_state(*, jurisdiction: Jurisdiction, **_kwargs: Any) -> ReportState | None:
    """None when the jurisdiction owes no special report in the default campaign."""
    submission = submission_of(jurisdiction=jurisdiction, code=Requirement.Code.CONSOLIDATION_REPORT)
    if submission is None:
        return None
    last = SubmissionEvent.objects.filter(submission=submission).order_by("-at", "-id").first()
    state = state_after(last.kind if last else None)
    return ReportState(
        state=state, label=str(Status(state).label), at=last.at if last else None, url=submission.get_absolute_url()
    )
