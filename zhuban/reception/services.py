"""Receptions' business events, each with its audit entry on the office.

A reception goes: letter recorded → approval requested (the reception exists from here, and
only with a letter) → approved by the office head → list filled in → signed off → settled.
State changes are conditional UPDATEs on the state the user saw, so of two identical clicks
exactly one succeeds and the other gets a clear refusal. Every change that can alter what the
checks find runs them again (``reception_check``) in the same transaction.

Cash is recorded as paid and flagged, not refused (see ``models.Payment``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zhuban.audit.services import as_actor, audit_about, audit_record, snapshot
from zhuban.lib.evidence import EvidenceError, check_evidence
from zhuban.reception import checks, events, queries
from zhuban.reception.actions import Action
from zhuban.reception.models import (
    Approval,
    CostKind,
    CostLine,
    Letter,
    Origin,
    Payment,
    Rank,
    Reception,
    ReceptionList,
    ReceptionWarning,
    Settlement,
    Standard,
)
from zhuban.registry.models import Office

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor
    from zhuban.org.models import Jurisdiction

State = Reception.State
MAX_PEOPLE = 500
MAX_COSTS = 100

EVIDENCE_MESSAGES = {
    "empty": gettext_noop("文件“%(name)s”是空的。"),
    "too_large": gettext_noop("文件“%(name)s”超过大小上限（20MB）。"),
    "type": gettext_noop("文件“%(name)s”不是 PDF、OFD、Office 文档或图片（按文件内容判断，而非文件名）。"),
}


def _user_of(actor: Actor | User) -> Any:
    return as_actor(actor).user


def _checked_file(file: UploadedFile | None, field: str, missing: str) -> str:
    """The file's SHA-256, judged by its content; a refusal names the field and the file."""
    if file is None:
        raise ValidationError({field: missing})
    try:
        digest, _kind = check_evidence(file, size=file.size or 0)
    except EvidenceError as exc:
        raise ValidationError({field: _(EVIDENCE_MESSAGES[exc.code]) % {"name": file.name}}) from None
    return digest


def _not_in_future(field: str, value: date | None) -> None:
    if value is not None and value > queries.today():
        raise ValidationError({field: _("日期不能晚于今天。")})


def _clean_people(field: str, people: Sequence[dict[str, Any]], *, ranked: bool) -> list[dict[str, str]]:
    """Each person named (and ranked, for visitors); a refusal names the row."""
    if len(people) > MAX_PEOPLE:
        raise ValidationError({field: _("人员不能超过%(n)s人。") % {"n": MAX_PEOPLE}})
    out = []
    for n, person in enumerate(people, start=1):
        name = str(person.get("name", "")).strip()
        post = str(person.get("post", "")).strip()
        if not name:
            raise ValidationError({field: _("第%(n)s行：须填写姓名。") % {"n": n}})
        if len(name) > 50 or len(post) > 100:
            raise ValidationError({field: _("第%(n)s行：姓名或职务过长。") % {"n": n}})
        row = {"name": name, "post": post}
        if ranked:
            rank = str(person.get("rank", "")).strip()
            if rank not in Rank.values:
                raise ValidationError(
                    {
                        field: _("第%(n)s行（%(name)s）：级别“%(rank)s”无法识别，应为%(ranks)s之一。")
                        % {"n": n, "name": name, "rank": rank, "ranks": "、".join(str(r.label) for r in Rank)}
                    }
                )
            row["rank"] = rank
        out.append(row)
    return out


def _require_retained(office: Office) -> None:
    if not queries.is_retained(office):
        raise ValidationError(
            _("“%(office)s”没有经批准保留的决定，不属于保留的驻外办事机构。") % {"office": office.name}
        )


def _move(reception: Reception, frm: tuple[str, ...], to: str, **changes: Any) -> None:
    moved = Reception.objects.filter(pk=reception.pk, state__in=frm).update(
        state=to, version=F("version") + 1, **changes
    )
    if not moved:
        raise ValidationError(_("该接待已不在此环节（可能已被他人处理），请刷新后查看。"))
    reception.refresh_from_db()


# ---- The letter and the approval --------------------------------------------------------------

LETTER_FIELDS = ("sending_unit", "origin", "number", "content", "itinerary", "date_from", "date_to", "people")


