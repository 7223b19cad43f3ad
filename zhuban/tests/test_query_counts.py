"""A page's database queries must not grow with the data it shows (no N+1 anywhere)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhuban.audit.services import Actor
from zhuban.geo.models import City
from zhuban.org.models import Unit
from zhuban.registry import services
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db


def grow(n: int, *, start: int = 0) -> None:
    """Add n more offices to 通城县 (numbered from ``start``), each with staff, assets and a business entity."""
    actor = Actor.system("test")
    sponsor = Unit.objects.get(name="通城县人民政府")
    for i in range(start, start + n):
        city = City.objects.order_by("?").first()
        office = services.office_register(
            actor=actor,
            values={
                "name": f"通城县增长测试机构{i}",
                "sponsor": sponsor,
                "host_province": city.province,
                "host_city": city,
                "established_on": date(2001, 1, 1),
                "staffing_quota": 2,
                "headcount": 2,
            },
        )
        services.staff_add(actor=actor, office=office, values={"name": f"人员{i}", "employment": "establishment"})
        services.asset_add(
            actor=actor,
            office=office,
            values={"category": "other", "description": f"资产{i}", "book_value": Decimal(1)},
        )
        services.entity_add(actor=actor, office=office, values={"name": f"宾馆{i}", "kind": "hotel"})


def pages(office: Office, persona: str) -> dict[str, str]:
    urls = {
        "office list": reverse("registry:office_list"),
        "office list, searched": reverse("registry:office_list") + "?q=通城",
        "office detail": office.get_absolute_url(),
        "office history": reverse("registry:office_history", args=[office.pk]),
        "decision panel": reverse("decision:office_panel", args=[office.pk]),
        "decision board": reverse("decision:board"),
        "home page": reverse("desk:home"),
        "review queue": reverse("decision:queue"),
    }
    if persona == "city_officer":
        urls["audit trail"] = reverse("audit:entry_list")
    return urls


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["city_officer", "tongcheng_clerk"])
def test_no_page_makes_more_queries_when_there_are_more_offices(as_persona, office_of, persona):
    client = as_persona(persona)
    office = office_of("通城县人民政府驻武汉办事处")
    client.get(reverse("registry:office_list"))  # warm the per-session queries
    small = {name: count_queries(client, url) for name, url in pages(office, persona).items()}
    grow(25)
    services.staff_add(actor=Actor.system("test"), office=office, values={"name": "新人", "employment": "seconded"})
    large = {name: count_queries(client, url) for name, url in pages(office, persona).items()}
    assert large == small


def test_the_home_page_and_the_review_queue_make_no_more_queries_with_more_proposals(as_persona):
    from zhuban.decision import services as decisions
    from zhuban.decision.queries import assess_city
    from zhuban.org.queries import campaign_root
    from zhuban.testing.personas import ensure_persona

    city, clerk = as_persona("city_officer"), ensure_persona("tongcheng_clerk")
    urls = [reverse("desk:home"), reverse("decision:queue"), reverse("decision:queue") + "?state=accepted"]
    city.get(urls[0])

    def propose(offices):
        assessments = assess_city(campaign_root(offices[0].jurisdiction))
        for office in offices:
            p = decisions.proposal_submit(
                actor=clerk, office=office, assessment=assessments[office.pk], disposition="revoke", reason="按方案撤销"
            )
            if office.pk % 2:
                decisions.proposal_accept(actor=ensure_persona("city_officer"), proposal=p)

    grow(2)
    propose(list(Office.objects.filter(name__startswith="通城县增长测试机构")))
    small = [count_queries(city, url) for url in urls]
    grow(12, start=2)
    propose(list(Office.objects.filter(name__startswith="通城县增长测试机构", proposals__isnull=True)))
    assert [count_queries(city, url) for url in urls] == small
