"""The demo's planted training effect: only the agents present at the first QA-driven
session gain, only on its item, only in the month after it (no database)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from serviq.web.training.demo import IMPROVED_ITEM, LIFT, by_size, plan, plant_effect, trained_of

NOW = dt.datetime(2026, 12, 5, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_the_effect_is_planted_where_the_session_was_and_nowhere_else() -> None:
    people = pd.DataFrame(
        {
            "person_id": ["A1", "A2", "A3", "B1", "B2", "C1"],
            "role": ["agent"] * 6,
            "team_id": ["T2", "T2", "T2", "T1", "T1", "T3"],
        }
    )
    assert by_size({"T1": 2, "T2": 3, "T3": 1}) == ["T2", "T1"]
    p = plan(NOW, ["T2", "T1"])
    assert p is not None
    assert (p.month, p.before, p.after) == (dt.date(2026, 10, 1), "2026-09", "2026-11")
    assert trained_of(["A1", "A2", "A3"]) == ["A1", "A2"]  # A3 was on leave
    rows = [
        {"agent_id": a, "team_id": t, "month": m, IMPROVED_ITEM: 3, "adaptability": 3}
        for a, t in zip(people["person_id"], people["team_id"], strict=True)
        for m in ("2026-09", "2026-11")
    ]
    reviews = pd.DataFrame(rows)
    out = plant_effect(reviews, people, NOW)
    lifted = out[out[IMPROVED_ITEM] != 3]
    assert sorted(zip(lifted["agent_id"], lifted["month"], strict=True)) == [
        ("A1", "2026-11"),
        ("A2", "2026-11"),
    ]
    assert set(lifted[IMPROVED_ITEM]) == {3 + LIFT}
    assert (out["adaptability"] == 3).all()
    assert (reviews[IMPROVED_ITEM] == 3).all()  # the generated frame is left as it was
