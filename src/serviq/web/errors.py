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

from serviq.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ServiqError,
    ValidationFailed,
    Where,
)


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
        body = {"error": exc.as_dict(), "detail": str(exc), "shown": shown_error(exc)}
        return JsonResponse(body, status=status)
    return render(
        request,
        "error.html",
        error_context(status, str(exc), exc.code, shown_error(exc)),
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


def error_context(status: int, detail: str, code: str, shown: str = "") -> dict[str, Any]:
    """The error page's context: the message in the reader's language where the web knows
    it (``shown``, else :func:`shown_message` of ``detail``), else the status's general
    sentence with the raised message as a verbatim detail."""
    shown = shown or (shown_message(detail) if detail else "")
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
    "case": pgettext_lazy("thing", "SME case"),
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


# ---- coded messages (serviq.messages) ---------------------------------------------------
LINKS: dict[str, Promise] = {
    "qa_training": gettext_lazy("QA training plan"),
    "agreed_answer": gettext_lazy("Agreed answer (remedy)"),
    "handover": gettext_lazy("Handover log"),
    "escalation": gettext_lazy("Escalation"),
    "file": gettext_lazy("File"),
    "url": gettext_lazy("Link"),
}
AMOUNTS: dict[str, Promise] = {
    "amount": pgettext_lazy("SME event field", "amount"),
    "interest": pgettext_lazy("SME event field", "interest"),
    "cost": pgettext_lazy("SME event field", "cost"),
}
OUTCOMES: dict[str, Promise] = {
    "approved": pgettext_lazy("SME case outcome", "approved"),
    "declined": pgettext_lazy("SME case outcome", "declined"),
}


def label_of(value: object, group: str) -> str:
    """``value`` (a code of ``group``, or with ``group*`` a comma-separated list of codes)
    by its label in the reader's language; an unknown code as it is."""
    from serviq.web.workforce.labels import LABELS as WF
    from serviq.web.workforce.labels import label as wf_label

    if group.endswith("*"):
        return ", ".join(label_of(v.strip(), group[:-1]) for v in str(value).split(","))
    if group == "role":
        return _role(str(value))
    if group == "equipment state":  # the English says "out of service" for out_of_service
        return wf_label(str(value).replace(" ", "_"), group)
    if group in WF:
        return wf_label(value, group)
    if group == "event":
        from serviq.sme.follow_up import KINDS

        names = KINDS.get(str(value))
        index = {"zh-hans": 0, "zh-hant": 1}.get(get_language() or "", 2)
        return names[index] if names else str(value)
    if group == "equipment":
        from serviq.ops.equipment import load_equipment
        from serviq.ops.equipment import names as equipment_names
        from serviq.web.labels import lang

        named = equipment_names(load_equipment().equipment, lang())
        return named.get(str(value)) or str(value)
    if group == "field":
        return field_label(str(value))
    if group == "language":
        from serviq.web.labels import language_name

        return language_name(value)
    table = {"link": LINKS, "outcome": OUTCOMES, "amount": AMOUNTS, "link state": LINK_STATES}
    found = table.get(group, {}).get(str(value))
    return str(found) if found is not None else str(value)


def coded_message(exc: ServiqError) -> str:
    """A coded error's message in the reader's language ("" when ``exc`` is not coded): the
    English template of :data:`serviq.messages.MESSAGES` through the catalogue, filled with
    the error's params, each code labelled."""
    from serviq.messages import MESSAGES

    found = MESSAGES.get(exc.code)
    if found is None or not exc.params:
        return ""
    values = {
        k: label_of(v, found.codes[k]) if k in found.codes else v for k, v in exc.params.items()
    }
    return gettext(found.text) % values


def _reasons(exc: ServiqError) -> str:
    """A refusal's reasons (``details["reasons"]`` of a Decision) in the reader's language."""
    from serviq.web.labels import lang

    reasons = exc.details.get("reasons") if isinstance(exc.details, dict) else None
    if not reasons or not all(isinstance(r, dict) and r.get("messages") for r in reasons):
        return ""
    return "; ".join(str(r["messages"].get(lang(), r.get("message", ""))) for r in reasons)


LINK_STATES: dict[str, Promise] = {
    "submitted": pgettext_lazy("Delphi link state", "submitted"),
    "closed": pgettext_lazy("Delphi link state", "closed"),
    "expired": pgettext_lazy("Delphi link state", "expired"),
}
# form fields by the label the form shows them with; a field ``a.b.c`` is worded part by
# part (``equipment.pc.state`` → 设备 · 电脑 · 状态), ``item_desk`` as the item ``desk``
FIELDS: dict[str, Promise] = {
    "criterion.kind": gettext_lazy("Effectiveness criterion"),
    "criterion.periods": gettext_lazy("Periods checked"),
    "criterion.threshold": gettext_lazy("Threshold"),
    "equipment": pgettext_lazy("form field", "Equipment"),
    "state": gettext_lazy("State"),
    "reported_at": gettext_lazy("Fault reported at"),
    "reported_by": gettext_lazy("Reported by"),
    "fixed_at": gettext_lazy("Fixed at"),
    "template": gettext_lazy("Checklist"),
    "date": gettext_lazy("Date"),
    "shift": gettext_lazy("Shift"),
    "title": gettext_lazy("Title"),
    "system": gettext_lazy("Indicator system"),
    "name": pgettext_lazy("person", "Name"),
    "email": gettext_lazy("E-mail"),
    "organisation": gettext_lazy("Organisation"),
    "field": gettext_lazy("Field of expertise"),
    "years": gettext_lazy("Years of experience"),
    "language": gettext_lazy("Language"),
    "closes_on": gettext_lazy("Closes on"),
    "expert": gettext_lazy("Expert"),
    "action": pgettext_lazy("form field", "Action"),
    "indicator": gettext_lazy("Indicator"),
    "period": gettext_lazy("Period"),
    "scope": gettext_lazy("Scope"),
    "value": gettext_lazy("Value"),
    "evidence": gettext_lazy("Evidence"),
    "note": gettext_lazy("Note"),
    "reference": gettext_lazy("Reference"),
    "source": gettext_lazy("Source"),
    "kind": gettext_lazy("Kind"),
    "comparability": gettext_lazy("Comparability"),
    "definition_notes": gettext_lazy("Definition notes"),
    "target": gettext_lazy("Target"),
    "file": gettext_lazy("File"),
}
_PER_ITEM = re.compile(r"^(?P<kind>item|person|note)_(?P<item>\w+)$")
_REVISED = re.compile(r"^revise-(?P<item>.+)-(?P<lang>zh-Hans|zh-Hant|en)$", re.IGNORECASE)
PER_ITEM: dict[str, Promise] = {
    "item": gettext_lazy("item %(item)s"),
    "person": gettext_lazy("person named for item %(item)s"),
    "note": gettext_lazy("note on item %(item)s"),
}


def field_label(name: str) -> str:
    """A form field's code by its label in the reader's language (an unknown code as it is)."""
    found = FIELDS.get(name)
    if found is not None:
        return str(found)
    per_item = _PER_ITEM.match(name)
    if per_item:
        return str(PER_ITEM[per_item["kind"]]) % {"item": per_item["item"]}
    revised = _REVISED.match(name)
    if revised:
        return gettext("revised definition of %(item)s (%(language)s)") % {
            "item": revised["item"],
            "language": label_of(revised["lang"], "language"),
        }
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "equipment":
        return " · ".join(
            (str(FIELDS["equipment"]), label_of(parts[1], "equipment"), field_label(parts[2]))
        )
    return name


def shown_where(where: Where) -> str:
    """Where a problem is, in the reader's words (file, line, row, column, field)."""
    parts: list[str] = []
    if where.file:
        parts.append(where.file)
    if where.line is not None:
        parts.append(gettext("line %(n)s") % {"n": where.line})
    if where.row is not None:
        parts.append(gettext("row %(n)s") % {"n": where.row})
    if where.column is not None:
        parts.append(gettext("column %(name)s") % {"name": where.column})
    if where.field is not None:
        parts.append(gettext("field %(name)s") % {"name": field_label(where.field)})
    return ", ".join(parts)


def shown_error(exc: ServiqError) -> str:
    """``exc``'s message in the reader's language where the web knows it ("" otherwise):
    a coded message, a rule's reasons, or a message pattern of :func:`shown_message`."""
    text = coded_message(exc) or _reasons(exc)
    if not text:
        # several problems print one per line: the message is only their count
        raised = str(exc) if isinstance(exc, ValidationFailed) else exc.message
        known = shown_message(raised)
        if known == raised and not (get_language() or "").startswith("en"):
            return ""
        if isinstance(exc, ValidationFailed):
            return known
        text = known
    where = shown_where(exc.where)
    return f"{text} ({where})" if where else text
