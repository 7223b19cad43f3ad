"""The demo publishes 2016 and 2017 for the retained offices, one year corrected, and loading it
twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhuban.disclosure.models import Disclosure

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_two_years_of_the_retained_offices_with_one_correction():
    call_command("load_demo_consolidation", verbosity=0)
    call_command("load_demo_oversight", verbosity=0)
    call_command("load_demo_disclosure", verbosity=0)
    wuhan = list(
        Disclosure.objects.filter(office__name="咸宁市人民政府驻武汉办事处")
        .order_by("year", "number")
        .values_list("year", "number", "status", "final")
    )
    assert [(y, n, s) for y, n, s, _f in wuhan] == [
        (2016, 1, "superseded"),
        (2016, 2, "published"),
        (2017, 1, "published"),
    ]
    assert str(wuhan[1][3]) == "86500.00" and str(wuhan[2][3]) == "31800.00"
    corrected = Disclosure.objects.get(office__name="咸宁市人民政府驻武汉办事处", year=2016, number=2)
    assert corrected.change_reason and [c["field"] for c in corrected.changes] == ["notes"]
    assert Disclosure.objects.filter(office=None, status="published").values_list("year", flat=True).count() >= 2
    count = Disclosure.objects.count()
    call_command("load_demo_disclosure", verbosity=0)
    assert Disclosure.objects.count() == count
    page = Client().get(reverse("public:office", args=[corrected.jurisdiction.code, 2016, corrected.office_id]))
    assert page.status_code == 200 and "超支原因" in page.content.decode()
