"""What every consolidation service shares: the audit entry on the office, date checks, the
open-dossier guard, and evidence storage."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zhuban.audit.services import as_actor
from zhuban.consolidation.models import Dossier, Evidence
from zhuban.lib.evidence import EvidenceError, check_evidence
from zhuban.registry.models import Office

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor


def _today() -> date:
    return timezone.localdate()


def _not_in_future(field: str, value: date | None) -> None:
    if value is not None and value > _today():
        raise ValidationError({field: _("日期不能晚于今天。")})


def _require_open(dossier: Dossier) -> None:
    """Lock the dossier row for the rest of the transaction and check it is still open.

    Every write to a dossier and its closing take this lock first, so a record can never slip
    in while the dossier closes, and two writers to the same dossier queue instead of colliding
    (PostgreSQL; SQLite's IMMEDIATE transactions queue writers already)."""
    if not Dossier.objects.select_for_update().filter(pk=dossier.pk, status=Dossier.Status.OPEN).exists():
        raise ValidationError(_("该整合档案已办结，不能再修改。"))


def dossiers_lock(*, office_ids: Any) -> None:
    """Lock the dossier rows of these offices (whatever their state) for the rest of the
    transaction: a registry write on an office takes this before it reads the office, as the
    closing does before it checks what is left (PostgreSQL; on SQLite the IMMEDIATE
    transaction already serialises writers)."""
    list(Dossier.objects.select_for_update().filter(office_id__in=office_ids).values_list("pk", flat=True))


def _dossier_of(office: Office) -> Dossier:
    dossier = Dossier.objects.filter(office_id=office.pk).select_related("office__jurisdiction").first()
    if dossier is None:
        raise ValidationError(_("“%(office)s”没有整合档案。") % {"office": office})
    _require_open(dossier)
    return dossier


EVIDENCE_MESSAGES = {
    "empty": gettext_noop("文件“%(name)s”是空的。"),
    "too_large": gettext_noop("文件“%(name)s”超过大小上限（20MB）。"),
    "type": gettext_noop("文件“%(name)s”不是 PDF、OFD、Office 文档或图片（按文件内容判断，而非文件名）。"),
}


def _checked_file(file: UploadedFile) -> tuple[str, str]:
    """The file's SHA-256 and content kind, judged by its content; a refusal names the file."""
    try:
        return check_evidence(file, size=file.size or 0)
    except EvidenceError as exc:
        raise ValidationError({"file": _(EVIDENCE_MESSAGES[exc.code]) % {"name": file.name}}) from None


def _store_evidence(
    actor: Actor | User, dossier: Dossier, task: str, file: UploadedFile, description: str = ""
) -> Evidence:
    """Check a file by its content, fingerprint it, and keep it under MEDIA_ROOT (outside the web
    root; it is served only through a view that checks access)."""
    digest, kind = _checked_file(file)
    evidence = Evidence(
        dossier=dossier,
        task=task,
        file=file,
        name=(file.name or "")[:200],
        sha256=digest,
        size=file.size or 0,
        content_kind=kind,
        description=description.strip(),
        uploaded_at=timezone.now(),
        uploaded_by=as_actor(actor).label,
    )
    evidence.full_clean(exclude=["file"])
    evidence.save()
    return evidence
