"""A clerk's journey through two application servers behind one address: signed in on the first,
the same session on the second; an export started on the second, run by the worker, watched on
the first and downloaded from the second. Fails (exit 1) at the first step that does not hold.

Usage: scaleout_smoke.py ORIGIN_A ORIGIN_B ADDRESS_A ADDRESS_B (origins as the proxy's https://…,
addresses where the servers listen; requests say X-Forwarded-Proto: https as the proxy would).
"""

from __future__ import annotations

import http.client
import re
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie

USER, PASSWORD = "scaleout_clerk", "Scaleout#2015"


class Browser:
    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, origin: str, address: str, method: str, path: str, form: dict | None = None):
        where = urllib.parse.urlsplit(address)
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
        headers = {
            "Host": urllib.parse.urlsplit(origin).netloc,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "192.0.2.10",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin, "Referer": origin + path}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers, data


def token(page: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        sys.exit("no CSRF token on the page")
    return found.group(1).decode()


def check(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        sys.exit(1)


def wait_up(origin: str, address: str) -> None:
    for _ in range(60):
        try:
            status, _h, _d = Browser().request(origin, address, "GET", "/login/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"{address} did not start")


def main(origin_a: str, origin_b: str, address_a: str, address_b: str) -> None:
    a, b = (origin_a, address_a), (origin_b, address_b)
    wait_up(*a)
    wait_up(*b)
    clerk = Browser()
    _s, _h, page = clerk.request(*a, "GET", "/login/")
    status, headers, _d = clerk.request(
        *a, "POST", "/login/", {"csrfmiddlewaretoken": token(page), "username": USER, "password": PASSWORD, "next": "/"}
    )
    check(status == 302, f"signed in on server A ({status})")
    status, _h, page = clerk.request(*b, "GET", "/jobs/")
    check(status == 200 and "后台任务".encode() in page, f"the same session is valid on server B ({status})")
    status, headers, _d = clerk.request(
        *b, "POST", "/jobs/export/", {"csrfmiddlewaretoken": token(page), "jurisdiction": jurisdiction(page)}
    )
    location = headers.get("Location", "")
    check(status == 302 and location.startswith("/jobs/"), f"an export started on server B ({status} {location})")
    started = time.monotonic()
    while True:
        status, _h, page = clerk.request(*a, "GET", location)
        state = re.search(rb'data-status="(\w+)"', page)
        if state and state.group(1) in (b"done", b"failed"):
            break
        if time.monotonic() - started > 90:
            sys.exit("the worker did not finish the export within 90 s")
        time.sleep(0.5)
    check(state.group(1) == b"done", f"the worker ran it, watched on server A ({time.monotonic() - started:.1f} s)")
    status, _h, data = clerk.request(*b, "GET", location + "download/")
    check(status == 200 and data[:2] == b"PK", f"its workbook downloads from server B ({len(data)} bytes)")


def jurisdiction(page: bytes) -> str:
    found = re.search(rb"<option value=\"(\d+)\"", page)
    if not found:
        sys.exit("no jurisdiction to export on the jobs page")
    return found.group(1).decode()


if __name__ == "__main__":
    main(*sys.argv[1:5])
