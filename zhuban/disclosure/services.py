"""The disclosure's business events, each with its audit entry in the same transaction.

A version moves draft → submitted → reviewed → approved → published; a review may return it to
draft with a reason. Moves are conditional UPDATEs on the state the user saw, so of two identical
clicks exactly one succeeds and the other gets a clear refusal. A published version is never
changed: ``disclosure_correct`` starts the next version, which says why; publishing it
supersedes the one before and records what changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import as_actor, audit_record, jsonable, snapshot
from zhuban.disclosure import queries
from zhuban.disclosure.actions import Action
from zhuban.disclosure.models import Disclosure, label_of, subject_of
from zhuban.registry.models import Office
from zhuban.versioning import save_versioned

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor
    from zhuban.org.models import Jurisdiction

FIGURES = (
    "receptions",
    "visitors",
    "meals",
    "lodging",
    "transport",
    "other",
    "total",
    "venues",
    "budget",
    "final",
    "offices_count",
)
# What a correction compares with the version it replaces (what the public reads).
COMPARED = (*FIGURES, "notes")
EDITABLE = ("notes", "change_reason")


def _audit(
    actor: Actor | User,
    action: str,
    disclosure: Disclosure,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> None:
    office = disclosure.office
    audit_record(
        actor=actor,
        action=action,
        obj=disclosure,
        subject=office if office is not None else disclosure.jurisdiction,
        jurisdiction_path=disclosure.jurisdiction.path,
        unit_id=office.sponsor_id if office is not None else None,
        before=before,
        after=after,
        reason=reason,
    )


def _year_ok(year: int) -> None:
    if not 2000 <= year <= queries.today().year:
        raise ValidationError({"year": _("年度%(year)s无效：只能公开2000年至今年的情况。") % {"year": year}})


def _office_ids(office: Office | None, jurisdiction: Jurisdiction) -> list[int]:
    if office is not None:
        if not Office.objects.filter(queries.retained(), pk=office.pk).exists():
            raise ValidationError(
                _("“%(office)s”没有经批准保留的决定，不属于保留的驻外办事机构。") % {"office": office.name}
            )
        return [office.pk]
    ids = queries.retained_in(jurisdiction)
    if not ids:
        raise ValidationError(_("%(name)s没有保留的驻外办事机构，无需汇总公开。") % {"name": jurisdiction.name})
    return ids


def _figures_after(disclosure: Disclosure) -> dict[str, Any]:
    return {"year": disclosure.year, "number": disclosure.number, **snapshot(disclosure, FIGURES)}


@transaction.atomic
def disclosure_draft(
    *, actor: Actor | User, year: int, office: Office | None = None, jurisdiction: Jurisdiction | None = None
) -> Disclosure:
    """The year's first disclosure of a retained office (or the roll-up of a jurisdiction's
    retained offices, ``office`` None), drawn from the recorded receptions and accounts."""
    _year_ok(year)
    if office is not None:
        jurisdiction = office.jurisdiction
    if jurisdiction is None:
        raise ValueError("a disclosure is of an office or of a jurisdiction")
    ids = _office_ids(office, jurisdiction)
    subject = subject_of(office, jurisdiction)
    if Disclosure.objects.filter(subject=subject, year=year).exists():
        raise ValidationError(
            _("%(year)s年的公开已起草；已公开的请起草更正版本，未公开的请在草稿上修改。") % {"year": year}
        )
    disclosure = Disclosure(
        jurisdiction=jurisdiction,
        office=office,
        subject=subject,
        year=year,
        number=1,
        drafted_by=as_actor(actor).user,
        drafted_at=timezone.now(),
        figures_at=timezone.now(),
        **queries.figures_of(year, ids).as_values(),
    )
    _insert(disclosure)
    _audit(actor, Action.DISCLOSURE_DRAFT, disclosure, None, _figures_after(disclosure))
    return disclosure


def _insert(disclosure: Disclosure) -> None:
    try:
        with transaction.atomic():
            disclosure.save()
    except IntegrityError:
        # Two drafts at once: the other request's commit took the number.
        raise ValidationError(_("%(year)s年的公开已有一份正在办理的版本。") % {"year": disclosure.year}) from None


@transaction.atomic
def disclosure_redraw(*, actor: Actor | User, disclosure: Disclosure) -> Disclosure:
    """A draft's figures drawn again from the records (after a reception or an account is fixed)."""
    if not disclosure.editable:
        raise ValidationError(_("只有草稿可以重新汇总数据。"))
    before = snapshot(disclosure, FIGURES)
    ids = _office_ids(disclosure.office, disclosure.jurisdiction)
    values = queries.figures_of(disclosure.year, ids).as_values()
    moved = Disclosure.objects.filter(pk=disclosure.pk, status=Disclosure.Status.DRAFT).update(
        figures_at=timezone.now(), version=F("version") + 1, **values
    )
    if not moved:
        raise ValidationError(_("该公开已不是草稿（可能已被他人报送），请刷新后查看。"))
    disclosure.refresh_from_db()
    _audit(actor, Action.DISCLOSURE_REDRAW, disclosure, before, snapshot(disclosure, FIGURES))
    return disclosure


@transaction.atomic
def disclosure_update(
    *, actor: Actor | User, disclosure: Disclosure, values: dict[str, Any], expected_version: int | None = None
) -> Disclosure:
    """The draft's notes to the public (and, for a correction, why it corrects)."""
    if not disclosure.editable:
        raise ValidationError(_("该公开已报送或已公开，不能再修改。"))
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    before = snapshot(disclosure, EDITABLE)
    for name, value in values.items():
        setattr(disclosure, name, (value or "").strip())
    disclosure.full_clean(exclude=["jurisdiction", "office", "drafted_by"], validate_constraints=False)
    save_versioned(disclosure, expected_version, EDITABLE)
    _audit(actor, Action.DISCLOSURE_UPDATE, disclosure, before, snapshot(disclosure, EDITABLE))
    return disclosure


