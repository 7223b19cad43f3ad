"""Staff: each person of the office placed (分流安置), once."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import audit_about, snapshot
from zhuban.consolidation.actions import Action
from zhuban.consolidation.models import CountyWindow, Placement, WindowMember
from zhuban.consolidation.services._common import _dossier_of, _not_in_future
from zhuban.consolidation.services.windows import _window_add_member
from zhuban.registry.models import Office, StaffMember

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor

PLACEMENT_FIELDS = ("destination", "unit_name", "window", "placed_on", "document")


@transaction.atomic
def staff_place(
    *,
    actor: Actor | User,
    staff: StaffMember,
    destination: str,
    placed_on: date,
    unit_name: str = "",
    window: CountyWindow | None = None,
    document: str = "",
    carried_to: StaffMember | None = None,
) -> Placement:
    """Place one person of the office (分流安置); the only way a person becomes "placed"."""
    office = Office.objects.select_related("jurisdiction", "sponsor").get(pk=staff.office_id)
    dossier = _dossier_of(office)
    _not_in_future("placed_on", placed_on)
    unit_name = unit_name.strip()
    D = Placement.Destination
    errors: dict[str, str] = {}
    if destination == D.BACK_TO_SPONSOR:
        unit_name = unit_name or office.sponsor.name
    elif destination == D.TRANSFERRED and not unit_name:
        errors["unit_name"] = _("调往其他单位的，须写明接收单位。")
    elif destination == D.COUNTY_WINDOW:
        if window is None:
            errors["window"] = _("须选择本县（市、区）已批准的工作窗口。")
        elif window.jurisdiction_id != office.jurisdiction_id:
            errors["window"] = _("只能安置到本县（市、区）的工作窗口。")
        elif window.status != CountyWindow.Status.APPROVED:
            errors["window"] = _("工作窗口须经市政府批准后才能安置人员。")
        else:
            unit_name = window.general_office.name
    elif destination in (D.RETIRED, D.CONTRACT_ENDED):
        unit_name = ""
    if destination == D.CONTRACT_ENDED and staff.employment != StaffMember.Employment.LOCAL_HIRE:
        errors["destination"] = _("只有驻地聘用人员才能以解除聘用合同安置；%(name)s是%(kind)s人员。") % {
            "name": staff.name,
            "kind": staff.get_employment_display(),
        }
    if destination != D.COUNTY_WINDOW:
        window = None
    if errors:
        raise ValidationError(errors)
    placement = Placement(
        staff=staff,
        dossier=dossier,
        destination=destination,
        unit_name=unit_name,
        window=window,
        placed_on=placed_on,
        document=document.strip(),
        carried_to=carried_to,
        recorded_at=timezone.now(),
    )
    placement.full_clean(exclude=["staff", "dossier", "window", "carried_to"], validate_unique=False)
    moved = (
        StaffMember.objects.filter(pk=staff.pk)
        .exclude(status=StaffMember.Status.PLACED)
        .update(status=StaffMember.Status.PLACED, version=F("version") + 1)
    )
    if not moved or Placement.objects.filter(staff_id=staff.pk).exists():
        raise ValidationError(_("%(name)s已经安置，不能重复安置。") % {"name": staff.name})
    if window is not None and not WindowMember.objects.filter(window=window, staff=staff).exists():
        _window_add_member(actor, window, name=staff.name, post=staff.post, is_head=False, staff=staff)
    placement.save()
    staff.status = StaffMember.Status.PLACED
    audit_about(actor, Action.STAFF_PLACE, placement, office, None, snapshot(placement, PLACEMENT_FIELDS))
    return placement