@transaction.atomic
def letter_record(*, actor: Actor | User, office: Office, values: dict[str, Any], file: UploadedFile | None) -> Letter:
    """The sending unit's letter (公函, 第六条), with its scan."""
    _require_retained(office)
    data = {k: values.get(k) for k in LETTER_FIELDS if k in values}
    data["people"] = _clean_people("people", values.get("people") or [], ranked=True)
    if not data["people"]:
        raise ValidationError({"people": _("公函须列明来访人员（姓名、职务、级别）。")})
    data.setdefault("origin", Origin.IN_PROVINCE)
    date_from, date_to = data.get("date_from"), data.get("date_to")
    if date_from is not None and date_to is not None and date_to < date_from:
        raise ValidationError({"date_to": _("结束日期不能早于起始日期。")})
    digest = _checked_file(file, "file", _("须上传公函扫描件：无公函不接待。"))
    letter = Letter(
        office=office,
        file_name=(file.name or "")[:200] if file else "",
        sha256=digest,
        recorded_by=_user_of(actor),
        recorded_at=timezone.now(),
        **data,
    )
    letter.file = file
    letter.full_clean(exclude=["office", "recorded_by", "file"])
    letter.save()
    audit_about(actor, Action.LETTER_RECORD, letter, office, None, snapshot(letter, (*LETTER_FIELDS, "sha256")))
    return letter


