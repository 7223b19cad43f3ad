"""The read API for the level above: each persona's token reads what the chokepoint gives its
user and no more, narrowed further by the token's own subtree and resources; pages follow by
keyset; bad parameters are named; every call is logged and counted against the token's rate."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft4Validator  # type: ignore[import-untyped]
from openapi_spec_validator import validate

from zhuban.api.resources import RESOURCES
from zhuban.audit.services import Actor
from zhuban.campaign.models import Campaign
from zhuban.consolidation.tests.builders import dossier_for
from zhuban.decision.models import Decision
from zhuban.org.access import scoped
from zhuban.org.models import Jurisdiction
from zhuban.oversight.tests.builders import retained
from zhuban.policy.models import ApiCall
from zhuban.policy.services import api_token_create
from zhuban.registry.models import Office

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("tests")


def token_of(user, **limits) -> str:
    _token, key = api_token_create(actor=SYSTEM, user=user, name="上级系统", **limits)
    return key


def get(key: str | None, url: str, **params):
    if key is None:
        return Client().get(url, params)
    return Client().get(url, params, HTTP_AUTHORIZATION=f"Token {key}")


def every_page(key: str, name: str, **params) -> list[dict]:
    url, rows = reverse("api:resource_list", args=[name]), []
    response = get(key, url, **params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if body["next"] is None:
            return rows
        response = Client().get(body["next"], HTTP_AUTHORIZATION=f"Token {key}")


@pytest.mark.parametrize(
    "persona", ["city_officer", "tongcheng_clerk", "zhaoshang_clerk", "liaison_staff", "auditor", "province_officer"]
)
def test_each_personas_token_reads_the_offices_its_user_reads_page_by_page(persona, request):
    user = request.getfixturevalue(persona)
    rows = every_page(token_of(user), "offices", limit=3)
    assert [r["id"] for r in rows] == sorted(scoped(user, Office.objects.all()).values_list("pk", flat=True))
    assert len({r["id"] for r in rows}) == len(rows)  # no row twice across pages


def test_a_token_narrowed_to_a_county_reads_that_county_only_even_when_its_user_reads_the_city(city_officer):
    tongcheng = Jurisdiction.objects.get(name="通城县")
    rows = every_page(token_of(city_officer, jurisdiction=tongcheng), "offices")
    assert rows and {r["jurisdiction"]["path"][: len(tongcheng.path)] for r in rows} == {tongcheng.path}
    # Asking for the whole city through the filter does not widen it.
    city = Jurisdiction.objects.get(name="咸宁市")
    wider = every_page(token_of(city_officer, jurisdiction=tongcheng), "offices", jurisdiction=city.pk)
    assert [r["id"] for r in wider] == [r["id"] for r in rows]


def test_a_jurisdiction_out_of_the_users_scope_is_missing_not_empty(tongcheng_clerk):
    chongyang = Jurisdiction.objects.get(name="崇阳县")
    response = get(token_of(tongcheng_clerk), reverse("api:resource_list", args=["offices"]), jurisdiction=chongyang.pk)
    assert response.status_code == 404


def test_a_token_limited_to_some_resources_is_refused_the_others(city_officer):
    key = token_of(city_officer, resources=["decisions"])
    assert get(key, reverse("api:resource_list", args=["decisions"])).status_code == 200
    refused = get(key, reverse("api:resource_list", args=["offices"]))
    assert refused.status_code == 403 and "offices" in refused.json()["errors"][0]


def test_decisions_are_filtered_by_their_approval_date(city_officer):
    retained()
    key = token_of(city_officer)
    approved = list(Decision.objects.values_list("pk", "city_approved_on"))
    assert approved
    day = min(d for _pk, d in approved)
    on_or_after = every_page(key, "decisions", since=day.isoformat())
    before = every_page(key, "decisions", until=date.fromordinal(day.toordinal() - 1).isoformat())
    assert {r["id"] for r in on_or_after} == {pk for pk, _d in approved} and before == []
    assert on_or_after[0]["clauses"] and on_or_after[0]["disposition"] == "retain"


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"since": "2015-13-01"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"limit": "-5"}, "limit"),
        ({"after": "１２"}, "after"),  # full-width digits are not a number here
        ({"jurisdiction": "x"}, "jurisdiction"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(params, named, city_officer):
    response = get(token_of(city_officer), reverse("api:resource_list", args=["offices"]), **params)
    assert response.status_code == 400
    assert named in response.json()["errors"][0]


@pytest.mark.parametrize("header", [None, "Token nope", "Bearer abc", "Token "])
def test_without_a_valid_token_nothing_is_read(header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = Client().get(reverse("api:resource_list", args=["offices"]), **headers)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_signed_in_session_without_a_token_is_not_enough(as_persona):
    assert as_persona("city_officer").get(reverse("api:resource_list", args=["offices"])).status_code == 401


def test_every_call_is_logged_and_the_rate_limit_counts_the_log(city_officer):
    key = token_of(city_officer, rate_per_minute=3)
    url = reverse("api:resource_list", args=["offices"])
    statuses = [get(key, url, limit=2).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    calls = list(ApiCall.objects.order_by("pk").values_list("resource", "status", "rows"))
    assert calls == [("offices", 200, 2)] * 3 + [("offices", 429, 0)]


def test_a_campaigns_progress_as_of_a_date_gives_counts_per_requirement(city_officer, tongcheng_clerk):
    campaign = Campaign.objects.get(is_default=True)
    url = reverse("api:campaign_progress", args=[campaign.pk])
    body = get(token_of(city_officer), url, as_of="2015-09-30").json()
    assert body["as_of"] == "2015-09-30" and body["requirements"]
    assert sum(body["totals"].values()) == sum(sum(r["counts"].values()) for r in body["requirements"])
    county = get(token_of(tongcheng_clerk), url, as_of="2015-09-30").json()
    assert sum(county["totals"].values()) < sum(body["totals"].values())
    assert get(token_of(city_officer), url, as_of="30/09/2015").status_code == 400


def test_the_openapi_document_is_valid_and_describes_every_resource_the_api_serves():
    response = Client().get(reverse("api:openapi"))
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert {f"/{name}" for name in RESOURCES} | {"/campaigns/{id}/progress"} == set(spec["paths"])


def test_each_row_matches_its_schema(city_officer):
    retained()
    dossier_for()

    spec = Client().get(reverse("api:openapi")).json()
    key = token_of(city_officer)
    for name in RESOURCES:
        schema = dict(spec["components"]["schemas"][name.capitalize()])
        rows = every_page(key, name)
        assert rows, name
        for row in rows:
            _check(schema, row, Draft4Validator)


def _check(schema, row, validator_class) -> None:
    """OpenAPI 3.0's ``nullable`` is not JSON Schema: read it as "or null" before validating."""

    def lift(node):
        if isinstance(node, dict):
            node = {k: lift(v) for k, v in node.items()}
            if node.pop("nullable", False):
                node = {"anyOf": [node, {"type": "null"}]}
            return node
        if isinstance(node, list):
            return [lift(v) for v in node]
        return node

    validator_class(lift(schema)).validate(row)
