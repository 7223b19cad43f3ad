"""Main pages at national scale, served by gunicorn (2 workers) on loopback under 4 clients.

    .venv/bin/python benchmarks/pages.py [--database postgres://postgres@127.0.0.1:5432/zhuban_bench]
                                         [--requests 200] [--reuse] [--receptions 400000]

Builds (or with --reuse, reuses) a database holding the demo city and the national-scale
dataset (seed_scale), starts gunicorn, and for each page prints the median and p95 latency,
the throughput, and the database queries the page makes; beside each, the time of the raw SQL
that reads the same rows, measured in the same run, and the page's median as a ratio of it. The
reception pages are measured at the office that receives a twentieth of all generated receptions
(seed_scale --receptions), as its head sees them. Goals (issue: national scale): county pages
p95 <= 100 ms, city-wide lists <= 150 ms, public pages <= 200 ms, dashboard <= 300 ms.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# Production settings refuse to start without their keys; the benchmark runs with throwaway ones.
BENCH_KEYS = {
    "SECRET_KEY": "benchmark-only-key",
    "AUDIT_ANCHOR_KEY": "benchmark-only-anchor-key",
    "TOTP_ENCRYPTION_KEY": "benchmark-only-totp-key",
}


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ.update(BENCH_KEYS)
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhuban.settings"
    import django

    django.setup()


def recreate_database(database: str) -> None:
    """An empty PostgreSQL database of that name (dropped first if it exists)."""
    import psycopg

    name = database.rsplit("/", 1)[1]
    admin = psycopg.connect(database.rsplit("/", 1)[0] + "/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def prepare(database: str, reuse: bool, receptions: int = 0) -> None:
    env = {**os.environ, "DATABASE_URL": database, "DEBUG": "1"}
    if database.startswith("postgres") and not reuse:
        recreate_database(database)
    if not reuse:
        seed = ["seed_scale", "--receptions", str(receptions)]
        for cmd in (["migrate", "-v0"], ["load_demo", "--no-accounts", "-v0"], seed):
            subprocess.run([sys.executable, "manage.py", *cmd], cwd=ROOT, env=env, check=True)  # noqa: S603


def session_cookie(username: str, role: str, jurisdiction_code: str, office_id: int | None = None) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from zhuban.org.models import Jurisdiction, RoleAssignment

    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        jurisdiction=Jurisdiction.objects.get(code=jurisdiction_code),
        unit=None,
        office_id=office_id,
    )
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def load(port: int, path: str, cookie: str, requests: int, clients: int = 4) -> tuple[list[float], float]:
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = requests // clients

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_client):
            started = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"})
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            with lock:
                latencies.append(elapsed)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, len(latencies) / (time.perf_counter() - started)


def queries_of(path: str, username: str) -> int:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, secure=True)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def raw_sql_ms(sql: str, params: list, repeat: int = 30) -> float:
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


LIST_SQL = """
SELECT o.id, o.name, o.additional_plaque, o.headcount, o.status, u.name, c.name, c.is_capital, p.name
FROM registry_office o JOIN org_jurisdiction j ON j.id = o.jurisdiction_id JOIN org_unit u ON u.id = o.sponsor_id
JOIN geo_city c ON c.id = o.host_city_id JOIN geo_province p ON p.id = o.host_province_id
WHERE j.path LIKE %s ORDER BY j.path, o.name, o.id LIMIT 50
"""
TRAIL_SQL = """
SELECT * FROM audit_auditentry WHERE jurisdiction_path LIKE %s ORDER BY seq DESC LIMIT 100
"""
DASHBOARD_SQL = """
SELECT s.jurisdiction_id, s.requirement_id, count(*) FROM campaign_submission s GROUP BY 1, 2
"""
DETAIL_SQL = """
SELECT * FROM registry_office WHERE id = %s;
"""
# The public pages read stored published figures only: the year's rows grouped by jurisdiction,
# and one office's versions of one year.
PUBLIC_INDEX_SQL = """
SELECT jurisdiction_id, count(*), sum(total) FROM disclosure_disclosure
WHERE status = 'published' AND year = %s AND office_id IS NOT NULL GROUP BY 1
"""
PUBLIC_OFFICE_SQL = """
SELECT * FROM disclosure_disclosure WHERE office_id = %s AND year = %s AND status IN ('published', 'superseded')
"""
RECEPTION_LIST_SQL = """
SELECT id, state, year, starts_on, sending_unit, visitors_count, total, open_warnings
FROM reception_reception WHERE office_id = %s ORDER BY id DESC LIMIT 51
"""
RECEPTION_SQL = """
SELECT * FROM reception_reception r JOIN reception_letter l ON l.id = r.letter_id
LEFT JOIN reception_receptionlist rl ON rl.reception_id = r.id WHERE r.id = %s
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/zhuban_bench")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--receptions", type=int, default=400_000, help="receptions to generate (a fresh database only)"
    )
    args = parser.parse_args()

    prepare(args.database, args.reuse, args.receptions)
    setup_django(args.database)
    from zhuban.org.models import Jurisdiction
    from zhuban.registry.models import Office

    # The first generated city of the national tree and its first county (seed_scale's order).
    city = Jurisdiction.objects.filter(level="city", units__isnull=False).exclude(code="421200").order_by("code")[0]
    county = Jurisdiction.objects.filter(parent=city, level="county").order_by("code")[0]
    city_cookie = session_cookie("bench_city", "offices_admin", city.code)
    county_cookie = session_cookie("bench_county", "county_clerk", county.code)
    # The demo city carries the 2015 campaign with its history, so its dashboard is measured there.
    xianning_cookie = session_cookie("bench_xianning", "offices_admin", "421200")
    office = Office.objects.filter(jurisdiction=county).order_by("id").first()
    # The deepest page of the city-wide list: the keyset cursor of its second-to-last office.
    deep = list(
        Office.objects.filter(jurisdiction__path__startswith=city.path)
        .order_by("jurisdiction__path", "name", "id")
        .values_list("id", flat=True)
    )[-2]
    big_office = Office.objects.filter(jurisdiction__path__startswith=city.path).order_by("-headcount").first()
    # A corrected office's 2017 disclosure (two versions), from seed_scale's published ones.
    from zhuban.disclosure.models import Disclosure

    shown = Disclosure.objects.filter(status="superseded", year=2017).select_related("jurisdiction").first()
    public_office = f"/public/{shown.jurisdiction.code}/2017/{shown.office_id}/"
    from zhuban.reception.models import Reception

    # The office that receives most (seed_scale gives the first generated office a twentieth).
    host = (
        Office.objects.filter(name__startswith="规模测试办事机构").order_by("pk").select_related("jurisdiction").first()
    )
    host_receptions = Reception.objects.filter(office=host).order_by("-id").values_list("id", flat=True)
    head_cookie = session_cookie("bench_head", "office_head", host.jurisdiction.code, office_id=host.pk)
    newest = host_receptions.first()
    deep_reception = host_receptions.order_by("id").values_list("id", flat=True)[60:61].first()

    pages = [
        ("county: office list", "/offices/", county_cookie, "bench_county", 100, LIST_SQL, [county.path + "%"]),
        (
            "county: office detail",
            f"/offices/{office.pk}/",
            county_cookie,
            "bench_county",
            100,
            DETAIL_SQL,
            [office.pk],
        ),
        (
            "county: decision panel",
            f"/decisions/offices/{office.pk}/panel/",
            county_cookie,
            "bench_county",
            100,
            DETAIL_SQL,
            [office.pk],
        ),
        ("city: office list", "/offices/", city_cookie, "bench_city", 150, LIST_SQL, [city.path + "%"]),
        (
            "city: office list, search",
            "/offices/?q=%E6%9C%BA%E6%9E%84",
            city_cookie,
            "bench_city",
            150,
            LIST_SQL,
            [city.path + "%"],
        ),
        (
            "city: office list, deepest page",
            f"/offices/?after={deep}",
            city_cookie,
            "bench_city",
            150,
            LIST_SQL,
            [city.path + "%"],
        ),
        (
            "city: office detail",
            f"/offices/{big_office.pk}/",
            city_cookie,
            "bench_city",
            150,
            DETAIL_SQL,
            [big_office.pk],
        ),
        ("city: decision board", "/decisions/", city_cookie, "bench_city", 300, LIST_SQL, [city.path + "%"]),
        ("city: audit trail, first page", "/audit/", city_cookie, "bench_city", 150, TRAIL_SQL, [city.path + "%"]),
        (
            "city: campaign dashboard",
            "/campaign/?as_of=2015-08-15",
            xianning_cookie,
            "bench_xianning",
            300,
            DASHBOARD_SQL,
            [],
        ),
        ("city: 附表一 export", "/workbook/export/", city_cookie, "bench_city", 300, LIST_SQL, [city.path + "%"]),
        # The public pages are read without a session (the middleware sets the cookie aside).
        ("public: disclosure index", "/public/?year=2017", "", "bench_city", 200, PUBLIC_INDEX_SQL, [2017]),
        (
            "public: office disclosure",
            public_office,
            "",
            "bench_city",
            200,
            PUBLIC_OFFICE_SQL,
            [shown.office_id, 2017],
        ),
    ]
    if newest is not None:
        receptions = f"/reception/offices/{host.pk}/"
        sql = [host.pk]
        pages += [
            ("office: receptions", receptions, head_cookie, "bench_head", 100, RECEPTION_LIST_SQL, sql),
            (
                "office: receptions, warned",
                f"{receptions}?warned=1",
                head_cookie,
                "bench_head",
                100,
                RECEPTION_LIST_SQL,
                sql,
            ),
            (
                "office: receptions, 2017",
                f"{receptions}?year=2017",
                head_cookie,
                "bench_head",
                100,
                RECEPTION_LIST_SQL,
                sql,
            ),
            (
                "office: receptions, deepest",
                f"{receptions}?before={deep_reception}",
                head_cookie,
                "bench_head",
                100,
                RECEPTION_LIST_SQL,
                sql,
            ),
            (
                "office: reception page",
                f"/reception/{newest}/",
                head_cookie,
                "bench_head",
                100,
                RECEPTION_SQL,
                [newest],
            ),
        ]
    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        **BENCH_KEYS,
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "60",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "zhuban.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(3)
        print(
            f"{'page':<32}{'median ms':>10}{'p95 ms':>9}{'req/s':>8}{'queries':>9}"
            f"{'raw SQL ms':>12}{'ratio':>8}{'goal':>7}"
        )
        for name, path, cookie, user, goal, sql, params in pages:
            load(args.port, path, cookie, 8)  # warm up both workers
            latencies, throughput = load(args.port, path, cookie, args.requests)
            latencies.sort()
            p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
            median = statistics.median(latencies) * 1000
            verdict = "ok" if p95 <= goal else "MISS"
            raw = raw_sql_ms(sql, params)
            print(
                f"{name:<32}{median:>10.1f}{p95:>9.1f}{throughput:>8.0f}{queries_of(path, user):>9}"
                f"{raw:>12.2f}{median / raw if raw else 0:>7.0f}×{goal:>5} {verdict}"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
