"""One handler that turns serviq's errors into responses: the same status and message as an
HTML page or as JSON (datasette's ``handle_exception`` pattern).

=====================  ======
error                  status
=====================  ======
InvalidInput (and its  400
children)
PermissionDenied       403
NotFound               404
Conflict               409
TooManyRequests        429
=====================  ======
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from serviq.errors import Conflict, InvalidInput, NotFound, PermissionDenied, ServiqError


class TooManyRequests(Conflict):
    """A client sent more requests than the rate limit allows (HTTP 429)."""

    code = "rate_limited"


class Unauthenticated(PermissionDenied):
    """The credentials sent are not (or no longer) valid, e.g. an expired API token (401)."""

    code = "unauthenticated"


STATUS: tuple[tuple[type[ServiqError], int], ...] = (
    (TooManyRequests, 429),
    (Unauthenticated, 401),
    (InvalidInput, 400),
    (PermissionDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
)


def status_of(exc: ServiqError) -> int:
    for kind, status in STATUS:
        if isinstance(exc, kind):
            return status
    return 500


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def error_response(request: HttpRequest, exc: ServiqError) -> HttpResponse:
    """The response for ``exc``: JSON ``{"error": {code, message, where, details}}`` or a page."""
    status = status_of(exc)
    user = getattr(request, "user", None)
    if (
        isinstance(exc, PermissionDenied)
        and user is not None
        and not user.is_authenticated
        and not wants_json(request)
    ):
        return redirect_to_login(request.get_full_path())
    if wants_json(request):
        return JsonResponse({"error": exc.as_dict(), "detail": str(exc)}, status=status)
    return render(
        request,
        "error.html",
        {"status": status, "message": str(exc), "code": exc.code},
        status=status,
    )


class ServiqErrorMiddleware:
    """Catches serviq's errors raised by any view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, ServiqError) and status_of(exc) != 500:
            return error_response(request, exc)
        return None
