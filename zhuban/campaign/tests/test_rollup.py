"""A province of cities on one system: each city runs its own campaign, and the province's offices
administration sees every city side by side as of a date, with the total, each row the same
figures as that city's own dashboard; a city sees its own row only."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from zhuban.audit.services import Actor
from zhuban.campaign import queries, services
from zhuban.campaign.models import Campaign
from zhuban.geo.models import City
from zhuban.org.models import Jurisdiction, RoleAssignment, Unit
from zhuban.registry import services as registry

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("tests")


@pytest.fixture
def huangshi():
    """A second city of the province with its own campaign, copied from the 2015 one, and two offices."""
    city = Jurisdiction.objects.get(name="黄石市")
    government = Unit.objects.get_or_create(jurisdiction=city, name="黄石市人民政府", defaults={"kind": "government"})[
        0
    ]
    wuhan = City.objects.get(name="武汉市")
    for name in ("黄石市人民政府驻武汉办事处", "黄石市人民政府驻北京联络处"):
        host = wuhan if "武汉" in name else City.objects.get(name="北京市")
        registry.office_register(
            actor=SYSTEM,
            values={
                "name": name,
                "sponsor": government,
                "host_province": host.province,
                "host_city": host,
                "established_on": date(1995, 1, 1),
                "staffing_quota": 4,
                "headcount": 4,
            },
        )
    template = Campaign.objects.get(is_default=True)
    return services.campaign_copy(
        actor=SYSTEM,
        source=template,
        name="黄石市清理规范驻省会城市办事机构工作（2015年）",
        issued_on=date(2015, 7, 20),
        jurisdiction=city,
    )


def test_the_province_sees_each_city_as_its_own_dashboard_and_their_total(huangshi, province_officer, as_persona):
    as_of = date(2015, 9, 30)
    board = queries.rollup(province_officer, as_of)
    names = [row.name for row in board.rows]
    assert "咸宁市" in names and "黄石市" in names
    for row in board.rows:
        own = queries.dashboard(province_officer, row.campaign, as_of)
        assert row.submissions == sum(own.totals.values()) and row.overdue == len(own.overdue)
        assert row.breakdowns == {b.key: {v: n for v, _l, n in b.items} for b in own.breakdowns}
    huangshi_row = next(r for r in board.rows if r.name == "黄石市")
    assert huangshi_row.offices == 2
    assert board.total is not None
    assert board.total.offices == sum(r.offices for r in board.rows)
    assert board.total.cells == [sum(col) for col in zip(*(r.cells for r in board.rows), strict=True)]
    page = as_persona("province_officer").get(reverse("campaign:rollup") + "?as_of=2015-09-30").content.decode()
    assert reverse("campaign:campaign_dashboard", args=[huangshi.pk]) in page and 'data-city="total"' in page


def test_a_city_sees_its_own_row_and_no_other_city(huangshi, city_officer, as_persona):
    board = queries.rollup(city_officer, date(2015, 9, 30))
    assert [row.name for row in board.rows] == ["咸宁市"] and board.total is None
    page = as_persona("city_officer").get(reverse("campaign:rollup")).content.decode()
    assert "黄石市" not in page
    assert as_persona("city_officer").get(reverse("campaign:campaign_dashboard", args=[huangshi.pk])).status_code == 404


def test_the_second_citys_clerk_sees_its_campaign_and_not_the_firsts(huangshi, django_user_model, client):
    clerk = django_user_model.objects.create_user("huangshi_admin", password="Huangshi#2015")
    RoleAssignment.objects.create(user=clerk, role="offices_admin", jurisdiction=huangshi.jurisdiction)
    assert [c.pk for c in queries.campaigns_for(clerk)] == [huangshi.pk]
    board = queries.rollup(clerk, date(2015, 9, 30))
    assert [row.name for row in board.rows] == ["黄石市"]


def test_a_bad_date_falls_back_to_today_and_says_so(as_persona):
    response = as_persona("province_officer").get(reverse("campaign:rollup") + "?as_of=2015-02-30")
    assert response.status_code == 200 and response.context["bad_date"]


def test_a_follow_up_campaign_carries_the_registry_and_its_decisions_forward(city_officer):
    first = Campaign.objects.get(is_default=True)
    follow_up = services.campaign_copy(
        actor=SYSTEM, source=first, name="咸宁市清理规范驻外办事机构工作（2016年回头看）", issued_on=date(2016, 7, 20)
    )
    on = date(2016, 8, 1)
    before = {b.key: b.items for b in queries.dashboard(city_officer, first, on).breakdowns}
    after = {b.key: b.items for b in queries.dashboard(city_officer, follow_up, on).breakdowns}
    assert after == before and sum(n for _v, _l, n in after["disposition"]) > 0
    # Its own submissions start afresh: nothing of the first campaign's is counted as done.
    board = queries.rollup(city_officer, on)
    row = next(r for r in board.rows if r.campaign == follow_up)
    assert row.done == 0 and row.offices == next(r for r in board.rows if r.campaign == first).offices
