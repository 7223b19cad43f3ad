"""The demo holds two years of the retained Wuhan office's life, and loading it twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from zhuban.oversight import queries
from zhuban.oversight.models import Assessment, Mandate, Posting, WorkLog

pytestmark = pytest.mark.django_db


def test_the_demo_shows_two_years_of_a_retained_office_shifting_to_the_four_functions(city_officer):
    call_command("load_demo_consolidation", verbosity=0)
    call_command("load_demo_oversight", verbosity=0)
    mandates = list(Mandate.objects.order_by("number").values_list("number", "status", "staffing_quota"))
    assert mandates == [(1, "superseded", 8), (2, "approved", 7)]
    assert Posting.objects.filter(leaving="rotated").count() == 2
    assert set(WorkLog.objects.values_list("occurred_on__year", flat=True)) == {2016, 2017}
    y2016, y2017 = queries.figures(city_officer, 2016), queries.figures(city_officer, 2017)
    assert y2016.share_new() < y2017.share_new()
    assert y2016.share_new(1) < y2016.share_new(12)
    # The county window it hosts (嘉鱼县, from the consolidation demo) logs through it.
    assert WorkLog.objects.filter(window__jurisdiction__name="嘉鱼县").exists()
    # Its money: 2016's receptions overspent with a reason, 2017 within the budget.
    [over] = queries.overspending(city_officer)
    assert (over.year, over.category) == (2016, "reception") and over.explanation
    assert [h.title for h in queries.rules_of(over.office) if len(h.versions) == 2] == ["公务接待管理制度"]
    assert sorted(Assessment.objects.filter(posting=None).values_list("year", "result")) == [
        (2016, "competent"),
        (2017, "excellent"),
    ]
    assert Assessment.objects.exclude(posting=None).exists()
    counts = (Mandate.objects.count(), Posting.objects.count(), WorkLog.objects.count())
    call_command("load_demo_oversight", verbosity=0)
    assert (Mandate.objects.count(), Posting.objects.count(), WorkLog.objects.count()) == counts