def _move(disclosure: Disclosure, frm: tuple[str, ...], **changes: Any) -> None:
    moved = Disclosure.objects.filter(pk=disclosure.pk, status__in=frm).update(version=F("version") + 1, **changes)
    if not moved:
        raise ValidationError(_("该公开已不在此环节（可能已被他人处理），请刷新后查看。"))
    disclosure.refresh_from_db()


@transaction.atomic
def disclosure_submit(*, actor: Actor | User, disclosure: Disclosure) -> Disclosure:
    """The drafter sends the draft for review; a correction must say why it corrects."""
    if disclosure.number > 1 and not disclosure.change_reason.strip():
        raise ValidationError({"change_reason": _("更正版本须写明更正原因。")})
    _move(disclosure, (Disclosure.Status.DRAFT,), status=Disclosure.Status.SUBMITTED, return_reason="")
    _audit(actor, Action.DISCLOSURE_SUBMIT, disclosure, {"status": "draft"}, {"status": disclosure.status})
    return disclosure


@transaction.atomic
def disclosure_review(*, actor: Actor | User, disclosure: Disclosure, accept: bool, comments: str = "") -> Disclosure:
    """The offices administration checks the figures against the records; returning needs a reason."""
    comments = comments.strip()
    if not accept and not comments:
        raise ValidationError({"comments": _("退回须写明理由。")})
    if accept:
        _move(disclosure, (Disclosure.Status.SUBMITTED,), status=Disclosure.Status.REVIEWED, review_comments=comments)
        action = Action.DISCLOSURE_REVIEW
    else:
        _move(
            disclosure,
            (Disclosure.Status.SUBMITTED,),
            status=Disclosure.Status.DRAFT,
            review_comments=comments,
            return_reason=comments,
        )
        action = Action.DISCLOSURE_RETURN
    _audit(actor, action, disclosure, {"status": "submitted"}, {"status": disclosure.status}, reason=comments)
    return disclosure


@transaction.atomic
def disclosure_approve(*, actor: Actor | User, disclosure: Disclosure) -> Disclosure:
    _move(disclosure, (Disclosure.Status.REVIEWED,), status=Disclosure.Status.APPROVED)
    _audit(actor, Action.DISCLOSURE_APPROVE, disclosure, {"status": "reviewed"}, {"status": disclosure.status})
    return disclosure


def _changes(old: Disclosure, new: Disclosure) -> list[dict[str, Any]]:
    out = []
    for name in COMPARED:
        before, after = jsonable(getattr(old, name)), jsonable(getattr(new, name))
        if before != after:
            out.append({"field": name, "label": label_of(name), "before": before, "after": after})
    return out


@transaction.atomic
def disclosure_publish(*, actor: Actor | User, disclosure: Disclosure) -> Disclosure:
    """The approved version goes public. A correction supersedes the version in force, which stays
    public marked so; what changed between them is recorded with the correction."""
    if disclosure.status != Disclosure.Status.APPROVED:
        raise ValidationError(_("该公开尚未批准，不能发布。"))
    # The version in force, locked (its own row only: no join to lock through).
    previous = (
        Disclosure.objects.select_for_update(of=("self",))
        .filter(subject=disclosure.subject, year=disclosure.year, status=Disclosure.Status.PUBLISHED)
        .order_by("pk")
        .first()
    )
    changes: list[dict[str, Any]] = []
    if previous is not None:
        changes = _changes(previous, disclosure)
        if not changes:
            raise ValidationError(_("更正版本与现行公开版本完全相同，无需发布。"))
        Disclosure.objects.filter(pk=previous.pk).update(status=Disclosure.Status.SUPERSEDED, version=F("version") + 1)
    _move(
        disclosure,
        (Disclosure.Status.APPROVED,),
        status=Disclosure.Status.PUBLISHED,
        published_at=timezone.now(),
        changes=changes,
    )
    _audit(
        actor,
        Action.DISCLOSURE_PUBLISH,
        disclosure,
        {"in_force": previous.number if previous else None},
        {"status": disclosure.status, "number": disclosure.number, "changes": changes},
        reason=disclosure.change_reason,
    )
    return disclosure


@transaction.atomic
def disclosure_correct(*, actor: Actor | User, disclosure: Disclosure, reason: str) -> Disclosure:
    """The next version of a published disclosure, drawn afresh from the records, its notes
    carried over, saying why it corrects the one in force."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("更正须写明原因。")})
    if disclosure.status != Disclosure.Status.PUBLISHED:
        raise ValidationError(_("只能更正现行公开的版本。"))
    ids = _office_ids(disclosure.office, disclosure.jurisdiction)
    number = (
        Disclosure.objects.filter(subject=disclosure.subject, year=disclosure.year).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    correction = Disclosure(
        jurisdiction=disclosure.jurisdiction,
        office=disclosure.office,
        subject=disclosure.subject,
        year=disclosure.year,
        number=number,
        notes=disclosure.notes,
        change_reason=reason,
        drafted_by=as_actor(actor).user,
        drafted_at=timezone.now(),
        figures_at=timezone.now(),
        **queries.figures_of(disclosure.year, ids).as_values(),
    )
    _insert(correction)
    _audit(actor, Action.DISCLOSURE_CORRECT, correction, None, _figures_after(correction), reason=reason)
    return correction
