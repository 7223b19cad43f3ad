"""Every change to the registry, one function per business event, each with its audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import audit_about, changed_fields, snapshot
from zhuban.registry import events
from zhuban.registry.actions import Action
from zhuban.registry.models import Asset, BusinessEntity, Office, StaffMember
from zhuban.versioning import apply_values, current_or_stale, insert_checked, save_versioned

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


def offices_lock_for_write(office_ids: Iterable[int] | Any) -> None:
    """Take the locks that guard writes to these offices (their dossiers' rows, via
    ``events.offices_writing``), without judging them: an import locks its whole scope this way
    before it locks the offices themselves, in the same order as a dossier's closing."""
    events.offices_writing.send(sender=Office, office_ids=office_ids)


def office_facts_changed(jurisdiction_ids: Iterable[int]) -> None:
    """Tell the rest of the product that offices of these jurisdictions were registered or their
    facts changed (``events.office_facts_changed``), inside the write's transaction: every write of
    an office's fields calls it, the imports too."""
    events.office_facts_changed.send(sender=Office, jurisdiction_ids=sorted(set(jurisdiction_ids)))


def office_writable(office_id: int) -> None:
    """Lock what guards the office, then refuse if it no longer runs. An office whose dossier
    has closed was revoked or merged in the same transaction, so its record is read-only: its
    history stays, but a late asset, person or entity could never be disposed of and would
    stand as a loss for ever."""
    offices_lock_for_write([office_id])
    closed = Office.objects.filter(pk=office_id).exclude(status=Office.Status.ACTIVE).first()
    if closed is not None:
        raise ValidationError(
            _(
                "“%(office)s”%(status)s，登记信息只读：不能再添加或修改机构信息、资产、人员和经营性实体（修改记录仍可查阅）。"
            )
            % {"office": closed.name, "status": closed.get_status_display()}
        )


@transaction.atomic
def office_register(*, actor: Actor | User, values: dict[str, Any], reason: str = "") -> Office:
    office = Office()
    apply_values(office, values, OFFICE_FIELDS)
    if office.sponsor_id:
        office.jurisdiction_id = office.sponsor.jurisdiction_id
    office.full_clean()
    insert_checked(office)
    office_facts_changed([office.jurisdiction_id])
    audit_about(actor, Action.OFFICE_REGISTER, office, office, None, snapshot(office, OFFICE_FIELDS), reason)
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
    """Change an office's 附表一 fields. Refused when the office changed since ``expected_version``
    or no longer runs."""
    office_writable(office.pk)
    before = snapshot(current_or_stale(office, expected_version), OFFICE_FIELDS)
    was_in = office.jurisdiction_id
    apply_values(office, values, OFFICE_FIELDS)
    office.jurisdiction_id = office.sponsor.jurisdiction_id
    office.full_clean()
    after = snapshot(office, OFFICE_FIELDS)
    if not changed_fields(before, after):
        return office
    save_versioned(office, expected_version)
    office_facts_changed([was_in, office.jurisdiction_id])
    audit_about(
        actor, Action.OFFICE_UPDATE, office, office, _only_changed(before, after), _only_changed(after, before), reason
    )
    return office


@transaction.atomic
def office_close(*, actor: Any, office: Office, status: str, expected_version: int, reason: str = "") -> Office:
    """An active office leaves the registry's "active" status as revoked or merged, once its
    consolidation is done. Conditional on the version the caller checked: an edit of the office
    in between refuses it rather than closing on facts nobody checked."""
    if status not in (Office.Status.REVOKED, Office.Status.MERGED):
        raise ValueError(f"an office closes as revoked or merged, not {status!r}")
    moved = Office.objects.filter(pk=office.pk, version=expected_version, status=Office.Status.ACTIVE).update(
        status=status, version=F("version") + 1, updated_at=timezone.now()
    )
    if not moved:
        raise ValidationError(_("机构信息已被他人修改或已不在运行，请刷新后重试。"))
    before = office.status
    office.refresh_from_db()
    office_facts_changed([office.jurisdiction_id])
    audit_about(actor, Action.OFFICE_CLOSE, office, office, {"status": before}, {"status": status}, reason)
    return office


def _only_changed(these: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in these.items() if others.get(k) != v}


def _child_add(
    actor: Actor | User, model: type[Model], office: Office, values: dict[str, Any], allowed, action: str, reason=""
):
    office_writable(office.pk)
    obj = model(office=office)
    apply_values(obj, values, allowed)
    obj.full_clean()
    insert_checked(obj)
    audit_about(actor, action, obj, office, None, snapshot(obj, allowed), reason)
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
    office_writable(obj.office_id)
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
def asset_add(*, actor: Any, office: Office, values: dict[str, Any], reason: str = "") -> Asset:
    """An asset enters the books; ``reason`` says why (a retained office's change without one is
    shown as a warning to its overseers, 二(四)3)."""
    return _child_add(actor, Asset, office, values, ASSET_FIELDS, Action.ASSET_ADD, reason.strip())


@transaction.atomic
def asset_update(
    *,
    actor: Actor | User,
    asset: Asset,
    values: dict[str, Any],
    expected_version: int | None = None,
    reason: str = "",
) -> Asset:
    if "status" in values and (values["status"] == Asset.Status.DISPOSED) != (asset.status == Asset.Status.DISPOSED):
        # An asset leaves the books only through a recorded lawful disposal (consolidation), and
        # a disposed asset cannot be brought back by editing: its disposal stays on record.
        raise ValidationError({"status": _("资产只能通过处置程序核销，不能直接改为“已处置”，已处置的资产也不能改回。")})
    return _child_update(actor, asset, values, ASSET_FIELDS, Action.ASSET_UPDATE, expected_version, reason.strip())


@transaction.atomic
def staff_add(*, actor: Any, office: Office, values: dict[str, Any], reason: str = "") -> StaffMember:
    return _child_add(actor, StaffMember, office, values, STAFF_FIELDS, Action.STAFF_ADD, reason.strip())


@transaction.atomic
def staff_update(
    *,
    actor: Actor | User,
    staff: StaffMember,
    values: dict[str, Any],
    expected_version: int | None = None,
    reason: str = "",
) -> StaffMember:
    return _child_update(actor, staff, values, STAFF_FIELDS, Action.STAFF_UPDATE, expected_version, reason.strip())


@transaction.atomic
def entity_add(*, actor: Any, office: Office, values: dict[str, Any], reason: str = "") -> BusinessEntity:
    return _child_add(actor, BusinessEntity, office, values, ENTITY_FIELDS, Action.ENTITY_ADD, reason.strip())


@transaction.atomic
def entity_update(
    *,
    actor: Actor | User,
    entity: BusinessEntity,
    values: dict[str, Any],
    expected_version: int | None = None,
    reason: str = "",
) -> BusinessEntity:
    return _child_update(actor, entity, values, ENTITY_FIELDS, Action.ENTITY_UPDATE, expected_version, reason.strip())
