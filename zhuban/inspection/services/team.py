"""The joint team (三(三)): its six bodies as data, and the people acting for each."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import snapshot
from zhuban.inspection.actions import Action
from zhuban.inspection.models import Body, Inspection, Schedule, TeamBody, TeamMember
from zhuban.inspection.services._common import record
from zhuban.org.models import Jurisdiction, Unit

# The body each registered unit's campaign function stands for; the Wuhan office is an office.
BODY_OF_FUNCTION: dict[str, Body] = {
    Unit.Function.SUPERVISION_BUREAU: Body.SUPERVISION,
    Unit.Function.STAFFING_OFFICE: Body.STAFFING,
    Unit.Function.FINANCE_BUREAU: Body.FINANCE,
    Unit.Function.AUDIT_BUREAU: Body.AUDIT,
    Unit.Function.OFFICES_ADMINISTRATION: Body.OFFICES_ADMINISTRATION,
}


@transaction.atomic
def team_set_up(*, actor: Any, jurisdiction: Jurisdiction) -> list[TeamBody]:
    """The six bodies of the jurisdiction's joint team, each linked to its registered unit where
    there is one. Idempotent: a body already set up is kept."""
    units = {
        BODY_OF_FUNCTION[u.function]: u
        for u in Unit.objects.filter(jurisdiction=jurisdiction, function__in=list(BODY_OF_FUNCTION))
    }
    bodies = []
    for body in Body:
        existing = TeamBody.objects.filter(jurisdiction=jurisdiction, body=body).first()
        if existing is not None:
            bodies.append(existing)
            continue
        unit = units.get(body)
        made = TeamBody(jurisdiction=jurisdiction, body=body, name=unit.name if unit else str(body.label), unit=unit)
        made.full_clean()
        made.save()
        record(
            actor, Action.TEAM_BODY_SET_UP, made, path=jurisdiction.path, after=snapshot(made, ("body", "name", "unit"))
        )
        bodies.append(made)
    return bodies


@transaction.atomic
def team_member_add(*, actor: Any, body: TeamBody, user: Any, post: str = "") -> TeamMember:
    """A person joins the team for one body; a person acts for one body only."""
    if not isinstance(user, get_user_model()) or not user.is_active:
        raise ValidationError({"user": _("须选择在用的账号。")})
    other = TeamMember.objects.filter(jurisdiction_id=body.jurisdiction_id, user=user).select_related("body").first()
    if other is not None and other.removed_at is not None:
        # Back on the team, perhaps for another body: what they recorded before keeps its body.
        other.body, other.post, other.removed_at = body, post.strip(), None
        other.save(update_fields=["body", "post", "removed_at"])
        record(
            actor,
            Action.TEAM_MEMBER_ADD,
            other,
            path=body.jurisdiction.path,
            subject=body,
            after={"body": body.name, "user": user.get_username(), "post": other.post},
        )
        return other
    if other is not None:
        raise ValidationError(
            {
                "user": _("%(user)s已是%(body)s的检查组成员，每人只代表一个单位。")
                % {"user": user, "body": other.body.name}
            }
        )
    member = TeamMember(body=body, jurisdiction_id=body.jurisdiction_id, user=user, post=post.strip())
    member.full_clean(exclude=["jurisdiction"], validate_constraints=False)
    member.save()
    record(
        actor,
        Action.TEAM_MEMBER_ADD,
        member,
        path=body.jurisdiction.path,
        subject=body,
        after={"body": body.name, "user": user.get_username(), "post": member.post},
    )
    return member


@transaction.atomic
def team_member_remove(*, actor: Any, member: TeamMember, reason: str = "") -> TeamMember:
    """A person leaves the team. What they recorded stays theirs (each finding names its recorder
    and body); they leave every inspection still under way and act on nothing any more. A leader
    is replaced first: an inspection or schedule is never left without one."""
    member = TeamMember.objects.select_for_update().select_related("body__jurisdiction", "user").get(pk=member.pk)
    if member.removed_at is not None:
        raise ValidationError(_("%(member)s已退出联合检查组。") % {"member": member})
    led = [
        *(str(i) for i in Inspection.objects.filter(leader=member).exclude(status=Inspection.Status.CLOSED)),
        *(str(s) for s in Schedule.objects.filter(leader=member, active=True)),
    ]
    if led:
        raise ValidationError(
            {"leader": _("%(member)s是“%(names)s”的组长，请先更换组长。") % {"member": member, "names": "”“".join(led)}}
        )
    under_way = list(member.inspections.exclude(status=Inspection.Status.CLOSED))
    for inspection in under_way:
        inspection.members.remove(member)
    member.removed_at = timezone.now()
    member.save(update_fields=["removed_at"])
    record(
        actor,
        Action.TEAM_MEMBER_REMOVE,
        member,
        path=member.body.jurisdiction.path,
        subject=member.body,
        before={"body": member.body.name, "user": member.user.get_username()},
        after={"removed": True, "inspections_left": sorted(str(i) for i in under_way)},
        reason=reason.strip(),
    )
    return member
