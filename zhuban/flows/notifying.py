"""Who is told what: the apps' domain events, turned into notifications.

Each receiver runs inside the transaction of the service that sent the event, so its in-app
notifications commit or roll back with the change; ``notification_send`` e-mails after the commit.
Recipients are found by role and jurisdiction: the item's owners, or the level above them.
Keys name the event and the object (and the occasion, where one object can have the same event
more than once), so a repeated event notifies nobody twice.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.urls import reverse

from zhuban.campaign import events as campaign_events
from zhuban.consolidation import events as consolidation_events
from zhuban.decision import events as decision_events
from zhuban.inspection import events as inspection_events
from zhuban.notifications.models import Event
from zhuban.notifications.queries import level_above, owners_of
from zhuban.notifications.services import Sent, notification_send


def _others(users: list[Any], actor: Any) -> list[Any]:
    """Whoever acted needs no message about it."""
    pk = getattr(getattr(actor, "user", actor), "pk", None)
    return [u for u in users if u.pk != pk]


@receiver(decision_events.proposal_returned, dispatch_uid="notify_proposal_returned")
def proposal_returned(*, proposal: Any, actor: Any, **_: Any) -> Sent:
    office = proposal.office
    return notification_send(
        event=Event.PROPOSAL_RETURNED,
        recipients=_others(owners_of(office.jurisdiction.path, office.sponsor_id), actor),
        key=f"proposal:{proposal.pk}:returned:{proposal.reviewed_at.isoformat()}",
        obj=proposal,
        jurisdiction_path=office.jurisdiction.path,
        unit_id=office.sponsor_id,
        params={"office": office.name, "comments": proposal.review_comments},
        link=office.get_absolute_url(),
        actor=actor,
    )


@receiver(decision_events.decision_approved, dispatch_uid="notify_proposal_approved")
def proposal_approved(*, decision: Any, actor: Any, **_: Any) -> Sent:
    office = decision.office
    document = " ".join(d for d in (decision.city_document, decision.province_document) if d)
    return notification_send(
        event=Event.PROPOSAL_APPROVED,
        recipients=_others(owners_of(office.jurisdiction.path, office.sponsor_id), actor),
        key=f"decision:{decision.pk}:approved",
        obj=decision,
        jurisdiction_path=office.jurisdiction.path,
        unit_id=office.sponsor_id,
        params={"office": office.name, "disposition": decision.get_disposition_display(), "document": document},
        link=office.get_absolute_url(),
        actor=actor,
    )


@receiver(consolidation_events.window_applied, dispatch_uid="notify_window_applied")
def window_applied(*, window: Any, actor: Any, **_: Any) -> Sent:
    path = window.jurisdiction.path
    return notification_send(
        event=Event.WINDOW_APPLIED,
        recipients=_others(level_above(path), actor),
        key=f"window:{window.pk}:applied",
        obj=window,
        jurisdiction_path=path,
        params={"county": window.jurisdiction.name, "applied_on": window.applied_on, "members": window.members.count()},
        link=window.get_absolute_url(),
        actor=actor,
    )


@receiver(consolidation_events.window_decided, dispatch_uid="notify_window_decided")
def window_decided(*, window: Any, actor: Any, **_: Any) -> Sent:
    path = window.jurisdiction.path
    note = window.approval_document or window.rejection_reason
    return notification_send(
        event=Event.WINDOW_DECIDED,
        recipients=_others(owners_of(path), actor),
        key=f"window:{window.pk}:decided:{window.status}",
        obj=window,
        jurisdiction_path=path,
        params={"county": window.jurisdiction.name, "outcome": window.get_status_display(), "note": note},
        link=window.get_absolute_url(),
        actor=actor,
    )


@receiver(campaign_events.submission_returned, dispatch_uid="notify_submission_returned")
def submission_returned(*, submission: Any, event: Any, actor: Any, **_: Any) -> Sent:
    path = submission.jurisdiction.path
    return notification_send(
        event=Event.SUBMISSION_RETURNED,
        recipients=_others(owners_of(path), actor),
        key=f"submission:{submission.pk}:returned:{event.pk}",
        obj=submission,
        jurisdiction_path=path,
        params={
            "jurisdiction": submission.jurisdiction.name,
            "requirement": submission.requirement.name,
            "comment": event.comment,
        },
        link=submission.get_absolute_url(),
        actor=actor,
    )


def _about(submission: Any, due: Any) -> dict[str, Any]:
    return {"jurisdiction": submission.jurisdiction.name, "requirement": submission.requirement.name, "due": due}


@receiver(campaign_events.submission_due, dispatch_uid="notify_submission_due")
def submission_due(
    *, submission: Any, due: Any, working_days_left: int, actor: Any, base_url: str | None = None, **_: Any
) -> dict[str, Sent]:
    path = submission.jurisdiction.path
    sent = notification_send(
        event=Event.SUBMISSION_DUE,
        recipients=owners_of(path),
        key=f"submission:{submission.pk}:due:{due.isoformat()}",
        obj=submission,
        jurisdiction_path=path,
        params={**_about(submission, due), "n": working_days_left},
        link=submission.get_absolute_url(),
        actor=actor,
        base_url=base_url,
    )
    return {Event.SUBMISSION_DUE.value: sent}


@receiver(campaign_events.submission_overdue, dispatch_uid="notify_submission_overdue")
def submission_overdue(
    *,
    submission: Any,
    due: Any,
    working_days_late: int,
    state: Any,
    actor: Any,
    base_url: str | None = None,
    **_: Any,
) -> dict[str, Sent]:
    """The owners are told it is late, and the level above is asked to chase it."""
    path = submission.jurisdiction.path
    common = {
        "obj": submission,
        "jurisdiction_path": path,
        "link": submission.get_absolute_url(),
        "actor": actor,
        "base_url": base_url,
    }
    late = {**_about(submission, due), "n": working_days_late}
    chasers = level_above(path)
    owners = notification_send(
        event=Event.SUBMISSION_OVERDUE,
        # At the top of the tree the owners chase it themselves: the escalation says it all.
        recipients=[u for u in owners_of(path) if u not in chasers],
        key=f"submission:{submission.pk}:overdue:{due.isoformat()}",
        params=late,
        **common,
    )
    above = notification_send(
        event=Event.SUBMISSION_ESCALATED,
        recipients=chasers,
        key=f"submission:{submission.pk}:escalated:{due.isoformat()}",
        params={**late, "state": state},
        **common,
    )
    return {Event.SUBMISSION_OVERDUE.value: owners, Event.SUBMISSION_ESCALATED.value: above}


# ---- Inspection: the responsible unit's people hear of a finding, its deadline, its return -----


def _finding_owners(finding: Any) -> list[Any]:
    """The inspected office's owners, and the clerks of the unit made responsible for the fix."""
    office = finding.office
    owners = owners_of(office.jurisdiction.path, office.sponsor_id)
    unit = finding.responsible_unit
    extra = owners_of(unit.jurisdiction.path, unit.pk) if unit.pk != office.sponsor_id else []
    seen = {u.pk for u in owners}
    return owners + [u for u in extra if u.pk not in seen]


