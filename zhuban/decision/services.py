"""The decision workflow's business events, each with its audit entry.

Double submissions are safe: every state change is a conditional UPDATE on the expected status,
so of two identical clicks exactly one succeeds and the other gets a clear refusal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhuban.audit.services import audit_about, snapshot
from zhuban.decision import events
from zhuban.decision.actions import Action
from zhuban.decision.models import AssessmentChange, Decision, Disposition, Proposal, StoredAssessment
from zhuban.lib.evidence import EvidenceError, check_evidence
from zhuban.org.models import Jurisdiction
from zhuban.org.queries import city_paths, nearest_at
from zhuban.policy.clauses import WUHAN_OFFICE_APPROVER
from zhuban.policy.facts import Assessment
from zhuban.registry.models import Office

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor

PROPOSAL_FIELDS = ("disposition", "merge_into", "follows_engine", "reason", "status", "review_comments")
DECISION_FIELDS = (
    "disposition",
    "merge_into",
    "clauses",
    "city_document",
    "city_approved_on",
    "city_file_sha256",
    "province_required",
    "province_document",
    "province_approved_on",
    "province_file_sha256",
    "status",
)


def engine_summary(a: Assessment) -> dict[str, Any]:
    return {
        "disposition": a.disposition,
        "merge_into": a.merge_into,
        "clauses": list(a.clauses),
        "approval_required": a.approval_required,
        "approver": a.approver,
        "violations": list(a.violations),
        "explanation": a.explanation,
    }


@transaction.atomic
def proposal_submit(
    *,
    actor: User,
    office: Office,
    assessment: Assessment,
    disposition: str,
    merge_into: Office | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> Proposal:
    """A jurisdiction's proposal for one office: the engine's, or another with a written reason.
    ``at``: when it was submitted, for a paper proposal recorded afterwards (default now)."""
    errors: dict[str, str] = {}
    if disposition == Disposition.MERGE and merge_into is None:
        errors["merge_into"] = _("整合须指定并入的机构。")
    if disposition != Disposition.MERGE:
        merge_into = None
    if merge_into is not None and merge_into.pk == office.pk:
        errors["merge_into"] = _("机构不能并入自身。")
    follows = (
        disposition == assessment.disposition and (str(merge_into.pk) if merge_into else None) == assessment.merge_into
    )
    if not follows and not reason.strip():
        errors["reason"] = _("与系统建议（%(engine)s）不同的意见须写明理由。") % {
            "engine": Disposition(assessment.disposition).label
        }
    if errors:
        raise ValidationError(errors)
    # Proposals for one office queue on the office's row: with no live proposal to lock, eight
    # identical submissions at once would otherwise all pass the checks below (PostgreSQL).
    Office.objects.select_for_update().filter(pk=office.pk).values_list("pk").get()
    live = list(
        Proposal.objects.select_for_update().filter(
            office=office, status__in=[Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED, Proposal.Status.RETURNED]
        )
    )
    same = (disposition, merge_into.pk if merge_into else None, reason.strip(), office.version)
    if any(
        old.status != Proposal.Status.RETURNED
        and (old.disposition, old.merge_into_id, old.reason, old.office_version) == same
        for old in live
    ):
        # The same proposal sent again (a double click, a second tab): it would only supersede
        # itself and send the review back to the start.
        raise ValidationError(_("该机构已有内容相同的意见（已报送或已审核通过），无需重复报送。"))
    current = Decision.objects.filter(office=office).exclude(status=Decision.Status.REVOKED).first()
    if current is not None and office.version <= current.office_version:
        raise ValidationError(_("该机构已有处置决定，且决定后机构信息未改动，无需再报意见。"))
    for old in live:
        Proposal.objects.filter(pk=old.pk).update(status=Proposal.Status.SUPERSEDED)
    proposal = Proposal(
        office=office,
        disposition=disposition,
        merge_into=merge_into,
        follows_engine=follows,
        reason=reason.strip(),
        engine=engine_summary(assessment),
        office_version=office.version,
        submitted_by=actor,
        submitted_at=_when(at),
    )
    proposal.full_clean()
    proposal.save()
    audit_about(actor, Action.PROPOSAL_SUBMIT, proposal, office, None, snapshot(proposal, PROPOSAL_FIELDS), reason)
    events.proposal_submitted.send(sender=Proposal, proposal=proposal, actor=actor)
    return proposal


def _when(at: datetime | None, *, after: datetime | None = None) -> datetime:
    """When a step happened: now, or the moment given for a paper record, never in the future
    and never before the step it follows."""
    now = timezone.now()
    if at is None:
        return now
    if at > now + timedelta(minutes=5):
        raise ValidationError({"at": _("时间不能晚于现在。")})
    if after is not None and at < after:
        raise ValidationError({"at": _("时间不能早于意见的报送时间。")})
    return at


def _transition(proposal: Proposal, expected: str, **changes: Any) -> None:
    """Move a proposal on only from the status the user saw; a second click finds it moved."""
    moved = Proposal.objects.filter(pk=proposal.pk, status=expected).update(**changes)
    if not moved:
        raise ValidationError(_("该意见的状态已经改变（可能已被他人处理），请刷新后查看。"))
    for name, value in changes.items():
        setattr(proposal, name, value)


@transaction.atomic
def proposal_accept(
    *, actor: Actor | User, proposal: Proposal, comments: str = "", at: datetime | None = None
) -> Proposal:
    before = snapshot(proposal, ("status", "review_comments"))
    _transition(
        proposal,
        Proposal.Status.SUBMITTED,
        status=Proposal.Status.ACCEPTED,
        reviewed_by=actor,
        reviewed_at=_when(at, after=proposal.submitted_at),
        review_comments=comments.strip(),
    )
    audit_about(
        actor,
        Action.PROPOSAL_ACCEPT,
        proposal,
        proposal.office,
        before,
        snapshot(proposal, ("status", "review_comments")),
    )
    return proposal


@transaction.atomic
def proposal_return(*, actor: Actor | User, proposal: Proposal, comments: str, at: datetime | None = None) -> Proposal:
    if not comments.strip():
        raise ValidationError({"comments": _("退回须写明意见。")})
    before = snapshot(proposal, ("status", "review_comments"))
    _transition(
        proposal,
        Proposal.Status.SUBMITTED,
        status=Proposal.Status.RETURNED,
        reviewed_by=actor,
        reviewed_at=_when(at, after=proposal.submitted_at),
        review_comments=comments.strip(),
    )
    audit_about(
        actor,
        Action.PROPOSAL_RETURN,
        proposal,
        proposal.office,
        before,
        snapshot(proposal, ("status", "review_comments")),
    )
    events.proposal_returned.send(sender=Proposal, proposal=proposal, actor=actor)
    return proposal


def _evidence(file: UploadedFile | None) -> str:
    if file is None:
        return ""
    try:
        digest, _kind = check_evidence(file, size=file.size or 0)
    except EvidenceError as exc:
        messages = {
            "empty": _("文件“%(name)s”是空的。"),
            "too_large": _("文件“%(name)s”超过大小上限。"),
            "type": _("文件“%(name)s”不是 PDF、OFD 或图片（按文件内容判断，而非文件名）。"),
        }
        raise ValidationError({"file": messages[exc.code] % {"name": file.name}}) from None
    return digest


@transaction.atomic
def decision_record_city_approval(
    *, actor: User, proposal: Proposal, document: str, approved_on: date, file: UploadedFile | None = None
) -> Decision:
    """The city government approved an accepted proposal. For the Wuhan office (二(一)3) the
    province must approve as well, so the decision waits for it."""
    # Approvals of one proposal queue on its row, so of two recorded at once the second finds the
    # first (PostgreSQL; SQLite's IMMEDIATE transactions queue writers already).
    status = Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list("status", flat=True).get()
    if status != Proposal.Status.ACCEPTED:
        raise ValidationError(_("只有审核通过的意见才能录入批准。"))
    if Decision.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("该意见的批准已经录入。"))
    digest = _evidence(file)
    office = proposal.office
    province = proposal.disposition == Disposition.RETAIN and proposal.engine.get("approver") == WUHAN_OFFICE_APPROVER
    Decision.objects.filter(office=office).exclude(status=Decision.Status.REVOKED).update(
        status=Decision.Status.REVOKED
    )
    decision = Decision(
        office=office,
        proposal=proposal,
        disposition=proposal.disposition,
        merge_into=proposal.merge_into,
        clauses=proposal.engine.get("clauses", []) if proposal.follows_engine else [],
        city_document=document.strip(),
        city_approved_on=approved_on,
        city_file=file or "",
        city_file_sha256=digest,
        province_required=province,
        status=Decision.Status.AWAITING_PROVINCE if province else Decision.Status.APPROVED,
        office_version=proposal.office_version,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    decision.full_clean()
    decision.save()
    # The office's approved decision is what 四(二) judges it by (and an earlier one was revoked).
    assessments_changed_in(jurisdiction_ids=[office.jurisdiction_id])
    audit_about(actor, Action.DECISION_CITY_APPROVE, decision, office, None, snapshot(decision, DECISION_FIELDS))
    if decision.status == Decision.Status.APPROVED:
        events.decision_approved.send(sender=Decision, decision=decision, actor=actor)
    return decision


@transaction.atomic
def decision_record_province_approval(
    *, actor: Actor | User, decision: Decision, document: str, approved_on: date, file: UploadedFile | None = None
) -> Decision:
    digest = _evidence(file)
    before = snapshot(decision, DECISION_FIELDS)
    moved = Decision.objects.filter(pk=decision.pk, status=Decision.Status.AWAITING_PROVINCE).update(
        status=Decision.Status.APPROVED,
        province_document=document.strip(),
        province_approved_on=approved_on,
        province_file_sha256=digest,
    )
    if not moved:
        raise ValidationError(_("该决定不在待省政府批准状态。"))
    if file is not None:
        decision.province_file = file
        decision.save(update_fields=["province_file"])
    decision.refresh_from_db()
    assessments_changed_in(jurisdiction_ids=[decision.office.jurisdiction_id])
    audit_about(
        actor, Action.DECISION_PROVINCE_APPROVE, decision, decision.office, before, snapshot(decision, DECISION_FIELDS)
    )
    if decision.status == Decision.Status.APPROVED:
        events.decision_approved.send(sender=Decision, decision=decision, actor=actor)
    return decision


def decision_follow_closing(*, decision: Decision, office_version: int) -> None:
    """The office's dossier closed and bumped its version: closing carries the decision out and
    changes none of the facts it was made on, so the decision must not be flagged for
    re-approval. Bookkeeping only (the closing itself is on the trail)."""
    Decision.objects.filter(pk=decision.pk, office_version=office_version - 1).update(office_version=office_version)


class BatchRefused(ValidationError):
    """One act of a batch was refused: nothing of the batch is written. ``office`` names it."""

    def __init__(self, office: str, exc: ValidationError) -> None:
        super().__init__(_("%(office)s：%(reasons)s") % {"office": office, "reasons": "；".join(exc.messages)})
        self.office = office


@transaction.atomic
def proposals_accept_all(*, actor: User, proposals: list[Proposal], comments: str = "") -> list[Proposal]:
    """Review-pass several proposals at once: each through ``proposal_accept``, with its own
    audit entry. All or nothing: one refused (moved meanwhile by a colleague) undoes the batch,
    and the refusal names its office, so the reviewer sees one state, never half a batch."""
    for proposal in proposals:
        try:
            proposal_accept(actor=actor, proposal=proposal, comments=comments)
        except ValidationError as exc:
            raise BatchRefused(proposal.office.name, exc) from None
    return proposals


@transaction.atomic
def decisions_record_city_approval_all(
    *, actor: User, proposals: list[Proposal], document: str, approved_on: date
) -> list[Decision]:
    """One city government document approving several accepted proposals (a 批复 listing
    them): each recorded through ``decision_record_city_approval``, with its own audit entry.
    All or nothing, the refused one named, as for the review above. A batch records the
    document's number and date only: a scan to keep with a decision is recorded by approving
    that proposal on its own page."""
    decisions = []
    for proposal in proposals:
        try:
            decisions.append(
                decision_record_city_approval(
                    actor=actor, proposal=proposal, document=document, approved_on=approved_on
                )
            )
        except ValidationError as exc:
            raise BatchRefused(proposal.office.name, exc) from None
    return decisions


# ---- Stored assessments (bookkeeping of derived data: no audit entry, the registry is the record)


def assessments_changed(*, root_paths: Iterable[str]) -> None:
    """What these roots' offices are assessed on changed: their stored assessments are read
    again from the engine next time. Call inside the write's transaction."""
    AssessmentChange.objects.bulk_create([AssessmentChange(root_path=path) for path in sorted(set(root_paths))])


