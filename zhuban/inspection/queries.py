"""Reads of the inspection app, each through the access chokepoint, each prefetching what it returns."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from zhuban.inspection.models import (
    Case,
    CaseNote,
    Evidence,
    Finding,
    Inspection,
    Notice,
    Rectification,
    Schedule,
    Step,
    Target,
    TeamBody,
    TeamMember,
)
from zhuban.lib.todo import Item, Pile, pile
from zhuban.org.access import can, get_in_scope, own_work, scoped
from zhuban.org.capabilities import Capability
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office


def inspections_for(user: Any) -> QuerySet[Inspection]:
    return scoped(user, Inspection.objects.select_related("jurisdiction", "leader__body", "leader__user"))


def inspection_for(user: Any, pk: Any, *, action: str | None = None) -> Inspection:
    return get_in_scope(
        user, Inspection.objects.select_related("jurisdiction", "leader__body", "leader__user"), pk=pk, action=action
    )


def team_of(jurisdiction: Jurisdiction) -> list[TeamBody]:
    members = TeamMember.objects.filter(removed_at__isnull=True).select_related("user").order_by("id")
    return list(
        TeamBody.objects.filter(jurisdiction=jurisdiction).prefetch_related(Prefetch("members", queryset=members))
    )


def members_of(jurisdiction: Jurisdiction) -> QuerySet[TeamMember]:
    """The members on the team now (those who left are offered for no plan)."""
    return TeamMember.objects.filter(jurisdiction=jurisdiction, removed_at__isnull=True).select_related("body", "user")


def _targets() -> QuerySet[Target]:
    return Target.objects.select_related("inspection", "office__jurisdiction", "office__sponsor")


def targets_for(user: Any, inspection: Inspection) -> QuerySet[Target]:
    return scoped(user, _targets().filter(inspection=inspection))


def target_for(user: Any, pk: Any, *, action: str | None = None) -> Target:
    return get_in_scope(user, _targets(), pk=pk, action=action)


def _findings() -> QuerySet[Finding]:
    return Finding.objects.select_related(
        "inspection", "office__jurisdiction", "office__sponsor", "item", "responsible_unit", "body"
    )


def findings_for(user: Any, *, inspection: Inspection | None = None) -> QuerySet[Finding]:
    qs = _findings() if inspection is None else _findings().filter(inspection=inspection)
    return scoped(user, qs)


def finding_for(user: Any, pk: Any, *, action: str | None = None) -> Finding:
    return get_in_scope(user, _findings(), pk=pk, action=action)


def finding_history(finding: Finding) -> tuple[list[Rectification], list[Evidence]]:
    return (
        list(finding.rectifications.order_by("id")),
        list(finding.evidence.select_related("rectification").order_by("id")),
    )


def evidence_for(user: Any, pk: Any) -> Evidence:
    return get_in_scope(user, Evidence.objects.select_related("finding__office__jurisdiction"), pk=pk)


def schedules_for(user: Any) -> QuerySet[Schedule]:
    return scoped(user, Schedule.objects.select_related("jurisdiction", "leader__user", "leader__body"))


def schedule_for(user: Any, pk: Any, *, action: str | None = None) -> Schedule:
    return get_in_scope(user, Schedule.objects.select_related("jurisdiction", "leader"), pk=pk, action=action)


# ---- Cases: the discipline side's files -----------------------------------------------------


def cases_for(user: Any) -> QuerySet[Case]:
    """Case files: only for who holds ``inspection.case_read`` over the jurisdiction concerned."""
    return scoped(user, Case.objects.select_related("jurisdiction", "office"), action=Capability.INSPECTION_CASE_READ)


def case_for(user: Any, pk: Any, *, action: str | None = None) -> Case:
    """One case file. Without ``case_read`` it is missing (404), not forbidden: a 403 would tell
    the jurisdiction concerned that there is a case about it."""
    try:
        case = cases_for(user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action is not None and not can(user, action, case):
        raise PermissionDenied
    return case


def case_note_for(user: Any, pk: Any) -> CaseNote:
    note = CaseNote.objects.select_related("case").filter(pk=pk).first()
    if note is None:
        raise Http404
    case_for(user, note.case_id)
    return note


def notices_for(user: Any) -> QuerySet[Notice]:
    """What has been addressed to the user's jurisdictions about cases: nothing before a case is
    opened to them."""
    return scoped(
        user,
        Notice.objects.filter(case__disclosed_at__isnull=False).select_related("case__jurisdiction", "case__office"),
    )


# ---- Findings by state, as of a date -------------------------------------------------------


def states_as_of(findings: Iterable[Finding] | QuerySet[Finding], as_of: date) -> dict[int, str]:
    """Each finding's state on ``as_of`` (findings recorded later are absent), in one query."""
    ids = [f.pk for f in findings] if not isinstance(findings, QuerySet) else findings.values("pk")
    rows = (
        Step.objects.filter(finding_id__in=ids, on__lte=as_of)
        .order_by("finding_id", "on", "id")
        .values_list("finding_id", "status")
    )
    return dict(rows)  # the last step of each finding wins


def finding_counts_as_of(user: Any, offices: QuerySet[Office], as_of: date) -> list[tuple[str, str, int]]:
    """For the campaign tracker: (state, label, count) of the findings about ``offices`` that
    ``user`` may read, as they stood on ``as_of``, in the order a finding moves through them. Same
    shape as consolidation's ``offices_by_consolidation_state``, so a breakdown can show it."""
    states = states_as_of(findings_for(user).filter(office__in=offices), as_of)
    counts = {code: 0 for code in Finding.Status.values}
    for state in states.values():
        counts[state] += 1
    return [(code, str(label), counts[code]) for code, label in Finding.Status.choices]


# ---- The home page's to-do (zhuban.desk) --------------------------------------------------------


def todo_for(user: Any, today: date) -> list[Pile]:
    """Findings to rectify (open or sent back, of the user's own jurisdiction or unit), by their
    deadline, and rectifications waiting for the user's acceptance: one query each."""
    piles: list[Pile | None] = []
    if can(user, Capability.INSPECTION_RECTIFY):
        owed = Finding.objects.filter(status__in=[Finding.Status.OPEN, Finding.Status.RETURNED])
        rows = own_work(user, owed, action=Capability.INSPECTION_RECTIFY)
        piles.append(
            _pile("inspection.rectify", gettext_lazy("待整改的问题"), rows, "inspection:finding_rectify", today)
        )
    if can(user, Capability.INSPECTION_ACCEPT):
        answered = Finding.objects.filter(status=Finding.Status.ANSWERED)
        rows = scoped(user, answered, action=Capability.INSPECTION_ACCEPT)
        piles.append(_pile("inspection.accept", gettext_lazy("待验收的整改"), rows, "inspection:finding_review", None))
    return [p for p in piles if p is not None]


def _pile(key: str, title: Any, findings: QuerySet[Finding], url_name: str, today: date | None) -> Pile | None:
    """One pile of findings, each linking to the page of its act; overdue marked when ``today``."""
    rows = findings.values_list("pk", "office__name", "description", "due_on", "status")
    items = [
        Item(name, reverse(url_name, args=[pk]), due_on=due, note=_note(text, status))
        for pk, name, text, due, status in rows
    ]
    return pile(key, title, items, url=reverse("inspection:finding_list"), today=today)


def _note(description: str, status: str) -> str:
    text = description if len(description) <= 40 else description[:40] + "…"
    return f"{Finding.Status(status).label} · {text}"
