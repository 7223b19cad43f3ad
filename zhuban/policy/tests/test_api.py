"""``POST /api/v1/assess`` through the test client: who may call it, and what it answers."""

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from zhuban.audit.models import AuditEntry
from zhuban.audit.services import Actor
from zhuban.policy import contract
from zhuban.policy.models import ApiToken
from zhuban.policy.services import api_token_create
from zhuban.policy.tests.helpers import office_json, payload

pytestmark = pytest.mark.django_db
URL = reverse("policy:assess")


def post(client: Client, document, **headers):
    body = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    return client.post(URL, body, content_type="application/json", headers=headers)


@pytest.fixture
def token_key(tongcheng_clerk) -> str:
    _token, key = api_token_create(actor=Actor.system("test"), user=tongcheng_clerk, name="报表脚本")
    return key


def test_the_endpoint_lives_at_api_v1_assess():
    assert URL == "/api/v1/assess"


def test_an_anonymous_visitor_gets_401_json():
    response = post(Client(), payload())
    assert response.status_code == 401
    assert response.json()["errors"] and response["WWW-Authenticate"] == "Token"


def test_a_signed_in_user_gets_the_same_json_as_the_cli(as_persona):
    response = post(as_persona("tongcheng_clerk"), payload())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == contract.assess(payload())


def test_a_session_request_still_needs_its_csrf_token(tongcheng_clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tongcheng_clerk)
    assert post(client, payload()).status_code == 403
    # What a page's form gives the browser: the CSRF cookie, echoed in the X-CSRFToken header.
    client.cookies["csrftoken"] = secret = get_random_string(32)
    assert post(client, payload(), **{"X-CSRFToken": secret}).status_code == 200


def test_a_token_request_gets_200_without_csrf(token_key):
    response = post(Client(enforce_csrf_checks=True), payload(), Authorization=f"Token {token_key}")
    assert response.status_code == 200
    assert response.json()["results"][0]["disposition"] == "revoke"


@pytest.mark.parametrize("header", ["Token wrong-key", "Token ", "Bearer {key}", "token {key}"])
def test_a_wrong_token_or_scheme_gets_401(token_key, header):
    response = post(Client(), payload(), Authorization=header.format(key=token_key))
    assert response.status_code == 401


def test_a_token_of_a_deactivated_user_gets_401(token_key, tongcheng_clerk):
    tongcheng_clerk.is_active = False
    tongcheng_clerk.save()
    assert post(Client(), payload(), Authorization=f"Token {token_key}").status_code == 401


def test_a_bad_token_does_not_fall_back_to_the_session(as_persona):
    response = post(as_persona("tongcheng_clerk"), payload(), Authorization="Token wrong-key")
    assert response.status_code == 401


def test_malformed_input_gets_400_naming_the_office_and_field(as_persona):
    bad = payload(office_json("tc-wh", established_on="2003年5月1日"))
    response = post(as_persona("tongcheng_clerk"), bad)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert "tc-wh" in error and "established_on" in error


def test_a_body_that_is_not_json_gets_400(as_persona):
    response = post(as_persona("tongcheng_clerk"), "{offices")
    assert response.status_code == 400 and "JSON" in response.json()["errors"][0]


def test_a_body_over_the_upload_limit_gets_413_json(as_persona, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = post(as_persona("tongcheng_clerk"), payload())
    assert response.status_code == 413 and "manage.py assess" in response.json()["errors"][0]


def test_only_post_is_accepted(as_persona):
    response = as_persona("tongcheng_clerk").get(URL)
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_a_token_is_stored_only_as_its_sha256(token_key):
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(token_key.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.values_list(flat=False).get()]
    assert token_key not in stored


def test_using_a_token_records_when_it_was_last_used(token_key):
    assert ApiToken.objects.get().last_used_at is None
    post(Client(), payload(), Authorization=f"Token {token_key}")
    assert ApiToken.objects.get().last_used_at is not None


def test_create_api_token_prints_the_key_once_and_stores_its_hash(tongcheng_clerk):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "tongcheng_clerk", "--name", "夜间核对", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=tongcheng_clerk)
    assert token.name == "夜间核对" and token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert "只显示这一次" in err.getvalue()
    assert post(Client(), payload(), Authorization=f"Token {key}").status_code == 200


def test_creating_a_token_is_on_the_audit_trail(tongcheng_clerk):
    call_command("create_api_token", "tongcheng_clerk", stdout=StringIO(), stderr=StringIO())
    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.after["user"] == "tongcheng_clerk" and entry.actor_label == "system:create_api_token"
    assert "key" not in json.dumps(entry.after)


def test_create_api_token_for_an_unknown_user_fails_with_a_message():
    with pytest.raises(CommandError, match="nobody"):
        call_command("create_api_token", "nobody")


def test_a_county_of_another_city_in_a_request_is_reviewed_not_merged(as_persona):
    city_cs = office_json(
        "city-cs",
        name="咸宁市人民政府驻长沙办事处",
        sponsor={"level": "city", "kind": "government", "government": "咸宁市"},
        host_city="长沙",
        host_province="湖南",
    )
    stranger = office_json(
        "yy-cs",
        name="岳阳县人民政府驻长沙办事处",
        sponsor={"level": "county", "kind": "government", "government": "岳阳县"},
        host_city="长沙",
        host_province="湖南",
    )
    response = post(as_persona("tongcheng_clerk"), payload(city_cs, stranger))
    assert response.status_code == 200
    results = {r["id"]: r for r in response.json()["results"]}
    assert results["yy-cs"]["disposition"] == "review" and "岳阳县" in results["yy-cs"]["explanation"]


def test_an_approved_revocation_not_carried_out_is_late_through_the_api(as_persona):
    document = payload(office_json(approved_disposition="revoke"), as_of="2015-10-01")
    (result,) = post(as_persona("tongcheng_clerk"), document).json()["results"]
    assert result["violations"] == ["retained_after_deadline"]
    assert "consolidation_deadline" in result["settings_used"]
