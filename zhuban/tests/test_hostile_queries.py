"""Every page that reads its query string answers hostile values with a page, never a 500.

Out-of-range dates, 20-digit ids and cursors, negative numbers, NUL bytes: each page that reads
``request.GET`` is opened with each of them in every parameter any page reads, as every persona
that may see it. A 400 page is an answer; so is ignoring the value.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zhuban.tests.test_access_matrix import PERSONA_DATA, ROUTES, expected, target_of, tongcheng_args

pytestmark = pytest.mark.django_db

# Every name a view reads from its query string (grep views for request.GET).
PARAMETERS = (
    "as_of",
    "page",
    "errors_page",
    "jurisdiction",
    "after",
    "before",
    "disposition",
    "violations",
    "status",
    "q",
    "host_city",
    "sponsor",
    "next",
)
HOSTILE = (
    "9999-12-31",
    "0001-01-01",
    "2015-13-45",
    "99999999999999999999",
    "-1",
    "-99999999999999999999",
    "1\x00",
    "\x00",
    "1e308",
    "２０１５",
    "9" * 1000,
)


def _views(resolver=None, namespace: str = "") -> dict[str, Callable[..., Any]]:
    views: dict[str, Callable[..., Any]] = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            views |= _views(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            views[f"{namespace}{pattern.name}"] = pattern.callback
    return views


def _reads_query_string(name: str) -> bool:
    source = inspect.getsource(inspect.unwrap(_views()[name]))
    return ".GET" in source or "_as_of(" in source


def query_pages() -> list[str]:
    return sorted(
        n for n, r in ROUTES.items() if "GET" in r.methods and n != "org:otp_verify" and _reads_query_string(n)
    )


def test_the_walk_covers_the_pages_known_to_read_the_query_string(db):
    assert {
        "registry:office_list",
        "registry:office_history",
        "audit:entry_list",
        "decision:board",
        "campaign:dashboard",
        "workbook:export",
        "workbook:preview",
        "notifications:inbox",
    } <= set(query_pages())


@pytest.mark.parametrize("name", query_pages())
def test_no_hostile_query_value_gives_a_500(name, as_persona):
    args = tongcheng_args(name)
    url = reverse(name, args=args)
    obj = target_of(name, args)
    viewers = [p for p in PERSONA_DATA if expected(name, p, obj) in (200, 302)]
    assert viewers
    failures = []
    for persona in viewers:
        client = as_persona(persona)
        for value in HOSTILE:
            query = urlencode({p: value for p in PARAMETERS})
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append(f"{persona} {value[:20]!r}")
    assert failures == [], f"{url} answered 500 to: {failures}"
