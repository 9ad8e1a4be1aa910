"""The improvement pages under ``/actions/``: the register (open / overdue / due this week
by indicator, owner and team, and the proposals), a record with its analysis, actions,
links and effectiveness check, and the form that opens a record from an indicator.

Every view starts with :mod:`serviq.web.actions.access`; every change goes through
:mod:`serviq.web.actions.records`; a refusal re-renders the record with the core's reasons
in the page's language and the error's status (400, 403 or 409).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from serviq.actions import lifecycle, register
from serviq.actions.decisions import word
from serviq.actions.record import Criterion
from serviq.errors import InvalidInput, PermissionDenied, ServiqError, Where
from serviq.messages import error
from serviq.web.actions import access, records
from serviq.web.actions import series as series_of
from serviq.web.actions.models import LINK_KINDS, SEVERITIES, ActionRecord
from serviq.web.dashboard import records as dashboard_records
from serviq.web.dashboard.tree import text_in
from serviq.web.errors import shown_error, status_of
from serviq.web.org import access as org_access
from serviq.web.org.models import Person

LANGS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}
FILTERS = ("proposed", "open", "actions_done", "verifying", "closed", "overdue", "cancelled", "dismissed")  # fmt: skip


def page_lang() -> str:
    return (get_language() or "zh-hans").lower()


def core_lang() -> str:
    return LANGS.get(page_lang(), "en")


def entry_of(r: ActionRecord) -> register.Entry:
    crit = Criterion.from_dict(r.criterion)
    text = ""
    if crit is not None:
        text = crit.describe(
            text_in(r.names, page_lang()) or r.indicator,
            r.direction,
            r.target,
            r.unit,
        ).message(core_lang())  # type: ignore[arg-type]
    return register.Entry(
        id=r.pk,
        indicator=r.indicator,
        scope=r.scope,
        period=r.period,
        status=r.status,
        owner=r.owner.code if r.owner_id else "",
        due=r.due,
        criterion=text,
        effective=r.effective,
        closed_on=timezone.localtime(r.closed_at).date() if r.closed_at else None,
        opened_on=timezone.localtime(r.opened_at).date() if r.opened_at else None,
        tasks=tuple((t.due, t.status) for t in r.tasks.all()),
    )


def filtered(user: Any, params: Any) -> tuple[list[ActionRecord], dict[str, str]]:
    """The records in the user's scope with the register's filters applied."""
    asked = {k: str(params.get(k) or "").strip() for k in ("status", "indicator", "team", "owner")}
    if asked["status"] and asked["status"] not in FILTERS:
        raise InvalidInput(f"status {asked['status']!r} unknown; allowed: {', '.join(FILTERS)}")
    for name in ("indicator", "team", "owner"):
        if asked[name] and not dashboard_records.CODE.match(asked[name]):
            shown = asked[name].replace("\x00", "")[:40]
            raise InvalidInput(
                f"{shown!r} is not a valid {name}; allowed: letters, digits, _ . -",
                where=Where(field=name),
            )
    qs = access.records_for(user).prefetch_related("tasks")
    if asked["status"] and asked["status"] != "overdue":
        qs = qs.filter(status=asked["status"])
    if asked["indicator"]:
        qs = qs.filter(indicator=asked["indicator"])
    if asked["team"]:
        qs = qs.filter(scope="" if asked["team"] == "centre" else asked["team"])
    if asked["owner"]:
        qs = qs.filter(owner__code=asked["owner"])
    rows = list(qs)
    if asked["status"] == "overdue":
        today = timezone.localdate()
        rows = [r for r in rows if entry_of(r).overdue(today)]
    return rows, asked


@require_GET
def register_page(request: HttpRequest) -> HttpResponse:
    rows, asked = filtered(request.user, request.GET)
    person = org_access.person_of(request.user)
    today = timezone.localdate()
    entries = [entry_of(r) for r in rows]
    sec = register.section(
        entries, today.strftime("%Y-%m"), today=today,
        due_soon_days=records.rules().dues.due_soon_days,
    )  # fmt: skip
    return render(
        request,
        "actions/register.html",
        {
            "rows": [
                {
                    "r": r,
                    "e": e,
                    "name": text_in(r.names, page_lang()) or r.indicator,
                    "overdue": e.overdue(today),
                    "status": word(r.status, core_lang()),
                }
                for r, e in zip(rows, entries, strict=True)
            ],
            "section": sec,
            "asked": asked,
            "filters": [(f, word(f, core_lang()) if f != "overdue" else "") for f in FILTERS],
            "latest": series_of.latest_period() or "",
            "can_propose": person.role in ("department_director", "centre_director", "team_lead"),
        },
    )


@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    person = org_access.require(request.user, access.VIEW)
    if person.role not in ("department_director", "centre_director", "team_lead"):
        raise error(PermissionDenied, "action.propose_role", role=person.role,
                    allowed="team_lead, department_director, centre_director")  # fmt: skip
    period = dashboard_records.checked({"period": request.POST.get("period", "")}, ("period",))
    if not period.get("period"):
        raise InvalidInput("give the period to propose records for, as YYYY-MM")
    records.do_propose(str(period["period"]), request=request)
    return redirect(reverse("actions-register") + "?status=proposed")


def _people(person: Person) -> list[Person]:
    qs = Person.objects.filter(active=True, role__in=("team_lead", "department_director",
                                                      "centre_director", "qa_inspector", "agent"))  # fmt: skip
    if person.role == "team_lead" and person.team_id:
        qs = qs.filter(team=person.team) | Person.objects.filter(pk=person.pk)
    return list(qs.order_by("code")[:300])


@require_http_methods(["GET", "POST"])
def new_record(request: HttpRequest) -> HttpResponse:
    """Open a record from an indicator of the dashboard (``?indicator=&team=&period=``)."""
    person = org_access.require(request.user, access.VIEW)
    src = request.POST if request.method == "POST" else request.GET
    asked = dashboard_records.checked(
        {"period": src.get("period", ""), "team": src.get("team", "")}, ("period", "team")
    )
    indicator = str(src.get("indicator") or "").strip()
    period = str(asked.get("period") or series_of.latest_period() or "")
    scope = str(asked.get("team") or "")
    if scope:
        org_access.get_team_for(request.user, scope, allowed=access.VIEW)
    context: dict[str, Any] = {
        "indicator": indicator, "team": scope, "period": period, "people": _people(person),
        "severities": SEVERITIES, "methods": lifecycle.ROOT_CAUSE_METHODS, "data": src,
        "r": ActionRecord(severity=str(src.get("severity") or "medium")),
    }  # fmt: skip
    s = series_of.series_for(indicator, scope, page_lang()) if indicator else None
    context["series"] = s
    point = s.at(period) if s else None
    context["point"] = point
    if request.method == "POST":
        try:
            r = records.do_open(indicator, scope, period, request.POST, person=person,
                                request=request)  # fmt: skip
        except ServiqError as exc:
            context["errors"] = _messages(exc)
            return render(request, "actions/new.html", context, status=status_of(exc))
        return redirect("actions-record", pk=r.pk)
    return render(request, "actions/new.html", context)


def _messages(exc: ServiqError) -> list[str]:
    """The reasons of a refusal in the page's language (or the error's message)."""
    reasons = exc.details.get("reasons") if exc.details else None
    if reasons:
        return [r["messages"].get(core_lang(), r["message"]) for r in reasons]
    return [shown_error(exc) or str(exc)]


def record_context(request: HttpRequest, r: ActionRecord, person: Person) -> dict[str, Any]:
    state = access.state_of(r)
    actor = access.actor_of(person)
    can_work = lifecycle.may_work(actor, state).ok
    crit = Criterion.from_dict(r.criterion)
    name = text_in(r.names, page_lang()) or r.indicator
    verdict = records.verdict_of(r, page_lang()) if crit is not None else None
    steps = [
        (to, step_label(r.status, to)) for to in lifecycle.TRANSITIONS.get(r.status, ()) if can_work
    ]
    return {
        "r": r,
        "name": name,
        "status": word(r.status, core_lang()),
        "criterion": crit.describe(name, r.direction, r.target, r.unit).message(core_lang())  # type: ignore[arg-type]
        if crit else "",
        "trigger": [x.get("messages", {}).get(core_lang(), x.get("message", ""))
                    for x in (r.trigger or {}).get("reasons", [])],
        "tasks": [{"t": t, "status": word(t.status, core_lang()),
                   "next": [(to, word(to, core_lang())) for to in lifecycle.TASK_TRANSITIONS[t.status]]}
                  for t in r.tasks.select_related("owner")],
        "links": list(r.links.select_related("added_by")),
        "link_kinds": LINK_KINDS,
        "can_work": can_work,
        "can_waive": person.role == "department_director" and r.status == "verifying" and can_work,
        "steps": steps,
        "verdict": verdict,
        "verdict_text": verdict.reason.message(core_lang()) if verdict else "",  # type: ignore[arg-type]
        "chart": verdict.chart.as_dict() if verdict and verdict.chart else None,
        "people": _people(person),
        "me": person.code,
        "severities": SEVERITIES,
        "methods": lifecycle.ROOT_CAUSE_METHODS,
        "value_text": records_display(r.actual, r.unit),
        "target_text": records_display(r.target, r.unit),
    }  # fmt: skip


def step_label(status: str, to: str) -> str:
    """The button that moves a record from ``status`` to ``to``."""
    if to == "open":
        return _("Accept") if status == "proposed" else _("Reopen")
    return {
        "actions_done": _("Mark the actions done"),
        "verifying": _("Start verification"),
        "closed": _("Close"),
        "cancelled": _("Cancel the record"),
        "dismissed": _("Dismiss"),
    }.get(to, to)


def records_display(value: float | None, unit: str) -> str:
    from serviq.web.dashboard.tree import display

    return display(value, unit)


@require_GET
def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    r, person = access.get_record_for(request.user, pk)
    return render(request, "actions/record.html", record_context(request, r, person))


def _change(request: HttpRequest, pk: int, do: Any) -> HttpResponse:
    r, person = access.get_record_for(request.user, pk)
    try:
        do(r, person)
    except ServiqError as exc:
        r.refresh_from_db()
        context = {**record_context(request, r, person), "errors": _messages(exc)}
        return render(request, "actions/record.html", context, status=status_of(exc))
    return redirect("actions-record", pk=pk)


@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, lambda r, p: records.do_edit(r, request.POST, person=p,
                                                             request=request))  # fmt: skip


@require_POST
def add_task(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, lambda r, p: records.do_add_task(r, request.POST, person=p,
                                                                 request=request))  # fmt: skip


@require_POST
def task_step(request: HttpRequest, pk: int, task: int) -> HttpResponse:
    to = request.POST.get("to", "")
    evidence = request.POST.get("evidence", "")
    return _change(request, pk, lambda r, p: records.do_task(r, task, to, person=p,
                                                             evidence=evidence, request=request))  # fmt: skip


@require_POST
def add_link(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, lambda r, p: records.do_link(r, request.POST, person=p,
                                                             request=request))  # fmt: skip


@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    to = request.POST.get("to", "")
    note = request.POST.get("note", "")
    waive = request.POST.get("waive") in ("1", "true", "on")
    return _change(request, pk, lambda r, p: records.do_transition(
        r, to, person=p, note=note, waive=waive, data=request.POST, request=request))  # fmt: skip
