"""What every inspection service shares: the audit entry, the team check, dates, evidence files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zhuban.audit.services import as_actor, audit_record
from zhuban.inspection.models import Inspection, TeamMember
from zhuban.lib.evidence import EvidenceError, check_evidence


def today() -> date:
    return timezone.localdate()


def not_in_future(field: str, value: date | None) -> None:
    if value is not None and value > today():
        raise ValidationError({field: _("日期不能晚于今天。")})


def label(actor: Any) -> str:
    return as_actor(actor).label


def user_of(actor: Any) -> Any:
    return getattr(actor, "user", actor)


def record(
    actor: Any,
    action: str,
    obj: Model,
    *,
    path: str,
    unit_id: int | None = None,
    subject: Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        subject=subject or obj,
        jurisdiction_path=path,
        unit_id=unit_id,
        before=before,
        after=after,
        reason=reason,
    )


def member_acting(actor: Any, inspection: Inspection) -> TeamMember:
    """The team member the actor is on this inspection: each member acts for their body. A
    capability without a seat on the team acts on nothing here."""
    user_id = getattr(user_of(actor), "pk", None)
    member = None
    if user_id is not None:
        member = inspection.members.select_related("body").filter(user_id=user_id).first()
        if member is None and inspection.leader.user_id == user_id:
            member = inspection.leader
    if member is None or member.removed_at is not None:
        raise ValidationError(
            _("您不是“%(inspection)s”检查组的成员，不能以检查组名义办理。") % {"inspection": inspection}
        )
    return member


def refuse_removed(field: str, members: Iterable[TeamMember]) -> None:
    """A member who left the team is put on no plan; the refusal names them. Read from the
    database: the caller's copy may predate the removal."""
    ids = [m.pk for m in members]
    gone = sorted(
        str(m) for m in TeamMember.objects.filter(pk__in=ids, removed_at__isnull=False).select_related("user", "body")
    )
    if gone:
        raise ValidationError({field: _("已退出联合检查组的人员不能列入：%(names)s") % {"names": "、".join(gone)}})


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only what an edit changed, old and new, for its audit entry."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def require_under_way(inspection: Inspection) -> None:
    if inspection.status == Inspection.Status.CLOSED:
        raise ValidationError(_("“%(inspection)s”已结束，不能再修改。") % {"inspection": inspection})


EVIDENCE_MESSAGES = {
    "empty": gettext_noop("文件“%(name)s”是空的。"),
    "too_large": gettext_noop("文件“%(name)s”超过大小上限（20MB）。"),
    "type": gettext_noop("文件“%(name)s”不是 PDF、OFD、Office 文档或图片（按文件内容判断，而非文件名）。"),
}


def checked_file(file: UploadedFile, field: str = "attachments") -> tuple[str, str]:
    """The file's SHA-256 and content kind, judged by its content; a refusal names the file."""
    try:
        return check_evidence(file, size=file.size or 0)
    except EvidenceError as exc:
        raise ValidationError({field: _(EVIDENCE_MESSAGES[exc.code]) % {"name": file.name}}) from None
