"""The whole-registry assessment: its database queries must not grow with the number of offices.

    .venv/bin/python benchmarks/assessment_queries.py

Builds a temporary SQLite database with the national-scale dataset at a tenth of the size and
at full size, and for each prints the queries and time of assessing every office of every city
(``assess_registry``), beside the time of the one raw SQL read of the same rows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(offices: int, cities: int) -> tuple[int, int, float, float]:
    db = Path(tempfile.mkdtemp()) / "assess.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEBUG": "1"}
    for cmd in (
        ["migrate", "-v0"],
        ["seed_scale", "--cities", str(cities), "--offices", str(offices), "--assets", "0", "--staff", "0", "-v0"],
    ):
        subprocess.run([sys.executable, "manage.py", *cmd], cwd=ROOT, env=env, check=True)  # noqa: S603
    code = """
import time, django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from zhuban.decision.queries import assess_registry
assess_registry()
with CaptureQueriesContext(connection) as ctx:
    started = time.perf_counter(); results = assess_registry(); elapsed = time.perf_counter() - started
with connection.cursor() as c:
    t = time.perf_counter()
    c.execute("SELECT o.*, j.path FROM registry_office o JOIN org_jurisdiction j ON j.id = o.jurisdiction_id")
    c.fetchall()
    raw = time.perf_counter() - t
print(len(results), len(ctx.captured_queries), elapsed, raw)
"""
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "zhuban.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(out[0]), int(out[1]), float(out[2]), float(out[3])


def main() -> None:
    print(f"{'offices':>8}{'cities':>8}{'queries':>9}{'assess s':>10}{'raw read s':>12}{'offices/s':>11}")
    rows = []
    for offices, cities in ((2_000, 30), (20_000, 300)):
        n, queries, elapsed, raw = measure(offices, cities)
        rows.append(queries)
        print(f"{n:>8,}{cities:>8}{queries:>9}{elapsed:>10.2f}{raw:>12.3f}{n / elapsed:>11,.0f}")
    print("queries constant in the data size:", "yes" if len(set(rows)) == 1 else "NO")


if __name__ == "__main__":
    main()
