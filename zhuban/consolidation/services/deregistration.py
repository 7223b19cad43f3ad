"""The office's registration cancelled and its posts taken back (注销机构, 收回编制)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhuban.audit.services import audit_about, snapshot
from zhuban.consolidation.actions import Action
from zhuban.consolidation.models import Deregistration, Dossier, QuotaRecovery
from zhuban.consolidation.services._common import _not_in_future, _require_open
from zhuban.registry.models import Office

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor


@transaction.atomic
def deregistration_record(
    *, actor: Actor | User, dossier: Dossier, authority: str, document_number: str, deregistered_on: date
) -> Deregistration:
    """The office's registration was cancelled (注销机构). Recording again corrects the record."""
    _require_open(dossier)
    _not_in_future("deregistered_on", deregistered_on)
    record = Deregistration.objects.filter(dossier=dossier).first() or Deregistration(dossier=dossier)
    fields = ("authority", "document_number", "deregistered_on")
    before = snapshot(record, fields) if record.pk else None
    record.authority, record.document_number = authority.strip(), document_number.strip()
    record.deregistered_on = deregistered_on
    record.full_clean(exclude=["dossier"])
    after = snapshot(record, fields)
    if before == after:
        return record
    record.save()
    audit_about(actor, Action.DEREGISTRATION_RECORD, record, dossier.office, before, after)
    return record


@transaction.atomic
def quota_recovery_record(
    *,
    actor: Actor | User,
    dossier: Dossier,
    posts_recovered: int,
    confirmed_by: str,
    document_number: str,
    confirmed_on: date,
    difference_reason: str = "",
) -> QuotaRecovery:
    """The staffing office confirmed the posts taken back (收回编制). Any difference from the
    office's approved quota must be explained."""
    _require_open(dossier)
    _not_in_future("confirmed_on", confirmed_on)
    quota = Office.objects.values_list("staffing_quota", flat=True).get(pk=dossier.office_id)
    if posts_recovered != quota and not difference_reason.strip():
        raise ValidationError(
            {
                "difference_reason": _("收回编制数（%(posts)s）与核定编制数（%(quota)s）不一致，须说明差异原因。")
                % {"posts": posts_recovered, "quota": quota}
            }
        )
    record = QuotaRecovery.objects.filter(dossier=dossier).first() or QuotaRecovery(dossier=dossier)
    fields = (
        "posts_recovered",
        "approved_quota",
        "confirmed_by",
        "document_number",
        "confirmed_on",
        "difference_reason",
    )
    before = snapshot(record, fields) if record.pk else None
    record.posts_recovered, record.approved_quota = posts_recovered, quota
    record.confirmed_by, record.document_number = confirmed_by.strip(), document_number.strip()
    record.confirmed_on, record.difference_reason = confirmed_on, difference_reason.strip()
    record.full_clean(exclude=["dossier"])
    after = snapshot(record, fields)
    if before == after:
        return record
    record.save()
    audit_about(actor, Action.QUOTA_RECOVERY_RECORD, record, dossier.office, before, after)
    return record
