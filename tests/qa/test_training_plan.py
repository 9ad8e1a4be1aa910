"""Weekly analysis, training plan (whole team or individual, R-QA-3) and its status
machine, and the monthly summary for the QA indicator."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from serviq.errors import Conflict, InvalidInput
from serviq.qa.scoring import score_table
from serviq.qa.training import advance, edit, monthly_summary, training_plan, weekly_analysis

BASE = {
    "service_language": 5, "attitude": 5, "tone": 5, "needs_summary": 5, "adaptability": 5,
    "greeting_closing": "yes", "identity_verification": "yes", "confidentiality": "yes",
}  # fmt: skip
AT = dt.datetime(2026, 3, 13, 17, 0)


@pytest.fixture
def week(card) -> pd.DataFrame:
    # team T1: 4 agents, 3 of them weak on needs_summary → whole team
    # team T2: 4 agents, 1 weak on tone → individual coaching
    rows = []
    for i, a in enumerate(["A1", "A2", "A3", "A4"]):
        rows.append(
            {
                **BASE,
                "agent_id": a,
                "team_id": "T1",
                "review_id": f"R{i}",
                "needs_summary": 2 if i < 3 else 5,
            }
        )
    for i, a in enumerate(["B1", "B2", "B3", "B4"]):
        rows.append(
            {
                **BASE,
                "agent_id": a,
                "team_id": "T2",
                "review_id": f"S{i}",
                "tone": 2 if i == 0 else 5,
            }
        )
    rows.append(
        {**BASE, "agent_id": "B2", "team_id": "T2", "review_id": "S9", "confidentiality": "no"}
    )
    return score_table(pd.DataFrame(rows), card)


def test_a_defect_common_to_a_team_trains_the_team_and_goes_to_roll_call(card, rules, week) -> None:
    tasks = training_plan(week, card, rules.training, rules.evaluation, start=dt.date(2026, 3, 16))
    team = [t for t in tasks if t.scope == "team"]
    assert [(t.item, t.team, t.agents, t.roll_call) for t in team] == [
        ("needs_summary", "T1", ("A1", "A2", "A3", "A4"), True)
    ]
    assert team[0].why.code == "training.team_wide"
    assert "3 of 4 reviewed agents of team T1" in team[0].why.message("en")
    indiv = {(t.item, t.agents) for t in tasks if t.scope == "individual"}
    assert ("tone", ("B1",)) in indiv
    assert ("confidentiality", ("B2",)) in indiv
    assert all(t.due == dt.date(2026, 3, 30) for t in tasks)
    assert len({t.id for t in tasks}) == len(tasks)


def test_fewer_agents_than_the_team_minimum_get_individual_coaching(card, rules, week) -> None:
    strict = rules.training.model_copy(update={"team_min_agents": 4})
    tasks = training_plan(week, card, strict, rules.evaluation, start=dt.date(2026, 3, 16))
    assert {t.scope for t in tasks if t.item == "needs_summary"} == {"individual"}


def test_weekly_analysis_lists_the_findings(card, rules, week) -> None:
    w = weekly_analysis(week, card, "2026-W11", rules.training, rules.evaluation)
    assert w.n_reviews == 9
    assert w.pareto.iloc[0]["item"] == "needs_summary"
    assert w.critical["review_id"].tolist() == ["S9"]
    assert "B2" in set(w.agents_below["agent"])  # mean of 100 and 0
    assert w.items_below.empty  # no item's mean is below 0.75 here
    assert w.as_dict()["week"] == "2026-W11"


def test_a_task_is_tracked_to_completion(card, rules, week) -> None:
    (task, *_) = training_plan(
        week, card, rules.training, rules.evaluation, start=dt.date(2026, 3, 16)
    )
    task = edit(task, owner="Q1", due=dt.date(2026, 3, 20))
    task = advance(task, "scheduled", actor="Q1", at=AT)
    with pytest.raises(InvalidInput, match="with a note of what was done"):
        advance(task, "done", actor="Q1", at=AT)
    done = advance(task, "done", actor="Q1", at=AT, note="explained at the 03-17 roll call")
    assert done.status == "done"
    assert [h[2:] for h in done.history] == [("planned", "scheduled"), ("scheduled", "done")]
    with pytest.raises(Conflict, match="cannot become"):
        advance(done, "cancelled", actor="Q1", at=AT)
    with pytest.raises(Conflict):
        edit(done, note="changed")
    with pytest.raises(InvalidInput, match="cannot edit status"):
        edit(task, status="done")


def test_monthly_summary_feeds_the_qa_indicator(card, rules, week) -> None:
    s = monthly_summary(week, "2026-03", rules.evaluation, card=card)
    values = s.indicator_values()
    assert values["centre"] == pytest.approx(week["score"].mean())
    assert values["B2"] == pytest.approx((100 + 0) / 2)
    assert s.n_reviews == 9
    items = s.qa_item_values()
    assert items["total"] == values["centre"]
    assert items["needs_summary"] == pytest.approx(100 * (3 * 0.25 + 6 * 1) / 9)
    assert items["confidentiality"] == pytest.approx(100 * 8 / 9)
    # the leak zeroes B2's review (critical: review), not the compliance section's mean of 2/3
    assert items["compliance"] == pytest.approx(100 * (8 + 2 / 3) / 9)
