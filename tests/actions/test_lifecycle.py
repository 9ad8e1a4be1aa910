"""Lifecycle rules of an improvement record (serviq.actions.lifecycle): closing without a
met criterion is refused with the reason, a waiver needs the department director and a
reason, and who may work on which record."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from serviq.actions.effectiveness import verify
from serviq.actions.lifecycle import check_open, check_task, check_transition, may_view
from serviq.actions.record import Actor, Criterion, RecordState
from serviq.actions.ruleset import load_action_rules
from serviq.errors import Conflict, InvalidInput, PermissionDenied

from .series import MONTHS, series

LEAD = Actor("L1", "team_lead", team="T1", department="D1")
OTHER_LEAD = Actor("L2", "team_lead", team="T2", department="D1")
DIRECTOR = Actor("DIR1", "department_director", department="D1")
OTHER_DIRECTOR = Actor("DIR2", "department_director", department="D2")
CENTRE = Actor("C1", "centre_director")
AGENT = Actor("A1", "agent", team="T1", department="D1")
OPEN = RecordState(
    status="open",
    team="T1",
    department="D1",
    criterion=Criterion("target", 2, 0.06),
    owner="L1",
    due=dt.date(2026, 11, 30),
    problem="abandonment above 5 % on phone",
)
VERIFYING = replace(
    OPEN,
    status="verifying",
    root_cause="too few agents at 9:00",
    root_cause_method="five_whys",
    tasks=(("add two agents at 9:00", "done"),),
)
BASELINE = [0.071, 0.068, 0.072, 0.069, 0.073, 0.070, 0.067, 0.071]
RULES = load_action_rules().verification


def _verdict(after: list[float]):
    s = series([*BASELINE, 0.074, *after])
    return verify(s, OPEN.criterion, period=MONTHS[8], after_from=MONTHS[9], rules=RULES)  # type: ignore[arg-type]


def test_it_refuses_to_close_without_a_met_criterion_and_says_why() -> None:
    d = check_transition(VERIFYING, "closed", LEAD, verdict=_verdict([0.052]))
    assert not d.ok
    assert d.codes == ["close.not_effective"]
    assert "not yet measurable" in d.reasons[0].message("en")
    assert "不能关闭" in d.reasons[0].message("zh-Hans")
    with pytest.raises(Conflict, match="closing refused"):
        d.raise_if_refused()
    d = check_transition(VERIFYING, "closed", LEAD, verdict=_verdict([0.052, 0.065]))
    assert not d.ok
    assert "criterion is not met" in d.reasons[0].message("en")


def test_it_refuses_to_close_on_a_change_within_noise() -> None:
    crit = Criterion("target", 2, 0.069)
    s = series([*BASELINE, 0.070, 0.068, 0.067])
    v = verify(s, crit, period=MONTHS[8], after_from=MONTHS[9], rules=RULES)
    d = check_transition(replace(VERIFYING, criterion=crit), "closed", LEAD, verdict=v)
    assert not d.ok
    assert "within noise" in d.reasons[0].message("en")


def test_it_closes_when_the_data_show_the_criterion_met() -> None:
    assert check_transition(VERIFYING, "closed", LEAD, verdict=_verdict([0.052, 0.049])).ok


def test_a_waiver_needs_the_department_director_and_a_reason() -> None:
    d = check_transition(VERIFYING, "closed", LEAD, waive=True, note="queue closed down")
    assert not d.ok
    assert d.codes == ["waiver.director_only"]
    with pytest.raises(PermissionDenied):
        d.raise_if_refused()
    d = check_transition(VERIFYING, "closed", CENTRE, waive=True, note="queue closed down")
    assert d.codes == ["waiver.director_only"]
    d = check_transition(VERIFYING, "closed", DIRECTOR, waive=True, note="  ")
    assert d.codes == ["waiver.reason_required"]
    with pytest.raises(InvalidInput):
        d.raise_if_refused()
    assert check_transition(VERIFYING, "closed", DIRECTOR, waive=True, note="queue closed").ok
    d = check_transition(VERIFYING, "closed", OTHER_DIRECTOR, waive=True, note="queue closed")
    assert d.codes == ["record.not_yours"]


def test_team_leads_work_their_own_team_and_directors_their_department() -> None:
    assert check_open(OPEN, LEAD).ok
    assert check_open(OPEN, DIRECTOR).ok
    assert check_open(OPEN, CENTRE).ok
    for actor in (OTHER_LEAD, OTHER_DIRECTOR, AGENT, Actor("Q1", "qa_inspector")):
        d = check_open(OPEN, actor)
        assert d.codes == ["record.not_yours"], actor
    centre_record = replace(OPEN, team=None, department=None)
    assert check_open(centre_record, DIRECTOR).ok
    assert not check_open(centre_record, LEAD).ok
    assert may_view(LEAD, "T1", "D1")
    assert not may_view(LEAD, "T2", "D1")
    assert may_view(DIRECTOR, None, None)
    assert not may_view(OTHER_DIRECTOR, "T1", "D1")
    assert not may_view(AGENT, "T1", "D1")


def test_opening_needs_problem_owner_due_day_and_criterion() -> None:
    proposed = RecordState(status="proposed", team="T1", department="D1")
    d = check_transition(proposed, "open", LEAD)
    assert d.codes == ["record.needs_field"] * 4
    assert "effectiveness criterion" in d.reasons[3].message("en")
    assert check_transition(replace(OPEN, status="proposed"), "open", LEAD).ok


def test_dismissing_and_cancelling_need_a_reason() -> None:
    proposed = RecordState(status="proposed", team="T1", department="D1")
    assert check_transition(proposed, "dismissed", LEAD).codes == ["record.reason_required"]
    assert check_transition(proposed, "dismissed", LEAD, note="a known outage").ok
    assert check_transition(OPEN, "cancelled", LEAD).codes == ["record.reason_required"]


def test_actions_done_needs_the_root_cause_and_every_action_finished() -> None:
    d = check_transition(OPEN, "actions_done", LEAD)
    assert set(d.codes) == {"record.needs_root_cause", "record.no_actions"}
    pending = replace(VERIFYING, status="open", tasks=(("a", "done"), ("b", "planned")))
    d = check_transition(pending, "actions_done", LEAD)
    assert d.codes == ["record.actions_open"]
    assert "b" in d.reasons[0].message("en")
    assert check_transition(replace(VERIFYING, status="open"), "actions_done", LEAD).ok


def test_steps_follow_the_lifecycle() -> None:
    d = check_transition(OPEN, "closed", LEAD)
    assert d.codes == ["record.bad_transition"]
    assert "open" in d.reasons[0].message("en")
    assert "进行中" in d.reasons[0].message("zh-Hans")
    assert check_task(OPEN, "planned", "done", LEAD).ok
    assert check_task(VERIFYING, "planned", "done", LEAD).codes == ["task.closed_record"]
    assert check_task(OPEN, "done", "cancelled", LEAD).codes == ["task.bad_transition"]


def test_an_indicator_has_one_record_at_a_time() -> None:
    d = check_open(OPEN, LEAD, indicator="ABANDON", existing=(7, "proposed"))
    assert d.codes == ["record.exists"]
    assert "#7" in d.reasons[0].message("en")
    assert "待确认" in d.reasons[0].message("zh-Hans")
    assert check_open(OPEN, LEAD, indicator="ABANDON", existing=(7, "closed")).ok
