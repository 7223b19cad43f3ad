"""Retained offices and their neighbours: the county windows the public liaison office hosts
(consolidation's, read here for oversight), rotation reminders turned into notifications, and
the mandates (三定方案) that make up the campaign's "mandates" submission."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zhuban.campaign import work as campaign_work
from zhuban.campaign.clock import noon_of
from zhuban.campaign.models import Requirement, SubmissionEvent
from zhuban.campaign.services import submission_follow_work
from zhuban.consolidation.models import CountyWindow
from zhuban.notifications.models import Event
from zhuban.notifications.queries import level_above, owners_of
from zhuban.notifications.services import Sent, notification_send
from zhuban.oversight import events
from zhuban.oversight import queries as oversight
from zhuban.registry.models import Office


def approved_windows(office: Office) -> list[oversight.HostedWindow]:
    """The approved county windows of the office's city (三(二)2), with their people."""
    windows = (
        CountyWindow.objects.filter(
            jurisdiction__path__startswith=office.jurisdiction.path, status=CountyWindow.Status.APPROVED
        )
        .select_related("jurisdiction")
        .prefetch_related("members")
        .order_by("jurisdiction__path")
    )
    return [
        oversight.HostedWindow(
            id=w.pk,
            county=w.jurisdiction.name,
            approval_document=w.approval_document,
            members=tuple((m.name, m.post, m.is_head) for m in w.members.all()),
        )
        for w in windows
    ]


if approved_windows not in oversight.HOSTED_WINDOWS:
    oversight.HOSTED_WINDOWS.append(approved_windows)


def _params(posting: Any, due: Any) -> dict[str, Any]:
    return {"office": posting.office.name, "name": posting.name, "post": posting.post, "due": due}


def _link(posting: Any) -> str:
    from django.urls import reverse

    return reverse("oversight:office", args=[posting.office_id])


@receiver(events.rotation_due, dispatch_uid="notify_rotation_due")
def rotation_due(*, posting: Any, due: Any, actor: Any, **_: Any) -> Sent:
    office = posting.office
    return notification_send(
        event=Event.ROTATION_DUE,
        recipients=owners_of(office.jurisdiction.path, office.sponsor_id),
        key=f"rotation:{posting.pk}:due:{due.isoformat()}",
        obj=posting,
        jurisdiction_path=office.jurisdiction.path,
        unit_id=office.sponsor_id,
        params=_params(posting, due),
        link=_link(posting),
        actor=actor,
    )


@receiver(events.rotation_overdue, dispatch_uid="notify_rotation_overdue")
def rotation_overdue(*, posting: Any, due: Any, actor: Any, **_: Any) -> Sent:
    office = posting.office
    path = office.jurisdiction.path
    return notification_send(
        event=Event.ROTATION_OVERDUE,
        recipients=level_above(path) + owners_of(path, office.sponsor_id),
        key=f"rotation:{posting.pk}:overdue:{due.isoformat()}",
        obj=posting,
        jurisdiction_path=path,
        unit_id=office.sponsor_id,
        params=_params(posting, due),
        link=_link(posting),
        actor=actor,
    )


# ---- The campaign's 三定方案 follow the mandates themselves ------------------------------------

if oversight.mandates_filed not in campaign_work.MANDATE_FILINGS:
    campaign_work.MANDATE_FILINGS.append(oversight.mandates_filed)
if not campaign_work.MANDATE_PAGE:
    campaign_work.MANDATE_PAGE.append((gettext_noop("保留机构"), "oversight:index"))

Kind = SubmissionEvent.Kind


@receiver(events.mandate_submitted, dispatch_uid="flows.mandates_submitted")
def report_mandates_when_filed(*, mandate: Any, actor: Any, **_kwargs: Any) -> None:
    """Once every retained office of the jurisdiction has filed its mandate, the campaign's
    三定方案 is reported; before that, the first filing starts it."""
    jurisdiction = mandate.office.jurisdiction
    complete = campaign_work.mandates_of(jurisdiction).complete
    submission_follow_work(
        actor=actor,
        jurisdiction=jurisdiction,
        code=Requirement.Code.MANDATES,
        kind=Kind.SUBMITTED if complete else Kind.STARTED,
        at=mandate.submitted_at,
        comment=_("本级全部保留机构的三定方案均已报送。") if complete else "",
    )


@receiver(events.mandate_approved, dispatch_uid="flows.mandates_approved")
def accept_mandates_when_approved(*, mandate: Any, actor: Any, **_kwargs: Any) -> None:
    """Every retained office's mandate approved: the campaign's 三定方案 is accepted that day."""
    jurisdiction = mandate.office.jurisdiction
    if not campaign_work.mandates_of(jurisdiction).approved:
        return
    submission_follow_work(
        actor=actor,
        jurisdiction=jurisdiction,
        code=Requirement.Code.MANDATES,
        kind=Kind.ACCEPTED,
        at=noon_of(mandate.approved_on) if mandate.approved_on else None,
        comment=_("本级全部保留机构的三定方案均已批准。"),
        document=mandate.approving_document,
    )
