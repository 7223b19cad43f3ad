"""The demo holds two years of receptions at the retained offices, a few caught by the checks,
and loading it twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from zhuban.reception.models import Reception, ReceptionWarning

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_years_of_receptions_and_the_checks_catch_the_few_that_break_the_rules():
    call_command("load_demo_consolidation", verbosity=0)
    call_command("load_demo_oversight", verbosity=0)
    call_command("load_demo_reception", verbosity=0)
    assert set(Reception.objects.values_list("year", flat=True)) == {2016, 2017}
    assert not Reception.objects.exclude(state="settled").exists()
    caught = set(ReceptionWarning.objects.values_list("code", flat=True))
    assert {"meal_over", "companions", "split_visit", "cash", "former_entity"} <= caught
    assert ReceptionWarning.objects.filter(state="explained").exists()
    # No pattern the demo did not mean: nobody hosted twice within the month, no list off its letter.
    assert not caught & {"repeat_visitors", "list_mismatch", "no_approval", "late_approval"}
    counts = (Reception.objects.count(), ReceptionWarning.objects.count())
    call_command("load_demo_reception", verbosity=0)
    call_command("reception_check", verbosity=0)
    assert (Reception.objects.count(), ReceptionWarning.objects.count()) == counts
