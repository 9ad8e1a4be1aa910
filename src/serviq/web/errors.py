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

import re
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, gettext_lazy, pgettext_lazy

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
        error_context(status, str(exc), exc.code),
        status=status,
    )


GENERAL: dict[int, Promise] = {
    400: gettext_lazy("The request carries a value that is not allowed."),
    401: gettext_lazy("Log in again."),
    403: gettext_lazy("Your role may not do this."),
    404: gettext_lazy("There is no such page or record in your scope."),
    409: gettext_lazy("This clashes with the current state; reload the page and try again."),
    429: gettext_lazy("Too many requests; wait a moment and try again."),
    500: gettext_lazy("Something went wrong on our side; the error has been logged."),
}


def error_context(status: int, detail: str, code: str) -> dict[str, Any]:
    """The error page's context: the message in the reader's language where the web knows
    it, else the status's general sentence with the raised message as a verbatim detail."""
    shown = shown_message(detail) if detail else ""
    known = bool(shown) and (shown != detail or (get_language() or "").startswith("en"))
    return {
        "status": status,
        "message": shown if known else str(GENERAL.get(status, GENERAL[400])),
        "detail": detail,
        "verbatim": "" if known else detail,
        "code": code,
    }


def _page(request: HttpRequest, status: int, code: str) -> HttpResponse:
    return render(request, "error.html", error_context(status, "", code), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400, "invalid")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403, "permission_denied")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404, "not_found")


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, 500, "server_error")


# The messages the web's own checks raise most, as patterns → the reader's words. A message
# without a pattern is shown as raised (the API and the ``data-detail`` of the page keep the
# raised message whatever the language).
_ROLE = re.compile(r"^the role (?P<role>\w+) may not open this page; allowed: (?P<allowed>.*)$")
_PLAN = re.compile(r"^the sampling plan of (?P<month>\S+) exists already$")
_SCOPE = re.compile(r"^no (?P<what>[a-zA-Z ]+?) (?P<key>\S+) in your scope$")
THINGS: dict[str, Promise] = {
    "team": pgettext_lazy("thing", "team"),
    "agent": pgettext_lazy("thing", "agent"),
    "person": pgettext_lazy("thing", "person"),
    "interaction": pgettext_lazy("thing", "contact"),
    "survey response": pgettext_lazy("thing", "survey response"),
    "QA review": pgettext_lazy("thing", "QA review"),
    "training task": pgettext_lazy("thing", "training task"),
    "swap request": pgettext_lazy("thing", "swap request"),
    "leave request": pgettext_lazy("thing", "leave request"),
    "improvement record": pgettext_lazy("thing", "improvement record"),
    "report": pgettext_lazy("thing", "report"),
    "training session": pgettext_lazy("thing", "training session"),
    "test": pgettext_lazy("thing", "test"),
}


def _role(code: str) -> str:
    from serviq.web.org.roles import LABELS, Role

    try:
        labels = LABELS[Role(code)]
    except ValueError:
        return code
    return labels[{"zh-hans": 0, "zh-hant": 1}.get(get_language() or "", 2)]


def shown_message(message: str) -> str:
    """``message`` in the reader's language where the web knows its pattern."""
    role = _ROLE.match(message)
    if role:
        allowed = ", ".join(_role(r.strip()) for r in role["allowed"].split(","))
        return gettext(
            "Your role (%(role)s) may not open this page; it is open to: %(allowed)s"
        ) % {
            "role": _role(role["role"]),
            "allowed": allowed,
        }
    scope = _SCOPE.match(message)
    if scope and scope["what"] in THINGS:
        return gettext("There is no %(thing)s %(key)s in your scope.") % {
            "thing": THINGS[scope["what"]],
            "key": scope["key"],
        }
    if message == "log in first":
        return gettext("Log in first.")
    plan = _PLAN.match(message)
    if plan:
        return gettext("The sampling plan of %(month)s exists already.") % {"month": plan["month"]}
    return gettext(message)  # a fixed message with a catalogue entry, else as raised


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
