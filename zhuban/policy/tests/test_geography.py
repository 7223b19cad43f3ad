import pytest

from zhuban.policy.geography import reference_gazetteer
from zhuban.policy.queries import gazetteer_from_db, geography_from_db

GZ = reference_gazetteer()


def test_full_and_short_province_names_are_both_understood():
    assert GZ.province("湖南") == GZ.province("湖南省") == "湖南省"
    assert GZ.province("广西") == "广西壮族自治区"
    assert GZ.province("火星") is None


def test_a_capital_is_recognised_by_its_full_or_short_name():
    assert GZ.place("湖南省", "长沙") == GZ.place("湖南省", "长沙市")
    assert GZ.place("湖南省", "长沙").is_capital


def test_a_listed_non_capital_city_is_not_a_capital():
    place = GZ.place("广东省", "深圳")
    assert place.city == "深圳市" and not place.is_capital


def test_a_known_city_in_another_province_is_refused():
    assert GZ.place("湖北省", "长沙") is None


def test_adjacency_is_symmetric_pairs_of_full_names():
    neighbours = GZ.geography.neighbours()
    assert "广东省" in neighbours["湖南省"] and "湖南省" in neighbours["广东省"]
    assert "河南省" not in neighbours["湖南省"]
    assert neighbours["湖北省"] == {"湖南省", "重庆市", "陕西省", "安徽省", "江西省", "河南省"}


@pytest.mark.django_db
def test_the_database_geography_matches_the_shipped_one_in_three_queries(django_assert_num_queries):
    with django_assert_num_queries(3):
        from_db = gazetteer_from_db()
    assert from_db.geography == GZ.geography
    assert from_db.capitals == GZ.capitals
    assert dict(from_db.provinces) == dict(GZ.provinces)
    assert {k: v for k, v in from_db.cities.items() if k in GZ.cities} == dict(GZ.cities)


@pytest.mark.django_db
def test_geography_from_db_is_the_engines_geography(django_assert_num_queries):
    with django_assert_num_queries(3):
        assert geography_from_db() == GZ.geography
