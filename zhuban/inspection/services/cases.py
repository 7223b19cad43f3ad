"""Violation cases (四(二)): proposed from data or by a person, opened or dismissed with a reason,
investigated, decided, followed up, and opened to the jurisdiction concerned only when the
handling body says so."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.inspection import events, prefill
from zhuban.inspection.actions import Action
from zhuban.inspection.models import Case, CaseKind, CaseNote, Notice
from zhuban.inspection.services._common import checked_file, label, not_in_future, record
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import Asset, Office, StaffMember


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


def _audit(actor: Any, action: str, case: Case, obj: Any = None, **kw: Any) -> None:
    # Case entries are about the case (never joining an office's history) and carry no case file
    # text: the trail is read with audit.read_trail, which is not the discipline side's
    # case_read. They record who did what, when, and the fingerprints of what was written.
    record(actor, action, obj or case, path=case.jurisdiction.path, subject=case, **kw)


def _locked(case: Case, allowed: tuple[str, ...], refusal: str) -> Case:
    fresh = Case.objects.select_for_update().select_related("jurisdiction").get(pk=case.pk)
    if fresh.status not in allowed:
        raise ValidationError(refusal % {"status": fresh.get_status_display()})
    return fresh


@transaction.atomic
def case_propose(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    kind: str,
    facts: str,
    office: Office | None = None,
    involved: list[dict[str, str]] | None = None,
    detection_key: str = "",
) -> Case | None:
    """A proposal to open a case. Detection passes a key per fact, so a fact is proposed once
    (None when it already was, whatever became of it)."""
    if kind not in CaseKind.values:
        raise ValidationError({"kind": _("须选择违规类型。")})
    if not facts.strip():
        raise ValidationError({"facts": _("须写明基本事实。")})
    if office is not None and not office.jurisdiction.path.startswith(jurisdiction.path):
        raise ValidationError({"office": _("%(office)s不属于%(j)s。") % {"office": office, "j": jurisdiction}})
    if detection_key and Case.objects.filter(detection_key=detection_key).exists():
        return None
    case = Case(
        jurisdiction=jurisdiction,
        office=office,
        kind=kind,
        facts=facts.strip(),
        involved=involved or [],
        detection_key=detection_key,
        proposed_at=timezone.now(),
    )
    case.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        return None
    _audit(
        actor,
        Action.CASE_PROPOSE,
        case,
        after={"kind": kind, "facts_sha256": _digest(case.facts), "source": detection_key or "manual"},
    )
    return case


def case_detect(*, actor: Any, jurisdiction: Jurisdiction, as_of: date) -> list[Case]:
    """Propose a case for every fact that suggests a violation (discipline flags, asset losses,
    disposals below appraisal without approval, an office back under a new name). Nothing is
    opened: a person opens or dismisses each proposal."""
    offices = {
        o.pk: o
        for o in Office.objects.filter(jurisdiction__path__startswith=jurisdiction.path).select_related("jurisdiction")
    }
    facts, _covered = prefill.gather(list(offices), as_of)
    made = []
    for fact in facts:
        if not fact.case_kind or not fact.key:
            continue
        office = offices[fact.office_id]
        case = case_propose(
            actor=actor,
            jurisdiction=office.jurisdiction,
            office=office,
            kind=fact.case_kind,
            facts=fact.label,
            involved=[{"label": fact.label, "link": fact.link}],
            detection_key=fact.key,
        )
        if case is not None:
            made.append(case)
    return made


@transaction.atomic
def case_open(*, actor: Any, case: Case, handling_body: str, opened_on: date) -> Case:
    case = _locked(case, (Case.Status.PROPOSED,), _("该线索当前为“%(status)s”，不能立案。"))
    not_in_future("opened_on", opened_on)
    if not handling_body.strip():
        raise ValidationError({"handling_body": _("须写明办理单位。")})
    case.status, case.handling_body, case.opened_on = Case.Status.OPEN, handling_body.strip(), opened_on
    case.decided_by_actor = label(actor)
    case.save()
    _audit(
        actor,
        Action.CASE_OPEN,
        case,
        before={"status": "proposed"},
        after={"status": "open", "handling_body": case.handling_body, "opened_on": opened_on.isoformat()},
    )
    return case


@transaction.atomic
def case_dismiss(*, actor: Any, case: Case, reason: str) -> Case:
    case = _locked(case, (Case.Status.PROPOSED,), _("该线索当前为“%(status)s”，不能不予立案。"))
    if not reason.strip():
        raise ValidationError({"reason": _("不予立案须写明理由。")})
    case.status, case.dismissal_reason, case.decided_by_actor = Case.Status.DISMISSED, reason.strip(), label(actor)
    case.save()
    _audit(
        actor,
        Action.CASE_DISMISS,
        case,
        before={"status": "proposed"},
        after={"status": "dismissed", "reason_sha256": _digest(case.dismissal_reason)},
    )
    return case


@transaction.atomic
def case_note_add(*, actor: Any, case: Case, text: str, file: UploadedFile | None = None) -> CaseNote:
    case = _locked(case, (Case.Status.OPEN, Case.Status.DECIDED), _("该案件当前为“%(status)s”，不能录入调查记录。"))
    if not text.strip():
        raise ValidationError({"text": _("须写明调查记录。")})
    note = CaseNote(case=case, text=text.strip(), written_at=timezone.now(), written_by=label(actor))
    if file is not None:
        note.sha256, note.content_kind = checked_file(file, "file")
        note.file, note.file_name = file, (file.name or "")[:200]
    note.save()
    _audit(actor, Action.CASE_NOTE, case, note, after={"text_sha256": _digest(note.text), "file_sha256": note.sha256})
    return note


@transaction.atomic
def case_involve(
    *,
    actor: Any,
    case: Case,
    offices: Iterable[Office] = (),
    assets: Iterable[Asset] = (),
    staff: Iterable[StaffMember] = (),
) -> Case:
    """Name the offices, assets and people a case involves (四(二)), each a line linking to its
    record; one already named is not named twice. Refused once the case is dismissed or decided."""
    case = _locked(case, (Case.Status.PROPOSED, Case.Status.OPEN), _("该案件当前为“%(status)s”，不能再登记涉案对象。"))
    lines = list(case.involved)
    known = {line.get("link") for line in lines}
    added: dict[str, list[int]] = {"offices": [], "assets": [], "staff": []}
    # An asset or a person is shown on its office's page.
    named: list[tuple[str, int, str, str]] = [
        *(("offices", o.pk, _("机构：%(name)s") % {"name": o.name}, o.get_absolute_url()) for o in offices),
        *(
            (
                "assets",
                a.pk,
                _("资产：%(name)s（%(office)s）") % {"name": a, "office": a.office.name},
                a.office.get_absolute_url(),
            )
            for a in assets
        ),
        *(
            (
                "staff",
                p.pk,
                _("人员：%(name)s（%(office)s）") % {"name": p.name, "office": p.office.name},
                p.office.get_absolute_url(),
            )
            for p in staff
        ),
    ]
    for kind, pk, text, url in named:
        key = url if kind == "offices" else f"{url}#{kind}-{pk}"
        if key in known:
            continue
        known.add(key)
        lines.append({"label": str(text), "link": key})
        added[kind].append(pk)
    if not any(added.values()):
        raise ValidationError(_("请选择至少一个尚未登记的涉案机构、资产或人员。"))
    case.involved = lines
    case.save(update_fields=["involved"])
    _audit(actor, Action.CASE_INVOLVE, case, after=added)  # ids only: the trail carries no case-file words
    return case


@transaction.atomic
def case_decide(*, actor: Any, case: Case, measure: str, document: str, decided_on: date) -> Case:
    """The outcome (处理决定): the measure, its document number and date."""
    case = _locked(case, (Case.Status.OPEN,), _("该案件当前为“%(status)s”，不能录入处理决定。"))
    not_in_future("decided_on", decided_on)
    if not measure.strip():
        raise ValidationError({"measure": _("须写明处理措施。")})
    if not document.strip():
        raise ValidationError({"document": _("须填写处理决定文号。")})
    if case.opened_on and decided_on < case.opened_on:
        raise ValidationError({"decided_on": _("处理决定日期不能早于立案日期（%(on)s）。") % {"on": case.opened_on}})
    case.status, case.measure, case.decision_document, case.decision_on = (
        Case.Status.DECIDED,
        measure.strip(),
        document.strip(),
        decided_on,
    )
    case.save()
    _audit(
        actor,
        Action.CASE_DECIDE,
        case,
        before={"status": "open"},
        after={
            "status": "decided",
            "measure": case.measure,
            "document": case.decision_document,
            "on": decided_on.isoformat(),
        },
    )
    return case


@transaction.atomic
def case_follow_up(*, actor: Any, case: Case, text: str) -> Case:
    case = _locked(case, (Case.Status.DECIDED,), _("该案件当前为“%(status)s”，还没有处理决定可落实。"))
    if not text.strip():
        raise ValidationError({"text": _("须写明落实情况。")})
    before = case.follow_up
    case.follow_up = text.strip()
    case.save()
    _audit(
        actor,
        Action.CASE_FOLLOW_UP,
        case,
        before={"follow_up_sha256": _digest(before)},
        after={"follow_up_sha256": _digest(case.follow_up)},
    )
    return case


@transaction.atomic
def case_disclose(*, actor: Any, case: Case, text: str) -> Notice:
    """Address the jurisdiction concerned: it sees this notice (and later ones), never the case file."""
    case = _locked(case, (Case.Status.OPEN, Case.Status.DECIDED), _("该案件当前为“%(status)s”，不能通报有关地方。"))
    if not text.strip():
        raise ValidationError({"text": _("须写明通报内容。")})
    now = timezone.now()
    if case.disclosed_at is None:
        case.disclosed_at = now
        case.save(update_fields=["disclosed_at"])
    notice = Notice.objects.create(case=case, text=text.strip(), sent_at=now)
    # The notice's words are the jurisdiction's to read: they are no secret of the case file.
    _audit(actor, Action.CASE_DISCLOSE, case, notice, after={"text": notice.text})
    events.case_disclosed.send(sender=Case, case=case, notice=notice, actor=actor)
    return notice
