"""Every change to a campaign, one function per business event, each with its audit entry.

A submission moves only by appending an event; the allowed moves are the table ``ALLOWED_FROM``.
The submission row is locked while its last event is read, so of two identical clicks exactly
one moves it and the other is refused with the status it found.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import as_actor, audit_record, changed_fields, snapshot
from zhuban.campaign import events, reference, work
from zhuban.campaign.actions import Action
from zhuban.campaign.models import (
    Campaign,
    Phase,
    Requirement,
    Status,
    Submission,
    SubmissionEvent,
    TaskForce,
    state_after,
)
from zhuban.campaign.queries import submission_of
from zhuban.org.models import Jurisdiction
from zhuban.policy.policy_settings import SETTING_SPECS, PolicySettings, PolicySettingsError
from zhuban.policy.queries import settings_for
from zhuban.policy.services import policy_settings_change
from zhuban.versioning import apply_values, insert_checked, save_versioned

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor

Kind = SubmissionEvent.Kind

# The states each event may follow. Anything else is refused with the state found.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    Kind.STARTED: frozenset({Status.NOT_STARTED, Status.RETURNED}),
    Kind.SUBMITTED: frozenset({Status.NOT_STARTED, Status.IN_PROGRESS, Status.RETURNED}),
    Kind.RETURNED: frozenset({Status.SUBMITTED}),
    Kind.ACCEPTED: frozenset({Status.SUBMITTED}),
}

CAMPAIGN_FIELDS = ("name", "document", "issued_on", "ends_on", "is_default", "local_days_off")
CAMPAIGN_SETTINGS_FIELDS = ("local_days_off", "reminder_working_days", "roll_forward", "is_default", "opens_on")
PHASE_FIELDS = ("name", "starts_on", "ends_on", "clause", "note")
REQUIREMENT_FIELDS = ("name", "description", "applies_to", "due_on", "plan_due_on", "due_note")
TASK_FORCE_FIELDS = (
    "lead_name",
    "lead_post",
    "members",
    "contact_name",
    "contact_phone",
    "established_on",
    "document",
)
EVENT_FIELDS = ("kind", "at", "comment", "document")


def _audit(
    actor: Actor | User, action: str, obj: Model, subject: Model, path: str, before, after, reason: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        subject=subject,
        jurisdiction_path=path,
        unit_id=None,
        before=before,
        after=after,
        reason=reason,
    )


# ---- Submissions ------------------------------------------------------------------------------


def _append(
    *,
    actor: Actor | User,
    submission: Submission,
    kind: str,
    comment: str = "",
    document: str = "",
    at: datetime | None = None,
) -> SubmissionEvent:
    # Lock the submission (PostgreSQL; SQLite's IMMEDIATE transactions serialise writers) so the
    # state read below is still the state when the event is written.
    Submission.objects.select_for_update().filter(pk=submission.pk).values_list("pk").get()
    last = SubmissionEvent.objects.filter(submission=submission).order_by("-at", "-id").first()
    state = state_after(last.kind if last else None)
    if state not in ALLOWED_FROM[kind]:
        raise ValidationError(
            _("当前状态为“%(state)s”，不能%(action)s。") % {"state": Status(state).label, "action": Kind(kind).label},
            code="transition",
        )
    now = timezone.now()
    at = at or now
    if at > now + timedelta(minutes=5):
        raise ValidationError({"at": _("时间不能晚于现在。")})
    if last is not None and at < last.at:
        # The history is read by date: an event before the last one would rewrite the past.
        raise ValidationError({"at": _("时间不能早于上一条记录。")})
    who = as_actor(actor)
    event = SubmissionEvent(
        submission=submission,
        kind=kind,
        at=at,
        actor=who.user,
        actor_label=who.label,
        comment=comment.strip(),
        document=document.strip(),
    )
    event.full_clean()
    event.save()
    _audit(
        actor,
        Action(f"submission.{kind}"),
        submission,
        submission,
        submission.jurisdiction.path,
        {"status": state},
        {**snapshot(event, EVENT_FIELDS), "status": state_after(kind)},
        comment.strip(),
    )
    return event


@transaction.atomic
def submission_start(*, actor: Actor | User, submission: Submission, at: datetime | None = None) -> SubmissionEvent:
    """The jurisdiction has begun (or, after a return, resumed) work on a submission."""
    return _append(actor=actor, submission=submission, kind=Kind.STARTED, at=at)


@transaction.atomic
def submission_submit(
    *, actor: Actor | User, submission: Submission, document: str = "", comment: str = "", at: datetime | None = None
) -> SubmissionEvent:
    """The jurisdiction reports the submission to the offices administration.

    A submission whose work is in the product is refused while that work is not done, naming
    what is missing (``work.work_of``); the work's own events move it (``submission_follow_work``,
    called from zhuban.flows).
    """
    is_task_force = submission.requirement.code == Requirement.Code.TASK_FORCE
    if is_task_force and not TaskForce.objects.filter(submission=submission).exists():
        raise ValidationError(_("请先填写工作专班的负责人、成员和联络员。"), code="task_force_missing")
    shown = work.work_of(submission)
    _refuse_unless_done(shown.blocker, shown.missing, "work_missing")
    return _append(actor=actor, submission=submission, kind=Kind.SUBMITTED, document=document, comment=comment, at=at)


@transaction.atomic
def submission_return(
    *, actor: Actor | User, submission: Submission, comment: str, at: datetime | None = None
) -> SubmissionEvent:
    """The offices administration sends a submission back, saying what is missing."""
    if not comment.strip():
        raise ValidationError({"comment": _("退回须写明意见。")})
    event = _append(actor=actor, submission=submission, kind=Kind.RETURNED, comment=comment, at=at)
    events.submission_returned.send(sender=Submission, submission=submission, event=event, actor=actor)
    return event


@transaction.atomic
def submission_accept(
    *, actor: Actor | User, submission: Submission, comment: str = "", at: datetime | None = None
) -> SubmissionEvent:
    """The offices administration accepts a submission. Proposals are accepted by their approvals:
    accepting them by hand while an office has no approved decision is refused, naming it."""
    shown = work.work_of(submission)
    _refuse_unless_done(shown.accept_blocker, shown.accept_missing, "approval_missing")
    return _append(actor=actor, submission=submission, kind=Kind.ACCEPTED, comment=comment, at=at)


def _refuse_unless_done(blocker: str, missing: list[work.OfficeLine], code: str) -> None:
    if blocker:
        names = "、".join(line.name for line in missing)
        raise ValidationError(f"{blocker}{names}" if names else blocker, code=code)


@transaction.atomic
def task_force_record(
    *,
    actor: Actor | User,
    submission: Submission,
    values: dict[str, Any],
    expected_version: int | None = None,
    at: datetime | None = None,
) -> TaskForce:
    """Record (or correct) a jurisdiction's task force. Editing is closed once it is submitted,
    until the offices administration returns it; the first save marks the work as started."""
    if submission.requirement.code != Requirement.Code.TASK_FORCE:
        raise ValueError("only the task_force requirement has a task force")
    # The first save creates the task force: two at once must not both find none (PostgreSQL).
    Submission.objects.select_for_update().filter(pk=submission.pk).values_list("pk").get()
    last = SubmissionEvent.objects.filter(submission=submission).order_by("-at", "-id").first()
    state = state_after(last.kind if last else None)
    if state in (Status.SUBMITTED, Status.ACCEPTED):
        raise ValidationError(
            _("工作专班已报送（%(state)s），退回后才能修改。") % {"state": Status(state).label}, code="closed"
        )
    task_force = TaskForce.objects.filter(submission=submission).first()
    path = submission.jurisdiction.path
    if task_force is None:
        task_force = TaskForce(submission=submission)
        apply_values(task_force, values, TASK_FORCE_FIELDS)
        task_force.full_clean()
        task_force.save()
        _audit(
            actor, Action.TASK_FORCE_RECORD, task_force, submission, path, None, snapshot(task_force, TASK_FORCE_FIELDS)
        )
    else:
        before = snapshot(task_force, TASK_FORCE_FIELDS)
        apply_values(task_force, values, TASK_FORCE_FIELDS)
        task_force.full_clean()
        after = snapshot(task_force, TASK_FORCE_FIELDS)
        if changed_fields(before, after):
            save_versioned(task_force, expected_version, TASK_FORCE_FIELDS)
            _audit(actor, Action.TASK_FORCE_UPDATE, task_force, submission, path, before, after)
    if state in (Status.NOT_STARTED, Status.RETURNED):
        _append(actor=actor, submission=submission, kind=Kind.STARTED, at=at)
    return task_force


# ---- The campaign and its plan ----------------------------------------------------------------


@transaction.atomic
def campaign_enrol(*, actor: Actor | User, campaign: Campaign) -> int:
    """Create the submissions owed by jurisdictions that have none yet (e.g. a new county)."""
    made = reference.enrol(apps, campaign)
    if made:
        _audit(
            actor, Action.CAMPAIGN_ENROL, campaign, campaign, campaign.jurisdiction.path, None, {"submissions": made}
        )
    return made


@transaction.atomic
def campaign_copy(
    *,
    actor: Actor | User,
    source: Campaign,
    name: str,
    issued_on: date,
    document: str = "",
    jurisdiction: Jurisdiction | None = None,
    reason: str = "",
) -> Campaign:
    """A new campaign with the source's phases and requirements, every date shifted by the same
    number of days as the issue date, run by the same jurisdiction or another one (a province
    reusing a city's plan). The plan's own dates (and their notes) belong to the old plan's
    wording and are not copied; nor are local days off, which are dates of their year."""
    shift = issued_on - source.issued_on
    campaign = Campaign(
        name=name.strip(),
        document=document.strip(),
        jurisdiction=jurisdiction or source.jurisdiction,
        issued_on=issued_on,
        ends_on=source.ends_on + shift,
        reminder_working_days=source.reminder_working_days,
        roll_forward=source.roll_forward,
        copied_from=source,
    )
    campaign.full_clean()
    insert_checked(campaign)  # a copy sent twice at once: the second is refused by name
    phases: dict[int, Phase] = {}
    originals = list(source.phases.order_by("order", "id"))
    for phase in originals:
        copy = Phase(
            campaign=campaign,
            code=phase.code,
            name=phase.name,
            starts_on=phase.starts_on + shift,
            ends_on=phase.ends_on + shift,
            clause=phase.clause,
            note="",
            order=phase.order,
        )
        copy.full_clean()
        copy.save()
        phases[phase.pk] = copy
    # Steps point at their stage once every phase has its copy (whatever order they came in).
    for phase in originals:
        if phase.parent_id:
            Phase.objects.filter(pk=phases[phase.pk].pk).update(parent=phases[phase.parent_id])
    for req in source.requirements.all():
        req_copy = Requirement(
            campaign=campaign,
            phase=phases[req.phase_id],
            code=req.code,
            name=req.name,
            description=req.description,
            clause=req.clause,
            applies_to=req.applies_to,
            due_on=req.due_on + shift,
            plan_due_on=None,
            due_note="",
            order=req.order,
        )
        req_copy.full_clean()
        req_copy.save()
    made = reference.enrol(apps, campaign)
    _audit(
        actor,
        Action.CAMPAIGN_COPY,
        campaign,
        campaign,
        campaign.jurisdiction.path,
        None,
        {
            **snapshot(campaign, CAMPAIGN_FIELDS),
            "copied_from": source.pk,
            "shift_days": shift.days,
            "submissions": made,
        },
        reason,
    )
    return campaign


@transaction.atomic
def campaign_update_settings(
    *, actor: Actor | User, campaign: Campaign, values: dict[str, Any], expected_version: int | None = None
) -> Campaign:
    """Local days off, the reminder lead time, rolling deadlines forward, the default campaign,
    the date its pages open on."""
    before = snapshot(Campaign.objects.get(pk=campaign.pk), CAMPAIGN_SETTINGS_FIELDS)
    apply_values(campaign, values, CAMPAIGN_SETTINGS_FIELDS)
    campaign.local_days_off = sorted(campaign.local_days_off or [], key=lambda item: item["date"])
    campaign.full_clean()
    after = snapshot(campaign, CAMPAIGN_SETTINGS_FIELDS)
    if not changed_fields(before, after):
        return campaign
    if campaign.is_default:
        Campaign.objects.filter(is_default=True).exclude(pk=campaign.pk).update(is_default=False)
    save_versioned(campaign, expected_version, CAMPAIGN_SETTINGS_FIELDS)
    _audit(actor, Action.CAMPAIGN_SETTINGS, campaign, campaign, campaign.jurisdiction.path, before, after)
    return campaign


@transaction.atomic
def phase_update(
    *, actor: Actor | User, phase: Phase, values: dict[str, Any], expected_version: int | None = None
) -> Phase:
    before = snapshot(Phase.objects.get(pk=phase.pk), PHASE_FIELDS)
    apply_values(phase, values, PHASE_FIELDS)
    phase.full_clean()
    after = snapshot(phase, PHASE_FIELDS)
    if changed_fields(before, after):
        save_versioned(phase, expected_version, PHASE_FIELDS)
        _audit(actor, Action.PHASE_UPDATE, phase, phase.campaign, phase.campaign.jurisdiction.path, before, after)
    return phase


@transaction.atomic
def requirement_update(
    *, actor: Actor | User, requirement: Requirement, values: dict[str, Any], expected_version: int | None = None
) -> Requirement:
    """Change a requirement's dates or wording. Who owes it (``applies_to``) changing enrols the
    jurisdictions that now owe it; submissions already made are kept with their history.

    A date that is a policy setting (``date_setting``) is changed there, the one source: the
    settings are saved and every requirement bound to them follows (zhuban.flows)."""
    new_due = values.get("due_on")
    routed = bool(requirement.date_setting) and new_due is not None
    if routed:
        values = {k: v for k, v in values.items() if k != "due_on"}
    before = snapshot(Requirement.objects.get(pk=requirement.pk), REQUIREMENT_FIELDS)
    apply_values(requirement, values, REQUIREMENT_FIELDS)
    if routed:
        requirement.due_on = date.fromisoformat(before["due_on"])
    requirement.full_clean()
    after = snapshot(requirement, REQUIREMENT_FIELDS)
    campaign = requirement.campaign
    if changed_fields(before, after):
        save_versioned(requirement, expected_version, REQUIREMENT_FIELDS)
        _audit(actor, Action.REQUIREMENT_UPDATE, requirement, campaign, campaign.jurisdiction.path, before, after)
        if before["applies_to"] != after["applies_to"]:
            reference.enrol(apps, campaign)
    if routed and new_due is not None and new_due != requirement.due_on:
        _change_date_setting(actor, campaign.jurisdiction, requirement.date_setting, new_due)
        requirement.refresh_from_db()
    return requirement


def _change_date_setting(actor: Any, root: Jurisdiction, key: str, value: date) -> None:
    current = settings_for(root).to_dict()
    try:
        policy_settings_change(
            actor=actor,
            root=root,
            values={**current, key: value.isoformat()},
            reason=_("在工作计划中修改截止日期。"),
        )
    except PolicySettingsError as exc:
        raise ValidationError({"due_on": exc.errors}) from None


@transaction.atomic
def requirements_follow_settings(*, actor: Any, root: Jurisdiction, settings: PolicySettings) -> int:
    """The due dates bound to policy settings take the settings' values, in every campaign the
    city runs, each change on the trail. Returns how many requirements moved."""
    moved = 0
    bound = Requirement.objects.select_related("campaign__jurisdiction").exclude(date_setting="")
    for requirement in bound.filter(campaign__jurisdiction=root):
        due = getattr(settings, requirement.date_setting)
        if requirement.due_on == due:
            continue
        before = snapshot(requirement, ("due_on",))
        Requirement.objects.filter(pk=requirement.pk).update(due_on=due, version=F("version") + 1)
        requirement.refresh_from_db()
        campaign = requirement.campaign
        _audit(
            actor,
            Action.REQUIREMENT_UPDATE,
            requirement,
            campaign,
            campaign.jurisdiction.path,
            before,
            snapshot(requirement, ("due_on",)),
            _("截止日期随政策设置“%(setting)s”更新。") % {"setting": _(SETTING_SPECS[requirement.date_setting].label)},
        )
        moved += 1
    return moved


@transaction.atomic
def submission_follow_work(
    *,
    actor: Actor | User,
    jurisdiction: Any,
    code: str,
    kind: str,
    at: datetime | None = None,
    comment: str = "",
    document: str = "",
    campaign: Campaign | None = None,
) -> SubmissionEvent | None:
    """The hook the work's own events reach (through zhuban.flows): a jurisdiction's work for a
    requirement moved, so its submission takes the step ``kind`` at the moment the work did
    (``at``; never before the submission's last step, never in the future). Nothing happens when
    the step does not follow from where the submission stands (reported twice, returned when it
    was never reported), or when the jurisdiction owes no such submission in the default campaign
    (or the one given)."""
    submission = submission_of(jurisdiction=jurisdiction, code=code, campaign=campaign)
    if submission is None:
        return None
    Submission.objects.select_for_update().filter(pk=submission.pk).values_list("pk").get()
    last = SubmissionEvent.objects.filter(submission=submission).order_by("-at", "-id").first()
    if state_after(last.kind if last else None) not in ALLOWED_FROM[kind]:
        return None
    moment = min(at or timezone.now(), timezone.now())
    if last is not None and moment < last.at:
        moment = last.at
    return _append(actor=actor, submission=submission, kind=kind, comment=comment, document=document, at=moment)


def submission_report_done(*, actor: Actor | User, jurisdiction: Any, code: str, comment: str = "", document: str = ""):
    """The work for a requirement is complete: its submission is reported unless it already is."""
    return submission_follow_work(
        actor=actor, jurisdiction=jurisdiction, code=code, kind=Kind.SUBMITTED, comment=comment, document=document
    )
