"""The workforce pages. Each view starts with an access check, calls an action or the core,
and renders; the core's reasons are shown in the page's language."""

from __future__ import annotations

import calendar as cal
import datetime as dt
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from serviq.errors import InvalidInput, NotFound, PermissionDenied, ValidationFailed
from serviq.messages import error
from serviq.web.org import access, roles
from serviq.web.org.models import Person
from serviq.web.org.roles import Role
from serviq.web.uploads import uploaded
from serviq.web.workforce import (
    actions,
    escalations,
    lateleave,
    minutes,
    rostering,
    scope,
    seats,
    shiftlog,
)
from serviq.web.workforce import models as m
from serviq.web.workforce.labels import label
from serviq.web.workforce.schedules import (
    CORE_LANG,
    decision_dict,
    rules_in_force,
    schedule_around,
    shown,
)
from serviq.workforce import attendance, meetings
from serviq.workforce import leave as core_leave
from serviq.workforce import swaps as core_swaps
from serviq.workforce.approvals import Flow


def _lang() -> str:
    return (get_language() or "zh-hans").lower()


def _zone() -> dt.tzinfo:
    return timezone.get_current_timezone()


def _month(text: str | None) -> tuple[int, int]:
    if not text:
        today = timezone.localdate()
        return today.year, today.month
    try:
        year, month = (int(x) for x in text.split("-"))
        dt.date(year, month, 1)
    except ValueError:
        raise error(InvalidInput, "form.month", text=text) from None
    return year, month


def _month_with_shifts(text: str | None, shifts: Any) -> tuple[int, int]:
    """The month asked for; else this month, or the latest month with shifts when this
    month has none (the demo centre's months are in the past)."""
    year, month = _month(text)
    if text or shifts.filter(date__year=year, date__month=month).exists():
        return year, month
    latest = shifts.order_by("-date").values_list("date", flat=True).first()
    return (latest.year, latest.month) if latest else (year, month)


def _refused(request: HttpRequest, exc: actions.RuleRefusal, back: str) -> HttpResponse:
    check = shown(decision_dict(exc.decision), _lang())
    return render(request, "workforce/refused.html", {"check": check, "back": back}, status=409)


def _my_step(flow: Flow, person: Person) -> tuple[str, str | None] | None:
    """The pending step ``person`` may act on, if any."""
    candidates: list[tuple[str, str | None]] = [(person.role, None)]
    if person.role == "team_lead" and person.team_id:
        candidates = [("team_lead", person.team.code)]
    candidates.append(("agent", person.code))
    for step in flow.pending:
        for role, sc in candidates:
            if step.matches(role, sc):
                return role, sc
    return None


# ---- agent: my shifts and requests ------------------------------------------------------


def me(request: HttpRequest) -> HttpResponse:
    person = access.require(request.user, roles.ALL)
    year, month = _month_with_shifts(
        request.GET.get("month"), m.Shift.objects.filter(person=person)
    )
    first = dt.date(year, month, 1)
    last = dt.date(year, month, cal.monthrange(year, month)[1])
    schedule = schedule_around([first, last])
    mine = [s for s in schedule.shifts_of(person.code) if first <= s.date <= last]
    now = timezone.now()
    upcoming = [s for s in schedule.shifts_of(person.code) if s.start > now]
    offers: list[Any] = []
    if person.team_id is not None:
        others = (
            m.Shift.objects.filter(
                start__gt=now,
                team__department=person.team.department,
                date__lte=timezone.localdate() + dt.timedelta(days=40),
            )
            .exclude(person=person)
            .select_related("person")
        )
        offers = [s for s in others if schedule.shifts.get(s.code) is not None]
    swaps = scope.swaps_for(request.user)
    leave = scope.leave_for(request.user).filter(person=person)
    return render(
        request,
        "workforce/me.html",
        {
            "month": f"{year}-{month:02d}",
            "shifts": mine,
            "swapped": {sid for sw in schedule.swaps for sid in sw.shift_ids},
            "upcoming": upcoming,
            "offers": offers,
            "swaps": swaps.filter(requester=person) | swaps.filter(partner=person),
            "leave": leave,
            "kinds": actions.LEAVE_KINDS,
        },
    )


