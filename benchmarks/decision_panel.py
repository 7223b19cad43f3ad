"""An office's decision panel as its root grows: does one office's page cost more in a larger city.

    .venv/bin/python benchmarks/decision_panel.py [--sizes 500,10000,20000] [--code DIR]
                                                  [--database postgres://postgres@127.0.0.1:5432/zhuban_panel_bench]

For each size, builds a fresh PostgreSQL database holding one generated city with that many
offices (``seed_scale --cities 1``), and prints for a county office's decision panel (served
in-process by Django's test client, production settings): the first reading after the data
changed, then the median of 20 readings, the page's queries, and beside them the bare SQL read
of the office's row (the baseline, same run). ``--code DIR`` serves the pages with the code of
another checkout (a copy of an earlier version, to compare) against the same databases.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pages import BENCH_KEYS, raw_sql_ms, recreate_database, setup_django  # noqa: E402 - after the path is set


def build(database: str, offices: int) -> None:
    recreate_database(database)
    env = {**os.environ, "DATABASE_URL": database, "DEBUG": "1"}
    seed = ["seed_scale", "--cities", "1", "--offices", str(offices), "--assets", "0", "--staff", "0", "-v0"]
    for cmd in (["migrate", "-v0"], seed):
        subprocess.run([sys.executable, "manage.py", *cmd], cwd=ROOT, env=env, check=True)  # noqa: S603


def measure(database: str) -> None:
    os.environ.update({"SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1"})
    setup_django(database)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zhuban.org.models import Jurisdiction, RoleAssignment
    from zhuban.registry.models import Office

    city = Jurisdiction.objects.filter(level="city", units__isnull=False).distinct().order_by("code")[0]
    office = Office.objects.filter(jurisdiction__parent=city, jurisdiction__level="county").order_by("id").first()
    user, _ = get_user_model().objects.get_or_create(username="bench_panel_clerk")
    RoleAssignment.objects.get_or_create(user=user, role="county_clerk", jurisdiction=office.jurisdiction, unit=None)
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = f"/decisions/offices/{office.pk}/panel/"
    in_root = Office.objects.filter(jurisdiction__path__startswith=city.path).count()

    def get() -> float:
        started = time.perf_counter()
        response = client.get(url, secure=True)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return elapsed

    first = get()
    times = [get() for _ in range(20)]
    with CaptureQueriesContext(connection) as ctx:
        get()
    bare = raw_sql_ms("SELECT * FROM registry_office WHERE id = %s", [office.pk])
    print(
        f"{in_root:>9,}{first * 1000:>12.1f}{statistics.median(times) * 1000:>12.1f}"
        f"{len(ctx.captured_queries):>9}{bare:>12.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/zhuban_panel_bench")
    parser.add_argument("--sizes", default="500,10000,20000")
    parser.add_argument("--code", type=Path, help="serve with the code of this checkout")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.database)
        return
    code = (args.code or ROOT).resolve()
    print(f"decision panel of one county office, served by {code}")
    print(f"{'offices':>9}{'first ms':>12}{'median ms':>12}{'queries':>9}{'raw SQL ms':>12}")
    for size in [int(s) for s in args.sizes.split(",")]:
        build(args.database, size)
        subprocess.run(  # noqa: S603
            [sys.executable, str(code / "benchmarks" / "decision_panel.py"), "--measure", "--database", args.database],
            cwd=code,
            env={**os.environ, **BENCH_KEYS},
            check=True,
        )


if __name__ == "__main__":
    main()
