"""The client's address as the trusted proxies in front of the application saw it.

Behind the documented HTTPS proxy every request comes from the proxy's address, so a lockout
keyed on REMOTE_ADDR locks everyone out together. Each trusted proxy appends the address it
received the request from to X-Forwarded-For; with TRUSTED_PROXY_COUNT proxies, the client is
that many entries from the right. Entries further left were written by the client and are not
believed. A request without enough entries did not pass through the proxies: REMOTE_ADDR.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def client_ip(request: Any) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
