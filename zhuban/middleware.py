"""Security headers Django 5.2 does not set by itself.

The Content-Security-Policy allows no inline script or style and no third-party origin: every
script (htmx, charts) is served from our own static files, as a closed government network needs.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "CONTENT_SECURITY_POLICY", CSP)
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if _signed_in(request) and not request.path.startswith(self.static_prefix):
            # A signed-in page or download (a registry export, an approval file) must not stay in
            # a shared computer's browser cache or a proxy's, whatever the view said.
            response.headers["Cache-Control"] = "no-store"
        return response


def _signed_in(request) -> bool:
    # request.user is set further down the chain (sessions, or the API's token in its view).
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the user chose English with the language switch.

    Django's own middleware follows the browser's Accept-Language, so an English-language
    browser would get English on a Chinese government system; here only the user's own choice
    (the language cookie set by the switch) changes the default.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
