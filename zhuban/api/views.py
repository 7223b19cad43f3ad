"""The read API for the level above and for other systems (``/api/v1/``): JSON lists of offices,
decisions and dossiers, and a campaign's progress as of a date, for a token's holder.

Every call: a token (``Authorization: Token <key>``), the token's own limits (a subtree of its
user's scope, the resources it may read, calls per minute), the access chokepoint, keyset
pagination (``?after=<id>&limit=``), and one row in the call log, whatever the answer.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhuban.api.openapi import document
from zhuban.api.resources import RESOURCES, Resource
from zhuban.campaign.queries import STATUS_ORDER, campaigns_for, dashboard
from zhuban.lib.keyset import int_param
from zhuban.org.access import scoped
from zhuban.org.models import Jurisdiction
from zhuban.policy.models import ApiCall, ApiToken
from zhuban.policy.services import api_token_of

AUTH_SCHEME = "Token"
DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class Refusal(Exception):
    def __init__(self, status: int, message: str, **headers: str) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


def _json(data: Any, status: int = 200, **headers: str) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name] = value
    return response


def _token(request: HttpRequest) -> ApiToken:
    scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
    token = api_token_of(key=key.strip()) if scheme == AUTH_SCHEME else None
    if token is None:
        raise Refusal(
            401, _("须在 Authorization 头中提供有效的 API 令牌（Token <密钥>）。"), **{"WWW-Authenticate": AUTH_SCHEME}
        )
    return token


def _within_rate(token: ApiToken) -> None:
    # The call log is the counter: exact, and shared by every application server.
    recent = ApiCall.objects.filter(token=token, at__gte=timezone.now() - timedelta(minutes=1)).count()
    if recent >= token.rate_per_minute:
        raise Refusal(
            429,
            _("调用过于频繁：本令牌每分钟至多 %(n)s 次，请稍后再试。") % {"n": token.rate_per_minute},
            **{"Retry-After": "60"},
        )


def _date(request: HttpRequest, name: str) -> date | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = parse_date(raw)
    except ValueError:
        value = None
    if value is None:
        raise Refusal(
            400, _("参数 %(name)s 须为日期（YYYY-MM-DD），收到的是“%(value)s”。") % {"name": name, "value": raw[:40]}
        )
    return value


def _whole(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    value = int_param(request.GET, name)
    if value is None:
        raise Refusal(400, _("参数 %(name)s 须为正整数，收到的是“%(value)s”。") % {"name": name, "value": raw[:40]})
    return value


def _subtree(request: HttpRequest, token: ApiToken) -> str | None:
    """The path ``?jurisdiction=<id>`` asks for, within the token's user's scope (else 404)."""
    pk = _whole(request, "jurisdiction")
    if pk is None:
        return None
    found = scoped(token.user, Jurisdiction.objects.filter(pk=pk)).values_list("path", flat=True).first()
    if found is None:
        raise Refusal(404, _("没有编号为 %(id)s 的行政区划，或不在本令牌可读范围内。") % {"id": pk})
    return found


def _rows(request: HttpRequest, token: ApiToken, resource: Resource) -> dict[str, Any]:
    limit = min(_whole(request, "limit") or DEFAULT_LIMIT, MAX_LIMIT)
    after = _whole(request, "after")
    since, until = _date(request, "since"), _date(request, "until")
    rows = scoped(token.user, resource.rows())
    for path in (token.jurisdiction.path if token.jurisdiction else None, _subtree(request, token)):
        if path is not None:
            rows = rows.filter(**{f"{resource.path_lookup}__startswith": path})
    lookup = f"{resource.date_lookup}__date" if resource.date_is_moment else resource.date_lookup
    if since is not None:
        rows = rows.filter(**{f"{lookup}__gte": since})
    if until is not None:
        rows = rows.filter(**{f"{lookup}__lte": until})
    if after is not None:
        rows = rows.filter(pk__gt=after)
    page = list(rows.order_by("pk")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    following = None
    if more:
        query = request.GET.copy()
        query["after"] = str(page[-1].pk)
        following = f"{request.path}?{query.urlencode()}"
    return {"results": [resource.row(r) for r in page], "next": following}


def _progress(request: HttpRequest, token: ApiToken, pk: int) -> dict[str, Any]:
    as_of = _date(request, "as_of") or timezone.localdate()
    # A county reads its city's campaign through its own submissions, as on the dashboard.
    campaign = campaigns_for(token.user).filter(pk=pk).first()
    within = (
        token.jurisdiction is None or campaign is None or campaign.jurisdiction.path.startswith(token.jurisdiction.path)
    )
    if campaign is None or not within:
        raise Refusal(404, _("没有编号为 %(id)s 的工作方案，或不在本令牌可读范围内。") % {"id": pk})
    board = dashboard(token.user, campaign, as_of)
    return {
        "campaign": {"id": campaign.pk, "name": campaign.name, "jurisdiction": campaign.jurisdiction.name},
        "as_of": as_of.isoformat(),
        "statuses": [str(s) for s in STATUS_ORDER],
        "requirements": [
            {
                "code": requirement.code,
                "name": requirement.name,
                "counts": dict(zip(map(str, STATUS_ORDER), counts, strict=True)),
            }
            for requirement, counts in board.count_rows()
        ],
        "totals": dict(zip(map(str, STATUS_ORDER), board.total_row(), strict=True)),
        "overdue": [
            {
                "jurisdiction": o.jurisdiction,
                "requirement": o.requirement,
                "due": o.due.isoformat(),
                "working_days": o.working_days,
            }
            for o in board.overdue
        ],
        "breakdowns": [
            {"key": b.key, "items": [{"key": v, "label": str(label), "n": n} for v, label, n in b.items]}
            for b in board.breakdowns
        ],
    }


def _serve(request: HttpRequest, name: str, answer) -> HttpResponse:
    started = time.monotonic()
    token: ApiToken | None = None
    status, rows = 200, 0
    try:
        token = _token(request)
        _within_rate(token)
        if not token.allows(name):
            raise Refusal(403, _("本令牌无权读取“%(name)s”。") % {"name": name})
        data = answer(token)
        rows = len(data.get("results", ()))
        response: HttpResponse = _json(data)
    except Refusal as refusal:
        status = refusal.status
        response = _json({"errors": [refusal.message]}, refusal.status, **refusal.headers)
    if token is not None:
        ApiCall.objects.create(
            token=token,
            user=token.user,
            at=timezone.now(),
            resource=name,
            query=request.META.get("QUERY_STRING", "")[:500],
            status=status,
            rows=rows,
            duration_ms=int((time.monotonic() - started) * 1000),
        )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def resource_list(request: HttpRequest, name: str) -> HttpResponse:
    resource = RESOURCES.get(name)
    if resource is None:
        return _json({"errors": [_("没有这个资源。")]}, 404)
    return _serve(request, name, lambda token: _rows(request, token, resource))


@require_GET
def campaign_progress(request: HttpRequest, pk: int) -> HttpResponse:
    return _serve(request, "progress", lambda token: _progress(request, token, pk))


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    """The API's description, public like any published interface (it holds no data)."""
    return _json(document(request.build_absolute_uri("/api/v1/")))
