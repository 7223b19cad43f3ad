"""The special report's narrative, edited by the jurisdiction that issues it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import as_actor, audit_record, snapshot
from zhuban.consolidation.actions import Action
from zhuban.consolidation.models import ReportNarrative
from zhuban.org.models import Jurisdiction

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor


@transaction.atomic
def report_narrative_save(
    *,
    actor: Actor | User,
    jurisdiction: Jurisdiction,
    text: str,
    issuing_unit: str = "",
    document_number: str = "",
    signer: str = "",
    report_date: date | None = None,
    expected_version: int | None = None,
) -> ReportNarrative:
    record, _created = ReportNarrative.objects.get_or_create(jurisdiction=jurisdiction)
    fields = ("text", "issuing_unit", "document_number", "signer", "report_date")
    before = snapshot(record, fields)
    version = expected_version if expected_version is not None else record.version
    user = as_actor(actor).user
    moved = ReportNarrative.objects.filter(pk=record.pk, version=version).update(
        text=text.strip(),
        issuing_unit=issuing_unit.strip(),
        document_number=document_number.strip(),
        signer=signer.strip(),
        report_date=report_date,
        version=F("version") + 1,
        updated_at=timezone.now(),
        updated_by=user,
    )
    if not moved:
        raise ValidationError(_("报告正文已被他人修改，请刷新后重新编辑。"))
    record.refresh_from_db()
    audit_record(
        actor=actor,
        action=Action.REPORT_NARRATIVE,
        obj=record,
        subject=jurisdiction,
        jurisdiction_path=jurisdiction.path,
        unit_id=None,
        before=before,
        after=snapshot(record, fields),
    )
    return record