@require_http_methods(["POST"])
def swap_new(request: HttpRequest) -> HttpResponse:
    person = access.require(request.user, {Role.AGENT})
    if person.team_id is None:
        raise PermissionDenied("an agent without a team has no shifts to swap")
    # the partner's shift must be in the agent's department (else 404: not revealed)
    shifts = m.Shift.objects.filter(team__department_id=person.team.department_id)
    give = shifts.filter(code=request.POST.get("give", "")).first()
    take = shifts.filter(code=request.POST.get("take", "")).first()
    if give is None or take is None:
        raise NotFound("choose one of your shifts to give and a partner's shift to take")
    try:
        sw = actions.request_swap(person, give, take, request=request)
    except actions.RuleRefusal as exc:
        return _refused(request, exc, reverse("workforce-me"))
    return redirect("workforce-swap", pk=sw.pk)


@require_http_methods(["GET", "POST"])
def swap_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sw = scope.get_swap(request.user, pk)
    person = access.person_of(request.user)
    if request.method == "POST":
        verdict = request.POST.get("verdict", "")
        if Role(person.role) not in scope.APPROVERS and person.pk != sw.partner_id:
            raise PermissionDenied("only the partner and the team leads act on a swap")
        try:
            actions.act_on_swap(
                sw, person, verdict, note=request.POST.get("note", ""), request=request
            )
        except actions.RuleRefusal as exc:
            return _refused(request, exc, reverse("workforce-swap", args=[pk]))
        return redirect("workforce-swap", pk=pk)
    flow = Flow.from_dict(sw.flow)
    check = decision_dict(actions.check_swap(sw)) if flow.pending else sw.rule_check
    return render(
        request,
        "workforce/swap.html",
        {
            "sw": sw,
            "flow": flow,
            "acts": flow.acts,
            "check": shown(check, _lang()),
            "can_act": _my_step(flow, person) is not None,
        },
    )


@require_http_methods(["POST"])
def leave_new(request: HttpRequest) -> HttpResponse:
    person = access.require(request.user, roles.ALL)
    target = person
    if request.POST.get("person") and request.POST["person"] != person.code:
        target = scope.get_person(request.user, request.POST["person"])
    zone = _zone()
    try:
        start = dt.datetime.fromisoformat(request.POST.get("start", "")).replace(tzinfo=zone)
        end = dt.datetime.fromisoformat(request.POST.get("end", "")).replace(tzinfo=zone)
    except ValueError:
        raise InvalidInput("start and end must be dates and times, e.g. 2026-12-01T08:00") from None
    try:
        lv = actions.submit_leave(
            target,
            request.POST.get("kind", ""),
            start,
            end,
            submitted_by=person,
            special_case=bool(request.POST.get("special_case")),
            request=request,
        )
    except actions.RuleRefusal as exc:
        return _refused(request, exc, reverse("workforce-me"))
    return redirect("workforce-leave", pk=lv.pk)


