"""Findings: recorded by a team member for their body, answered by the inspected jurisdiction
with its rectification and evidence, accepted or returned by the team; closed only when accepted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.inspection import events
from zhuban.inspection.actions import Action
from zhuban.inspection.days_off import calendar_for
from zhuban.inspection.models import CheckItem, Evidence, Finding, Rectification, Severity, Step, Target
from zhuban.inspection.services._common import (
    checked_file,
    label,
    member_acting,
    not_in_future,
    record,
    require_under_way,
)
from zhuban.lib.workdays import WorkCalendar
from zhuban.org.models import Unit

# The clause ids of the plan (POLICY.md): a finding outside the checklist still cites one.
CLAUSES = (
    "二(一)1 二(一)2 二(一)3 二(二)1 二(二)2 二(二)3 二(二)4 二(三) 二(四)1 二(四)2 二(四)3 "
    "三(二)1 三(二)2 三(二)3 三(三) 四(二) 四(三)"
).split()
# A rectification deadline is set in working days; beyond a quarter the finding is a case, not a fix.
MAX_DEADLINE_DAYS = 60
# "Deadline near": this many working days before it (the campaign's reminders use the same).
DUE_SOON_DAYS = 3


def _audit(actor: Any, action: str, finding: Finding, obj: Any = None, **kw: Any) -> None:
    record(
        actor,
        action,
        obj or finding,
        path=finding.office.jurisdiction.path,
        unit_id=finding.office.sponsor_id,
        subject=finding.office,
        **kw,
    )


def _step(finding: Finding, status: str, on: date) -> None:
    Step.objects.create(finding=finding, status=status, on=on, at=timezone.now())


def _store(
    actor: Any, finding: Finding, files: Iterable[UploadedFile], stage: str, rectification=None
) -> list[Evidence]:
    stored = []
    for file in files:
        digest, kind = checked_file(file)
        evidence = Evidence(
            finding=finding,
            rectification=rectification,
            stage=stage,
            file=file,
            name=(file.name or "")[:200],
            sha256=digest,
            size=file.size or 0,
            content_kind=kind,
            uploaded_at=timezone.now(),
            uploaded_by=label(actor),
        )
        evidence.full_clean(exclude=["file", "finding", "rectification"])
        evidence.save()
        _audit(
            actor,
            Action.FINDING_EVIDENCE_ADD,
            finding,
            evidence,
            after={"stage": stage, "name": evidence.name, "sha256": digest},
        )
        stored.append(evidence)
    return stored


def _locked(finding: Finding, allowed: Iterable[str], refusal: str) -> Finding:
    """The finding's row, locked for the transaction, in one of ``allowed`` states (else the refusal)."""
    fresh = Finding.objects.select_for_update().select_related("office__jurisdiction", "inspection").get(pk=finding.pk)
    if fresh.status not in allowed:
        raise ValidationError(refusal % {"status": fresh.get_status_display()})
    return fresh


@transaction.atomic
def finding_record(
    *,
    actor: Any,
    target: Target,
    severity: str,
    description: str,
    responsible_unit: Unit,
    deadline_days: int,
    recorded_on: date,
    item: CheckItem | None = None,
    clause: str = "",
    files: Iterable[UploadedFile] = (),
) -> Finding:
    """A finding against an inspected office; the deadline counts working days from the day found."""
    inspection = target.inspection
    require_under_way(inspection)
    member = member_acting(actor, inspection)
    not_in_future("recorded_on", recorded_on)
    clause = item.clause if item is not None else clause.strip()
    if clause not in CLAUSES:
        raise ValidationError(
            {"clause": _("“%(clause)s”不是方案的条款编号（如 二(四)2、三(二)2、四(二)）。") % {"clause": clause}}
        )
    if severity not in Severity.values:
        raise ValidationError({"severity": _("须选择严重程度。")})
    if not description.strip():
        raise ValidationError({"description": _("须描述发现的问题。")})
    if not 1 <= deadline_days <= MAX_DEADLINE_DAYS:
        raise ValidationError(
            {
                "deadline_days": _("整改时限须为1至%(max)s个工作日，而不是%(days)s。")
                % {"max": MAX_DEADLINE_DAYS, "days": deadline_days}
            }
        )
    office = target.office
    if not office.jurisdiction.path.startswith(responsible_unit.jurisdiction.path):
        raise ValidationError(
            {
                "responsible_unit": _("%(unit)s不是%(office)s所在地方或其上级的单位。")
                % {"unit": responsible_unit, "office": office}
            }
        )
    finding = Finding(
        inspection=inspection,
        target=target,
        office=office,
        item=item,
        clause=clause,
        severity=severity,
        description=description.strip(),
        responsible_unit=responsible_unit,
        recorded_on=recorded_on,
        deadline_days=deadline_days,
        # The office's jurisdiction answers, so its local days off (and its city's) are skipped.
        due_on=calendar_for(office.jurisdiction.path).add_working_days(recorded_on, deadline_days),
        recorded_by=label(actor),
        body=member.body,
    )
    finding.full_clean()
    finding.save()
    _step(finding, Finding.Status.OPEN, recorded_on)
    _audit(
        actor,
        Action.FINDING_RECORD,
        finding,
        after={
            "item": item.code if item else None,
            "clause": clause,
            "severity": severity,
            "description": finding.description,
            "responsible_unit": responsible_unit.name,
            "deadline_days": deadline_days,
            "due_on": finding.due_on.isoformat(),
            "body": member.body.name,
        },
    )
    _store(actor, finding, files, Evidence.Stage.FINDING)
    events.finding_recorded.send(sender=Finding, finding=finding, actor=actor)
    return finding


