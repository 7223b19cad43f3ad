"""Finding an office at a country's scale: the sponsor filter is typed with suggestions instead of
a drop-down of every unit, the count stops at a cap while the clerk types, and on PostgreSQL the
search is served by trigram indexes (shown with EXPLAIN)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from zhuban.registry import queries
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db


def test_the_sponsor_is_typed_and_the_list_shows_its_offices(as_persona):
    response = as_persona("city_officer").get(reverse("registry:office_list"), {"sponsor": "咸宁市招商局"})
    names = [o.name for o in response.context["page"].items]
    assert names == list(Office.objects.filter(sponsor__name="咸宁市招商局").values_list("name", flat=True))
    assert "<select" not in response.content.decode().split('name="sponsor"')[0].rsplit("<div", 1)[-1]


@pytest.mark.parametrize("typed", ["不存在的单位", "崇阳县人民政府"])
def test_a_sponsor_that_is_not_one_of_the_users_is_named_in_an_error_and_lists_nothing_else(typed, as_persona):
    # 崇阳县人民政府 exists, but not for 通城县's clerk: to them it is as missing as a made-up name.
    response = as_persona("tongcheng_clerk").get(reverse("registry:office_list"), {"sponsor": typed})
    assert response.status_code == 200
    assert f"没有名为“{typed}”的设立单位" in response.content.decode()
    assert response.context["page"].items == []


def test_suggestions_follow_what_is_typed_within_the_users_scope_and_are_few(
    as_persona, tongcheng_clerk, city_officer, monkeypatch
):
    clerk = as_persona("tongcheng_clerk")
    page = clerk.get(reverse("registry:sponsor_options"), {"sponsor": "人民政府"}).content.decode()
    assert "通城县人民政府" in page and "崇阳县人民政府" not in page
    assert queries.sponsor_suggestions(tongcheng_clerk, "  ") == []
    monkeypatch.setattr(queries, "SUGGESTIONS", 2)
    assert len(queries.sponsor_suggestions(city_officer, "人民政府")) == 2


def test_the_count_stops_at_its_cap_and_says_so(as_persona, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    response = as_persona("city_officer").get(reverse("registry:office_list"))
    assert Office.objects.count() > 3
    assert response.context["page"].capped and "超过 3 个办事机构" in response.content.decode()
    exact = as_persona("tongcheng_clerk").get(reverse("registry:office_list"), {"q": "通城县人民政府驻武汉"})
    assert not exact.context["page"].capped


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
@pytest.mark.parametrize(
    ("index", "sql"),
    [
        ("registry_office_name_trgm", "SELECT id FROM registry_office WHERE UPPER(name::text) LIKE UPPER(%s)"),
        ("org_unit_name_trgm", "SELECT id FROM org_unit WHERE UPPER(name::text) LIKE UPPER(%s)"),
        ("geo_city_name_trgm", "SELECT id FROM geo_city WHERE UPPER(name::text) LIKE UPPER(%s)"),
    ],
)
def test_the_search_can_use_its_trigram_index(index, sql):
    with connection.cursor() as cursor:
        # Tables this small are read whole; with that option off, the plan shows the index serves it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, ["%通城%"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_djangos_icontains_compares_the_indexed_expression():
    sql, _params = Office.objects.filter(name__icontains="通城").values("id").query.sql_with_params()
    assert 'UPPER("registry_office"."name"::text) LIKE UPPER(' in sql
