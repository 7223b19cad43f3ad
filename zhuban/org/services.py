"""Changes to who may act where. Each writes its audit entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from zhuban.audit.services import audit_record, snapshot
from zhuban.org.actions import Action
from zhuban.org.models import Jurisdiction, RoleAssignment, Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor


@transaction.atomic
def user_create(*, actor: Actor | User, username: str, full_name: str, password: str, jurisdiction: Jurisdiction):
    User = get_user_model()
    user = User(username=username, first_name=full_name)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action=Action.USER_CREATE,
        obj=user,
        subject=jurisdiction,
        jurisdiction_path=jurisdiction.path,
        unit_id=None,
        before=None,
        after={"username": username, "full_name": full_name},
    )
    return user


@transaction.atomic
def role_grant(
    *,
    actor: Actor | User,
    user: User,
    role: str,
    jurisdiction: Jurisdiction,
    unit: Unit | None = None,
    office: Any = None,
    reason: str = "",
) -> RoleAssignment:
    """``unit`` for a department clerk; ``office`` (a registry office) for a retained office's
    staff and head, whose grant is on that office alone."""
    assignment = RoleAssignment(user=user, role=role, jurisdiction=jurisdiction, unit=unit, office=office)
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor,
        action=Action.ROLE_GRANT,
        obj=assignment,
        subject=jurisdiction,
        jurisdiction_path=jurisdiction.path,
        unit_id=unit.pk if unit else None,
        before=None,
        after={"user": user.get_username(), **snapshot(assignment, ("role", "jurisdiction", "unit", "office"))},
        reason=reason,
    )
    return assignment


@transaction.atomic
def otp_enrol(*, actor: Actor | User, device: Any) -> None:
    """An authenticator proved its first code: it now guards the account's approvals."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    assignment = RoleAssignment.objects.filter(user=device.user).select_related("jurisdiction").first()
    place = assignment.jurisdiction if assignment else None
    audit_record(
        actor=actor,
        action=Action.OTP_ENROL,
        obj=device,
        subject=place or device,
        jurisdiction_path=place.path if place else "/",
        unit_id=None,
        before=None,
        after={"user": device.user.get_username(), "device": device.name},
    )
