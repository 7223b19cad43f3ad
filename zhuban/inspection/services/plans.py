"""Inspection plans (三(三)) and their checklists: pre-filled from the product's data, then
confirmed or overridden by the inspector, on site too."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.inspection import prefill
from zhuban.inspection.actions import Action
from zhuban.inspection.models import CheckItem, Entry, Inspection, Kind, Schedule, Target, TeamMember, Verdict
from zhuban.inspection.services._common import (
    changes,
    label,
    member_acting,
    record,
    refuse_removed,
    require_under_way,
)
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Office


@transaction.atomic
def inspection_plan(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    name: str,
    starts_on: date,
    ends_on: date,
    offices: Iterable[Office],
    leader: TeamMember,
    members: Iterable[TeamMember] = (),
    kind: str = Kind.CAMPAIGN,
    schedule: Schedule | None = None,
) -> Inspection:
    """Which offices (and so which jurisdictions), when, by which team of the jurisdiction."""
    offices = list(offices)
    team = {leader, *members}
    check_plan(jurisdiction, name=name, starts_on=starts_on, ends_on=ends_on, offices=offices, leader=leader, team=team)
    inspection = Inspection(
        jurisdiction=jurisdiction,
        kind=kind,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        leader=leader,
        schedule=schedule,
        planned_at=timezone.now(),
    )
    inspection.full_clean()
    inspection.save()
    inspection.members.set(sorted(m.pk for m in team))
    Target.objects.bulk_create([Target(inspection=inspection, office=o) for o in offices])
    record(
        actor,
        Action.INSPECTION_PLAN,
        inspection,
        path=jurisdiction.path,
        after={
            "name": inspection.name,
            "kind": kind,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "leader": str(leader),
            "members": sorted(str(m) for m in team),
            "offices": sorted(o.name for o in offices),
        },
    )
    return inspection


def check_plan(
    jurisdiction: Jurisdiction,
    *,
    name: str,
    starts_on: date,
    ends_on: date,
    offices: list[Office],
    leader: TeamMember,
    team: set[TeamMember],
) -> None:
    """What a plan must be, made or edited; each refusal names its field."""
    if not name.strip():
        raise ValidationError({"name": _("须填写检查名称。")})
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": _("结束日期（%(end)s）不能早于开始日期（%(start)s）。") % {"end": ends_on, "start": starts_on}}
        )
    if not offices:
        raise ValidationError({"offices": _("须选择至少一个检查对象。")})
    outside = [o.name for o in offices if not o.jurisdiction.path.startswith(jurisdiction.path)]
    if outside:
        raise ValidationError(
            {"offices": _("不属于%(j)s的机构不能列入：%(names)s") % {"j": jurisdiction, "names": "、".join(outside)}}
        )
    strangers = [str(m) for m in team if m.jurisdiction_id != jurisdiction.pk]
    if strangers:
        raise ValidationError(
            {"members": _("不是%(j)s联合检查组的成员：%(names)s") % {"j": jurisdiction, "names": "、".join(strangers)}}
        )
    refuse_removed("leader", [leader])
    refuse_removed("members", team)


def plan_snapshot(inspection: Inspection) -> dict[str, Any]:
    return {
        "name": inspection.name,
        "starts_on": inspection.starts_on.isoformat(),
        "ends_on": inspection.ends_on.isoformat(),
        "leader": str(inspection.leader),
        "members": sorted(str(m) for m in inspection.members.select_related("user", "body")),
        "offices": sorted(t.office.name for t in inspection.targets.select_related("office")),
    }


@transaction.atomic
def inspection_edit(
    *,
    actor: Any,
    inspection: Inspection,
    name: str,
    starts_on: date,
    ends_on: date,
    offices: Iterable[Office],
    leader: TeamMember,
    members: Iterable[TeamMember] = (),
) -> Inspection:
    """The plan changed before the inspection ends: its dates, offices, team or leader. An office
    already found against or checked on site stays on it; a member taken off the team keeps what
    they recorded (findings name their recorder and body) but acts on this inspection no more.
    An edit that changes nothing writes no entry."""
    inspection = (
        Inspection.objects.select_for_update().select_related("jurisdiction", "leader__user").get(pk=inspection.pk)
    )
    require_under_way(inspection)
    jurisdiction = inspection.jurisdiction
    offices = list(offices)
    team = {leader, *members}
    check_plan(jurisdiction, name=name, starts_on=starts_on, ends_on=ends_on, offices=offices, leader=leader, team=team)
    wanted = {o.pk for o in offices}
    targets = list(inspection.targets.select_related("office"))
    dropping = [t for t in targets if t.office_id not in wanted]
    held = [
        t.office.name
        for t in dropping
        if t.findings.exists() or t.entries.exclude(status=Entry.Status.PREFILLED).exists()
    ]
    if held:
        raise ValidationError(
            {"offices": _("已有检查发现或已现场确认清单的检查对象不能移出：%(names)s") % {"names": "、".join(held)}}
        )
    before = plan_snapshot(inspection)
    # A dropped office's checklist was only the product's suggestion: it goes with the office.
    Entry.objects.filter(target__in=dropping).delete()
    Target.objects.filter(pk__in=[t.pk for t in dropping]).delete()
    present = {t.office_id for t in targets}
    Target.objects.bulk_create([Target(inspection=inspection, office=o) for o in offices if o.pk not in present])
    inspection.name = name.strip()
    inspection.starts_on = starts_on
    inspection.ends_on = ends_on
    inspection.leader = leader
    inspection.full_clean()
    inspection.save()
    inspection.members.set(sorted(m.pk for m in team))
    old, new = changes(before, plan_snapshot(inspection))
    if new:
        record(actor, Action.INSPECTION_EDIT, inspection, path=jurisdiction.path, before=old, after=new)
    return inspection


@transaction.atomic
def inspection_close(*, actor: Any, inspection: Inspection) -> Inspection:
    """The inspection ends: its findings stay open until their rectification is accepted."""
    require_under_way(inspection)
    member_acting(actor, inspection)
    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.CLOSED)
    inspection.status = Inspection.Status.CLOSED
    record(actor, Action.INSPECTION_CLOSE, inspection, path=inspection.jurisdiction.path, after={"status": "closed"})
    return inspection


def items_for(inspection: Inspection, office: Office, gone: set[int], items: list[CheckItem]) -> list[CheckItem]:
    """The checklist lines that apply to the office (revoked or retained) in this kind of inspection."""
    applies = {CheckItem.Applies.ALL, CheckItem.Applies.REVOKED if office.pk in gone else CheckItem.Applies.RETAINED}
    return [i for i in items if i.applies in applies and inspection.kind in i.kinds]


@transaction.atomic
def checklist_prefill(*, actor: Any, inspection: Inspection, as_of: date) -> int:
    """Fill each target's checklist from what the product knows on ``as_of``: every item with a
    fact is suggested as a problem, with the facts linking to their records; an item a source
    covers without a fact as compliant; the rest wait for the site. Entries the inspector has
    already confirmed or overridden are kept as they are. Returns the entries written."""
    require_under_way(inspection)
    member_acting(actor, inspection)
    targets = list(inspection.targets.select_related("office"))
    ids = [t.office_id for t in targets]
    facts, covered = prefill.gather(ids, as_of)
    gone = prefill.revoked_ids(ids)
    by_key: dict[tuple[int, str], list[prefill.Fact]] = {}
    for fact in facts:
        by_key.setdefault((fact.office_id, fact.item), []).append(fact)
    items = list(CheckItem.objects.all())
    written = 0
    for target in targets:
        existing = {e.item_id: e for e in target.entries.all()}
        counts = {v: 0 for v in Verdict.values}
        for item in items_for(inspection, target.office, gone, items):
            found = by_key.get((target.office_id, item.code), [])
            if any(f.concern for f in found):
                suggested = Verdict.PROBLEM
            else:
                suggested = Verdict.COMPLIANT if item.code in covered else Verdict.UNKNOWN
            counts[suggested] += 1
            evidence = [{"label": f.label, "link": f.link} for f in found]
            entry = existing.get(item.pk)
            if entry is None:
                Entry.objects.create(target=target, item=item, suggested=suggested, evidence=evidence)
            elif entry.status == Entry.Status.PREFILLED:
                Entry.objects.filter(pk=entry.pk).update(suggested=suggested, evidence=evidence)
            else:
                continue
            written += 1
        record(
            actor,
            Action.CHECKLIST_PREFILL,
            target,
            path=target.office.jurisdiction.path,
            unit_id=target.office.sponsor_id,
            subject=target.office,
            after={"as_of": as_of.isoformat(), **counts},
        )
    return written


@transaction.atomic
def entry_decide(*, actor: Any, entry: Entry, verdict: str, reason: str = "") -> Entry:
    """The inspector's word on one item: confirming the suggestion, or overriding it with a reason."""
    target = entry.target
    require_under_way(target.inspection)
    member_acting(actor, target.inspection)
    if verdict not in (Verdict.COMPLIANT, Verdict.PROBLEM):
        raise ValidationError({"verdict": _("须判定“符合”或“存在问题”。")})
    reason = reason.strip()
    # An item no data covered is judged on site: that is no override of anything.
    overriding = entry.suggested != Verdict.UNKNOWN and verdict != entry.suggested
    if overriding and not reason:
        raise ValidationError(
            {"reason": _("改判系统预判（%(suggested)s）须说明理由。") % {"suggested": entry.get_suggested_display()}}
        )
    before = {"verdict": entry.verdict, "status": entry.status}
    entry.verdict = verdict
    entry.reason = reason if overriding else ""
    entry.status = Entry.Status.OVERRIDDEN if overriding else Entry.Status.CONFIRMED
    entry.decided_by = label(actor)
    entry.decided_at = timezone.now()
    entry.full_clean()
    entry.save()
    action = Action.CHECKLIST_OVERRIDE if overriding else Action.CHECKLIST_CONFIRM
    record(
        actor,
        action,
        entry,
        path=target.office.jurisdiction.path,
        unit_id=target.office.sponsor_id,
        subject=target.office,
        before=before,
        after={"item": entry.item.code, "suggested": entry.suggested, "verdict": verdict, "status": entry.status},
        reason=entry.reason,
    )
    return entry
