"""The main pages of the product, each with the persona who works on it: the pages the
accessibility, phone and print checks walk, and the screenshots show.

Records are the first of each kind in the database (the demo's, or those ``build_records``
makes for a test), so the same list serves the test world and the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from zhuban.consolidation.models import Dossier
from zhuban.decision.models import Decision
from zhuban.inspection.models import Finding, Inspection
from zhuban.reception.models import Reception
from zhuban.registry.models import Office


@dataclass(frozen=True)
class Page:
    slug: str  # names the screenshot file and the failure message
    path: str
    persona: str
    # A clerk prints it (an office, a dossier, a decision with its explanation, the dashboard, a finding).
    printed: bool = False


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def main_pages() -> list[Page]:
    """Every main page whose record exists, in the order a day's work meets them."""
    pages = [
        Page("login", reverse("org:login"), ""),
        Page("office-list", reverse("registry:office_list"), "tongcheng_clerk"),
        Page("workbook", reverse("workbook:index"), "tongcheng_clerk"),
        Page("notifications", reverse("notifications:inbox"), "tongcheng_clerk"),
        Page("decision-board", reverse("decision:board"), "city_officer"),
        Page("policy-settings", reverse("decision:policy_settings"), "city_officer"),
        Page("consolidation-results", reverse("consolidation:results"), "city_officer"),
        Page("county-windows", reverse("consolidation:window_list"), "city_officer"),
        Page("dashboard", reverse("campaign:dashboard"), "city_officer", printed=True),
        Page("inspection", reverse("inspection:index"), "inspector"),
        Page("findings", reverse("inspection:finding_list"), "inspector"),
        Page("cases", reverse("inspection:case_list"), "inspector"),
        Page("schedules", reverse("inspection:schedule_list"), "inspector"),
        Page("retained-offices", reverse("oversight:index"), "city_officer"),
        Page("rotation", reverse("oversight:rotation_board"), "city_officer"),
        Page("figures", reverse("oversight:figures"), "city_officer"),
        Page("audit-trail", reverse("audit:entry_list"), "auditor"),
        Page("jobs", reverse("ops:jobs"), "tongcheng_clerk"),
        Page("cities", reverse("campaign:rollup"), "city_officer"),
        Page("disclosures", reverse("disclosure:index"), "city_officer"),
        Page("public-index", reverse("public:index"), ""),
    ]
    office = _first(Office, jurisdiction__name="通城县")
    if office is not None:
        pages += [
            Page("office", reverse("registry:office_detail", args=[office.pk]), "tongcheng_clerk", printed=True),
            Page("office-history", reverse("registry:office_history", args=[office.pk]), "tongcheng_clerk"),
        ]
    decision = _first(Decision, status=Decision.Status.APPROVED)
    if decision is not None:
        # The decision and its explanation are read on the office's page (its decision panel).
        path = reverse("registry:office_detail", args=[decision.office_id])
        pages.append(Page("decision", path, "city_officer", printed=True))
    dossier = _first(Dossier)
    if dossier is not None:
        path = reverse("consolidation:dossier_detail", args=[dossier.pk])
        pages.append(Page("dossier", path, "city_officer", printed=True))
    inspection = _first(Inspection)
    if inspection is not None:
        path = reverse("inspection:inspection_detail", args=[inspection.pk])
        pages.append(Page("inspection-detail", path, "inspector"))
    finding = _first(Finding)
    if finding is not None:
        path = reverse("inspection:finding_detail", args=[finding.pk])
        pages.append(Page("finding", path, "inspector", printed=True))
    retained = _first(Office, work_logs__isnull=False)
    if retained is not None:
        pages += [
            Page("retained-office", reverse("oversight:office", args=[retained.pk]), "liaison_staff"),
            Page("work-logs", reverse("oversight:worklog_list", args=[retained.pk]), "liaison_staff"),
            Page("accounts", reverse("oversight:accounts", args=[retained.pk]), "liaison_staff"),
        ]
    pages.append(Page("receptions-index", reverse("reception:index"), "city_officer"))
    reception = _first(Reception, warnings__isnull=False)
    if reception is not None:
        pages += [
            Page("receptions", reverse("reception:office", args=[reception.office_id]), "liaison_staff"),
            Page("reception", reverse("reception:detail", args=[reception.pk]), "liaison_head"),
            Page(
                "reception-standards",
                reverse("reception:standards", args=[reception.office.jurisdiction_id]),
                "city_officer",
            ),
        ]
    return pages


def build_records() -> None:
    """For a test world that has only the demo offices: a decision with its dossier, an
    inspection with a finding, and a retained office, so every main page has its record."""
    from zhuban.consolidation.tests import builders as consolidation
    from zhuban.inspection.tests import builders as inspection
    from zhuban.oversight.tests import builders as oversight
    from zhuban.reception.tests import builders as reception

    consolidation.dossier_for()
    inspection.finding()
    oversight.log(oversight.retained())
    # A settled reception with a warning (paid in cash), for the reception pages.
    reception.settled(payment="cash")
