"""The operations-room checklist page (``/indicators/checklist/``, R-OPS-9).

The shift leader — in this centre the team lead — ticks a template's items for their team
once per shift on a phone-sized page: passed or failed, a failure optionally naming the
team member, which records a conduct entry (a workforce violation of kind
``workplace_standard``) with the item's text in the three languages. The core checks the
ticks (:func:`serviq.ops.checklists.check_round`) and computes the indicator (items passed
÷ items checked, :func:`serviq.ops.checklists.shares`); the month's stored results are
rescored when a round is saved. An agent sees the failures that name them and their team's
share per month; the other roles see the indicator on the dashboard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from serviq.errors import Conflict, InvalidInput, PermissionDenied, Where
from serviq.messages import error
from serviq.ops.checklists import (
    ChecklistTemplate,
    ItemResult,
    Tick,
    TickedRound,
    check_round,
    load_checklists,
    shares,
)
from serviq.web.audit.trail import record
from serviq.web.dashboard.analysis import LANGS, rescore
from serviq.web.dashboard.tree import display
from serviq.web.indicatordata.models import ChecklistRound, ChecklistTick
from serviq.web.org import access
from serviq.web.org.models import Person
from serviq.web.org.roles import Role
from serviq.web.privacy import mask

TICKERS = frozenset({Role.TEAM_LEAD})  # the shift leader of the team on shift
CONDUCT_KIND = "workplace_standard"


def _template(code: str) -> ChecklistTemplate:
    templates = load_checklists()
    found = templates.get(code or next(iter(templates)))
    if found is None:
        allowed = ", ".join(templates)
        raise error(InvalidInput, "checklist.unknown", where=Where(field="template"),
                    template=code, allowed=allowed)  # fmt: skip
    return found


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise error(InvalidInput, "checklist.date", where=Where(field="date"),
                    text=text) from None  # fmt: skip


def _team_shares(team_code: str, template: str) -> list[tuple[str, float, str]]:
    """The team's month, share of items passed and the share for display."""
    rows = ChecklistTick.objects.filter(
        round__team__code=team_code, round__template=template
    ).values_list("round__period", "round__team__code", "round__template", "passed")
    found = shares(Tick(*r) for r in rows)
    return sorted(
        (period, v[template], display(v[template], "%"))
        for (period, scope), v in found.items()
        if scope == team_code
    )


def save_round(request: HttpRequest, lead: Person, data: Any) -> ChecklistRound:
    """Check and store one shift's round, its conduct entries and audit row (one
    transaction); the team's and the centre's month are rescored."""
    template = _template(str(data.get("template") or ""))
    day = _date(str(data.get("date") or ""))
    shift_label = " ".join(str(data.get("shift") or "").split())[:80]
    if not shift_label:
        raise InvalidInput("the shift is missing; allowed: its name, e.g. day", where=Where(field="shift"))  # fmt: skip
    team = lead.team
    if team is None:
        raise PermissionDenied("a team lead without a team has no checklist")
    members = dict(Person.objects.filter(team=team, active=True).values_list("code", "pk"))
    codes = [i.code for i in template.items]
    results = check_round(
        template,
        {c: data.get(f"item_{c}") for c in codes},
        {c: data.get(f"person_{c}") for c in codes},
        {c: mask(str(data.get(f"note_{c}") or "")) for c in codes},
        members,
    )
    try:
        with transaction.atomic():
            rnd = _store_round(request, lead, team, template, day, shift_label, results, members)
            rescore(rnd.period, team.code)
            rescore(rnd.period, "")
    except IntegrityError:
        raise error(Conflict, "checklist.ticked", where=Where(field="shift"),
                    template=template.code, team=team.code, day=str(day),
                    shift=shift_label) from None  # fmt: skip
    return rnd


def _store_round(
    request: HttpRequest | None,
    lead: Person,
    team: Any,
    template: ChecklistTemplate,
    day: dt.date,
    shift_label: str,
    results: list[ItemResult],
    members: dict[str, int],
) -> ChecklistRound:
    """One checked round with its ticks, conduct entries and audit row (inside the caller's
    transaction)."""
    from serviq.web.workforce.models import Violation

    lang_texts = {i.code: {lang: i.text.get(lang) for lang in LANGS.values()} for i in template.items}  # fmt: skip
    rnd = ChecklistRound.objects.create(
        team=team,
        template=template.code,
        date=day,
        shift_label=shift_label,
        period=day.strftime("%Y-%m"),
        ticked_by=lead,
    )
    for r in results:
        violation = None
        if not r.passed and r.person:
            violation = Violation.objects.create(
                person_id=members[r.person],
                team=team,
                date=day,
                kind=CONDUCT_KIND,
                shift_code=shift_label,
                reasons=[
                    {"code": f"checklist.{template.code}.{r.item}", "messages": lang_texts[r.item]}
                ],
                recorded_by=lead,
                recorded_at=timezone.now(),
            )
        ChecklistTick.objects.create(
            round=rnd,
            item=r.item,
            passed=r.passed,
            person_id=members[r.person] if r.person else None,
            note=r.note,
            violation=violation,
        )
    record(
        "indicator.checklist_round",
        request=request,
        actor=lead.user if request is None else None,
        obj=rnd,
        after={
            "team": team.code,
            "template": template.code,
            "date": day.isoformat(),
            "shift": shift_label,
            "failed": [{"item": r.item, "person": r.person} for r in results if not r.passed],
        },
    )
    return rnd


