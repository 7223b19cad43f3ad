"""The policy engine over HTTP: ``POST /api/v1/assess``, the same JSON as ``manage.py assess``."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from zhuban.org.access import can
from zhuban.org.capabilities import Capability
from zhuban.policy import contract
from zhuban.policy.services import api_token_authenticate

AUTH_SCHEME = "Token"


def _errors(status: int, *messages: str, **headers: str) -> JsonResponse:
    return JsonResponse(
        {"errors": list(messages)}, status=status, headers=headers or None, json_dumps_params={"ensure_ascii": False}
    )


def _unauthorised() -> JsonResponse:
    return _errors(
        401,
        _("需要登录，或在 Authorization 头中提供有效的 API 令牌（Token <密钥>）。"),
        **{"WWW-Authenticate": AUTH_SCHEME},
    )


def _authenticate(request: HttpRequest) -> JsonResponse | None:
    """None when the request may proceed; otherwise the 401/403 to send.

    A token request carries no cookies an attacker could ride, so it skips CSRF; a session
    request does not, so the CSRF check this view is exempted from is run here for it.
    """
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _sep, key = header.partition(" ")
        if scheme != AUTH_SCHEME:
            return _unauthorised()
        user = api_token_authenticate(key=key.strip())
        if user is None:
            return _unauthorised()
        request.user = user
        return None
    if not request.user.is_authenticated:
        return _unauthorised()
    if CsrfViewMiddleware(_no_response).process_view(request, _no_response, (), {}) is not None:
        return _errors(403, _("CSRF 校验失败：会话请求须带 CSRF 令牌（X-CSRFToken 头）。"))
    return None


def _no_response(request: HttpRequest) -> HttpResponse:  # the middleware needs callables it never calls here
    raise AssertionError("not called")


@csrf_exempt
def assess(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _errors(405, _("只接受 POST 请求。"), Allow="POST")
    denied = _authenticate(request)
    if denied is not None:
        return denied
    if not can(request.user, Capability.API_ASSESS):
        return _errors(403, _("您无权调用评估接口。"))
    try:
        body = request.body
    except RequestDataTooBig:
        # Not "send it in batches": 二(二)2 groups a whole city's offices, so a split request would
        # give different results.
        return _errors(413, _("请求体过大。一个市的办事机构须在同一请求中评估，请改用命令行 manage.py assess。"))
    try:
        document = contract.assess(contract.parse_json(body, max_offices=settings.ASSESS_MAX_OFFICES))
    except contract.ContractError as exc:
        return _errors(400, *exc.errors)
    return HttpResponse(contract.dumps(document), content_type="application/json; charset=utf-8")
