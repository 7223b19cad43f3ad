"""The audit trail under load: does a write in one place wait for another place's import, and
what does verifying the chain cost per entry.

    .venv/bin/python benchmarks/audit_chain.py [--database postgres://postgres@127.0.0.1:5432/zhuban_audit_bench]
                                               [--import-rows 20000] [--entries 200000] [--chains 100]

Builds a fresh PostgreSQL database (migrations only, the reference jurisdictions), then:

1. One transaction records an import of ``--import-rows`` audit entries in 通城县 and stays open
   for two seconds more; meanwhile a one-row audited edit in 崇阳县 is timed. Beside it, the
   same one-row UPDATE without its audit entry under the same open import (the bare-SQL
   baseline), so the ratio says what the audit trail adds.
2. The trail is filled to ``--entries`` entries over ``--chains`` jurisdictions, and
   ``verify_chain`` walks it in full; then 1,000 more entries are written and it runs from its
   checkpoints. Beside them, the bare SQL read of every entry's row in chain order.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pages import recreate_database, setup_django  # noqa: E402 - after the path is set

HOLD_OPEN_S = 2.0


def prepare(database: str) -> None:
    recreate_database(database)
    env = {**os.environ, "DATABASE_URL": database, "DEBUG": "1"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603


def items_in(place, count: int, start: int = 0) -> list:
    from zhuban.audit.services import AuditItem

    return [AuditItem("unit.create", place, place, place.path, None, None, {"row": start + n}) for n in range(count)]


def edit_while_importing(rows: int) -> tuple[float, float]:
    """(audited edit, bare UPDATE) in 崇阳县, in seconds, while 通城县's import is open."""
    from django.db import connection, transaction

    from zhuban.audit.services import Actor, audit_record, audit_record_many
    from zhuban.org.models import Jurisdiction

    tongcheng, chongyang = Jurisdiction.objects.get(code="421222"), Jurisdiction.objects.get(code="421223")
    actor = Actor.system("benchmark")

    def one(audited: bool) -> float:
        written = threading.Event()

        def importer() -> None:
            try:
                with transaction.atomic():
                    audit_record_many(actor=actor, items=items_in(tongcheng, rows))
                    written.set()
                    time.sleep(HOLD_OPEN_S)
            finally:
                written.set()
                connection.close()

        thread = threading.Thread(target=importer)
        thread.start()
        written.wait()
        started = time.perf_counter()
        with transaction.atomic():
            Jurisdiction.objects.filter(pk=chongyang.pk).update(name_en=f"Chongyang {started}")
            if audited:
                audit_record(
                    actor=actor,
                    action="unit.create",
                    obj=chongyang,
                    subject=chongyang,
                    jurisdiction_path=chongyang.path,
                    unit_id=None,
                    before=None,
                    after={"name_en": "Chongyang"},
                )
        elapsed = time.perf_counter() - started
        thread.join()
        return elapsed

    one(audited=True)  # warm up: both chains exist
    return one(audited=True), one(audited=False)


def fill(total: int, chains: int) -> None:
    from django.db import transaction

    from zhuban.audit.models import AuditEntry
    from zhuban.audit.services import Actor, audit_record_many
    from zhuban.org.models import Jurisdiction

    places = list(Jurisdiction.objects.filter(level="county").order_by("code")[:chains])
    actor = Actor.system("benchmark")
    have = AuditEntry.objects.count()
    per_batch = 10_000
    while have < total:
        n = min(per_batch, total - have)
        with transaction.atomic():
            items = [
                it for i, place in enumerate(places) for it in items_in(place, n // len(places) + (i < n % len(places)))
            ]
            audit_record_many(actor=actor, items=items)
        have += n


def timed_verify(**kwargs) -> tuple[float, int]:
    from zhuban.audit.queries import verify_chain

    started = time.perf_counter()
    checked, broken = verify_chain(**kwargs)
    elapsed = time.perf_counter() - started
    assert broken is None, broken
    return elapsed, checked


def bare_read_s() -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditentry ORDER BY seq")
        while cursor.fetchmany(5000):
            pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/zhuban_audit_bench")
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--chains", type=int, default=100)
    args = parser.parse_args()
    prepare(args.database)
    setup_django(args.database)

    audited, bare = edit_while_importing(args.import_rows)
    print(f"one-row audited edit in 崇阳县 while 通城县's {args.import_rows:,}-entry import is open")
    print(f"  audited edit     {audited * 1000:9.1f} ms")
    print(f"  bare UPDATE      {bare * 1000:9.1f} ms   (baseline; ratio {audited / bare:.1f}x)")
    print(f"  import held open {HOLD_OPEN_S * 1000:9.1f} ms after its last entry")

    from zhuban.audit.services import Actor, audit_record_many
    from zhuban.org.models import Jurisdiction

    fill(args.entries, args.chains)
    try:
        full_s, full_n = timed_verify(checkpoint=True)
    except TypeError:  # a version without checkpoints
        full_s, full_n = timed_verify()
    read_s = bare_read_s()
    print(f"\nverify over {full_n:,} entries")
    print(f"  full walk        {full_s:9.2f} s   {full_s / full_n * 1e6:7.1f} µs/entry")
    print(f"  bare SQL read    {read_s:9.2f} s   {read_s / full_n * 1e6:7.1f} µs/entry (baseline)")
    from django.db import transaction

    place = Jurisdiction.objects.get(code="421222")
    with transaction.atomic():
        audit_record_many(actor=Actor.system("benchmark"), items=items_in(place, 1000, start=10**9))
    try:
        inc_s, inc_n = timed_verify(incremental=True, checkpoint=True)
    except TypeError:
        print("  incremental      (this version verifies only in full)")
        return
    total = full_n + 1000
    print(f"  incremental      {inc_s:9.2f} s   {inc_s / total * 1e6:7.1f} µs per entry of the trail, {inc_n:,} new")
    print(f"  full / incremental: {full_s / inc_s:.0f}x")


if __name__ == "__main__":
    main()