def store_rounds(
    rounds: list[TickedRound], lead: Person, template: ChecklistTemplate, *, name: str
) -> dict[str, int]:
    """A ticks file's rounds (``serviq ops checklist tick``), by the rules of the page: the
    lead ticks the own team only, a failure names one of the team's people (its conduct
    entry is recorded), the notes are masked. Everything is checked before anything is
    written, then stored in one transaction after locking the lead's row; a round already
    stored with the same results is left as it is (re-import adds nothing), one stored
    with other results is refused naming the file's row. The months are rescored."""
    if lead.role not in {r.value for r in TICKERS}:
        raise error(PermissionDenied, "checklist.lead_only", person=lead.code, role=lead.role)
    team = lead.team
    if team is None:
        raise PermissionDenied("a team lead without a team has no checklist")
    members = dict(Person.objects.filter(team=team, active=True).values_list("code", "pk"))
    for rnd in rounds:
        first = min(rnd.rows.values())
        if rnd.team != team.code:
            raise PermissionDenied(
                f"row {first}: team {rnd.team} is not {lead.code}'s team; allowed: {team.code}",
            )
        for r in rnd.results:
            if r.person and r.person not in members:
                raise error(InvalidInput, "checklist.not_in_team",
                            where=Where(file=name, row=rnd.rows[r.item], column="person"),
                            person=r.person,
                            allowed=", ".join(sorted(members)) or "none")  # fmt: skip
    out = {"added": 0, "unchanged": 0}
    periods: set[str] = set()
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=lead.pk).first()
        for rnd in rounds:
            results = [replace(r, note=mask(r.note)) for r in rnd.results]
            found = ChecklistRound.objects.filter(
                team=team, template=template.code, date=rnd.date, shift_label=rnd.shift
            ).first()
            if found is not None:
                stored = {
                    t.item: (t.passed, t.person.code if t.person else "")
                    for t in found.ticks.select_related("person")
                }
                wanted = {r.item: (r.passed, r.person) for r in results}
                if stored != wanted:
                    raise error(Conflict, "checklist.ticked_other",
                                where=Where(file=name, row=min(rnd.rows.values()),
                                            column="passed"),
                                template=template.code, team=team.code, day=str(rnd.date),
                                shift=rnd.shift)  # fmt: skip
                out["unchanged"] += 1
                continue
            _store_round(None, lead, team, template, rnd.date, rnd.shift, results, members)
            periods.add(rnd.period)
            out["added"] += 1
        for period in sorted(periods):
            rescore(period, team.code)
            rescore(period, "")
    return out


@require_http_methods(["GET", "HEAD", "POST"])
def checklist_page(request: HttpRequest) -> HttpResponse:
    person = access.person_of(request.user)
    role = Role(person.role)
    if role == Role.AGENT:
        if request.method == "POST":
            raise PermissionDenied("only the shift leader (team lead) ticks the checklist")
        return _mine(request, person)
    if role not in TICKERS:
        raise PermissionDenied(
            f"the role {person.role} may not open this page; allowed: agent, team_lead"
        )
    if request.method == "POST":
        rnd = save_round(request, person, request.POST)
        query = urlencode({"template": rnd.template, "saved": rnd.pk})
        return redirect(reverse("indicator-checklist") + "?" + query)
    template = _template(request.GET.get("template", ""))
    lang = LANGS.get((get_language() or "zh-hans").lower(), "en")
    team = person.team
    if team is None:
        raise PermissionDenied("a team lead without a team has no checklist")
    return render(
        request,
        "indicatordata/checklist.html",
        {
            "template": template,
            "templates": [(t.code, t.name.get(lang)) for t in load_checklists().values()],
            "name": template.name.get(lang),
            "items": [{"code": i.code, "text": i.text.get(lang)} for i in template.items],
            "members": list(
                Person.objects.filter(team=team, active=True, role=Role.AGENT)
                .order_by("code")
                .values_list("code", "name")
            ),
            "today": timezone.localdate().isoformat(),
            "team": team.code,
            "saved": request.GET.get("saved", ""),
            "rounds": _rounds(team, template, lang),
            "shares": _team_shares(team.code, template.code),
        },
    )


def _rounds(team: Any, template: ChecklistTemplate, lang: str) -> list[dict[str, Any]]:
    """The team's last 20 rounds of ``template``, each failed item by its name in ``lang``."""
    texts = {i.code: i.text.get(lang) for i in template.items}
    rounds = (
        ChecklistRound.objects.filter(team=team, template=template.code)
        .select_related("ticked_by")
        .prefetch_related("ticks__person")[:20]
    )
    return [
        {
            "round": r,
            "failed": [
                (texts.get(t.item) or t.item, t.person.code if t.person_id else "")
                for t in r.ticks.all()
                if not t.passed
            ],
        }
        for r in rounds
    ]


def _mine(request: HttpRequest, person: Person) -> HttpResponse:
    lang = LANGS.get((get_language() or "zh-hans").lower(), "en")
    templates = load_checklists()
    texts = {(t.code, i.code): i.text.get(lang) for t in templates.values() for i in t.items}
    failures = [
        {
            "date": t.round.date,
            "shift": t.round.shift_label,
            "item": texts.get((t.round.template, t.item), t.item),
            "note": t.note,
        }
        for t in ChecklistTick.objects.filter(person=person, passed=False)
        .select_related("round")
        .order_by("-round__date")[:100]
    ]
    team = person.team.code if person.team else ""
    return render(
        request,
        "indicatordata/checklist_mine.html",
        {
            "failures": failures,
            "team": team,
            "shares": [(templates[c].name.get(lang), _team_shares(team, c)) for c in templates]
            if team
            else [],
        },
    )


__all__ = ["checklist_page", "save_round"]
