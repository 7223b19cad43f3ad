"""Every change to the registry, one function per business event, each with its audit entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from zhuban.audit.services import audit_about, changed_fields, snapshot
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember
from zhuban.versioning import apply_values, current_or_stale, save_versioned

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor

OFFICE_FIELDS = tuple(
    f.name
    for f in Office._meta.concrete_fields
    if f.name not in {"id", "version", "created_at", "updated_at", "jurisdiction"}
)
ASSET_FIELDS = ("category", "description", "area", "plate_number", "certificate_number", "book_value", "status")
STAFF_FIELDS = ("name", "post", "employment", "posted_on", "status")
ENTITY_FIELDS = ("name", "kind", "decoupling", "decoupled_on")


@transaction.atomic
def office_register(*, actor: Actor | User, values: dict[str, Any], reason: str = "") -> Office:
    office = Office()
    apply_values(office, values, OFFICE_FIELDS)
    if office.sponsor_id:
        office.jurisdiction_id = office.sponsor.jurisdiction_id
    office.full_clean()
    office.save()
    audit_about(actor, "office.register", office, office, None, snapshot(office, OFFICE_FIELDS), reason)
    return office


@transaction.atomic
def office_update(
    *,
    actor: Actor | User,
    office: Office,
    values: dict[str, Any],
    expected_version: int | None = None,
    reason: str = "",
) -> Office:
    """Change an office's 附表一 fields. Refused when the office changed since ``expected_version``."""
    before = snapshot(current_or_stale(office, expected_version), OFFICE_FIELDS)
    apply_values(office, values, OFFICE_FIELDS)
    office.jurisdiction_id = office.sponsor.jurisdiction_id
    office.full_clean()
    after = snapshot(office, OFFICE_FIELDS)
    if not changed_fields(before, after):
        return office
    save_versioned(office, expected_version)
    audit_about(
        actor, "office.update", office, office, _only_changed(before, after), _only_changed(after, before), reason
    )
    return office


def _only_changed(these: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in these.items() if others.get(k) != v}


def _child_add(actor: Actor | User, model: type[Model], office: Office, values: dict[str, Any], allowed, action: str):
    obj = model(office=office)
    apply_values(obj, values, allowed)
    obj.full_clean()
    obj.save()
    audit_about(actor, action, obj, office, None, snapshot(obj, allowed))
    return obj


def _child_update(
    actor: Actor | User,
    obj: Asset | StaffMember | BusinessEntity,
    values: dict[str, Any],
    allowed,
    action: str,
    expected_version,
    reason="",
):
    before = snapshot(current_or_stale(obj, expected_version), allowed)
    apply_values(obj, values, allowed)
    obj.full_clean()
    after = snapshot(obj, allowed)
    if not changed_fields(before, after):
        return obj
    save_versioned(obj, expected_version)
    audit_about(actor, action, obj, obj.office, _only_changed(before, after), _only_changed(after, before), reason)
    return obj


@transaction.atomic
def asset_add(*, actor: Actor | User, office: Office, values: dict[str, Any]) -> Asset:
    return _child_add(actor, Asset, office, values, ASSET_FIELDS, "asset.add")


@transaction.atomic
def asset_update(
    *, actor: Actor | User, asset: Asset, values: dict[str, Any], expected_version: int | None = None
) -> Asset:
    if "status" in values and (values["status"] == Asset.Status.DISPOSED) != (asset.status == Asset.Status.DISPOSED):
        # An asset leaves the books only through a recorded lawful disposal (consolidation), and
        # a disposed asset cannot be brought back by editing: its disposal stays on record.
        raise ValidationError({"status": _("资产只能通过处置程序核销，不能直接改为“已处置”，已处置的资产也不能改回。")})
    return _child_update(actor, asset, values, ASSET_FIELDS, "asset.update", expected_version)


@transaction.atomic
def staff_add(*, actor: Actor | User, office: Office, values: dict[str, Any]) -> StaffMember:
    return _child_add(actor, StaffMember, office, values, STAFF_FIELDS, "staff.add")


@transaction.atomic
def staff_update(
    *, actor: Actor | User, staff: StaffMember, values: dict[str, Any], expected_version: int | None = None
) -> StaffMember:
    return _child_update(actor, staff, values, STAFF_FIELDS, "staff.update", expected_version)


@transaction.atomic
def entity_add(*, actor: Actor | User, office: Office, values: dict[str, Any]) -> BusinessEntity:
    return _child_add(actor, BusinessEntity, office, values, ENTITY_FIELDS, "entity.add")


@transaction.atomic
def entity_update(
    *, actor: Actor | User, entity: BusinessEntity, values: dict[str, Any], expected_version: int | None = None
) -> BusinessEntity:
    return _child_update(actor, entity, values, ENTITY_FIELDS, "entity.update", expected_version)