@require_http_methods(["GET", "POST"])
def leave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lv = scope.get_leave(request.user, pk)
    person = access.person_of(request.user)
    cert_check = None
    if request.method == "POST":
        access.require(request.user, scope.APPROVERS)
        if request.POST.get("action") == "certificate":
            access.require(request.user, scope.LEADS)
            try:
                d = {
                    k: dt.date.fromisoformat(request.POST.get(k, "")) for k in ("from", "to", "on")
                }
            except ValueError:
                raise InvalidInput("certificate dates must be YYYY-MM-DD") from None
            cert_check = decision_dict(
                actions.hand_in_certificate(
                    lv, person, d["from"], d["to"], d["on"], request=request
                )
            )
        elif request.POST.get("action") == "lapse":
            lateleave.lapse(person, pks=[lv.pk], request=request)
            return redirect("workforce-leave", pk=pk)
        else:
            verdict = request.POST.get("verdict", "")
            act = lateleave.decide if lateleave.is_late(lv) else actions.act_on_leave
            try:
                act(lv, person, verdict, note=request.POST.get("note", ""), request=request)
            except actions.RuleRefusal as exc:
                return _refused(request, exc, reverse("workforce-leave", args=[pk]))
            return redirect("workforce-leave", pk=pk)
    flow = Flow.from_dict(lv.flow)
    check = decision_dict(actions.check_leave(lv)) if flow.pending else lv.rule_check
    return render(
        request,
        "workforce/leave.html",
        {
            "lv": lv,
            "flow": flow,
            "check": shown(check, _lang()),
            "cert_check": shown(cert_check, _lang()) if cert_check else None,
            "can_act": _my_step(flow, person) is not None and person.pk != lv.person_id,
            "is_lead": person.role == "team_lead",
            "late": lateleave.is_late(lv),
            "can_lapse": person.role in scope.APPROVERS and person.pk != lv.person_id,
            "absences": [
                {"v": v, "reasons": shown({"reasons": v.reasons}, _lang())["reasons"]}
                for v in lateleave.absences_of(lv)
            ],
        },
    )


# ---- team lead: roster, approvals, handover, violations ---------------------------------


def _team(request: HttpRequest, allowed: Any = roles.ALL) -> Any:
    person = access.require(request.user, allowed)
    code = request.GET.get("team") or request.POST.get("team")
    if not code:
        team = person.team or access.visible_teams(person).order_by("code").first()
        if team is None:
            raise InvalidInput("choose a team with ?team=")
        code = team.code
    return access.get_team_for(request.user, code, allowed=allowed)


def _staffing(request: HttpRequest, team: Any, days: list[dt.date]) -> dict[str, Any]:
    """The day's staffing against Erlang C (``?day=``, else the month's first day or today),
    with the preview of ``?change=SHIFT&to=KIND`` (empty ``to``: the shift removed)."""
    text = request.GET.get("day", "")
    today = timezone.localdate()
    day = today if days[0] <= today <= days[-1] else days[0]
    if text:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise error(InvalidInput, "form.day", text=text[:20]) from None
    change = request.GET.get("change") or None
    return seats.day_view(team, day, change=change, to_kind=request.GET.get("to", ""))


