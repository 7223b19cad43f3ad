"""The demo shows consolidation under way, and loading it twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from zhuban.consolidation.models import CountyWindow, Dossier
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db


def test_the_demo_shows_dossiers_in_every_stage_and_loads_idempotently():
    call_command("load_demo_consolidation", verbosity=0)
    dossiers = {d.office.name: d for d in Dossier.objects.select_related("office")}
    assert dossiers["嘉鱼县人民政府驻武汉办事处"].status == "closed"
    assert Office.objects.get(name="嘉鱼县人民政府驻武汉办事处").status == "revoked"
    assert dossiers["赤壁市人民政府驻武汉办事处"].status == "open"
    assert dossiers["咸宁市商务局驻广州联络处"].kind == "merge"
    assert CountyWindow.objects.get(jurisdiction__name="嘉鱼县").status == "approved"
    counts = (Dossier.objects.count(), CountyWindow.objects.count())
    call_command("load_demo_consolidation", verbosity=0)
    assert (Dossier.objects.count(), CountyWindow.objects.count()) == counts
