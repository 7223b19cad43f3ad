"""A database of the first version (a tree rooted at the city) moves into the national tree, and
not one audit entry is rewritten: the chain verifies before and after, and every role still
finds the entries of its place under their old keys."""

from __future__ import annotations

import importlib

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from zhuban.audit.models import AuditEntry
from zhuban.audit.queries import verify_chain
from zhuban.audit.services import Actor, audit_record
from zhuban.org.access import scoped
from zhuban.org.models import Jurisdiction, ScopeAlias, Unit
from zhuban.testing.personas import ensure_persona

pytestmark = pytest.mark.django_db(transaction=True)

FIRST_VERSION = [("org", "0002_reference_jurisdictions")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


def chain() -> list[tuple]:
    return list(AuditEntry.objects.order_by("seq").values_list("seq", "jurisdiction_path", "prev_hash", "hash"))


def record_about(unit: Unit, path: str) -> None:
    with transaction.atomic():
        audit_record(
            actor=Actor.system("first_version"),
            action="unit.create",
            obj=unit,
            subject=unit,
            jurisdiction_path=path,
            unit_id=unit.pk,
            before=None,
            after={"name": unit.name},
        )


def test_a_first_version_database_joins_the_national_tree_with_its_trail_untouched():
    call_command("flush", "--no-input", verbosity=0)
    old_apps = migrate(FIRST_VERSION)
    importlib.import_module("zhuban.org.migrations.0002_reference_jurisdictions").load(old_apps, None)

    tongcheng = Jurisdiction.objects.get(code="421222")
    city = Jurisdiction.objects.get(code="421200")
    assert (city.path, tongcheng.path, city.parent_id) == ("/421200/", "/421200/421222/", None)
    record_about(Unit.objects.get(jurisdiction=tongcheng, kind="government"), tongcheng.path)
    record_about(Unit.objects.get(jurisdiction=city, kind="government"), city.path)
    before = chain()
    assert verify_chain() == (2, None)

    migrate()

    assert chain() == before
    assert verify_chain() == (2, None)
    assert list(ScopeAlias.objects.values_list("old_prefix", "new_prefix")) == [("/421200/", "/420000/421200/")]
    moved = Jurisdiction.objects.get(code="421222")
    assert (moved.pk, moved.path) == (tongcheng.pk, "/420000/421200/421222/")
    assert Jurisdiction.objects.get(code="421200").parent.name == "湖北省"

    # A new entry continues the same chain under the new key.
    record_about(Unit.objects.get(jurisdiction=moved, kind="government"), moved.path)
    assert verify_chain() == (3, None)

    def paths_seen_by(persona: str) -> list[str]:
        entries = scoped(ensure_persona(persona), AuditEntry.objects.all())
        return sorted(entries.values_list("jurisdiction_path", flat=True))

    assert paths_seen_by("tongcheng_clerk") == ["/420000/421200/421222/", "/421200/421222/"]
    assert paths_seen_by("city_officer") == ["/420000/421200/421222/", "/421200/", "/421200/421222/"]
    assert paths_seen_by("province_officer") == ["/420000/421200/421222/", "/421200/", "/421200/421222/"]
    assert paths_seen_by("chongyang_clerk") == []