def _edit_roster(request: HttpRequest, team: Any) -> tuple[str, list[str]]:
    """A lead's change of the grid (one cell) or import of the month; returns the month
    and the problems of an invalid file (nothing written then)."""
    lead = access.require(request.user, scope.LEADS)
    year, month = _month(request.POST.get("month"))
    if request.POST.get("action") == "import":
        upload = uploaded(request, "file")
        if upload is None:
            raise InvalidInput("choose a roster file (.xlsx or .csv)")
        name = Path(upload.name or "roster.xlsx").name
        if Path(name).suffix.lower() not in (".xlsx", ".csv"):
            raise error(InvalidInput, "upload.roster_type", file=name)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            with path.open("wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                rostering.import_roster(lead, team, path, year, month, name=name, request=request)
            except ValidationFailed as exc:
                return f"{year}-{month:02d}", exc.lines
    else:
        try:
            day = dt.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            raise InvalidInput("date must be YYYY-MM-DD") from None
        rostering.set_shift(
            lead,
            team,
            request.POST.get("person", ""),
            day,
            request.POST.get("kind", ""),
            request=request,
        )
        year, month = day.year, day.month
    return f"{year}-{month:02d}", []


@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest) -> HttpResponse:
    """The team's month as a grid: one row per person, one column per day; a swapped
    shift shows who works it now. The team's lead adds, changes or removes a shift and
    imports the month from XLSX."""
    team = _team(request)
    problems: list[str] = []
    if request.method == "POST":
        shown_month, problems = _edit_roster(request, team)
        if not problems:
            return redirect(reverse("workforce-roster") + f"?team={team.code}&month={shown_month}")
    else:
        shown_month = request.GET.get("month") or ""
    year, month = _month_with_shifts(shown_month or None, m.Shift.objects.filter(team=team))
    days = [dt.date(year, month, d) for d in range(1, cal.monthrange(year, month)[1] + 1)]
    schedule = schedule_around([days[0], days[-1]])
    rows: dict[str, dict[dt.date, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for s in m.Shift.objects.filter(team=team, date__gte=days[0], date__lte=days[-1]):
        worker = schedule.worker(s.code)
        rows[worker][s.date].append(
            {"kind": s.kind, "swapped": worker != schedule.shifts[s.code].person, "code": s.code}
        )
    for p in Person.objects.filter(team=team, role="agent"):
        rows.setdefault(p.code, defaultdict(list))  # every member has a row
    from serviq.web.training import access as training_access
    from serviq.web.training.roster import on_roster  # sessions on the roster's days

    trainings = on_roster(team, days)
    grid = [
        {
            "person": code,
            "cells": [rows[code].get(d, []) for d in days],
            "pairs": [(rows[code].get(d, []), trainings.get(code, {}).get(d, [])) for d in days],
        }
        for code in sorted(rows)
    ]
    person = access.person_of(request.user)
    staffing = None
    if Role(person.role) in scope.APPROVERS:
        staffing = _staffing(request, team, days)
    return render(
        request,
        "workforce/roster.html",
        {
            "staffing": staffing,
            "team": team,
            "teams": access.visible_teams(person),
            "month": f"{year}-{month:02d}",
            "days": days,
            "grid": grid,
            "problems": problems,
            "can_edit": person.role == "team_lead" and person.team_id == team.pk,
            # a session's page is for those who may read sessions; the others see its time
            "can_open_training": Role(person.role) in training_access.READ,
            "kinds": list(rules_in_force()[0].shift_kinds),
            "members": sorted(
                Person.objects.filter(team=team, role="agent").values_list("code", flat=True)
            ),
        },
        status=400 if problems else 200,
    )


def approvals(request: HttpRequest) -> HttpResponse:
    """What waits for the user's decision, and (for directors) leave by authority."""
    person = access.require(request.user, scope.APPROVERS)
    open_swaps = scope.swaps_for(request.user).filter(status__in=("submitted", "in_review"))
    open_leave = scope.leave_for(request.user).filter(status__in=("submitted", "in_review"))
    swaps = [
        {
            "sw": sw,
            "flow": Flow.from_dict(sw.flow),
            "mine": _my_step(Flow.from_dict(sw.flow), person),
        }
        for sw in open_swaps
    ]
    leave = [
        {
            "lv": lv,
            "flow": Flow.from_dict(lv.flow),
            "mine": _my_step(Flow.from_dict(lv.flow), person),
            "approver": lv.rule_check.get("approver", ""),
        }
        for lv in open_leave
    ]
    by_authority: dict[str, int] = defaultdict(int)
    for row in leave:
        by_authority[str(row["approver"])] += 1
    overview = None
    if Role(person.role) in scope.DIRECTORS:
        overview = {
            "swaps": {
                s: scope.swaps_for(request.user).filter(status=s).count()
                for s in m.SwapRequest.STATUSES
            },
            "leave": {
                s: scope.leave_for(request.user).filter(status=s).count()
                for s in m.SwapRequest.STATUSES
            },
            "violations": m.Violation.objects.filter(team__in=access.visible_teams(person)).count(),
            "escalations": escalations.reports_for(request.user).exclude(status="closed").count(),
            "by_authority": dict(by_authority),
        }
    return render(
        request,
        "workforce/approvals.html",
        {"swaps": swaps, "leave": leave, "overview": overview},
    )


@require_http_methods(["GET", "POST"])
def handover_log(request: HttpRequest) -> HttpResponse:
    team = _team(request, scope.APPROVERS)
    if request.method == "POST":
        lead = access.require(request.user, scope.LEADS)
        try:
            action = request.POST.get("action")
            if action in ("roll_call", "sign_off"):
                shift = m.Shift.objects.filter(
                    code=request.POST.get("shift", ""), team=team
                ).first()
                if shift is None:
                    raise NotFound("no such shift in this team")
                at = _local_time(request.POST.get("at", ""))
                if action == "roll_call":
                    shiftlog.record_roll_call(lead, shift, at, request=request)
                else:
                    relief = scope.get_person(request.user, request.POST.get("relief", ""))
                    shiftlog.sign_off(lead, shift, relief, at, request=request)
            elif action == "acknowledge":
                entry = m.HandoverEntry.objects.filter(
                    team=team, pk=request.POST.get("entry") or 0
                ).first()
                if entry is None:
                    raise InvalidInput("no such handover entry for this team")
                shiftlog.acknowledge_handover(entry, lead, request=request)
            else:
                fields = request.POST.dict()
                checks, reporters = shiftlog.equipment_from_form(fields, lead, _optional_time)
                shiftlog.record_handover(
                    lead, team, fields, equipment=checks, reporters=reporters, request=request
                )
        except actions.RuleRefusal as exc:
            return _refused(request, exc, reverse("workforce-handover") + f"?team={team.code}")
        return redirect(reverse("workforce-handover") + f"?team={team.code}")
    lang = CORE_LANG.get(_lang(), "zh-Hans")
    rules, _cal = rules_in_force()
    roll_calls = [
        {
            "rc": rc,
            "messages": [r.get("messages", {}).get(lang, r.get("message", "")) for r in rc.reasons],
        }
        for rc in m.RollCall.objects.filter(shift__team=team).select_related("shift", "person")[:50]
    ]
    return render(
        request,
        "workforce/handover.html",
        {
            "team": team,
            "entries": _handover_entries(team, lang),
            "equipment": _equipment_form(team, lang),
            "equipment_months": _equipment_months(team),
            "roll_calls": roll_calls,
            "sign_offs": m.SignOff.objects.filter(shift__team=team).select_related(
                "shift", "person", "relief"
            )[:50],
            "minutes_before": rules.handover.roll_call_minutes_before_shift,
        },
    )


def _equipment_form(team: Any, lang: str) -> list[dict[str, str]]:
    """The team's equipment (``ops/equipment.yaml``) with its name in the reader's language."""
    from serviq.ops.equipment import load_equipment

    return [{"code": e.code, "name": e.name.get(lang)} for e in load_equipment().of_team(team.code)]


def _handover_entries(team: Any, lang: str) -> list[dict[str, Any]]:
    """The team's last 50 logs, each with its equipment checks named and labelled."""
    from serviq.ops.equipment import load_equipment, names

    named = names(load_equipment().equipment, lang)
    entries = (
        m.HandoverEntry.objects.filter(team=team)
        .select_related("outgoing_lead", "incoming_lead")
        .prefetch_related("equipment_checks__reported_by")[:50]
    )
    out = []
    for e in entries:
        checks = list(e.equipment_checks.all())
        out.append(
            {
                "e": e,
                "in_order": sum(c.state == "in_order" for c in checks),
                "checks": len(checks),
                "faults": [
                    {
                        "c": c,
                        "name": named.get(c.equipment, c.equipment),
                        "state": label(c.state, "equipment state"),
                    }
                    for c in checks
                    if c.state != "in_order" or c.fixed_at is not None
                ],
            }
        )
    return out


def _equipment_months(team: Any) -> list[dict[str, Any]]:
    """Equipment in good order and the median time to fix, per month of the team's logs."""
    from serviq.web.dashboard.analysis import stored_equipment_values
    from serviq.web.dashboard.tree import display

    found = stored_equipment_values(team=team.code)
    rows = []
    for (period, where), v in sorted(found.items(), reverse=True):
        if where != team.code:
            continue
        hours = v.get("time_to_fix_hours")
        rows.append(
            {
                "period": period,
                "ok": display(v["equipment_ok"], "%"),
                "hours": f"{hours:.1f}" if hours is not None else "",
                "faults": int(v["faults"]),
                "open": int(v["open_faults"]),
            }
        )
    return rows[:12]


def _optional_time(text: str) -> dt.datetime | None:
    return _local_time(text) if text else None


def _local_time(text: str) -> dt.datetime:
    """A time from a form (``2026-12-01T08:50``) in the centre's zone; empty is now."""
    if not text:
        return timezone.now()
    try:
        at = dt.datetime.fromisoformat(text)
    except ValueError:
        raise error(InvalidInput, "form.time", text=text) from None
    return at if at.tzinfo else at.replace(tzinfo=_zone())


@require_http_methods(["GET", "POST"])
def violations(request: HttpRequest) -> HttpResponse:
    team = _team(request, scope.APPROVERS)
    note = ""
    if request.method == "POST":
        lead = access.require(request.user, scope.LEADS)
        who = scope.get_person(request.user, request.POST.get("person", ""))
        shift = m.Shift.objects.filter(code=request.POST.get("shift", ""), team=team).first()
        if shift is None:
            raise InvalidInput("choose a shift of this team")
        try:
            minutes = int(request.POST.get("minutes") or 0)
        except ValueError:
            raise InvalidInput("minutes must be a whole number") from None
        v = actions.record_violation(
            lead, who, shift, request.POST.get("kind", ""), minutes, request=request
        )
        if v is not None:
            return redirect(reverse("workforce-violations") + f"?team={team.code}")
        note = _("not a violation under the centre's rules; nothing recorded")
    lang = CORE_LANG.get(_lang(), "zh-Hans")
    rows = [
        {
            "v": v,
            "messages": [r.get("messages", {}).get(lang, r.get("message", "")) for r in v.reasons],
        }
        for v in m.Violation.objects.filter(team=team).select_related("person")[:100]
    ]
    return render(request, "workforce/violations.html", {"team": team, "rows": rows, "note": note})


@require_http_methods(["GET", "POST"])
def team_page(request: HttpRequest) -> HttpResponse:
    """The team lead's follow-up: the pay-back of every approved swap (owed, paid, missed;
    core ``swaps.paybacks``), recording a missed or empty swap shift against both people,
    and the sick-leave certificates with their due day and reminders (core ``leave``)."""
    team = _team(request, scope.APPROVERS)
    if request.method == "POST":
        lead = access.require(request.user, scope.LEADS)
        try:
            pk = int(request.POST.get("swap") or 0)
        except ValueError:
            raise InvalidInput("swap must be a number") from None
        sw = scope.get_swap(request.user, pk)
        shift = m.Shift.objects.filter(code=request.POST.get("shift", "")).first()
        if shift is None:
            raise InvalidInput("choose a shift of the swap")
        actions.record_missed_swap_shift(lead, sw, shift, request=request)
        return redirect(reverse("workforce-team") + f"?team={team.code}")
    lang = CORE_LANG.get(_lang(), "zh-Hans")
    rules, calendar = rules_in_force()
    now = timezone.now()
    today = timezone.localdate()
    members = Person.objects.filter(team=team)
    approved = list(
        scope.swaps_for(request.user)
        .filter(status="approved")
        .filter(Q(requester__in=members) | Q(partner__in=members))[:100]
    )
    paybacks: list[dict[str, Any]] = []
    if approved:
        days = [d for sw in approved for d in (sw.give_shift.date, sw.take_shift.date)]
        schedule = schedule_around(days)
        absences = [
            attendance.AttendanceRecord(
                v.person.code, v.date, "absent", v.minutes, True, None, v.shift_code
            )
            for v in m.Violation.objects.filter(kind="absent")
            .exclude(shift_code="")
            .select_related("person")
        ]
        by_code = {sw.take_shift.code: sw for sw in approved}
        records = [actions.swap_record_of(sw) for sw in approved]
        for pb in core_swaps.paybacks(records, schedule, now, absences):
            paybacks.append({"pb": pb, "sw": by_code[pb.swap.take_shift]})
    sick = list(
        m.LeaveRequest.objects.filter(
            person__in=members,
            status="approved",
            kind__in=list(rules.leave.medical_certificate.kinds),
            end__gte=now - dt.timedelta(days=90),
        ).select_related("person")
    )
    certificates: list[dict[str, Any]] = []
    reminders: list[str] = []
    if sick:
        schedule = schedule_around([d for lv in sick for d in (lv.start.date(), lv.end.date())])
        recs = {lv.pk: core_leave_record(lv) for lv in sick}
        for lv in sick:
            if core_leave.needs_certificate(recs[lv.pk], schedule, rules):
                due = core_leave.certificate_due(recs[lv.pk], schedule, rules, calendar)
                certificates.append({"lv": lv, "due": due})
        handed_in = [recs[lv.pk] for lv in sick if lv.certificate_handed_in is not None]
        reminders = [
            r.messages.get(lang, r.message())
            for r in core_leave.certificate_reminders(
                recs.values(), handed_in, schedule, rules, calendar, today
            )
        ]
    return render(
        request,
        "workforce/team.html",
        {
            "team": team,
            "paybacks": paybacks,
            "certificates": certificates,
            "reminders": reminders,
            "is_lead": access.person_of(request.user).team_id == team.pk
            and access.person_of(request.user).role == "team_lead",
        },
    )


def core_leave_record(lv: m.LeaveRequest) -> Any:
    from serviq.workforce.shifts import LeaveRecord

    return LeaveRecord(lv.person.code, lv.kind, lv.start, lv.end)


# ---- everyone: meetings ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_calendar(request: HttpRequest) -> HttpResponse:
    """The year's meetings; leads and directors record minutes, everyone searches them
    (core ``meetings.search_minutes``: every term, Traditional or Simplified)."""
    person = access.require(request.user, roles.ALL)
    if request.method == "POST":
        chair = access.require(request.user, scope.APPROVERS)
        try:
            day = dt.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            raise InvalidInput("date must be YYYY-MM-DD") from None
        minutes.record_minutes(
            chair,
            request.POST.get("kind", ""),
            day,
            notes=request.POST.get("notes", ""),
            decisions=request.POST.get("decisions", ""),
            agreed_answers=[(request.POST.get("question", ""), request.POST.get("answer", ""))],
            business_changes=request.POST.get("business_changes", ""),
            request=request,
        )
        return redirect("workforce-meetings")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise InvalidInput("year must be a number, e.g. 2026") from None
    rules, calendar = rules_in_force()
    mc = meetings.meeting_calendar(year, rules, calendar)
    query = request.GET.get("q", "").strip()
    recorded = m.MeetingMinutes.objects.filter(centre=person.centre).select_related("chair")
    hits: list[meetings.Hit] = []
    if query:
        hits = meetings.search_minutes([minutes.core_minutes(x) for x in recorded], query)
    return render(
        request,
        "workforce/meetings.html",
        {
            "mc": mc,
            "year": year,
            "query": query,
            "hits": hits,
            "recent": recorded[:10],
            "kinds": minutes.MEETING_KINDS,
            "can_record": Role(person.role) in scope.APPROVERS,
        },
    )
