"""Response headers: the content-security policy (scripts only from our own static files —
htmx and ECharts are vendored, no CDN —, no framing, forms posting only to ourselves), and
``Cache-Control: no-store`` on every answer to a logged-in user or an API token, so that
customer data in pages and exports is never kept by a browser or a shared cache."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # ECharts sizes its canvas through element styles.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (and ``private``, ``no-cache``, ``max-age=0``) on the
    answers to authenticated requests: pages, exports and the API. Placed after the
    authentication middleware; a bearer token sets the user during the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "Authorization" in request.headers:
            add_never_cache_headers(response)
        return response
