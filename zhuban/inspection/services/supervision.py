"""Continuing supervision (四(三)): a recurring patrol of the retained offices and a follow-up
(回头看) of the revoked ones, run on the same inspection machinery."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhuban.inspection import prefill
from zhuban.inspection.actions import Action
from zhuban.inspection.models import Inspection, Kind, Schedule, TeamMember
from zhuban.inspection.services._common import changes, record, refuse_removed
from zhuban.inspection.services.plans import inspection_plan
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 January + 1 month: 28/29 February)."""
    year, month = divmod(d.month - 1 + months, 12)
    year, month = d.year + year, month + 1
    return d.replace(year=year, month=month, day=min(d.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def schedule_create(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    kind: str,
    name: str,
    next_on: date,
    leader: TeamMember,
    every_months: int = 12,
    duration_days: int = 30,
) -> Schedule:
    check_schedule(jurisdiction, kind=kind, every_months=every_months, leader=leader)
    schedule = Schedule(
        jurisdiction=jurisdiction,
        kind=kind,
        name=name.strip(),
        next_on=next_on,
        leader=leader,
        every_months=every_months,
        duration_days=duration_days,
    )
    schedule.full_clean()
    schedule.save()
    record(
        actor,
        Action.SCHEDULE_CREATE,
        schedule,
        path=jurisdiction.path,
        after={"kind": kind, "name": schedule.name, "next_on": next_on.isoformat(), "every_months": every_months},
    )
    return schedule


def check_schedule(jurisdiction: Jurisdiction, *, kind: str, every_months: int, leader: TeamMember) -> None:
    if kind not in (Kind.PATROL, Kind.FOLLOW_UP):
        raise ValidationError({"kind": _("须选择“跟踪巡查”或“回头看”。")})
    if not 1 <= every_months <= 36:
        raise ValidationError({"every_months": _("周期须为1至36个月，而不是%(n)s。") % {"n": every_months}})
    if leader.jurisdiction_id != jurisdiction.pk:
        raise ValidationError({"leader": _("组长须是%(j)s联合检查组的成员。") % {"j": jurisdiction}})
    refuse_removed("leader", [leader])


SCHEDULE_FIELDS = ("kind", "name", "every_months", "next_on", "leader")


def schedule_snapshot(schedule: Schedule) -> dict[str, Any]:
    return {
        "kind": schedule.kind,
        "name": schedule.name,
        "every_months": schedule.every_months,
        "next_on": schedule.next_on.isoformat(),
        "leader": str(schedule.leader),
    }


@transaction.atomic
def schedule_edit(
    *,
    actor: Any,
    schedule: Schedule,
    kind: str,
    name: str,
    next_on: date,
    leader: TeamMember,
    every_months: int,
) -> Schedule:
    """A schedule still in use changes its name, cycle, next date or leader; the inspections it
    already started keep theirs."""
    schedule = Schedule.objects.select_for_update().select_related("jurisdiction", "leader__user").get(pk=schedule.pk)
    if not schedule.active:
        raise ValidationError(_("“%(name)s”已停用，不能再修改。") % {"name": schedule.name})
    check_schedule(schedule.jurisdiction, kind=kind, every_months=every_months, leader=leader)
    before = schedule_snapshot(schedule)
    schedule.kind = kind
    schedule.name = name.strip()
    schedule.next_on = next_on
    schedule.leader = leader
    schedule.every_months = every_months
    schedule.full_clean()
    schedule.save(update_fields=list(SCHEDULE_FIELDS))
    old, new = changes(before, schedule_snapshot(schedule))
    if new:
        record(actor, Action.SCHEDULE_EDIT, schedule, path=schedule.jurisdiction.path, before=old, after=new)
    return schedule


def offices_for(schedule: Schedule) -> list[Office]:
    """A patrol visits the offices still running; a follow-up the ones that should be gone."""
    within = Office.objects.filter(jurisdiction__path__startswith=schedule.jurisdiction.path).select_related(
        "jurisdiction"
    )
    gone = prefill.revoked_ids(within.values_list("pk", flat=True))
    if schedule.kind == Kind.FOLLOW_UP:
        return list(within.filter(pk__in=gone).order_by("id"))
    return list(within.filter(status=Office.Status.ACTIVE).exclude(pk__in=gone).order_by("id"))


@transaction.atomic
def schedule_run(*, actor: Any, schedule: Schedule, on: date) -> Inspection | None:
    """Start the schedule's inspection when it is due, and move the schedule to its next date.
    Nothing happens before the date, so running it daily is safe."""
    schedule = Schedule.objects.select_for_update().select_related("jurisdiction", "leader").get(pk=schedule.pk)
    if not schedule.active or schedule.next_on > on:
        return None
    offices = offices_for(schedule)
    if not offices:
        raise ValidationError(_("“%(name)s”没有可检查的机构。") % {"name": schedule.name})
    starts = schedule.next_on
    inspection = inspection_plan(
        actor=actor,
        jurisdiction=schedule.jurisdiction,
        name=_("%(name)s（%(year)s年）") % {"name": schedule.name, "year": starts.year},
        starts_on=starts,
        ends_on=starts + timedelta(days=schedule.duration_days),
        offices=offices,
        leader=schedule.leader,
        kind=schedule.kind,
        schedule=schedule,
    )
    schedule.next_on = add_months(starts, schedule.every_months)
    schedule.save(update_fields=["next_on"])
    record(
        actor,
        Action.SCHEDULE_RUN,
        schedule,
        path=schedule.jurisdiction.path,
        after={"inspection": inspection.name, "next_on": schedule.next_on.isoformat()},
    )
    return inspection
