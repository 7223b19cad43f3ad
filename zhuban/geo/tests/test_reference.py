"""The geography that ships with every new database."""

import pytest

from zhuban.geo.models import City, Province

pytestmark = pytest.mark.django_db


def test_all_34_provincial_divisions_ship_each_with_one_capital():
    assert Province.objects.count() == 34
    for province in Province.objects.prefetch_related("cities"):
        assert [c.name for c in province.cities.all() if c.is_capital] != [], province
        assert sum(c.is_capital for c in province.cities.all()) == 1, province


def test_wuhan_is_hubeis_capital_and_shenzhen_is_a_separate_plan_sez_but_no_capital():
    assert City.objects.get(name="武汉市").is_capital
    shenzhen = City.objects.get(name="深圳市")
    assert shenzhen.is_separate_plan and shenzhen.is_sez and not shenzhen.is_capital


def test_adjacency_is_symmetric_and_islands_have_no_neighbours():
    for province in Province.objects.prefetch_related("neighbours"):
        for neighbour in province.neighbours.all():
            assert province in neighbour.neighbours.all(), (province, neighbour)
    assert not Province.objects.get(short_name="海南").neighbours.exists()
    assert not Province.objects.get(short_name="台湾").neighbours.exists()


def test_hubei_borders_exactly_its_six_neighbours():
    names = set(Province.objects.get(short_name="湖北").neighbours.values_list("short_name", flat=True))
    assert names == {"河南", "安徽", "江西", "湖南", "重庆", "陕西"}


def test_guangdong_borders_hong_kong_and_macao_by_land():
    names = set(Province.objects.get(short_name="广东").neighbours.values_list("short_name", flat=True))
    assert {"香港", "澳门", "福建", "江西", "湖南", "广西"} == names