@transaction.atomic
def reception_request(
    *,
    actor: Actor | User,
    letter: Letter | None,
    reason: str,
    schedule: str,
    budget: Decimal,
    meals: str = "",
    lodging: str = "",
) -> Reception:
    """Open a reception for a letter and ask the office head's prior approval (事前审批). No letter,
    no reception (第七条); one letter, one reception (一函一事一结)."""
    if letter is None:
        raise ValidationError(
            {"letter": _("没有派出单位公函，不能登记接待：无公函的公务活动和来访人员一律不予接待（规定第七条）。")}
        )
    if not reason.strip() or not schedule.strip():
        raise ValidationError(_("须写明接待事由和活动安排。"))
    if budget is None or budget < 0:
        raise ValidationError({"budget": _("预算须为不小于零的金额。")})
    office = letter.office
    reception = Reception(
        office=office,
        letter=letter,
        year=letter.date_from.year,
        starts_on=letter.date_from,
        ends_on=letter.date_to,
        sending_unit=letter.sending_unit,
        visitors_count=len(letter.people),
        created_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            reception.save()
    except IntegrityError:
        raise ValidationError({"letter": _("该公函已有接待记录：一函一事一结，同一公函不能再登记一次接待。")}) from None
    Letter.objects.filter(pk=letter.pk).update(received=True)
    letter.received = True
    approval = Approval(
        reception=reception,
        reason=reason.strip(),
        schedule=schedule.strip(),
        budget=budget,
        meals=meals.strip(),
        lodging=lodging.strip(),
        requested_by=_user_of(actor),
        requested_at=timezone.now(),
    )
    approval.full_clean(exclude=["reception", "requested_by"])
    approval.save()
    audit_about(
        actor,
        Action.RECEPTION_REQUEST,
        reception,
        office,
        None,
        {"letter": letter.pk, **snapshot(approval, ("reason", "schedule", "budget", "meals", "lodging"))},
    )
    reception_check(actor=actor, reception=reception)
    return reception


@transaction.atomic
def reception_approve(*, actor: Actor | User, reception: Reception, approved_on: date, comments: str = "") -> Reception:
    """The office head approves before the reception (a later date is recorded and flagged)."""
    _not_in_future("approved_on", approved_on)
    _move(reception, (State.REQUESTED,), State.APPROVED)
    Approval.objects.filter(reception=reception).update(
        approved_by=_user_of(actor), approved_on=approved_on, comments=comments.strip()[:300]
    )
    audit_about(
        actor,
        Action.RECEPTION_APPROVE,
        reception,
        reception.office,
        {"state": State.REQUESTED},
        {"state": reception.state, "approved_on": approved_on.isoformat(), "comments": comments.strip()},
    )
    reception_check(actor=actor, reception=reception)
    return reception


# ---- The list, its sign-off and the settlement ------------------------------------------------

LIST_FIELDS = ("visitor_unit", "visitors", "activity", "started_on", "ended_on", "venue", "companions")
COST_FIELDS = ("kind", "day", "venue", "description", "persons", "nights", "amount")


def _clean_costs(costs: Sequence[dict[str, Any]], started_on: date, ended_on: date) -> list[CostLine]:
    if len(costs) > MAX_COSTS:
        raise ValidationError({"costs": _("费用不能超过%(n)s项。") % {"n": MAX_COSTS}})
    lines = []
    for n, values in enumerate(costs, start=1):
        line = CostLine(**{k: values.get(k) for k in COST_FIELDS if values.get(k) not in (None, "")})
        if line.kind == CostKind.LODGING and not values.get("nights"):
            line.nights = 1
        try:
            line.full_clean(exclude=["reception"])
        except ValidationError as exc:
            raise ValidationError(
                {"costs": _("第%(n)s项费用：%(errors)s") % {"n": n, "errors": "；".join(exc.messages)}}
            ) from None
        if not started_on <= line.day <= ended_on:
            raise ValidationError(
                {"costs": _("第%(n)s项费用的日期%(day)s不在接待期间内。") % {"n": n, "day": line.day.isoformat()}}
            )
        lines.append(line)
    return lines


@transaction.atomic
def reception_list_record(
    *,
    actor: Actor | User,
    reception: Reception,
    values: dict[str, Any],
    costs: Sequence[dict[str, Any]],
    expected_version: int | None = None,
) -> Reception:
    """The list filled in after the reception (第七条), with its costs. Recorded as it happened,
    even without an approval (then flagged); replaced until it is signed off. ``expected_version``:
    the reception's version the person started from; a list saved since is not overwritten."""
    if reception.state not in (State.REQUESTED, State.APPROVED, State.LISTED):
        raise ValidationError(_("接待清单已审签，不能再修改。"))
    current = Reception.objects.select_for_update().get(pk=reception.pk)
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(_("此记录已被他人修改，请刷新后重新编辑。"))
    data = {k: values.get(k) for k in LIST_FIELDS}
    data["visitors"] = _clean_people("visitors", data.get("visitors") or [], ranked=True)
    data["companions"] = _clean_people("companions", data.get("companions") or [], ranked=False)
    if not data["visitors"]:
        raise ValidationError({"visitors": _("须填写接待对象（姓名、职务、级别）。")})
    started_on, ended_on = data.get("started_on"), data.get("ended_on")
    if started_on is None or ended_on is None:
        raise ValidationError({"started_on": _("须填写接待的起止日期。")})
    if ended_on < started_on:
        raise ValidationError({"ended_on": _("结束日期不能早于开始日期。")})
    _not_in_future("ended_on", ended_on)
    lines = _clean_costs(costs, started_on, ended_on)
    listing = ReceptionList.objects.filter(reception=reception).first()
    before = snapshot(listing, LIST_FIELDS) if listing else None
    listing = listing or ReceptionList(reception=reception)
    for name, value in data.items():
        setattr(listing, name, value)
    listing.recorded_by = _user_of(actor)
    listing.recorded_at = timezone.now()
    listing.full_clean(exclude=["reception", "recorded_by", "signed_off_by"])
    listing.save()
    CostLine.objects.filter(reception=reception).delete()
    for line in lines:
        line.reception = reception
    CostLine.objects.bulk_create(lines)
    total = sum((line.amount for line in lines), Decimal(0))
    _move(
        reception,
        (State.REQUESTED, State.APPROVED, State.LISTED),
        State.LISTED,
        starts_on=started_on,
        ends_on=ended_on,
        year=started_on.year,
        visitors_count=len(data["visitors"]),
        total=total,
    )
    after = {**snapshot(listing, LIST_FIELDS), "costs": [snapshot(line, COST_FIELDS) for line in lines]}
    # About the list itself, so the trail names its fields; its costs are listed with it.
    audit_about(actor, Action.RECEPTION_LIST, listing, reception.office, before, after)
    reception_check(actor=actor, reception=reception)
    return reception


@transaction.atomic
def reception_sign_off(*, actor: Actor | User, reception: Reception) -> Reception:
    """The responsible official signs the list off (第七条: 审核签字)."""
    _move(reception, (State.LISTED,), State.SIGNED_OFF)
    ReceptionList.objects.filter(reception=reception).update(
        signed_off_by=_user_of(actor), signed_off_at=timezone.now()
    )
    audit_about(
        actor,
        Action.RECEPTION_SIGN_OFF,
        reception,
        reception.office,
        {"state": State.LISTED},
        {"state": reception.state},
    )
    return reception


def missing_elements(reception: Reception, *, has_invoice: bool) -> list[str]:
    """The four elements of a settlement (第十五条): invoice, letter, list, approval."""
    missing = []
    if not has_invoice:
        missing.append(_("财务票据"))
    if not reception.letter.file:
        missing.append(_("派出单位公函"))
    listing = getattr(reception, "listing", None)
    if listing is None or listing.signed_off_at is None:
        missing.append(_("经审签的接待清单"))
    approval = getattr(reception, "approval", None)
    if approval is None or approval.approved_on is None:
        missing.append(_("事前审批"))
    return missing


@transaction.atomic
def reception_settle(
    *,
    actor: Actor | User,
    reception: Reception,
    invoice: UploadedFile | None,
    payment: str,
    paid_on: date,
    invoice_number: str = "",
) -> Reception:
    """Settle once the four elements are there. Cash is recorded and flagged, never refused."""
    if payment not in Payment.values:
        raise ValidationError({"payment": _("支付方式“%(value)s”无法识别。") % {"value": payment}})
    _not_in_future("paid_on", paid_on)
    reception = Reception.objects.select_related(*queries.RELATED).get(pk=reception.pk)
    missing = missing_elements(reception, has_invoice=invoice is not None)
    if missing:
        raise ValidationError(_("结算须具备四要素，尚缺：%(missing)s。") % {"missing": "、".join(missing)})
    digest = _checked_file(invoice, "invoice", _("须上传财务票据。"))
    amount = CostLine.objects.filter(reception=reception).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    _move(reception, (State.SIGNED_OFF,), State.SETTLED, total=amount)
    settlement = Settlement(
        reception=reception,
        invoice_name=(invoice.name or "")[:200] if invoice else "",
        sha256=digest,
        invoice_number=invoice_number.strip()[:60],
        payment=payment,
        paid_on=paid_on,
        amount=amount,
        settled_by=_user_of(actor),
        settled_at=timezone.now(),
    )
    settlement.invoice = invoice
    settlement.save()
    audit_about(
        actor,
        Action.RECEPTION_SETTLE,
        reception,
        reception.office,
        {"state": State.SIGNED_OFF},
        {
            "state": reception.state,
            **snapshot(settlement, ("payment", "paid_on", "amount", "invoice_number", "sha256")),
        },
    )
    reception_check(actor=actor, reception=reception)
    return reception


# ---- Checks and their warnings ----------------------------------------------------------------


def _sync(
    actor: Actor | User, reception: Reception, findings: Iterable[checks.Finding], existing: list[ReceptionWarning]
) -> tuple[list[ReceptionWarning], list[ReceptionWarning]]:
    """Keep the warnings in step with what was found: new ones created, those no longer found
    cleared (an explained one keeps its explanation), one found again reopened only if it had
    been cleared. Returns (new, cleared)."""
    by_key = {w.key: w for w in existing}
    found = {f.key: f for f in findings}
    now = timezone.now()
    due = queries.today() + timedelta(days=settings.RECEPTION_EXPLAIN_DAYS)
    new = [
        ReceptionWarning(
            reception=reception,
            office_id=reception.office_id,
            code=f.code,
            key=f.key,
            params=f.params,
            raised_at=now,
            due_on=due,
        )
        for key, f in found.items()
        if key not in by_key
    ]
    ReceptionWarning.objects.bulk_create(new)
    cleared = [w for key, w in by_key.items() if key not in found and w.state != ReceptionWarning.State.CLEARED]
    if cleared:
        ReceptionWarning.objects.filter(pk__in=[w.pk for w in cleared]).update(state=ReceptionWarning.State.CLEARED)
    back = [w for key, w in by_key.items() if key in found and w.state == ReceptionWarning.State.CLEARED]
    for w in back:
        ReceptionWarning.objects.filter(pk=w.pk).update(
            state=ReceptionWarning.State.OPEN, raised_at=now, due_on=due, params=found[w.key].params
        )
    # Still found, with other figures (an amount corrected): the warning says what is true now.
    for key, w in by_key.items():
        if key in found and w not in back and found[key].params != w.params:
            ReceptionWarning.objects.filter(pk=w.pk).update(params=found[key].params)
    open_count = ReceptionWarning.objects.filter(reception=reception, state=ReceptionWarning.State.OPEN).count()
    if open_count != reception.open_warnings:
        Reception.objects.filter(pk=reception.pk).update(open_warnings=open_count)
        reception.open_warnings = open_count
    if new or cleared or back:
        audit_about(
            actor,
            Action.RECEPTION_CHECK,
            reception,
            reception.office,
            None,
            {
                "raised": sorted(w.key for w in new) + sorted(w.key for w in back),
                "cleared": sorted(w.key for w in cleared),
            },
        )
    raised = new + back
    if raised:
        events.warnings_raised.send(sender=Reception, reception=reception, warnings=raised, actor=actor)
    return raised, cleared


@transaction.atomic
def reception_check(
    *, actor: Actor | User, reception: Reception, neighbours: bool = True
) -> tuple[list[ReceptionWarning], list[ReceptionWarning]]:
    """Check one reception as recorded and keep its warnings in step (idempotent). A pattern
    found with another reception (a split visit, a repeat) concerns that one too: it is checked
    again as well, so the order receptions were recorded in changes nothing."""
    stored = Reception.objects.select_related(*queries.RELATED).get(pk=reception.pk)
    lim = queries.limits()
    findings = checks.check(
        queries.case_of(stored),
        queries.standards_for(stored),
        others=queries.neighbours(stored, lim),
        entities=queries.former_entities([stored.office_id]).get(stored.office_id, []),
        limits=lim,
    )
    result = _sync(actor, stored, findings, list(stored.warnings.all()))
    reception.open_warnings = stored.open_warnings
    if neighbours:
        others = sorted({f.params["other"] for f in findings if "other" in f.params})
        for other in Reception.objects.filter(pk__in=others).order_by("id"):
            reception_check(actor=actor, reception=other, neighbours=False)
    return result


def office_check(*, actor: Actor | User, office: Office, batch: int = 2000) -> tuple[int, int, int]:
    """Check every reception of an office again, in batches of one transaction each, the
    patterns read from the office's receptions held in memory (a fixed number of queries per
    batch). Returns (receptions, raised, cleared); running it twice raises nothing twice."""
    rates = queries.rates_for(office.jurisdiction.path)
    entities = queries.former_entities([office.pk]).get(office.pk, [])
    lim = queries.limits()
    path = office.jurisdiction.path
    all_cases = [
        queries.case_of(r, costs=())
        for r in Reception.objects.filter(office=office).select_related("letter", "listing").order_by("starts_on", "id")
    ]
    checked = raised = cleared = 0
    ids = [c.id for c in all_cases]
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with transaction.atomic():
            rows = list(Reception.objects.filter(pk__in=chunk).select_related(*queries.RELATED).order_by("id"))
            costs: dict[int, list[CostLine]] = {}
            for line in CostLine.objects.filter(reception_id__in=chunk).order_by("day", "id"):
                costs.setdefault(line.reception_id, []).append(line)
            existing: dict[int, list[ReceptionWarning]] = {}
            for w in ReceptionWarning.objects.filter(reception_id__in=chunk):
                existing.setdefault(w.reception_id, []).append(w)
            for reception in rows:
                case = queries.case_of(reception, costs=costs.get(reception.pk, []))
                start_day, end_day = checks.window(case, lim)
                others = [c for c in all_cases if c.id != case.id and c.starts_on <= end_day and c.ends_on >= start_day]
                findings = checks.check(
                    case,
                    checks.standards_on(rates, path, reception.starts_on),
                    others=others,
                    entities=entities,
                    limits=lim,
                )
                new, gone = _sync(actor, reception, findings, existing.get(reception.pk, []))
                checked += 1
                raised += len(new)
                cleared += len(gone)
    return checked, raised, cleared


@transaction.atomic
def warning_explain(*, actor: Actor | User, warning: ReceptionWarning, explanation: str) -> ReceptionWarning:
    """The office head explains a warning; it stays on the reception, explained."""
    explanation = explanation.strip()
    if not explanation:
        raise ValidationError({"explanation": _("须写明情况说明。")})
    moved = ReceptionWarning.objects.filter(pk=warning.pk, state=ReceptionWarning.State.OPEN).update(
        state=ReceptionWarning.State.EXPLAINED,
        explanation=explanation,
        explained_by=_user_of(actor),
        explained_at=timezone.now(),
    )
    if not moved:
        raise ValidationError(_("该提示已说明或已不存在，请刷新后查看。"))
    Reception.objects.filter(pk=warning.reception_id, open_warnings__gt=0).update(open_warnings=F("open_warnings") - 1)
    warning.refresh_from_db()
    office = Office.objects.select_related("jurisdiction").get(pk=warning.office_id)
    audit_about(
        actor,
        Action.WARNING_EXPLAIN,
        warning,
        office,
        {"state": ReceptionWarning.State.OPEN},
        {"state": warning.state, "code": warning.code, "explanation": explanation},
        reason=explanation,
    )
    return warning


# ---- Standards --------------------------------------------------------------------------------

# What each kind of standard must carry.
STANDARD_NEEDS: dict[str, tuple[str, ...]] = {
    Standard.Kind.MEAL: ("amount",),
    Standard.Kind.LODGING: ("amount",),
    Standard.Kind.WORKING_MEALS: ("limit",),
    Standard.Kind.COMPANIONS: ("limit", "group_size", "divisor"),
    Standard.Kind.ROOM: ("text",),
    Standard.Kind.FORBIDDEN: ("text",),
}
STANDARD_FIELDS = ("kind", "rank", "origin", "amount", "limit", "group_size", "divisor", "text", "valid_from", "source")


@transaction.atomic
def standard_set(*, actor: Actor | User, jurisdiction: Jurisdiction, values: dict[str, Any]) -> Standard:
    """A new standard row of the jurisdiction from ``valid_from``: the row it replaces (same kind,
    rank and origin) is closed the day before and kept, so older receptions keep their standard."""
    if values.get("valid_from") is None:
        raise ValidationError({"valid_from": _("须填写起始日期。")})
    row = Standard(
        jurisdiction=jurisdiction,
        recorded_at=timezone.now(),
        is_example=False,
        **{k: values.get(k) if values.get(k) is not None else "" for k in ("kind", "rank", "origin", "text", "source")},
        amount=values.get("amount"),
        limit=values.get("limit"),
        group_size=values.get("group_size"),
        divisor=values.get("divisor"),
        valid_from=values["valid_from"],
    )
    missing = [
        str(Standard._meta.get_field(f).verbose_name)  # type: ignore[union-attr]
        for f in STANDARD_NEEDS.get(row.kind, ())
        if getattr(row, f) in (None, "")
    ]
    if missing:
        raise ValidationError(
            _("“%(kind)s”须填写：%(fields)s。") % {"kind": row.get_kind_display(), "fields": "、".join(missing)}
        )
    if row.kind == Standard.Kind.COMPANIONS and not row.divisor:
        raise ValidationError({"divisor": _("比例须大于零。")})
    row.full_clean(exclude=["jurisdiction"], validate_constraints=False)
    current = (
        Standard.objects.select_for_update()
        .filter(jurisdiction=jurisdiction, kind=row.kind, rank=row.rank, origin=row.origin, valid_to__isnull=True)
        .first()
    )
    before = None
    if current is not None:
        if row.valid_from <= current.valid_from:
            raise ValidationError(
                {
                    "valid_from": _(
                        "起始日期须晚于现行标准的起始日期（%(day)s）；现行标准保留，自新标准起始前一日截止。"
                    )
                    % {"day": current.valid_from.isoformat()}
                }
            )
        before = snapshot(current, (*STANDARD_FIELDS, "valid_to"))
        current.valid_to = row.valid_from - timedelta(days=1)
        current.save(update_fields=["valid_to"])
    row.save()
    audit_record(
        actor=actor,
        action=Action.STANDARD_SET,
        obj=row,
        subject=jurisdiction,
        jurisdiction_path=jurisdiction.path,
        unit_id=None,
        before=before,
        after={**snapshot(row, STANDARD_FIELDS), "replaces": current.pk if current else None},
    )
    return row
