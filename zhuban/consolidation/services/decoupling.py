"""Business entities (hotels, guesthouses, companies) decoupled from the office (脱钩)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhuban.audit.services import audit_about, snapshot
from zhuban.consolidation.actions import Action
from zhuban.consolidation.models import Decoupling
from zhuban.consolidation.services._common import _dossier_of, _not_in_future
from zhuban.registry import services as registry
from zhuban.registry.models import BusinessEntity

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from zhuban.audit.services import Actor

DECOUPLING_FIELDS = ("entity", "receiver", "document", "decoupled_on")


@transaction.atomic
def entity_decouple(
    *, actor: Actor | User, entity: BusinessEntity, decoupled_on: date, document: str, receiver: str = ""
) -> Decoupling:
    """Record that a business entity of an office under consolidation was decoupled from it,
    and mark it so in the registry. The dossier is locked first and must be open."""
    entity = BusinessEntity.objects.select_related("office").get(pk=entity.pk)
    dossier = _dossier_of(entity.office)
    _not_in_future("decoupled_on", decoupled_on)
    if not document.strip():
        raise ValidationError({"document": _("须填写脱钩文号。")})
    if Decoupling.objects.filter(entity=entity).exists():
        raise ValidationError(_("“%(name)s”的脱钩已经录入。") % {"name": entity.name})
    record = Decoupling(
        entity=entity,
        dossier=dossier,
        receiver=receiver.strip(),
        document=document.strip(),
        decoupled_on=decoupled_on,
        recorded_at=timezone.now(),
    )
    record.full_clean(exclude=["entity", "dossier"], validate_unique=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError(_("“%(name)s”的脱钩已经录入。") % {"name": entity.name}) from None
    registry.entity_update(
        actor=actor,
        entity=entity,
        values={"decoupling": BusinessEntity.Decoupling.DECOUPLED, "decoupled_on": decoupled_on},
    )
    audit_about(actor, Action.ENTITY_DECOUPLE, record, entity.office, None, snapshot(record, DECOUPLING_FIELDS))
    return record
