"""A dossier's life: opened from an approved decision, its sub-tasks assigned and evidenced, closed."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import audit_about, snapshot
from zhuban.consolidation import events, queries
from zhuban.consolidation.actions import Action
from zhuban.consolidation.models import Dossier, Evidence, Task, TaskKind
from zhuban.consolidation.progress import blockers_of
from zhuban.consolidation.services._common import _not_in_future, _require_open, _store_evidence
from zhuban.decision.models import Decision
from zhuban.org.models import Jurisdiction, Unit
from zhuban.org.queries import campaign_root
from zhuban.policy.queries import settings_for
from zhuban.registry.models import Office

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor

# ---- Opening ------------------------------------------------------------------------------------


def default_owner(office: Office, kind: str) -> str:
    if kind == TaskKind.QUOTA:
        unit = Unit.objects.filter(
            jurisdiction_id=office.jurisdiction_id, function=Unit.Function.STAFFING_OFFICE
        ).first()
        return unit.name if unit else _("%(j)s机构编制委员会办公室") % {"j": office.jurisdiction.name}
    return office.sponsor.name


@transaction.atomic
def dossier_open(*, actor: Actor | User, decision: Decision) -> Dossier:
    """Open the consolidation dossier of an approved revocation or merger, with its sub-tasks.

    Idempotent: a second call for the same decision returns the same dossier. A newer decision
    for an office whose dossier is still open takes the dossier over (it was re-approved)."""
    if decision.status != Decision.Status.APPROVED:
        raise ValidationError(_("只有已批准的处置决定才能开立整合档案。"))
    if not decision.needs_dossier:
        raise ValidationError(_("只有撤销或整合的决定才需要开立整合档案。"))
    office = Office.objects.select_related("jurisdiction", "sponsor").get(pk=decision.office_id)
    existing = Dossier.objects.filter(office=office).first()
    if existing is not None:
        return _follow_decision(actor, existing, decision, office)
    dossier = Dossier(
        office=office,
        decision=decision,
        kind=decision.disposition,
        survivor_id=decision.merge_into_id,
        opened_at=timezone.now(),
    )
    dossier.full_clean(exclude=["office"])
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:
        # Two clicks at once: the other one opened it.
        return Dossier.objects.get(office=office)
    due = settings_for(campaign_root(office.jurisdiction)).consolidation_deadline
    for kind in dossier.task_kinds:
        Task.objects.create(dossier=dossier, kind=kind, owner=default_owner(office, kind), due_on=due)
    audit_about(
        actor, Action.DOSSIER_OPEN, dossier, office, None, snapshot(dossier, ("decision", "kind", "survivor", "status"))
    )
    return dossier


def _follow_decision(actor: Actor | User, dossier: Dossier, decision: Decision, office: Office) -> Dossier:
    if dossier.decision_id == decision.pk:
        return dossier
    if dossier.status != Dossier.Status.OPEN:
        raise ValidationError(_("该机构的整合档案已办结。"))
    before = snapshot(dossier, ("decision", "kind", "survivor"))
    moved = Dossier.objects.filter(pk=dossier.pk, version=dossier.version, status=Dossier.Status.OPEN).update(
        decision=decision, kind=decision.disposition, survivor_id=decision.merge_into_id, version=F("version") + 1
    )
    if not moved:
        raise ValidationError(_("整合档案已被他人修改，请刷新后重试。"))
    dossier.refresh_from_db()
    if dossier.kind == Dossier.Kind.MERGE and not dossier.tasks.filter(kind=TaskKind.MERGE).exists():
        due = settings_for(campaign_root(office.jurisdiction)).consolidation_deadline
        Task.objects.create(dossier=dossier, kind=TaskKind.MERGE, owner=office.sponsor.name, due_on=due)
    audit_about(
        actor,
        Action.DOSSIER_FOLLOW_DECISION,
        dossier,
        office,
        before,
        snapshot(dossier, ("decision", "kind", "survivor")),
    )
    return dossier


def dossier_open_if_due(*, actor: Actor | User, decision: Decision) -> Dossier | None:
    """Called when a decision becomes approved: a revocation or merger opens its dossier. An
    office whose dossier is already closed keeps it; the new decision is not refused for that."""
    if not decision.needs_dossier:
        return None
    if Dossier.objects.filter(office_id=decision.office_id, status=Dossier.Status.CLOSED).exists():
        return None
    return dossier_open(actor=actor, decision=decision)


@transaction.atomic
def task_assign(
    *, actor: Actor | User, task: Task, owner: str, due_on: date, expected_version: int | None = None
) -> Task:
    _require_open(task.dossier)
    if not owner.strip():
        raise ValidationError({"owner": _("须填写责任单位或责任人。")})
    before = snapshot(task, ("owner", "due_on"))
    moved = Task.objects.filter(pk=task.pk, version=expected_version or task.version).update(
        owner=owner.strip(), due_on=due_on, version=F("version") + 1
    )
    if not moved:
        raise ValidationError(_("此记录已被他人修改，请刷新后重新编辑。"))
    task.refresh_from_db()
    audit_about(actor, Action.TASK_ASSIGN, task, task.dossier.office, before, snapshot(task, ("owner", "due_on")))
    return task


@transaction.atomic
def evidence_add(
    *, actor: Actor | User, dossier: Dossier, task: str, file: UploadedFile, description: str = ""
) -> Evidence:
    _require_open(dossier)
    if task not in dossier.task_kinds:
        raise ValidationError({"task": _("该整合档案没有这项子任务。")})
    evidence = _store_evidence(actor, dossier, task, file, description)
    audit_about(
        actor,
        Action.EVIDENCE_ADD,
        evidence,
        dossier.office,
        None,
        {"task": task, "name": evidence.name, "sha256": evidence.sha256, "size": evidence.size},
    )
    return evidence


# ---- Closing -------------------------------------------------------------------------------------


@transaction.atomic
def dossier_close(*, actor: Actor | User, dossier: Dossier, closed_on: date) -> Dossier:
    """Close a dossier whose every sub-task is done with its evidence, and mark the office
    revoked or merged on that date. The only way an office leaves the "active" status here."""
    # Lock first, then look: what is checked below cannot change before the dossier closes.
    if not Dossier.objects.select_for_update().filter(pk=dossier.pk, status=Dossier.Status.OPEN).exists():
        raise ValidationError(_("该整合档案已办结。"))
    full = queries.dossier_full(dossier.pk)
    blockers = blockers_of(full)
    if blockers:
        raise ValidationError([b.message for b in blockers])
    _not_in_future("closed_on", closed_on)
    if closed_on < full.decision.city_approved_on:
        raise ValidationError(
            {"closed_on": _("办结日期不能早于市政府批准日期（%(d)s）。") % {"d": full.decision.city_approved_on}}
        )
    moved = Dossier.objects.filter(pk=full.pk, status=Dossier.Status.OPEN).update(
        status=Dossier.Status.CLOSED, closed_on=closed_on, closed_at=timezone.now(), version=F("version") + 1
    )
    if not moved:
        raise ValidationError(_("该整合档案已办结。"))
    dossier.refresh_from_db()
    audit_about(
        actor,
        Action.DOSSIER_CLOSE,
        dossier,
        full.office,
        {"status": "open"},
        {"status": "closed", "closed_on": closed_on.isoformat()},
    )
    # The office leaves the "active" status and its decision is carried out (zhuban.flows): a
    # refusal there (the office edited since the blockers were read) undoes the closing too.
    events.dossier_closed.send(sender=Dossier, dossier=full, office=full.office, closed_on=closed_on, actor=actor)
    return dossier


@transaction.atomic
def report_submit(*, actor: Any, jurisdiction: Jurisdiction, at: datetime | None = None) -> bool:
    """The jurisdiction reports its special report (专项工作报告) to the offices administration.
    What follows is the campaign's (its submission is marked submitted, once, with its own entry
    on the trail): True when something was reported, False when it already was or this level
    owes none. ``at``: when a report sent on paper was received (default now)."""
    document = _("%(name)s清理规范驻省会城市办事机构精简整合专项工作报告") % {"name": jurisdiction.name}
    answers = events.report_submitted.send(
        sender=Jurisdiction, jurisdiction=jurisdiction, document=document, actor=actor, at=at
    )
    return any(answer is not None for _receiver, answer in answers)
