"""Shared fixtures: the seeded world and the named personas (zhuban/testing/personas.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from zhuban.testing.personas import PERSONAS, ensure_persona, seed_world


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

    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(ensure_persona(name))
        return client

    return make


@pytest.fixture
def office_of(db):
    """A demo office by name: ``office_of("通城县人民政府驻武汉办事处")``."""
    from zhuban.registry.models import Office

    return lambda name: Office.objects.select_related("jurisdiction", "sponsor").get(name=name)
