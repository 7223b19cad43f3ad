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


class PublicPagesMiddleware:
    """The public disclosure pages (``PUBLIC_PREFIX``) are the same for everyone and cacheable.

    Placed before the session middleware: under the prefix, and only there, the request's
    session cookie is set aside, so the page is rendered for an anonymous visitor even when a
    signed-in officer opens it, the session is not renewed (SESSION_SAVE_EVERY_REQUEST would
    otherwise send the officer's session cookie on a response a proxy keeps), and no cookie of
    any kind leaves with a public answer. The language cookie stays: it chooses the page's
    language, and the views say so with ``Vary: Cookie``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = settings.PUBLIC_PREFIX

    def __call__(self, request):
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
        request.COOKIES.pop(settings.CSRF_COOKIE_NAME, None)
        response = self.get_response(request)
        if response.has_header("Cache-Control") and "public" in response["Cache-Control"]:
            response.cookies.clear()
        return response
