"""Throughput with one and with two application servers on the same PostgreSQL: does the web tier
scale out? Each server is gunicorn with one worker; 4 clients spread their requests over the
servers running; the same page mix (a county's office list, an office page, the dashboard).

    .venv/bin/python benchmarks/scaleout.py [--database postgres://postgres@127.0.0.1:5432/zhuban_bench_scaleout]
                                            [--requests 400] [--reuse]

Prints each run's requests per second and median latency, the ratio of two servers to one, and
the bare SQL of the same rows from the same run as the baseline. On a machine of N cores the
ratio can approach min(N, 2); on 2 cores the clients and the database share them too.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import statistics
import subprocess
import sys
import threading
import time

from pages import BENCH_KEYS, LIST_SQL, ROOT, prepare, raw_sql_ms, session_cookie, setup_django

PORTS = (8771, 8772)


def start(port: int, database: str) -> subprocess.Popen:
    env = {**os.environ, **BENCH_KEYS, "DATABASE_URL": database, "DEBUG": "0", "SECURE_SSL_REDIRECT": "0"}
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "zhuban.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/login/", headers={"X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on {port} did not start")


def drive(ports: tuple[int, ...], paths: list[str], cookie: str, requests: int, clients: int = 4):
    """``clients`` threads, each its own keep-alive connection to each server, taking the servers
    in turn; returns the latencies and the requests per second."""
    latencies: list[float] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        conns = {p: http.client.HTTPConnection("127.0.0.1", p, timeout=30) for p in ports}
        order = itertools.islice(itertools.cycle(ports), offset, None)
        for i, port in zip(range(requests // clients), order, strict=False):
            path = paths[i % len(paths)]
            started = time.perf_counter()
            conns[port].request("GET", path, headers={"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"})
            response = conns[port].getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} on {port}: HTTP {response.status}")
            with lock:
                latencies.append(time.perf_counter() - started)
        for c in conns.values():
            c.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, len(latencies) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/zhuban_bench_scaleout")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--scale", action="store_true", help="seed the national-scale dataset too (slow)")
    args = parser.parse_args()
    if args.scale:
        prepare(args.database, args.reuse)
    elif not args.reuse:
        _demo_only(args.database)
    setup_django(args.database)
    from zhuban.org.models import Jurisdiction
    from zhuban.registry.models import Office

    county = Jurisdiction.objects.get(name="通城县")
    cookie = session_cookie("bench_scaleout", "county_clerk", county.code)
    office = Office.objects.filter(jurisdiction=county).order_by("pk").first()
    paths = ["/offices/", f"/offices/{office.pk}/", "/campaign/"]
    baseline = raw_sql_ms(LIST_SQL, [county.path + "%"])

    servers = [start(PORTS[0], args.database)]
    try:
        drive(PORTS[:1], paths, cookie, 40)  # warm up
        one, one_rps = drive(PORTS[:1], paths, cookie, args.requests)
        servers.append(start(PORTS[1], args.database))
        drive(PORTS, paths, cookie, 40)
        two, two_rps = drive(PORTS, paths, cookie, args.requests)
    finally:
        for s in servers:
            s.terminate()
            s.wait()
    print(f"bare SQL of the county's list page (baseline): {baseline:.2f} ms")
    print(f"{'servers':>8} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'median / SQL':>13}")
    for n, lat, rps in ((1, one, one_rps), (2, two, two_rps)):
        med = statistics.median(lat) * 1000
        p95 = statistics.quantiles(lat, n=20)[-1] * 1000
        print(f"{n:>8} {rps:>8.1f} {med:>10.1f} {p95:>8.1f} {med / baseline:>12.0f}×")
    print(f"throughput, two servers / one: {two_rps / one_rps:.2f}×")


def _demo_only(database: str) -> None:
    import psycopg

    name = database.rsplit("/", 1)[1]
    admin = psycopg.connect(database.rsplit("/", 1)[0] + "/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    env = {**os.environ, "DATABASE_URL": database, "DEBUG": "1"}
    for cmd in (["migrate", "-v0"], ["load_demo", "--no-accounts", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *cmd], cwd=ROOT, env=env, check=True)  # noqa: S603


if __name__ == "__main__":
    main()
