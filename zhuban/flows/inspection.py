"""What inspection learns from its peers: facts for the checklist and for case detection that
only consolidation's records hold (asset losses, sub-tasks past their deadline, disposals below
appraisal without approval), and reception warnings left unexplained past their date, registered
into ``zhuban.inspection.prefill.SOURCES``; and the local days off campaigns declare,
registered into ``zhuban.inspection.days_off``, so a finding's deadline skips them.
The inspection app never imports its peers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from zhuban.campaign.models import Campaign, Requirement, SubmissionEvent
from zhuban.campaign.services import submission_follow_work
from zhuban.consolidation import queries as consolidation
from zhuban.consolidation.models import Disposal, Dossier, Task
from zhuban.inspection import days_off, events
from zhuban.inspection.prefill import Fact, Source, register
from zhuban.org.models import Jurisdiction
from zhuban.org.queries import ancestor_paths
from zhuban.reception import queries as reception
from zhuban.registry.models import Office


def consolidation_facts(office_ids: list[int], as_of: date) -> Iterable[Fact]:
    offices = Office.objects.filter(pk__in=office_ids)
    for asset in consolidation.asset_losses(offices):
        yield Fact(
            "asset_loss",
            asset.office_id,
            _("资产“%(asset)s”未经合法处置即已离账（国有资产流失）") % {"asset": asset.description},
            reverse("registry:office_detail", args=[asset.office_id]) + "#asset",
            case_kind="assets",
            key=f"asset_loss:{asset.pk}",
        )
    # A sale below appraisal needs its own approval (四(二): 违规处置).
    below = Disposal.objects.filter(
        asset__office_id__in=office_ids, price__isnull=False, appraisal_value__isnull=False, below_appraisal_approval=""
    ).select_related("asset", "dossier")
    for disposal in below:
        if disposal.price is None or disposal.appraisal_value is None or disposal.price >= disposal.appraisal_value:
            continue
        yield Fact(
            "asset_loss",
            disposal.asset.office_id,
            _("资产“%(asset)s”低于评估价成交，无批准文号") % {"asset": disposal.asset.description},
            disposal.dossier.get_absolute_url(),
            case_kind="assets",
            key=f"below_appraisal:{disposal.pk}",
        )
    late = Task.objects.filter(
        dossier__office_id__in=office_ids, dossier__status=Dossier.Status.OPEN, due_on__lt=as_of
    ).select_related("dossier")
    for task in late.order_by("dossier_id", "id"):
        yield Fact(
            "consolidation_on_time",
            task.dossier.office_id,
            _("整合档案的“%(task)s”应于%(due)s完成，档案仍未办结")
            % {"task": task.get_kind_display(), "due": task.due_on.isoformat()},
            task.dossier.get_absolute_url(),
        )
    for disposal in Disposal.objects.filter(asset__office_id__in=office_ids).select_related("asset", "dossier"):
        # 回头看: where the disposal said the asset went, for the team to verify on site.
        yield Fact(
            "assets_where_disposed",
            disposal.asset.office_id,
            _("“%(asset)s”处置给%(receiver)s（%(document)s），请现场核实")
            % {
                "asset": disposal.asset.description,
                "receiver": disposal.receiver or "—",
                "document": disposal.approval_document,
            },
            disposal.dossier.get_absolute_url(),
            concern=False,
        )


register(Source(frozenset({"asset_loss", "consolidation_on_time"}), consolidation_facts))


def reception_facts(office_ids: list[int], as_of: date) -> Iterable[Fact]:
    """Reception warnings the office head left unexplained past their date (二(四)2), one fact each,
    citing the rule; explained ones and those a later check no longer finds are not problems."""
    for warning in reception.overdue_warnings(office_ids, as_of):
        rule = warning.rule
        yield Fact(
            "reception_rules",
            warning.office_id,
            _("%(day)s接待%(unit)s：%(message)s（%(clause)s，逾期未说明）")
            % {
                "day": warning.reception.starts_on.isoformat(),
                "unit": warning.reception.sending_unit,
                "message": warning.message,
                "clause": _(rule.clause),
            },
            warning.reception.get_absolute_url() + "#warnings",
            key=f"reception_warning:{warning.pk}",
        )


register(Source(frozenset({"reception_rules"}), reception_facts))


def campaign_days_off(path: str) -> frozenset[date]:
    """The local days off every campaign organised at the jurisdiction or above it declares: a
    finding's rectification deadline skips them as the campaign's own deadlines do."""
    days: set[date] = set()
    for campaign in Campaign.objects.filter(jurisdiction__path__in=ancestor_paths(path)).only("local_days_off"):
        days |= campaign.local_days_off_dates()
    return frozenset(days)


days_off.register(campaign_days_off)


@receiver(events.summary_submitted, dispatch_uid="flows.summary_submission")
def summary_submission(
    *, jurisdiction: Jurisdiction, document: str, actor: Any, at: datetime | None = None, **_kwargs: Any
):
    """The county's summary completes the campaign's submission 清理规范工作总结 (once), at the
    moment it was reported."""
    return submission_follow_work(
        actor=actor,
        jurisdiction=jurisdiction,
        code=Requirement.Code.COUNTY_SUMMARY,
        kind=SubmissionEvent.Kind.SUBMITTED,
        at=at,
        document=document,
    )
