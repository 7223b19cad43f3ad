"""User text is always shown as text: a stored script never runs, on any page that shows it."""

from __future__ import annotations

import pytest

from zhuban.audit.services import Actor
from zhuban.registry import services
from zhuban.registry.models import Office

pytestmark = pytest.mark.browser

PAYLOAD = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


def test_a_stored_script_in_an_office_never_runs_on_any_page(browser_as, live_world):
    template = Office.objects.select_related("sponsor", "host_province", "host_city").get(
        name="通城县人民政府驻武汉办事处"
    )
    office = services.office_register(
        actor=Actor.system("test"),
        values={
            "name": "通城县" + PAYLOAD,
            "additional_plaque": PAYLOAD,
            "sponsor": template.sponsor,
            "host_province": template.host_province,
            "host_city": template.host_city,
            "established_on": template.established_on,
            "staffing_quota": 1,
            "headcount": 1,
            "remarks": PAYLOAD,
        },
    )
    services.asset_add(
        actor=Actor.system("test"),
        office=office,
        values={"category": "other", "description": PAYLOAD, "book_value": 1},
    )
    page = browser_as("city_officer")
    pages = [
        "/offices/?q=script",
        f"/offices/{office.pk}/",
        f"/offices/{office.pk}/history/",
        f"/offices/{office.pk}/edit/",
        "/decisions/",
        f"/decisions/offices/{office.pk}/propose/",
        "/audit/",
    ]
    for path in pages:
        page.goto(live_world.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__xss") is None, path
        assert page.locator("img[src=x]").count() == 0, path
        if "edit" not in path:
            assert "<script>window.__xss = 1</script>" in page.inner_text("main"), path
