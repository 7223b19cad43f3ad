"""Assets: each one disposed of lawfully, once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import audit_about, snapshot
from zhuban.consolidation.actions import Action
from zhuban.consolidation.models import Disposal, TaskKind
from zhuban.consolidation.services._common import _dossier_of, _not_in_future, _store_evidence
from zhuban.registry.models import Asset, Office

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor

DISPOSAL_FIELDS = (
    "disposal_type",
    "channel",
    "receiver",
    "certificate_or_plate",
    "book_value",
    "appraisal_value",
    "price",
    "below_appraisal_approval",
    "approval_document",
    "disposed_on",
)


@transaction.atomic
def asset_dispose(
    *,
    actor: Actor | User,
    asset: Asset,
    disposal_type: str,
    approval_document: str,
    disposed_on: date,
    channel: str = "",
    receiver: str = "",
    certificate_or_plate: str = "",
    appraisal_value: Decimal | None = None,
    price: Decimal | None = None,
    below_appraisal_approval: str = "",
    file: UploadedFile | None = None,
    carried_to: Asset | None = None,
) -> Disposal:
    """The one lawful disposal of an asset; the only way an asset becomes "disposed"."""
    office = Office.objects.select_related("jurisdiction").get(pk=asset.office_id)
    dossier = _dossier_of(office)
    _not_in_future("disposed_on", disposed_on)
    default_mark = asset.plate_number if asset.category == Asset.Category.VEHICLE else asset.certificate_number
    disposal = Disposal(
        asset=asset,
        dossier=dossier,
        disposal_type=disposal_type,
        channel=channel or "",
        receiver=receiver.strip(),
        certificate_or_plate=(certificate_or_plate or default_mark or "").strip(),
        book_value=asset.book_value,
        appraisal_value=appraisal_value,
        price=price,
        below_appraisal_approval=below_appraisal_approval.strip(),
        approval_document=approval_document.strip(),
        disposed_on=disposed_on,
        carried_to=carried_to,
        recorded_at=timezone.now(),
    )
    disposal.full_clean(exclude=["asset", "dossier", "evidence", "carried_to"], validate_unique=False)
    # Conditional UPDATE: of two clicks only one finds the asset not yet disposed.
    moved = (
        Asset.objects.filter(pk=asset.pk)
        .exclude(status=Asset.Status.DISPOSED)
        .update(status=Asset.Status.DISPOSED, version=F("version") + 1)
    )
    if not moved or Disposal.objects.filter(asset_id=asset.pk).exists():
        raise ValidationError(_("资产“%(asset)s”已经处置，不能重复处置。") % {"asset": asset})
    if file is not None:
        disposal.evidence = _store_evidence(actor, dossier, TaskKind.ASSETS, file, _("处置：%(a)s") % {"a": asset})
    disposal.save()
    asset.status = Asset.Status.DISPOSED
    audit_about(actor, Action.ASSET_DISPOSE, disposal, office, None, snapshot(disposal, DISPOSAL_FIELDS))
    return disposal
