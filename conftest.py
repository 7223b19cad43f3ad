"""Shared fixtures: the seeded world and the named personas (zhuban/testing/personas.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from zhuban.org.access import mark_second_factor
from zhuban.testing.personas import PERSONAS, ensure_persona, seed_world, verified_device


@pytest.fixture(scope="session", autouse=True)
def _sqlite_flush_lifts_the_audit_delete_triggers():
    """SQLite resets a transactional test's database with DELETE, which the audit triggers
    refuse; the runner's flush alone may lift them (PostgreSQL truncates, which they do not see)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    from django.db.backends.sqlite3.operations import DatabaseOperations

    from zhuban.audit.triggers import sqlite_flush_allowed

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with sqlite_flush_allowed(self.connection):
            original(self, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Seed once per run; every ordinary test then runs inside a transaction on top of it.
    with django_db_blocker.unblock():
        seed_world()


def _persona_fixture(name: str):
    @pytest.fixture
    def fixture(db):
        return ensure_persona(name)

    fixture.__name__ = name
    return fixture


for _name in PERSONAS:
    globals()[_name] = _persona_fixture(_name)


@pytest.fixture
def as_persona(db):
    """A test client signed in as the named persona: ``as_persona("tongcheng_clerk").get(url)``."""

    def make(name: str | None, *, second_factor: bool = True) -> Client:
        client = Client()
        if name is not None:
            user = ensure_persona(name)
            client.force_login(user)
            device = verified_device(user)
            if device is not None and second_factor:
                # As if the officer had typed the authenticator's code in this session.
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                mark_second_factor(session)
                session.save()
        return client

    return make


@pytest.fixture
def office_of(db):
    """A demo office by name: ``office_of("通城县人民政府驻武汉办事处")``."""
    from zhuban.registry.models import Office

    return lambda name: Office.objects.select_related("jurisdiction", "sponsor").get(name=name)


# ---- Browser journeys -------------------------------------------------------------------------
# Playwright drives Debian's Chromium (no browser download is possible here). Tests that write
# through the browser need real commits, so they use the transactional database and re-seed the
# world, because the flush after a transactional test empties every table.

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def _playwright_browser():
    import os
    import shutil

    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (CI installs it with apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_world(transactional_db, live_server):
    seed_world()
    return live_server


@pytest.fixture
def browser_as(_playwright_browser, live_world):
    """A fresh browser page signed in (through the login form) as the named persona."""
    from zhuban.testing.personas import PASSWORD

    contexts = []
    violations: list[str] = []

    def make(name: str, **context_options):
        # context_options: a phone's viewport, print media (Playwright's new_context keywords).
        context = _playwright_browser.new_context(locale="zh-CN", **context_options)
        contexts.append(context)
        page = context.new_page()
        # Every journey doubles as a check that the pages keep the Content-Security-Policy.
        page.on(
            "console",
            lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
        page.set_default_timeout(10_000)
        page.goto(f"{live_world.url}/login/")
        page.fill("input[name=username]", PERSONAS[name].username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_world.url}/offices/")
        return page

    yield make
    for context in contexts:
        context.close()
    assert violations == [], f"Content-Security-Policy violations: {violations}"
