"""The jurisdiction tree and units that ship with every new database."""

import pytest

from zhuban.org.access import scoped
from zhuban.org.models import Jurisdiction, Unit

pytestmark = pytest.mark.django_db


def test_xianning_hangs_from_hubei_over_its_six_county_level_divisions_and_the_high_tech_zone():
    city = Jurisdiction.objects.get(code="421200")
    children = dict(city.children.values_list("code", "name"))
    assert children == {
        "421202": "咸安区",
        "421221": "嘉鱼县",
        "421222": "通城县",
        "421223": "崇阳县",
        "421224": "通山县",
        "421281": "赤壁市",
        "421200-GX": "咸宁高新区",
    }
    assert all(j.path.startswith(city.path) and j.level == "county" for j in city.children.all())
    assert (city.parent.code, city.parent.name, city.path) == ("420000", "湖北省", "/420000/421200/")


def test_every_jurisdiction_of_the_city_has_one_government_and_the_city_has_the_campaign_bureaus():
    for jurisdiction in Jurisdiction.objects.filter(path__startswith="/420000/421200/"):
        assert jurisdiction.units.filter(kind="government").count() == 1, jurisdiction
    functions = set(Unit.objects.filter(jurisdiction__code="421200").values_list("function", flat=True))
    assert {
        "offices_administration",
        "staffing_office",
        "finance_bureau",
        "audit_bureau",
        "supervision_bureau",
    } <= functions


def test_every_county_government_of_the_city_has_a_general_office_for_its_window_staff():
    for county in Jurisdiction.objects.filter(level="county", path__startswith="/420000/421200/"):
        assert county.units.filter(function="general_office").exists(), county


def test_a_county_clerk_sees_their_county_node_and_a_city_officer_the_whole_city(tongcheng_clerk, city_officer):
    assert list(scoped(tongcheng_clerk, Jurisdiction.objects.all()).values_list("name", flat=True)) == ["通城县"]
    city = Jurisdiction.objects.filter(code="421200")
    seen = scoped(city_officer, Jurisdiction.objects.all())
    assert set(seen) == set(Jurisdiction.objects.filter(path__startswith=city.get().path))
    assert not seen.filter(code__in=["420000", "421100", "000000"]).exists()


def test_a_department_clerk_may_act_only_for_their_unit(zhaoshang_clerk):
    assert list(scoped(zhaoshang_clerk, Unit.objects.all(), action="registry.edit").values_list("name", flat=True)) == [
        "咸宁市招商局"
    ]
