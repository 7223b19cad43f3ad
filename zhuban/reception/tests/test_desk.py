"""The receptions on the home page (工作台): the head sees what waits for their approval, the
list to sign off and the warnings to explain; the staff see what is to settle; nobody else's
office appears."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from zhuban.desk.queries import desk_for
from zhuban.reception.tests import builders as b

pytestmark = pytest.mark.django_db

TODAY = date(2016, 3, 10)


def piles(user) -> dict[str, list[str]]:
    return {p.key: [i.url for i in p.items] for p in desk_for(user, TODAY).piles if p.key.startswith("reception.")}


def test_the_head_sees_approvals_sign_offs_and_warnings_and_the_staff_the_settlements(liaison_head, liaison_staff):
    waiting = b.requested()
    to_sign = b.listed()
    to_settle = b.signed_off(b.listed())
    cash = b.settled(payment="cash")
    head = piles(liaison_head)
    assert head["reception.approve"] == [reverse("reception:approve", args=[waiting.pk])]
    assert reverse("reception:detail", args=[to_sign.pk]) in head["reception.sign_off"]
    explain = [w.pk for w in cash.warnings.filter(state="open", code="cash")]
    assert explain and reverse("reception:explain", args=[explain[0]]) in head["reception.explain"]
    staff = piles(liaison_staff)
    assert reverse("reception:settle", args=[to_settle.pk]) in staff["reception.settle"]
    assert "reception.approve" not in staff and "reception.explain" not in staff


def test_an_approval_asked_for_a_reception_already_begun_is_overdue(liaison_head):
    b.requested()
    pile = next(p for p in desk_for(liaison_head, date(2016, 4, 1)).piles if p.key == "reception.approve")
    assert pile.overdue == 1


def test_nobody_elses_receptions_reach_the_home_page(city_officer, tongcheng_clerk):
    b.requested()
    b.listed()
    assert piles(tongcheng_clerk) == {}
    # The administration reads the receptions but approves none of them: no pile of its own.
    assert "reception.approve" not in piles(city_officer) and "reception.sign_off" not in piles(city_officer)
