"""Improvement records of the demo centre, drawn from its own indicator results.

- the records the data propose for the latest period (``proposed``), one of them dismissed
  with a reason;
- a record opened by the demo team lead on a red indicator of their team, with an action in
  progress and a link to the handover log;
- where the stored history is long enough for a baseline
  (``verification.min_baseline_periods`` + 2 periods), the first (indicator, scope, month)
  whose following month the control chart confirms as a real improvement — closed as
  effective — and the first whose apparent improvement the chart calls noise (or possible
  regression to the mean) — left *verifying*, its closing refused.

Nothing is invented: each verdict is :func:`serviq.actions.effectiveness.verify` on the
stored results. With a shorter history the last two are left out (``load_demo_actions``
says which it made).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from serviq.actions.effectiveness import verify
from serviq.actions.record import Criterion, Series, month_after
from serviq.web.actions import records, series
from serviq.web.actions.models import ActionRecord, ActionTask
from serviq.web.audit.trail import record as audit
from serviq.web.org.models import Person

LEAD = "L01"
DIRECTOR = "D01"


def _find(found: list[Series], wanted: set[str]) -> dict[str, tuple[Series, str, Criterion]]:
    """For each finding in ``wanted``, the first series and start month that give it."""
    rules = records.rules().verification
    out: dict[str, tuple[Series, str, Criterion]] = {}
    for s in found:
        known = s.known()
        for i in range(rules.min_baseline_periods, len(known) - 1):
            start, after = known[i], known[i + 1]
            if start.value is None or after.value is None or start.value == after.value:
                continue
            better = after.value > start.value if s.direction == "higher" else after.value < start.value  # fmt: skip
            if not better:
                continue
            # the criterion: at least halfway from the start month to the month after
            crit = Criterion("target", 1, (start.value + after.value) / 2)
            v = verify(s, crit, period=start.period, after_from=after.period, rules=rules)
            key = "noise" if v.finding in ("within_noise", "regression") else v.finding
            if key in wanted and key not in out:
                out[key] = (s, start.period, crit)
        if wanted <= set(out):
            break
    return out


def _make(s: Series, period: str, crit: Criterion, *, status: str, owner: Person,
          problem: str, cause: str) -> ActionRecord:  # fmt: skip
    from serviq.web.dashboard.models import IndicatorResult
    from serviq.web.org.models import Team

    row = IndicatorResult.objects.filter(period=period, team_code=s.scope, code=s.indicator).first()
    team = Team.objects.select_related("department").filter(code=s.scope).first() if s.scope else None  # fmt: skip
    now = timezone.now()
    r = ActionRecord.objects.create(
        indicator=s.indicator, names=dict(row.names) if row else {}, unit=s.unit,
        direction=s.direction, scope=s.scope, team=team,
        department=team.department if team else owner.department, period=period,
        origin="manual", target=row.target if row else None, actual=row.value if row else None,
        trigger={"status": row.status if row else ""}, severity="medium", problem=problem,
        root_cause=cause, root_cause_method="five_whys", root_cause_verified=True,
        criterion=crit.as_dict(), owner=owner, due=dt.date.today() + dt.timedelta(days=30),
        status=status, after_from=month_after(period) if status == "verifying" else "",
        created_at=now, opened_at=now,
    )  # fmt: skip
    ActionTask.objects.create(
        record=r, title=cause, owner=owner, due=dt.date.today(),
        status="done" if status == "verifying" else "doing",
        done_at=now if status == "verifying" else None,
    )  # fmt: skip
    return r


def load_demo_actions(lead_code: str = LEAD, director_code: str = DIRECTOR) -> dict[str, Any]:
    """Create the demo's improvement records (idempotent: nothing when some exist); the
    demo team lead and department director act in them."""
    if ActionRecord.objects.exists():
        return {"created": 0}
    latest = series.latest_period()
    if latest is None:
        return {"created": 0}
    lead = Person.objects.filter(code=lead_code).select_related("team", "department").first()
    director = Person.objects.filter(code=director_code).first()
    made: dict[str, Any] = {}
    proposed = records.do_propose(latest)
    made["proposed"] = len(proposed)
    lead_team = lead.team.code if lead is not None and lead.team_id else None
    mine = [
        p for p in proposed
        if director is not None and p.scope != lead_team
        and (p.scope == "" or p.department_id == director.department_id)
    ]  # fmt: skip
    if mine and director is not None:
        records.do_transition(
            mine[-1], "dismissed", person=director,
            note="示范：已知的系统故障造成，故障已修复 / a known outage, since fixed",
        )  # fmt: skip
        made["dismissed"] = mine[-1].pk
    if lead is not None and lead.team_id:
        # the lead accepts the first proposal of their team and starts on it
        theirs = [
            p for p in proposed if p.scope == lead.team.code and p.pk != made.get("dismissed")
        ]
        if theirs:
            r = records.do_transition(
                theirs[0], "open", person=lead,
                data={"problem": "示范：连续两期未达目标 / short of target two months running",
                      "containment": "示范：班长每日抽听 / the lead listens in daily",
                      "owner": lead.code,
                      "due": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
                      "criterion_kind": "target", "criterion_periods": "2"},
            )  # fmt: skip
            task = records.do_add_task(
                r, {"title": "示范：班前会讲解 / explain at roll call", "owner": lead.code,
                    "due": (dt.date.today() + dt.timedelta(days=14)).isoformat()},
                person=lead,
            )  # fmt: skip
            records.do_task(r, task.pk, "doing", person=lead)
            from serviq.web.workforce.models import HandoverEntry

            h = HandoverEntry.objects.filter(team=lead.team).order_by("-recorded_at").first()
            if h is not None:
                records.do_link(r, {"kind": "handover", "ref": str(h.pk), "label": h.shift_label},
                                person=lead)  # fmt: skip
            made["open"] = r.pk
    found = _find(series.all_series(upto=latest), {"improved", "noise"})
    owner = lead or director
    if owner is not None and "improved" in found:
        s, period, crit = found["improved"]
        r = _make(s, period, crit, status="verifying", owner=owner,
                  problem=f"{s.label()} {period}", cause="示范：优化话术 / a new call script")  # fmt: skip
        records.do_transition(r, "closed", person=director or owner)  # the data confirm it
        made["effective"] = r.pk
    if owner is not None and "noise" in found:
        s, period, crit = found["noise"]
        r = _make(s, period, crit, status="verifying", owner=owner,
                  problem=f"{s.label()} {period}", cause="示范：增加人手 / more staff at peak")  # fmt: skip
        records.do_verify(r)  # the chart calls the improvement noise; closing stays refused
        made["noise"] = r.pk
    audit("demo.actions", object_type="improvement.actionrecord", object_id="demo", after=made)
    return made
