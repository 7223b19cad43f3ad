"""Hostile JSON to the assessment API and ``manage.py assess``: a clear refusal, fast.

Each shape of attack (deep nesting, a flood of objects, too many offices, a huge string or
number) is refused with a message naming the limit, before the body is fully parsed where the
shape allows, and never with a 500 or a traceback. Each refusal is timed once.
"""

from __future__ import annotations

import json
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from zhuban.policy import contract
from zhuban.policy.tests.helpers import office_json

pytestmark = pytest.mark.django_db
URL = reverse("policy:assess")

# Each refusal must come well inside this on a shared test machine (they take milliseconds).
FAST = 2.0


def _offices(items: str) -> bytes:
    return ('{"offices": [' + items + "]}").encode()


HOSTILE: dict[str, bytes] = {
    "arrays nested 1,000 deep": b'{"offices": ' + b"[" * 1000 + b"]" * 1000 + b"}",
    "objects nested 1,000 deep": b'{"offices": [], "settings": ' + b'{"a": ' * 1000 + b"1" + b"}" * 1000 + b"}",
    "nesting 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
    "600,000 empty objects": _offices(",".join(["{}"] * 600_000)),
    "600,000 empty arrays": _offices(",".join(["[]"] * 600_000)),
    "more offices than the cap": _offices(",".join(["{}"] * (contract.DEFAULT_MAX_OFFICES + 1))),
    "a 1 MB string": ('{"offices": [{"id": "' + "x" * 1_000_000 + '"}]}').encode(),
    "a 1 MB string of escapes": ('{"offices": [{"id": "' + "\\u4e00" * 200_000 + '"}]}').encode(),
    "a 100,000-digit number": b'{"offices": [{"headcount": 1' + b"0" * 100_000 + b"}]}",
    "a 100,000-digit fraction": b'{"offices": [{"headcount": 0.' + b"1" * 100_000 + b"}]}",
}


def _timed(call):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


@pytest.mark.parametrize("shape", HOSTILE)
def test_the_api_refuses_each_hostile_body_with_a_400_and_a_message_fast(shape, as_persona):
    client = as_persona("tongcheng_clerk")
    response, seconds = _timed(lambda: client.post(URL, HOSTILE[shape], content_type="application/json"))
    print(f"{shape}: {len(HOSTILE[shape]):,} bytes refused in {seconds * 1000:.0f} ms")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert len(errors) == 1 and errors[0]
    assert len(response.content) < 2000, "the refusal does not echo the hostile body"
    assert seconds < FAST


@pytest.mark.parametrize(
    "shape, phrase",
    [
        ("arrays nested 1,000 deep", "嵌套"),
        ("600,000 empty objects", "对象"),
        ("more offices than the cap", str(contract.DEFAULT_MAX_OFFICES)),
        ("a 1 MB string", "文本"),
        ("a 100,000-digit number", "数字"),
    ],
)
def test_each_refusal_names_the_limit_it_hit(shape, phrase, as_persona):
    response = as_persona("tongcheng_clerk").post(URL, HOSTILE[shape], content_type="application/json")
    assert phrase in response.json()["errors"][0]


def test_the_office_cap_is_a_setting(as_persona):
    three = _offices(",".join([json.dumps(office_json(id=f"o{i}"), ensure_ascii=False) for i in range(3)]))
    client = as_persona("tongcheng_clerk")
    with override_settings(ASSESS_MAX_OFFICES=2):
        refused = client.post(URL, three, content_type="application/json")
    assert refused.status_code == 400
    assert "2" in refused.json()["errors"][0]
    with override_settings(ASSESS_MAX_OFFICES=3):
        assert client.post(URL, three, content_type="application/json").status_code == 200


def test_a_request_at_the_cap_is_assessed(as_persona):
    with override_settings(ASSESS_MAX_OFFICES=3):
        body = _offices(",".join([json.dumps(office_json(id=f"o{i}"), ensure_ascii=False) for i in range(3)]))
        response = as_persona("tongcheng_clerk").post(URL, body, content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


@pytest.mark.parametrize("shape", HOSTILE)
def test_the_command_refuses_the_same_files_with_exit_2_and_one_line(shape, tmp_path):
    path = tmp_path / "offices.json"
    path.write_bytes(HOSTILE[shape])
    with pytest.raises(CommandError) as refused:
        call_command("assess", str(path), stdout=StringIO())
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert "\n" not in message and len(message) < 2000