def assessments_changed_in(*, jurisdiction_ids: Iterable[int]) -> None:
    """As ``assessments_changed``, for the roots of these jurisdictions (two queries)."""
    cities = city_paths()
    paths = Jurisdiction.objects.filter(pk__in=list(jurisdiction_ids)).values_list("path", flat=True)
    assessments_changed(root_paths={nearest_at(path, cities) or path for path in paths})


# The first key of the advisory locks that serialise a root's refresh (the second is the root's id).
ASSESSMENT_LOCK = 0x5A5A0001


def assessments_lock(root: Jurisdiction) -> None:
    """Hold the root's refresh until the transaction ends: a PostgreSQL advisory lock, which no
    row lock of any writer ever meets. SQLite's IMMEDIATE transactions serialise it already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ASSESSMENT_LOCK, root.pk])


@transaction.atomic
def assessments_store(*, root_path: str, as_of: date, results: dict[int, Assessment], seen: list[int]) -> None:
    """Keep a root's freshly computed assessments in the active language, and remove the changes
    they were computed after (``seen``, read before the registry was). A change committed since
    stays, so the next reading computes again. Rows of other languages of the root are dropped:
    they predate the changes."""
    language = get_language() or settings.LANGUAGE_CODE
    now = timezone.now()
    # An edit changes few offices' results: only those rows are written (a city's 20,000 rows
    # rewritten on every edit cost several times the assessment itself).
    kept = dict(
        StoredAssessment.objects.filter(root_path=root_path, language=language, as_of=as_of).values_list(
            "office_id", "result"
        )
    )
    rows = [
        StoredAssessment(
            office_id=pk,
            language=language,
            root_path=root_path,
            as_of=as_of,
            result=result,
            computed_at=now,
        )
        for pk, result in sorted((pk, StoredAssessment.result_of(a)) for pk, a in results.items())
        if kept.get(pk) != result
    ]
    StoredAssessment.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["office", "language"],
        update_fields=["root_path", "as_of", "result", "computed_at"],
    )
    StoredAssessment.objects.filter(root_path=root_path).exclude(language=language).delete()
    AssessmentChange.objects.filter(pk__in=seen).delete()
