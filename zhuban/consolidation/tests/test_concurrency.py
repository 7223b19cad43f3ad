"""A double-submitted disposal, with real concurrent writers: exactly one succeeds."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from zhuban.audit.models import AuditEntry
from zhuban.audit.queries import verify_chain
from zhuban.consolidation import services
from zhuban.consolidation.models import Disposal
from zhuban.consolidation.tests.builders import dossier_for
from zhuban.registry.models import Asset
from zhuban.testing.concurrency import run_together
from zhuban.testing.personas import ensure_persona, seed_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_disposal_submitted_twice_at_once_is_recorded_once():
    seed_world()
    dossier = dossier_for()
    officer = ensure_persona("city_officer")
    asset_id = Asset.objects.filter(office=dossier.office).order_by("id").values_list("id", flat=True).first()

    def dispose():
        asset = Asset.objects.get(pk=asset_id)
        return services.asset_dispose(
            actor=officer,
            asset=asset,
            disposal_type="free_transfer",
            receiver="通城县人民政府",
            certificate_or_plate=asset.plate_number or asset.certificate_number or "无证",
            approval_document="通国资〔2015〕8号",
            disposed_on=date(2015, 8, 20),
        )

    results = run_together(dispose, dispose)
    assert sum(isinstance(r, Disposal) for r in results) == 1
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1 and "不能重复处置" in str(refused[0])  # a clear message, not a database error
    assert Disposal.objects.filter(asset_id=asset_id).count() == 1
    assert AuditEntry.objects.filter(action="asset.dispose", object_id__isnull=False).count() == 1
    assert verify_chain()[1] is None
