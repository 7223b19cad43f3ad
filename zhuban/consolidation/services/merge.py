"""A merger's one-step hand-over to the surviving office (整合移交)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import audit_about, snapshot
from zhuban.consolidation import queries
from zhuban.consolidation.actions import Action
from zhuban.consolidation.models import (
    CLAUSE,
    CarriedItem,
    CarryOver,
    Disposal,
    Dossier,
    Obligation,
    Placement,
    Settlement,
)
from zhuban.consolidation.services._common import _not_in_future, _require_open
from zhuban.consolidation.services.assets import asset_dispose
from zhuban.consolidation.services.money import obligation_settle, remaining_of
from zhuban.consolidation.services.staff import staff_place
from zhuban.decision.queries import current_decision
from zhuban.decision.services import decision_follow_closing
from zhuban.registry import services as registry
from zhuban.registry.models import Asset, Office, StaffMember

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor


# The office's head (主任). A carry-over never gives the survivor a second one: posts are
# appointed by decision, not by a merger's hand-over.
HEAD_POST = "主任"


def _receive_staff(actor: Actor | User, survivor: Office, merged: Office, people: list[StaffMember]) -> None:
    """The survivor's 附表一 headcount (and its seconded and local-hire counts) grows by the
    people it received, with the reason on its history. Carrying out the approved merger is
    not a new fact about the survivor: its current decision follows the new version."""
    survivor = Office.objects.get(pk=survivor.pk)
    by_kind = {kind: sum(1 for p in people if p.employment == kind) for kind in StaffMember.Employment.values}
    values = {"headcount": survivor.headcount + len(people)}
    if by_kind[StaffMember.Employment.SECONDED] or survivor.seconded_count is not None:
        values["seconded_count"] = (survivor.seconded_count or 0) + by_kind[StaffMember.Employment.SECONDED]
    if by_kind[StaffMember.Employment.LOCAL_HIRE] or survivor.local_hire_count is not None:
        values["local_hire_count"] = (survivor.local_hire_count or 0) + by_kind[StaffMember.Employment.LOCAL_HIRE]
    before = survivor.version
    updated = registry.office_update(
        actor=actor,
        office=survivor,
        values=values,
        expected_version=before,
        reason=_("整合移交：接收“%(office)s”工作人员%(n)s人（%(clause)s）。")
        % {"office": merged.name, "n": len(people), "clause": CLAUSE},
    )
    current = current_decision(updated)
    if current is not None and updated.version == before + 1:
        decision_follow_closing(decision=current, office_version=updated.version)


@transaction.atomic
def merge_carry_over(*, actor: Actor | User, dossier: Dossier, carried_on: date, document: str) -> CarryOver:
    """Carry everything still open to the surviving office in one step (整合移交): each asset is
    transferred free of charge onto the survivor's books, each person transferred to it, each
    open receivable, payable, claim or debt handed over, each bank account closed into it."""
    _require_open(dossier)
    if dossier.kind != Dossier.Kind.MERGE or dossier.survivor_id is None:
        raise ValidationError(_("只有整合（并入其他机构）的档案才办理整合移交。"))
    if CarryOver.objects.filter(dossier=dossier).exists():
        raise ValidationError(_("整合移交已经办理。"))
    if not document.strip():
        raise ValidationError({"document": _("须填写移交文号。")})
    _not_in_future("carried_on", carried_on)
    survivor = Office.objects.select_related("jurisdiction").get(pk=dossier.survivor_id)
    if survivor.status != Office.Status.ACTIVE:
        raise ValidationError(_("并入机构“%(name)s”已不在运行，不能接收移交。") % {"name": survivor})
    full = queries.dossier_full(dossier.pk)
    carry = CarryOver(
        dossier=dossier, survivor=survivor, carried_on=carried_on, document=document.strip(), recorded_at=timezone.now()
    )
    carry.full_clean(exclude=["dossier", "survivor"], validate_unique=False)
    try:
        with transaction.atomic():
            carry.save()
    except IntegrityError:
        raise ValidationError(_("整合移交已经办理。")) from None
    items: list[CarriedItem] = []
    has_head = survivor.staff.filter(post=HEAD_POST, status=StaffMember.Status.SERVING).exists()
    for asset in full.office.assets.all():
        if hasattr(asset, "disposal"):
            continue
        copy = registry.asset_add(
            actor=actor,
            office=survivor,
            values={
                "category": asset.category,
                "description": asset.description,
                "area": asset.area,
                "plate_number": asset.plate_number,
                "certificate_number": asset.certificate_number,
                "book_value": asset.book_value,
                "status": asset.status if asset.status != Asset.Status.DISPOSED else Asset.Status.IN_USE,
            },
        )
        try:
            asset_dispose(
                actor=actor,
                asset=asset,
                disposal_type=Disposal.Type.FREE_TRANSFER,
                receiver=survivor.name,
                approval_document=document,
                disposed_on=carried_on,
                carried_to=copy,
            )
        except ValidationError as exc:
            raise ValidationError(
                _("资产“%(asset)s”：%(why)s") % {"asset": asset, "why": "；".join(exc.messages)}
            ) from None
        items.append(
            CarriedItem(item="asset", label=str(asset), source_id=asset.pk, target_id=copy.pk, value=asset.book_value)
        )
    carried_staff: list[StaffMember] = []
    for person in full.office.staff.all():
        if hasattr(person, "placement"):
            continue
        post = person.post
        if post.strip() == HEAD_POST:
            if has_head:
                # The survivor has its director: a carry-over appoints nobody, so the merged
                # office's director arrives with the former post named, until a decision says more.
                # A stored post, as 附表一 records it: Chinese whatever the clerk's language.
                post = f"原{full.office.name}{HEAD_POST}"
            has_head = True
        staff_copy = registry.staff_add(
            actor=actor,
            office=survivor,
            values={
                "name": person.name,
                "post": post[:100],
                "employment": person.employment,
                "posted_on": person.posted_on,
            },
        )
        staff_place(
            actor=actor,
            staff=person,
            destination=Placement.Destination.TRANSFERRED,
            unit_name=survivor.name,
            placed_on=carried_on,
            document=document,
            carried_to=staff_copy,
        )
        carried_staff.append(staff_copy)
        items.append(CarriedItem(item="staff", label=person.name, source_id=person.pk, target_id=staff_copy.pk))
    if carried_staff:
        _receive_staff(actor, survivor, full.office, carried_staff)
    for o in full.office.obligations.all():
        remaining = remaining_of(o)
        if o.kind == Obligation.Kind.BANK_ACCOUNT:
            if o.settlements.filter(method=Settlement.Method.ACCOUNT_CLOSED).exists():
                continue
            obligation_settle(
                actor=actor,
                obligation=o,
                method=Settlement.Method.ACCOUNT_CLOSED,
                amount=remaining,
                settled_on=carried_on,
                transferred_to=survivor.name,
                document=document,
            )
            items.append(CarriedItem(item="obligation", label=str(o), source_id=o.pk, target_id=o.pk, value=remaining))
            continue
        if remaining == 0:
            continue
        obligation_copy = Obligation(
            office=survivor,
            kind=o.kind,
            counterparty=o.counterparty,
            amount=remaining,
            description=o.description,
            carried_from=o,
            created_at=timezone.now(),
        )
        obligation_copy.full_clean()
        obligation_copy.save()
        obligation_settle(
            actor=actor,
            obligation=o,
            method=Settlement.Method.TRANSFERRED,
            amount=remaining,
            settled_on=carried_on,
            transferred_to=survivor.name,
            document=document,
            carried_to=obligation_copy,
        )
        items.append(
            CarriedItem(item="obligation", label=str(o), source_id=o.pk, target_id=obligation_copy.pk, value=remaining)
        )
    for item in items:
        item.carry_over = carry
    CarriedItem.objects.bulk_create(items)
    after = snapshot(carry, ("survivor", "carried_on", "document"))
    summary = _("移交资产%(assets)s项、人员%(staff)s人、款项%(money)s笔。") % {
        "assets": sum(1 for i in items if i.item == "asset"),
        "staff": sum(1 for i in items if i.item == "staff"),
        "money": sum(1 for i in items if i.item == "obligation"),
    }
    audit_about(actor, Action.MERGE_CARRY_OVER, carry, dossier.office, None, after, summary)
    # The survivor's history shows what it received.
    audit_about(actor, Action.MERGE_CARRY_OVER, carry, survivor, None, after, summary)
    return carry