def _about_finding(finding: Any) -> dict[str, Any]:
    return {
        "obj": finding,
        "jurisdiction_path": finding.office.jurisdiction.path,
        "unit_id": finding.office.sponsor_id,
        "link": finding.get_absolute_url(),
    }


def _finding_text(finding: Any) -> str:
    return finding.description if len(finding.description) <= 60 else finding.description[:60] + "…"


@receiver(inspection_events.finding_recorded, dispatch_uid="notify_finding_recorded")
def finding_recorded(*, finding: Any, actor: Any, **_: Any) -> Sent:
    return notification_send(
        event=Event.FINDING_RECORDED,
        recipients=_others(_finding_owners(finding), actor),
        key=f"finding:{finding.pk}:recorded",
        params={"office": finding.office.name, "finding": _finding_text(finding)},
        actor=actor,
        **_about_finding(finding),
    )


@receiver(inspection_events.finding_due, dispatch_uid="notify_finding_due")
def finding_due(*, finding: Any, working_days_left: int, actor: Any, **_: Any) -> Sent:
    return notification_send(
        event=Event.FINDING_DUE,
        recipients=_finding_owners(finding),
        key=f"finding:{finding.pk}:due:{finding.due_on.isoformat()}",
        params={
            "office": finding.office.name,
            "finding": _finding_text(finding),
            "due": finding.due_on,
            "n": working_days_left,
        },
        actor=actor,
        **_about_finding(finding),
    )


@receiver(inspection_events.finding_overdue, dispatch_uid="notify_finding_overdue")
def finding_overdue(*, finding: Any, working_days_late: int, actor: Any, **_: Any) -> Sent:
    # Once per deadline: the count of days late in the first message is the one kept.
    return notification_send(
        event=Event.FINDING_OVERDUE,
        recipients=_finding_owners(finding),
        key=f"finding:{finding.pk}:overdue:{finding.due_on.isoformat()}",
        params={
            "office": finding.office.name,
            "finding": _finding_text(finding),
            "due": finding.due_on,
            "n": working_days_late,
        },
        actor=actor,
        **_about_finding(finding),
    )


@receiver(inspection_events.finding_returned, dispatch_uid="notify_finding_returned")
def finding_returned(*, finding: Any, rectification: Any, actor: Any, **_: Any) -> Sent:
    return notification_send(
        event=Event.FINDING_RETURNED,
        recipients=_others(_finding_owners(finding), actor),
        key=f"finding:{finding.pk}:returned:{rectification.pk}",
        params={
            "office": finding.office.name,
            "finding": _finding_text(finding),
            "comment": rectification.review_comment,
        },
        actor=actor,
        **_about_finding(finding),
    )


@receiver(inspection_events.case_disclosed, dispatch_uid="notify_case_disclosed")
def case_disclosed(*, case: Any, notice: Any, actor: Any, **_: Any) -> Sent:
    """Only once the handling body opens the case to the jurisdiction, and only the notice's words."""
    path = case.jurisdiction.path
    return notification_send(
        event=Event.CASE_DISCLOSED,
        recipients=_others(owners_of(path), actor),
        key=f"case_notice:{notice.pk}",
        obj=notice,
        jurisdiction_path=path,
        params={"jurisdiction": case.jurisdiction.name, "text": notice.text},
        link=reverse("inspection:case_list"),
        actor=actor,
    )
