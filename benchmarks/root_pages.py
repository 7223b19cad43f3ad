"""Pages whose cost used to grow with their root: an office's decision panel as its city grows,
and the county-window list of the whole national tree.

    .venv/bin/python benchmarks/root_pages.py [--sizes 500,10000,20000] [--code DIR]
                                              [--database postgres://postgres@127.0.0.1:5432/zhuban_root_bench]

For each size, builds a fresh PostgreSQL database holding the national tree and one generated
city with that many offices (``seed_scale --cities 1``), and prints, for a county office's
decision panel and for the county-window list as the country's offices administration sees it
(every county of the tree), served in-process by Django's test client under production
settings: the first reading after the data changed, the median of 20 (5 for the window list)
readings, one reading after an edit of the office, the page's queries, and beside them the
bare SQL read of the rows the page is about (the baseline, same run). ``--code DIR`` serves
the pages with the code of another checkout (a copy of an earlier version, to compare)
against the same databases.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from django.test import Client

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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhuban.org.models import Jurisdiction
    from zhuban.registry.models import Office

    city = Jurisdiction.objects.filter(level="city", units__isnull=False).distinct().order_by("code")[0]
    office = Office.objects.filter(jurisdiction__parent=city, jurisdiction__level="county").order_by("id").first()
    nation = Jurisdiction.objects.get(parent=None)
    in_root = Office.objects.filter(jurisdiction__path__startswith=city.path).count()
    counties = Jurisdiction.objects.filter(level="county").count()
    pages = [
        (
            f"decision panel, city of {in_root:,} offices",
            f"/decisions/offices/{office.pk}/panel/",
            client_for("bench_panel_clerk", "county_clerk", office.jurisdiction),
            20,
            ("SELECT * FROM registry_office WHERE id = %s", [office.pk]),
        ),
        (
            f"county windows, {counties:,} counties",
            "/consolidation/windows/",
            client_for("bench_nation_admin", "offices_admin", nation),
            5,
            ("SELECT * FROM org_jurisdiction WHERE level = 'county' ORDER BY path", []),
        ),
    ]
    for name, url, client, repeat, (sql, params) in pages:

        def get(url: str = url, client: Client = client) -> float:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            return elapsed

        first = get()
        times = [get() for _ in range(repeat)]
        with CaptureQueriesContext(connection) as ctx:
            get()
        queries = len(ctx.captured_queries)  # the next request resets the log
        edit_office(office)
        after_edit = get()
        print(
            f"{name:<40}{first * 1000:>10.1f}{statistics.median(times) * 1000:>11.1f}{after_edit * 1000:>12.1f}"
            f"{queries:>9}{raw_sql_ms(sql, params, repeat=5):>12.2f}"
        )


def edit_office(office) -> None:
    """A clerk's one-field edit of the office, through the registry's service."""
    from zhuban.audit.services import Actor
    from zhuban.registry import services
    from zhuban.registry.models import Office

    fresh = Office.objects.select_related("sponsor", "jurisdiction").get(pk=office.pk)
    services.office_update(actor=Actor.system("benchmark"), office=fresh, values={"headcount": fresh.headcount + 1})


def client_for(username: str, role: str, jurisdiction) -> Client:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from zhuban.org.models import RoleAssignment

    user, _ = get_user_model().objects.get_or_create(username=username)
    RoleAssignment.objects.get_or_create(user=user, role=role, jurisdiction=jurisdiction, unit=None)
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/zhuban_root_bench")
    parser.add_argument("--sizes", default="500,10000,20000")
    parser.add_argument("--code", type=Path, help="serve with the code of this checkout")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.database)
        return
    code = (args.code or ROOT).resolve()
    print(f"served by {code}")
    print(f"{'page':<40}{'first ms':>10}{'median ms':>11}{'edited, ms':>12}{'queries':>9}{'raw SQL ms':>12}")
    for size in [int(s) for s in args.sizes.split(",")]:
        build(args.database, size)
        subprocess.run(  # noqa: S603
            [sys.executable, str(code / "benchmarks" / "root_pages.py"), "--measure", "--database", args.database],
            cwd=code,
            env={**os.environ, **BENCH_KEYS},
            check=True,
        )


if __name__ == "__main__":
    main()