@transaction.atomic
def finding_rectify(
    *, actor: Any, finding: Finding, text: str, answered_on: date, files: Iterable[UploadedFile]
) -> Rectification:
    """The inspected jurisdiction answers: what it did, with at least one evidence file."""
    finding = _locked(
        finding, (Finding.Status.OPEN, Finding.Status.RETURNED), _("该问题当前为“%(status)s”，不能报送整改情况。")
    )
    files = list(files)
    not_in_future("answered_on", answered_on)
    if answered_on < finding.recorded_on:
        raise ValidationError({"answered_on": _("报送日期不能早于发现日期（%(on)s）。") % {"on": finding.recorded_on}})
    if not text.strip():
        raise ValidationError({"text": _("须写明整改情况。")})
    if not files:
        raise ValidationError({"attachments": _("须附整改证明材料。")})
    rectification = Rectification(finding=finding, text=text.strip(), answered_on=answered_on, answered_by=label(actor))
    rectification.full_clean(exclude=["finding"])
    rectification.save()
    _store(actor, finding, files, Evidence.Stage.RECTIFICATION, rectification)
    before = finding.status
    Finding.objects.filter(pk=finding.pk).update(status=Finding.Status.ANSWERED, version=finding.version + 1)
    finding.status = Finding.Status.ANSWERED
    _step(finding, Finding.Status.ANSWERED, answered_on)
    _audit(
        actor,
        Action.FINDING_RECTIFY,
        finding,
        rectification,
        before={"status": before},
        after={"status": finding.status, "text": rectification.text, "answered_on": answered_on.isoformat()},
    )
    return rectification


def _review(actor: Any, finding: Finding, *, accept: bool, comment: str, on: date) -> Finding:
    finding = _locked(finding, (Finding.Status.ANSWERED,), _("该问题当前为“%(status)s”，没有待验收的整改情况。"))
    member = member_acting(actor, finding.inspection)
    not_in_future("on", on)
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("退回整改须写明意见。")})
    rectification = finding.rectifications.order_by("-id").first()
    if rectification is None:  # pragma: no cover - an answered finding always has one
        raise ValidationError(_("没有整改情况。"))
    if on < rectification.answered_on:
        raise ValidationError({"on": _("验收日期不能早于报送日期（%(on)s）。") % {"on": rectification.answered_on}})
    rectification.review = Rectification.Review.ACCEPTED if accept else Rectification.Review.RETURNED
    rectification.review_comment = comment
    rectification.reviewed_on = on
    rectification.reviewed_by = f"{label(actor)}（{member.body.name}）"
    rectification.save()
    status = Finding.Status.CLOSED if accept else Finding.Status.RETURNED
    Finding.objects.filter(pk=finding.pk).update(status=status, version=finding.version + 1)
    finding.status = status
    _step(finding, status, on)
    action = Action.FINDING_ACCEPT if accept else Action.FINDING_RETURN
    _audit(
        actor,
        action,
        finding,
        rectification,
        before={"status": Finding.Status.ANSWERED.value},
        after={"status": status, "comment": comment, "on": on.isoformat(), "body": member.body.name},
        reason=comment,
    )
    if not accept:
        events.finding_returned.send(sender=Finding, finding=finding, rectification=rectification, actor=actor)
    return finding


@transaction.atomic
def finding_accept(*, actor: Any, finding: Finding, on: date, comment: str = "") -> Finding:
    """The team accepts the rectification: the finding closes (the only way it does)."""
    return _review(actor, finding, accept=True, comment=comment, on=on)


@transaction.atomic
def finding_return(*, actor: Any, finding: Finding, on: date, comment: str) -> Finding:
    """The team returns the rectification with its comment; the jurisdiction answers again."""
    return _review(actor, finding, accept=False, comment=comment, on=on)


def finding_remind(*, actor: Any, on: date) -> dict[str, int]:
    """Tell the responsible jurisdictions of deadlines near (``DUE_SOON_DAYS`` working days or
    fewer) and passed. Idempotent: the notifications' keys name the finding and its deadline."""
    sent = {"due": 0, "overdue": 0}
    waiting = Finding.objects.exclude(status__in=[Finding.Status.CLOSED, Finding.Status.ANSWERED]).select_related(
        "office__jurisdiction"
    )
    calendars: dict[str, WorkCalendar] = {}
    for finding in waiting.order_by("due_on", "id"):
        path = finding.office.jurisdiction.path
        if path not in calendars:
            calendars[path] = calendar_for(path)
        left = calendars[path].working_days_between(on, finding.due_on)
        with transaction.atomic():
            if left < 0:
                events.finding_overdue.send(sender=Finding, finding=finding, working_days_late=-left, actor=actor)
                sent["overdue"] += 1
            elif left <= DUE_SOON_DAYS:
                events.finding_due.send(sender=Finding, finding=finding, working_days_left=left, actor=actor)
                sent["due"] += 1
    return sent
