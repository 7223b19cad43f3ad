"""Oversight's business events, each with its audit entry on the office.

State changes are conditional UPDATEs on the state the user saw (a mandate still awaiting this
review, a posting still open), so of two identical clicks exactly one succeeds and the other
gets a clear refusal.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import as_actor, audit_about, audit_record, snapshot
from zhuban.oversight import events, queries
from zhuban.oversight.actions import Action
from zhuban.oversight.models import (
    KINDS_OF,
    REQUIRED_FIELDS,
    Assessment,
    BudgetLine,
    Criterion,
    Function,
    Heading,
    InternalRule,
    Mandate,
    Posting,
    RotationTerm,
    SpendingCategory,
    WorkLog,
    field_label,
)
from zhuban.registry.models import Office, StaffMember
from zhuban.versioning import save_versioned

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor
    from zhuban.org.models import Jurisdiction

MANDATE_FIELDS = (
    "conditions",
    "functions",
    "internal_units",
    "staffing_quota",
    "leadership_posts",
    "management_responsibility",
    "approving_document",
)


def _user_of(actor: Actor | User) -> Any:
    return as_actor(actor).user


def _not_in_future(field: str, value: date | None) -> None:
    if value is not None and value > queries.today():
        raise ValidationError({field: _("日期不能晚于今天。")})


def _require_retained(office: Office) -> None:
    if not queries.is_retained(office):
        raise ValidationError(
            _("“%(office)s”没有经批准保留的决定，不属于保留的驻外办事机构。") % {"office": office.name}
        )


def _clean_functions(functions: dict[str, str]) -> dict[str, str]:
    """The office's own words for each of the plan's functions it takes up (二(三)); at least one."""
    unknown = set(functions) - set(Function.values)
    if unknown:
        raise ValidationError({"functions": _("未知的职能：%(codes)s。") % {"codes": "、".join(sorted(unknown))}})
    kept = {code: text.strip() for code, text in functions.items() if (text or "").strip()}
    if not kept:
        raise ValidationError({"functions": _("须用本机构的表述写明至少一项职能（方案二(三)所列四项）。")})
    return kept


# ---- Mandates ---------------------------------------------------------------------------------


@transaction.atomic
def mandate_draft(*, actor: Actor | User, office: Office, values: dict[str, Any] | None = None) -> Mandate:
    """Start the office's next mandate version: from ``values``, else a copy of the one in force."""
    _require_retained(office)
    Office.objects.filter(pk=office.pk).update(version=F("version"))  # take the office's row: numbers in turn
    if (
        Mandate.objects.filter(office=office)
        .exclude(status__in=[Mandate.Status.APPROVED, Mandate.Status.SUPERSEDED])
        .exists()
    ):
        raise ValidationError(_("“%(office)s”已有一份正在办理的三定方案，请在其上修改。") % {"office": office.name})
    base = queries.mandate_in_force(office)
    number = (Mandate.objects.filter(office=office).aggregate(n=Max("number"))["n"] or 0) + 1
    data: dict[str, Any] = {f: getattr(base, f) for f in MANDATE_FIELDS} if base else {}
    data.update(values or {})
    if not base and not values:
        data = {
            "conditions": "",
            "functions": {},
            "internal_units": "",
            "staffing_quota": office.staffing_quota,
            "leadership_posts": "",
            "management_responsibility": "",
        }
    mandate = Mandate(office=office, number=number, drafted_by=_user_of(actor), drafted_at=timezone.now(), **data)
    if values is not None:
        mandate.functions = _clean_functions(mandate.functions)
        mandate.full_clean(exclude=["office", "drafted_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            mandate.save()
    except IntegrityError:
        raise ValidationError(_("“%(office)s”已有一份正在办理的三定方案。") % {"office": office.name}) from None
    audit_about(actor, Action.MANDATE_DRAFT, mandate, office, None, snapshot(mandate, ("number", *MANDATE_FIELDS)))
    return mandate


@transaction.atomic
def mandate_update(
    *, actor: Actor | User, mandate: Mandate, values: dict[str, Any], expected_version: int | None = None
) -> Mandate:
    if not mandate.editable:
        raise ValidationError(_("该三定方案已报送或已批准，不能再修改；请起草新版本。"))
    before = snapshot(mandate, MANDATE_FIELDS)
    for name, value in values.items():
        if name not in MANDATE_FIELDS:
            raise ValueError(f"unknown field {name}")
        setattr(mandate, name, value)
    mandate.functions = _clean_functions(mandate.functions)
    mandate.full_clean(exclude=["office", "drafted_by"], validate_constraints=False)
    save_versioned(mandate, expected_version, MANDATE_FIELDS)
    audit_about(actor, Action.MANDATE_UPDATE, mandate, mandate.office, before, snapshot(mandate, MANDATE_FIELDS))
    return mandate


def _move(mandate: Mandate, frm: tuple[str, ...], **changes: Any) -> None:
    moved = Mandate.objects.filter(pk=mandate.pk, status__in=frm).update(version=F("version") + 1, **changes)
    if not moved:
        raise ValidationError(_("该三定方案已不在此环节（可能已被他人处理），请刷新后查看。"))
    mandate.refresh_from_db()


@transaction.atomic
def mandate_submit(*, actor: Actor | User, mandate: Mandate, at: datetime | None = None) -> Mandate:
    """The office sends its draft for review. Every part must be filled; the public liaison
    office's version carries the county windows it hosts as they stand. ``at``: when a version
    sent on paper was received (never in the future)."""
    missing = [
        field_label(Mandate, f)
        for f in ("conditions", "internal_units", "leadership_posts", "management_responsibility")
        if not str(getattr(mandate, f)).strip()
    ]
    if not mandate.functions:
        missing.append(str(_("主要职能")))
    if missing:
        raise ValidationError(_("报送前须填写：%(fields)s。") % {"fields": "、".join(missing)})
    windows = [w.as_json() for w in queries.hosted_windows(mandate.office)]
    _move(
        mandate,
        (Mandate.Status.DRAFT, Mandate.Status.RETURNED),
        status=Mandate.Status.SUBMITTED,
        submitted_at=min(at or timezone.now(), timezone.now()),
        hosted_windows=windows,
        return_reason="",
    )
    audit_about(
        actor,
        Action.MANDATE_SUBMIT,
        mandate,
        mandate.office,
        None,
        {"status": mandate.status, "number": mandate.number, "windows": len(windows)},
    )
    events.mandate_submitted.send(sender=Mandate, mandate=mandate, actor=actor)
    return mandate


REVIEW_STAGES = {
    # stage: (the status it reviews, the status it moves to on acceptance)
    "administration": (Mandate.Status.SUBMITTED, Mandate.Status.ADMIN_REVIEWED),
    "staffing": (Mandate.Status.ADMIN_REVIEWED, Mandate.Status.STAFFING_REVIEWED),
}


def review_stage(mandate: Mandate) -> str | None:
    for stage, (status, _next) in REVIEW_STAGES.items():
        if mandate.status == status:
            return stage
    return None


@transaction.atomic
def mandate_review(
    *, actor: Actor | User, mandate: Mandate, accept: bool, comments: str = "", document: str = ""
) -> Mandate:
    """The offices administration's review, then the staffing office's (编办, its opinion with its
    document number; each stage's capability is in the views' ``STAGE_CAPABILITY``). Returning needs a reason."""
    stage = review_stage(mandate)
    if stage is None:
        raise ValidationError(_("该三定方案不在待审核环节。"))
    status, next_status = REVIEW_STAGES[stage]
    comments = comments.strip()
    if not accept and not comments:
        raise ValidationError({"comments": _("退回须写明理由。")})
    if stage == "staffing" and accept and not document.strip():
        raise ValidationError({"document": _("须填写编办意见的文号。")})
    field = "admin_comments" if stage == "administration" else "staffing_comments"
    changes: dict[str, Any] = {field: comments}
    if stage == "staffing":
        changes["staffing_document"] = document.strip()
    if accept:
        _move(mandate, (status,), status=next_status, **changes)
    else:
        _move(mandate, (status,), status=Mandate.Status.RETURNED, return_reason=comments, **changes)
    after = {"status": mandate.status, "stage": stage, "comments": comments, "document": document.strip()}
    if accept:
        audit_about(actor, Action.MANDATE_REVIEW, mandate, mandate.office, {"status": status}, after, reason=comments)
    else:
        audit_about(actor, Action.MANDATE_RETURN, mandate, mandate.office, {"status": status}, after, reason=comments)
    return mandate


@transaction.atomic
def mandate_approve(*, actor: Actor | User, mandate: Mandate, document: str, approved_on: date) -> Mandate:
    """The approval (按程序报批, 二(四)1): the version comes into force; the one before is kept, superseded."""
    if not document.strip():
        raise ValidationError({"document": _("须填写批准文件文号。")})
    _not_in_future("approved_on", approved_on)
    previous = queries.mandate_in_force(mandate.office)
    if previous is not None and previous.approved_on and approved_on < previous.approved_on:
        raise ValidationError(
            {"approved_on": _("批准日期不能早于上一版本的批准日期（%(day)s）。") % {"day": previous.approved_on}}
        )
    if previous is not None:
        Mandate.objects.filter(pk=previous.pk).update(status=Mandate.Status.SUPERSEDED, version=F("version") + 1)
    _move(
        mandate,
        (Mandate.Status.STAFFING_REVIEWED,),
        status=Mandate.Status.APPROVED,
        approving_document=document.strip(),
        approved_on=approved_on,
    )
    audit_about(
        actor,
        Action.MANDATE_APPROVE,
        mandate,
        mandate.office,
        {"in_force": previous.number if previous else None},
        {
            "status": mandate.status,
            "number": mandate.number,
            "document": document.strip(),
            "approved_on": approved_on.isoformat(),
        },
    )
    events.mandate_approved.send(sender=Mandate, mandate=mandate, actor=actor)
    return mandate


# ---- Postings ---------------------------------------------------------------------------------

POSTING_FIELDS = ("name", "post", "is_leader", "employment", "posted_on")


@transaction.atomic
def posting_add(
    *, actor: Actor | User, office: Office, values: dict[str, Any], staff: StaffMember | None = None
) -> Posting:
    """A person takes up a post. A cadre on the establishment gets the rotation term in force
    (the city's rotation_max_years); going over the quota is allowed but shown (``headcount``)."""
    _require_retained(office)
    posting = Posting(office=office, staff=staff, **{k: values.get(k) for k in POSTING_FIELDS if k in values})
    posting.name = (posting.name or "").strip()
    posting.post = (posting.post or "").strip()
    _not_in_future("posted_on", posting.posted_on)
    if staff is not None and staff.office_id != office.pk:
        raise ValidationError({"staff": _("%(name)s不是本机构登记的工作人员。") % {"name": staff.name}})
    if posting.employment == Posting.Employment.ESTABLISHMENT:
        posting.term_years = queries.rotation_years(office, posting.posted_on)
    posting.full_clean(exclude=["office", "staff"])
    if posting.name and Posting.objects.filter(office=office, name=posting.name, left_on__isnull=True).exists():
        raise ValidationError({"name": _("%(name)s已在本机构任职，请先登记其离岗。") % {"name": posting.name}})
    posting.save()
    audit_about(actor, Action.POSTING_ADD, posting, office, None, snapshot(posting, (*POSTING_FIELDS, "term_years")))
    return posting


@transaction.atomic
def rotation_term_set(
    *, actor: Actor | User, jurisdiction: Jurisdiction, years: int, valid_from: date, document: str
) -> RotationTerm:
    """The city sets the rotation term from a date (二(四)3). Postings already made keep theirs;
    a posting made from ``valid_from`` on takes the new one."""
    term = RotationTerm(jurisdiction=jurisdiction, years=years, valid_from=valid_from, document=document.strip())
    term.full_clean(exclude=["jurisdiction"], validate_constraints=False)
    if RotationTerm.objects.filter(jurisdiction=jurisdiction, valid_from=valid_from).exists():
        raise ValidationError({"valid_from": _("%(day)s起已设定轮换年限。") % {"day": valid_from}})
    # The term this one replaces: the one in force on its first day until now.
    before = next(
        t.years for t in queries.rotation_terms(jurisdiction) if t.valid_from is None or t.valid_from < valid_from
    )
    term.save()
    audit_record(
        actor=actor,
        action=Action.ROTATION_TERM_SET,
        obj=term,
        subject=jurisdiction,
        jurisdiction_path=jurisdiction.path,
        unit_id=None,
        before={"years": before},
        after=snapshot(term, ("years", "valid_from", "document")),
    )
    return term


@transaction.atomic
def posting_end(*, actor: Actor | User, posting: Posting, left_on: date, leaving: str, note: str = "") -> Posting:
    """The person leaves the post: rotated, transferred, retired or otherwise."""
    if leaving not in Posting.Leaving.values:
        raise ValidationError({"leaving": _("请选择离岗原因。")})
    _not_in_future("left_on", left_on)
    if left_on < posting.posted_on:
        raise ValidationError({"left_on": _("离岗日期不能早于到岗日期（%(day)s）。") % {"day": posting.posted_on}})
    if leaving == Posting.Leaving.ROTATED and not posting.rotates:
        raise ValidationError({"leaving": _("只有在编干部实行定期轮换。")})
    moved = Posting.objects.filter(pk=posting.pk, left_on__isnull=True).update(
        left_on=left_on, leaving=leaving, leaving_note=note.strip()[:200], version=F("version") + 1
    )
    if not moved:
        raise ValidationError(_("%(name)s已登记离岗。") % {"name": posting.name})
    posting.refresh_from_db()
    audit_about(
        actor,
        Action.POSTING_END,
        posting,
        posting.office,
        {"left_on": None},
        snapshot(posting, ("left_on", "leaving", "leaving_note")),
    )
    return posting


# ---- Work logs --------------------------------------------------------------------------------

LOG_FIELDS = (
    "heading",
    "kind",
    "occurred_on",
    "summary",
    "people_served",
    "person_helped",
    "matter",
    "outcome",
    "members_count",
    "project",
    "partner",
    "value",
)


@transaction.atomic
def worklog_record(
    *, actor: Actor | User, office: Office, values: dict[str, Any], window_id: int | None = None
) -> WorkLog:
    """One piece of the office's work (or of a county window it hosts) under the plan's headings,
    with what that kind of work must say (``REQUIRED_FIELDS``)."""
    _require_retained(office)
    unknown = set(values) - set(LOG_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    log = WorkLog(office=office, recorded_by=_user_of(actor), recorded_at=timezone.now())
    for name, value in values.items():
        setattr(log, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if log.heading not in Heading.values:
        errors["heading"] = [_("请选择职能。")]
    elif log.kind not in KINDS_OF[log.heading]:
        errors["kind"] = [
            _("“%(kind)s”不属于“%(heading)s”。")
            % {"kind": log.get_kind_display(), "heading": log.get_heading_display()}
        ]
    for name in REQUIRED_FIELDS.get(log.kind, ()):
        if getattr(log, name) in (None, ""):
            errors.setdefault(name, []).append(
                _("“%(kind)s”须填写%(field)s。") % {"kind": log.get_kind_display(), "field": field_label(WorkLog, name)}
            )
    if log.occurred_on and log.occurred_on > queries.today():
        errors.setdefault("occurred_on", []).append(_("日期不能晚于今天。"))
    if window_id is not None:
        if window_id not in {w.id for w in queries.hosted_windows(office)}:
            errors.setdefault("window", []).append(_("该工作窗口不由本机构承担。"))
        log.window_id = window_id
    if errors:
        raise ValidationError(errors)
    if log.value is not None and not isinstance(log.value, Decimal):
        log.value = Decimal(str(log.value))
    log.full_clean(exclude=["office", "window", "recorded_by"])
    log.save()
    audit_about(actor, Action.WORKLOG_RECORD, log, office, None, snapshot(log, (*LOG_FIELDS, "window")))
    return log


@transaction.atomic
def worklog_withdraw(*, actor: Actor | User, log: WorkLog, reason: str) -> WorkLog:
    """A log entered in error is withdrawn, with a reason; it stays on record, out of the figures."""
    if not reason.strip():
        raise ValidationError({"reason": _("撤回须写明理由。")})
    if not WorkLog.objects.filter(pk=log.pk, withdrawn=False).update(withdrawn=True, withdrawn_reason=reason.strip()):
        raise ValidationError(_("该工作日志已撤回。"))
    log.refresh_from_db()
    audit_about(actor, Action.WORKLOG_WITHDRAW, log, log.office, {"withdrawn": False}, {"withdrawn": True}, reason)
    return log


# ---- Budget and final accounts ----------------------------------------------------------------


def _year_ok(year: int) -> None:
    if not 2000 <= year <= queries.today().year + 1:
        raise ValidationError({"year": _("年度%(year)s无效。") % {"year": year}})


@transaction.atomic
def budget_set(*, actor: Actor | User, office: Office, year: int, category: str, amount: Decimal) -> BudgetLine:
    """A category of the year's budget, set or changed (before its final accounts are in)."""
    _require_retained(office)
    _year_ok(year)
    line = BudgetLine.objects.select_for_update().filter(office=office, year=year, category=category).first()
    before = snapshot(line, ("budget",)) if line else None
    if line is not None and line.final is not None:
        raise ValidationError(
            _("%(year)s年“%(category)s”已录入决算，预算不能再改。")
            % {"year": year, "category": line.get_category_display()}
        )
    line = line or BudgetLine(office=office, year=year, category=category)
    line.budget = amount
    line.full_clean(exclude=["office"], validate_constraints=False)
    line.save()
    audit_about(actor, Action.BUDGET_SET, line, office, before, snapshot(line, ("year", "category", "budget")))
    return line


@transaction.atomic
def accounts_record(
    *, actor: Actor | User, office: Office, year: int, category: str, amount: Decimal, explanation: str = ""
) -> BudgetLine:
    """The final accounts of a category. Spending beyond the budget is recorded, never refused: the
    pages then show it as a warning, with the explanation the office gives."""
    _require_retained(office)
    _year_ok(year)
    line = BudgetLine.objects.select_for_update().filter(office=office, year=year, category=category).first()
    if line is None:
        raise ValidationError(
            {
                "category": _("%(year)s年“%(category)s”没有预算，请先录入预算。")
                % {"year": year, "category": SpendingCategory(category).label}
            }
        )
    before = snapshot(line, ("final", "explanation"))
    line.final = amount
    line.explanation = explanation.strip()
    line.full_clean(exclude=["office"], validate_constraints=False)
    line.save()
    audit_about(
        actor,
        Action.ACCOUNTS_RECORD,
        line,
        office,
        before,
        snapshot(line, ("year", "category", "final", "explanation")),
    )
    return line


# ---- Internal rules ---------------------------------------------------------------------------


@transaction.atomic
def rule_adopt(*, actor: Actor | User, office: Office, title: str, text: str, adopted_on: date) -> InternalRule:
    """A rule adopted, or a new version of it: the versions before it are kept."""
    _require_retained(office)
    title, text = title.strip(), text.strip()
    if not title:
        raise ValidationError({"title": _("须填写制度名称。")})
    if not text:
        raise ValidationError({"text": _("须填写制度正文。")})
    _not_in_future("adopted_on", adopted_on)
    Office.objects.filter(pk=office.pk).update(version=F("version"))  # versions numbered in turn
    last = InternalRule.objects.filter(office=office, title=title).order_by("-number").first()
    if last is not None and last.text == text:
        raise ValidationError({"text": _("与“%(title)s”现行版本相同，无需另录。") % {"title": title}})
    if last is not None and adopted_on < last.adopted_on:
        raise ValidationError({"adopted_on": _("印发日期不能早于现行版本（%(day)s）。") % {"day": last.adopted_on}})
    rule = InternalRule(
        office=office,
        title=title,
        number=(last.number + 1) if last else 1,
        text=text,
        adopted_on=adopted_on,
        recorded_at=timezone.now(),
    )
    rule.full_clean(exclude=["office"])
    rule.save()
    audit_about(actor, Action.RULE_ADOPT, rule, office, None, snapshot(rule, ("title", "number", "adopted_on")))
    return rule


# ---- Assessment -------------------------------------------------------------------------------


@transaction.atomic
def criterion_add(
    *, actor: Actor | User, jurisdiction: Jurisdiction, year: int, text: str, max_score: int
) -> Criterion:
    """A criterion of the year's assessment, set by the offices administration for its offices."""
    _year_ok(year)
    if max_score < 1:
        raise ValidationError({"max_score": _("分值须为正整数。")})
    if Assessment.objects.filter(year=year, office__jurisdiction__path__startswith=jurisdiction.path).exists():
        raise ValidationError(_("%(year)s年已有考核结果，指标不能再改。") % {"year": year})
    criterion = Criterion(jurisdiction=jurisdiction, year=year, text=text.strip(), max_score=max_score)
    criterion.full_clean(exclude=["jurisdiction"])
    criterion.save()
    audit_record(
        actor=actor,
        action=Action.CRITERION_ADD,
        obj=criterion,
        subject=jurisdiction,
        jurisdiction_path=jurisdiction.path,
        unit_id=None,
        before=None,
        after=snapshot(criterion, ("year", "text", "max_score")),
    )
    return criterion


@transaction.atomic
def assessment_record(
    *,
    actor: Actor | User,
    office: Office,
    year: int,
    scores: dict[int, int],
    evidence: str,
    result: str,
    posting: Posting | None = None,
) -> Assessment:
    """The year's assessment of the office (or of one of its cadres): every criterion scored
    within its points, the evidence named, a result chosen."""
    _require_retained(office)
    criteria = queries.criteria_for(office, year)
    if not criteria:
        raise ValidationError(_("%(year)s年尚未设定考核指标。") % {"year": year})
    if posting is not None and posting.office_id != office.pk:
        raise ValidationError({"posting": _("%(name)s不在本机构任职。") % {"name": posting.name}})
    errors: list[str] = []
    for c in criteria:
        score = scores.get(c.pk)
        if score is None:
            errors.append(_("“%(text)s”未评分。") % {"text": c.text})
        elif not 0 <= score <= c.max_score:
            errors.append(
                _("“%(text)s”的得分%(score)s超出0至%(max)s分。") % {"text": c.text, "score": score, "max": c.max_score}
            )
    unknown = set(scores) - {c.pk for c in criteria}
    if unknown:
        errors.append(_("不属于%(year)s年的考核指标：%(ids)s。") % {"year": year, "ids": sorted(unknown)})
    if not evidence.strip():
        errors.append(_("须写明考核依据。"))
    if result not in Assessment.Result.values:
        errors.append(_("请选择考核结果。"))
    if errors:
        raise ValidationError(errors)
    assessment = Assessment(
        office=office,
        posting=posting,
        year=year,
        scores={str(k): v for k, v in scores.items()},
        total=sum(scores.values()),
        evidence=evidence.strip(),
        result=result,
        assessed_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:
        raise ValidationError(_("%(year)s年已录入此项考核结果。") % {"year": year}) from None
    audit_about(
        actor,
        Action.ASSESSMENT_RECORD,
        assessment,
        office,
        None,
        snapshot(assessment, ("year", "posting", "scores", "total", "result")),
    )
    return assessment
