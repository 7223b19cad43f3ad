"""The security baseline: lockout, password strength, idle sessions, deployment settings."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhuban.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = settings.BASE_DIR


def login(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(reverse("org:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failures_lock_the_username_from_that_address_even_with_the_right_password(tongcheng_clerk):
    client = Client()
    for _ in range(5):
        login(client, "tongcheng_clerk", "wrong-Password1")
    locked = login(client, "tongcheng_clerk", PASSWORD)
    assert locked.status_code == 429
    assert "锁定 30 分钟" in locked.content.decode()


def test_the_lock_is_per_username_and_address(tongcheng_clerk, chongyang_clerk):
    client = Client()
    for _ in range(5):
        login(client, "tongcheng_clerk", "wrong-Password1")
    assert login(Client(), "chongyang_clerk", PASSWORD).status_code == 302
    # From another address the username is only slowed (zhuban/org/views.py), never locked.
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.LOGIN_USERNAME_DELAY_SECONDS + 1)):
        assert login(Client(), "tongcheng_clerk", PASSWORD, address="10.0.0.2").status_code == 302


def test_the_lock_lifts_after_30_minutes(tongcheng_clerk):
    client = Client()
    for _ in range(5):
        login(client, "tongcheng_clerk", "wrong-Password1")
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert login(Client(), "tongcheng_clerk", PASSWORD).status_code == 302


def test_four_failures_do_not_lock(tongcheng_clerk):
    client = Client()
    for _ in range(4):
        login(client, "tongcheng_clerk", "wrong-Password1")
    assert login(client, "tongcheng_clerk", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Ab3$efgh", True),  # 8 characters, four classes
        ("abcdef12!", True),  # three classes
        ("Zhuban2015x", True),  # upper, lower, digit
        ("abcdefgh12", False),  # two classes
        ("Ab3$efg", False),  # seven characters
        ("ABCDEFGHIJ", False),  # one class
    ],
)
def test_passwords_need_eight_characters_and_three_character_classes(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_an_idle_session_ends_after_30_minutes(as_persona):
    client = as_persona("tongcheng_clerk")
    assert client.get(reverse("registry:office_list")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert client.get(reverse("registry:office_list")).status_code == 200
    # Activity renewed the session: 29 + 29 minutes after the start it is still alive …
    with time_machine.travel(timezone.now() + timedelta(minutes=58)):
        assert client.get(reverse("registry:office_list")).status_code == 200
    # … but 31 idle minutes after the last request it is gone.
    with time_machine.travel(timezone.now() + timedelta(minutes=58 + 31)):
        assert client.get(reverse("registry:office_list")).status_code == 302


def test_a_form_posted_without_its_csrf_token_is_refused(tongcheng_clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tongcheng_clerk)
    response = client.post(reverse("registry:office_create"), {"name": "x"})
    assert response.status_code == 403


def test_every_page_form_carries_a_csrf_token(as_persona, office_of):
    client = as_persona("tongcheng_clerk")
    office = office_of("通城县人民政府驻武汉办事处")
    for url in (reverse("registry:office_create"), reverse("registry:office_edit", args=[office.pk])):
        body = client.get(url).content.decode()
        assert body.count('method="post"') == body.count("csrfmiddlewaretoken")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "zhuban.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
        ALLOWED_HOSTS="zhuban.example.gov.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_outside_debug_the_web_server_refuses_to_start_without_a_secret_key():
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(  # noqa: S603 - our own WSGI module
        [sys.executable, "-c", "import zhuban.wsgi"], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_deployments_command_line_with_its_key_stays_out_of_debug():
    result = _manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", SECRET_KEY="k" * 60)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_demo_accounts_exist_only_in_demo_mode():
    result = _manage("load_demo", DEBUG="1", ZHUBAN_DEMO="0", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode != 0
    assert "demo mode" in result.stderr


@pytest.mark.parametrize("name", ["AUDIT_ANCHOR_KEY", "TOTP_ENCRYPTION_KEY"])
def test_outside_debug_the_system_refuses_to_start_without_each_key(name):
    clean = {k: v for k, v in os.environ.items() if k not in {name, "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(  # noqa: S603 - our own WSGI module
        [sys.executable, "-c", "import zhuban.wsgi"],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "k" * 60},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert f"{name} must be set" in result.stderr


def test_in_debug_the_keys_are_derived_and_stable_so_no_secrets_file_is_needed():
    keys = "from django.conf import settings; print(settings.AUDIT_ANCHOR_KEY, settings.TOTP_ENCRYPTION_KEY)"
    env = {"DEBUG": "1", "AUDIT_ANCHOR_KEY": "", "TOTP_ENCRYPTION_KEY": "", "DATABASE_URL": "sqlite:///:memory:"}
    result = _manage("shell", "-c", keys, **env)
    assert result.returncode == 0, result.stderr
    anchor, totp = result.stdout.split()[-2:]
    # Derived from the development SECRET_KEY alone, so every run of `make run` gets the same.
    development = "insecure-development-key-only-for-debug"
    expected = hashlib.sha256(f"zhuban audit anchor (development only):{development}".encode()).hexdigest()
    assert anchor == expected and totp != anchor
