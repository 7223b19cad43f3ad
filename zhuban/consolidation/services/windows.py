"""County windows in the city's public liaison office (三(二)2): applied for, staffed, decided."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import audit_record, snapshot
from zhuban.consolidation import events, queries
from zhuban.consolidation.actions import Action
from zhuban.consolidation.models import CountyWindow, WindowMember
from zhuban.consolidation.services._common import _checked_file, _not_in_future
from zhuban.org.models import Jurisdiction
from zhuban.registry.models import StaffMember

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor


def _window_audit(
    actor: Actor | User,
    action: str,
    window: CountyWindow,
    before=None,
    after=None,
    reason: str = "",
    obj: Model | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj or window,
        subject=window.jurisdiction,
        jurisdiction_path=window.jurisdiction.path,
        unit_id=window.general_office_id,
        before=before,
        after=after,
        reason=reason,
    )


def _cap_message(cap: int, count: int) -> str:
    return _("每个县（市、区）的工作窗口不得超过%(cap)s人（三(二)2），现为%(count)s人。") % {"cap": cap, "count": count}


def _window_add_member(
    actor: Actor | User, window: CountyWindow, *, name: str, post: str, is_head: bool, staff: StaffMember | None
) -> WindowMember:
    # Take the window's row first (the UPDATE locks it), so two additions at once are counted
    # one after the other and cannot together pass the cap.
    CountyWindow.objects.filter(pk=window.pk).update(version=F("version") + 1)
    cap = queries.window_cap(window.jurisdiction)
    count = WindowMember.objects.filter(window=window).count()
    if count + 1 > cap:
        raise ValidationError(_cap_message(cap, count + 1))
    if is_head and WindowMember.objects.filter(window=window, is_head=True).exists():
        raise ValidationError({"is_head": _("工作窗口已有负责人。")})
    if staff is not None and WindowMember.objects.filter(staff=staff).exists():
        raise ValidationError({"staff": _("%(name)s已在工作窗口中。") % {"name": staff.name}})
    member = WindowMember(
        window=window,
        name=name.strip(),
        post=post.strip(),
        is_head=is_head,
        concurrent_post=_head_post(window) if is_head else "",
        staff=staff,
        added_at=timezone.now(),
    )
    member.full_clean(exclude=["window", "staff"], validate_unique=False)
    member.save()
    _window_audit(
        actor,
        Action.WINDOW_MEMBER_ADD,
        window,
        None,
        snapshot(member, ("name", "post", "is_head", "concurrent_post", "staff")),
        obj=member,
    )
    return member


def _head_post(window: CountyWindow) -> str:
    # 三(二)2: the head also serves as deputy director of the county government office.
    return _("%(office)s副主任") % {"office": window.general_office.name}


@transaction.atomic
def window_apply(
    *,
    actor: Actor | User,
    jurisdiction: Jurisdiction,
    members: list[dict[str, Any]],
    applied_on: date,
    application_document: str = "",
) -> CountyWindow:
    """A county whose Wuhan office was revoked applies for a window in the city's public liaison
    office (三(二)2). ``members``: dicts with name, post, is_head and optionally staff."""
    refusal = queries.window_refusal(jurisdiction)
    if refusal:
        raise ValidationError(refusal)
    _not_in_future("applied_on", applied_on)
    if CountyWindow.objects.filter(
        jurisdiction=jurisdiction, status__in=[CountyWindow.Status.APPLIED, CountyWindow.Status.APPROVED]
    ).exists():
        raise ValidationError(
            _("%(county)s已有工作窗口（已申请或已批准），请在原窗口中增加人员。") % {"county": jurisdiction}
        )
    members = [m for m in members if (m.get("name") or "").strip()]
    cap = queries.window_cap(jurisdiction)
    if not members:
        raise ValidationError(_("须列明工作窗口人员。"))
    if len(members) > cap:
        raise ValidationError(_cap_message(cap, len(members)))
    heads = sum(1 for m in members if m.get("is_head"))
    if heads != 1:
        raise ValidationError(_("工作窗口须指定一名（且只能一名）负责人，负责人同时兼任县（市、区）政府办公室副主任。"))
    window = CountyWindow(
        jurisdiction=jurisdiction,
        general_office=queries.general_office_of(jurisdiction),
        applied_on=applied_on,
        application_document=application_document.strip(),
    )
    window.full_clean(exclude=["jurisdiction", "general_office"], validate_constraints=False)
    try:
        with transaction.atomic():
            window.save()
    except IntegrityError:
        raise ValidationError(_("%(county)s已有工作窗口（已申请或已批准）。") % {"county": jurisdiction}) from None
    _window_audit(
        actor, Action.WINDOW_APPLY, window, None, snapshot(window, ("status", "applied_on", "application_document"))
    )
    for m in sorted(members, key=lambda m: not m.get("is_head")):
        _window_add_member(
            actor, window, name=m["name"], post=m.get("post", ""), is_head=bool(m.get("is_head")), staff=m.get("staff")
        )
    events.window_applied.send(sender=CountyWindow, window=window, actor=actor)
    return window


@transaction.atomic
def window_member_add(
    *,
    actor: Actor | User,
    window: CountyWindow,
    name: str,
    post: str = "",
    is_head: bool = False,
    staff: StaffMember | None = None,
) -> WindowMember:
    if window.status == CountyWindow.Status.REJECTED:
        raise ValidationError(_("该工作窗口未获批准，不能增加人员。"))
    if not name.strip():
        raise ValidationError({"name": _("须填写姓名。")})
    return _window_add_member(actor, window, name=name, post=post, is_head=is_head, staff=staff)


def _window_file(file: UploadedFile | None) -> str:
    if file is None:
        return ""
    digest, _kind = _checked_file(file)
    return digest


@transaction.atomic
def window_approve(
    *, actor: Actor | User, window: CountyWindow, document: str, approved_on: date, file: UploadedFile | None = None
) -> CountyWindow:
    """The city government approved the window (recorded by the city bureau)."""
    _not_in_future("approved_on", approved_on)
    cap = queries.window_cap(window.jurisdiction)
    count = window.members.count()
    if count > cap:
        raise ValidationError(_cap_message(cap, count))
    if not window.members.filter(is_head=True).exists():
        raise ValidationError(_("工作窗口须指定一名负责人后才能批准。"))
    digest = _window_file(file)
    before = snapshot(window, ("status", "approval_document", "approved_on"))
    moved = CountyWindow.objects.filter(pk=window.pk, status=CountyWindow.Status.APPLIED).update(
        status=CountyWindow.Status.APPROVED,
        approval_document=document.strip(),
        approved_on=approved_on,
        approval_file_sha256=digest,
        version=F("version") + 1,
    )
    if not moved:
        raise ValidationError(_("该工作窗口不在待批准状态（可能已被他人处理），请刷新后查看。"))
    if file is not None:
        window.approval_file = file
        window.save(update_fields=["approval_file"])
    window.refresh_from_db()
    _window_audit(
        actor, Action.WINDOW_APPROVE, window, before, snapshot(window, ("status", "approval_document", "approved_on"))
    )
    events.window_decided.send(sender=CountyWindow, window=window, actor=actor)
    return window


@transaction.atomic
def window_reject(*, actor: Actor | User, window: CountyWindow, reason: str) -> CountyWindow:
    if not reason.strip():
        raise ValidationError({"reason": _("不批准须写明理由。")})
    moved = CountyWindow.objects.filter(pk=window.pk, status=CountyWindow.Status.APPLIED).update(
        status=CountyWindow.Status.REJECTED, rejection_reason=reason.strip(), version=F("version") + 1
    )
    if not moved:
        raise ValidationError(_("该工作窗口不在待批准状态（可能已被他人处理），请刷新后查看。"))
    window.refresh_from_db()
    _window_audit(actor, Action.WINDOW_REJECT, window, {"status": "applied"}, {"status": "rejected"}, reason.strip())
    events.window_decided.send(sender=CountyWindow, window=window, actor=actor)
    return window
