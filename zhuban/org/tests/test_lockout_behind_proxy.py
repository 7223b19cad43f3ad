"""Behind the documented HTTPS proxy every request arrives from the proxy's address. The lockout
keys on the client's address as the trusted proxy wrote it into X-Forwarded-For, and strangers
who fail five times cannot lock an approver out: they lock only their own address, and the
approver's username is slowed for seconds, never locked for 30 minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhuban.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.254"
APPROVER = "198.51.100.7"
WRONG = "wrong-Password1"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_USERNAME_DELAY_SECONDS = 30
    return settings


def via_proxy(username: str, password: str, client_address: str, forged: str = "") -> int:
    """A login as it reaches us through the proxy: REMOTE_ADDR is the proxy, which appends the
    address it saw to whatever X-Forwarded-For the client sent."""
    chain = f"{forged}, {client_address}" if forged else client_address
    response = Client().post(
        reverse("org:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=chain,
    )
    return response.status_code


def later(seconds: int):
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds))


def test_five_strangers_failures_do_not_lock_the_approver_for_30_minutes(behind_proxy, city_officer):
    for _ in range(5):
        via_proxy("city_officer", WRONG, "203.0.113.5")
    with later(31):
        assert via_proxy("city_officer", PASSWORD, APPROVER) == 302


def test_failures_spread_over_many_addresses_do_not_lock_the_approver_either(behind_proxy, city_officer):
    for n in range(12):
        via_proxy("city_officer", WRONG, f"203.0.113.{n + 1}")
    with later(31):
        assert via_proxy("city_officer", PASSWORD, APPROVER) == 302


def test_after_the_limit_the_username_is_slowed_from_every_address(behind_proxy, city_officer):
    for n in range(5):
        via_proxy("city_officer", WRONG, f"203.0.113.{n + 1}")
    # Right after the fifth failure, even the right password waits its turn …
    response = Client().post(
        reverse("org:login"),
        {"username": "city_officer", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=APPROVER,
    )
    assert response.status_code == 429
    assert "秒后再试" in response.content.decode()
    # … for seconds, not for the lockout's 30 minutes.
    with later(31):
        assert via_proxy("city_officer", PASSWORD, APPROVER) == 302


def test_the_strangers_own_address_is_locked(behind_proxy, city_officer):
    for _ in range(5):
        via_proxy("city_officer", WRONG, "203.0.113.5")
    with later(60):
        assert via_proxy("city_officer", PASSWORD, "203.0.113.5") == 429


def test_a_forged_forwarded_for_entry_does_not_escape_the_lock(behind_proxy, city_officer):
    for n in range(5):
        via_proxy("city_officer", WRONG, "203.0.113.5", forged=f"192.0.2.{n}")
    with later(60):
        assert via_proxy("city_officer", PASSWORD, "203.0.113.5", forged="192.0.2.99") == 429


def test_without_a_trusted_proxy_the_header_is_not_believed(settings, city_officer):
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client()
    for n in range(5):
        client.post(
            reverse("org:login"),
            {"username": "city_officer", "password": WRONG},
            REMOTE_ADDR="203.0.113.5",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    locked = client.post(
        reverse("org:login"),
        {"username": "city_officer", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert locked.status_code == 429


@pytest.mark.parametrize(
    ("header", "count", "expected"),
    [
        ("203.0.113.5", 1, "203.0.113.5"),
        ("192.0.2.1, 203.0.113.5", 1, "203.0.113.5"),
        ("192.0.2.1, 203.0.113.5, 10.0.0.9", 2, "203.0.113.5"),
        ("", 1, PROXY),
        ("not-an-address", 1, PROXY),
        ("203.0.113.5", 2, PROXY),
    ],
)
def test_the_client_address_is_read_from_the_trusted_hops_only(settings, rf, header, count, expected):
    from zhuban.org.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected
