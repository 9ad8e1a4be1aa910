"""``serviq qa plan | score | calibrate`` (``icc`` is in tests/reference/test_qa_icc.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from .centre import centre

FULL = {
    "service_language": 5, "attitude": 4, "tone": 4, "needs_summary": 3, "adaptability": 2,
    "greeting_closing": "yes", "identity_verification": "N.A.", "confidentiality": "yes",
}  # fmt: skip


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    inter, staff = centre(n_agents=6, contacts=200, seed=9)
    i, s = tmp_path / "interactions.parquet", tmp_path / "staff.csv"
    inter.to_parquet(i)
    staff.to_csv(s, index=False)
    return i, s


def test_plan_gives_every_agent_between_min_and_max(run_cli, files) -> None:
    i, s = files
    args = ("qa", "plan", "--month", "2026-03", "--min", "2", "--max", "3", "--seed", "5",
            "--interactions", str(i), "--staff", str(s), "--json")  # fmt: skip
    code, out, err = run_cli(*args)
    assert code == 0, err
    data = json.loads(out)
    assert {"agent", "inspector", "interaction"} <= set(data["assignments"][0])
    assert all(2 <= r["planned"] <= 3 for r in data["per_agent"])
    assert len(data["per_agent"]) == 6
    again = json.loads(run_cli(*args)[1])
    assert again["assignments"] == data["assignments"]


def test_plan_refuses_min_above_max_and_a_bad_month(run_cli, files) -> None:
    i, s = files
    code, _, err = run_cli("qa", "plan", "--month", "2026-03", "--min", "4", "--max", "2",
                           "--interactions", str(i), "--staff", str(s))  # fmt: skip
    assert code == 2
    assert "error: --min (4) is greater than --max (2)" in err
    code, _, err = run_cli(
        "qa", "plan", "--month", "March", "--interactions", str(i), "--staff", str(s)
    )
    assert code == 2
    assert "allowed: YYYY-MM" in err
    code, _, err = run_cli("qa", "plan", "--month", "2026-03", "--interactions", str(i))
    assert code == 2
    assert "both --interactions and --staff" in err


def test_plan_names_a_missing_staff_column(run_cli, files, tmp_path) -> None:
    i, _ = files
    bad = tmp_path / "staff.csv"
    pd.DataFrame({"person_id": ["A001"], "team_id": ["T1"]}).to_csv(bad, index=False)
    code, _, err = run_cli(
        "qa", "plan", "--month", "2026-03", "--interactions", str(i), "--staff", str(bad)
    )
    assert code == 2
    assert "missing column role" in err
    assert "staff.csv" in err


def test_score_prints_reviews_agents_and_the_centre(run_cli, tmp_path) -> None:
    rows = [
        {**FULL, "review_id": "R1", "interaction_id": "I1", "agent_id": "A1", "team_id": "T1"},
        {
            **FULL,
            "review_id": "R2",
            "interaction_id": "I2",
            "agent_id": "A1",
            "team_id": "T1",
            "tone": 5,
        },
        {
            **FULL,
            "review_id": "R3",
            "interaction_id": "I3",
            "agent_id": "A2",
            "team_id": "T2",
            "confidentiality": "no",
        },
    ]
    f = tmp_path / "reviews.csv"
    pd.DataFrame(rows).to_csv(f, index=False)
    code, out, err = run_cli("qa", "score", str(f), "--json")
    assert code == 0, err
    data = json.loads(out)
    scores = {r["review_id"]: r["score"] for r in data["reviews"]}
    assert scores == pytest.approx({"R1": 72.0, "R2": 72.0 + 100 * 0.8 * 0.05, "R3": 0.0})
    agents = {a["agent"]: a for a in data["agents"]}
    assert agents["A2"]["single_review"]
    assert agents["A2"]["lower"] is None
    assert data["centre"] == pytest.approx(sum(scores.values()) / 3)
    assert data["scorecard"] == "comprehensive_service_quality@1"
    assert data["pareto"][0]["item"] in {"adaptability", "needs_summary"}
    assert set(data["section_alpha"]) == {"service", "compliance", "all"}
    code, out, err = run_cli("qa", "score", str(f))
    assert code == 0
    assert "A1" in out


def test_score_reports_a_bad_cell_with_file_row_and_column(run_cli, tmp_path) -> None:
    f = tmp_path / "reviews.csv"
    pd.DataFrame([{**FULL, "agent_id": "A1", "tone": 9}]).to_csv(f, index=False)
    code, _, err = run_cli("qa", "score", str(f))
    assert code == 2
    assert f"({f}, row 2, column tone)" in err
    assert "allowed: 1–5" in err


def test_calibrate_flags_items(run_cli, tmp_path) -> None:
    from .test_calibration_session import session

    f = tmp_path / "cal.csv"
    session().to_csv(f, index=False)
    code, out, err = run_cli("qa", "calibrate", str(f), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["flagged"] == ["adaptability"]
    assert {"ICC1", "ICC2k"} <= set(data["overall"])


@pytest.mark.slow
def test_plan_on_the_synthetic_centre_covers_every_agent_1_to_5_times(run_cli) -> None:
    code, out, err = run_cli(
        "qa", "plan", "--month", "2026-03", "--seed", "3", "--scale", "0.2", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["per_agent"]
    assert all(1 <= r["planned"] <= 5 for r in data["per_agent"])
    assert data["notes"] == []
    insp = {a["inspector"] for a in data["assignments"]}
    assert insp
    assert all(a["agent"].startswith("A") for a in data["assignments"])


def test_weekly_analysis_and_training_plan(run_cli, tmp_path) -> None:
    rows = []
    for i, a in enumerate(["A1", "A2", "A3", "A4"]):
        rows.append({**FULL, "agent_id": a, "team_id": "T1", "review_id": f"R{i}", "needs_summary": 1, "reviewed_at": "2026-03-10T10:00:00+08:00"})  # fmt: skip
    rows.append({**FULL, "agent_id": "A1", "team_id": "T1", "review_id": "R9", "reviewed_at": "2026-03-20T10:00:00+08:00"})  # fmt: skip
    f = tmp_path / "reviews.xlsx"
    pd.DataFrame(rows).to_excel(f, index=False)
    code, out, err = run_cli(
        "qa", "weekly", str(f), "--week", "2026-W11", "--lang", "zh-Hant", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["n_reviews"] == 4
    team = [t for t in data["training_plan"] if t["scope"] == "team"]
    # FULL scores adaptability 2 (a defect) too: both items are common to the whole team
    assert sorted((t["item"], t["roll_call"], t["due"]) for t in team) == [
        ("adaptability", True, "2026-03-30"),
        ("needs_summary", True, "2026-03-30"),
    ]
    assert "全班組培訓" in team[0]["why"]["message"]
    code, _, err = run_cli("qa", "weekly", str(f), "--week", "2026-11")
    assert code == 2
    assert "allowed: YYYY-Www" in err
    code, _, err = run_cli("qa", "weekly", str(f), "--week", "2026-W30")
    assert code == 2
    assert "no reviews in 2026-W30" in err


def test_score_with_csat_correlates_qa_with_the_customers_csat(run_cli, tmp_path) -> None:
    rows = [
        {
            **FULL,
            "interaction_id": f"I{i}",
            "agent_id": f"A{i % 3}",
            "tone": 1 + i % 5,
            "attitude": 1 + (i * 2) % 5,
        }
        for i in range(30)
    ]
    rows = [{**r, "adaptability": 3} for r in rows]  # only tone and attitude vary
    f, c = tmp_path / "reviews.csv", tmp_path / "csat.csv"
    pd.DataFrame(rows).to_csv(f, index=False)
    pd.DataFrame(
        {"interaction_id": [r["interaction_id"] for r in rows], "csat": [r["tone"] for r in rows]}
    ).to_csv(c, index=False)
    code, out, err = run_cli("qa", "score", str(f), "--csat", str(c), "--json")
    assert code == 0, err
    v = json.loads(out)["csat"]
    assert v["n"] == 30
    tone = next(x for x in v["correlations"] if x["name"] == "tone")
    assert tone["r"] == pytest.approx(1.0)
    assert v["slope_ci"][0] > 0


def test_plan_reads_interactions_through_the_operations_import(run_cli, tmp_path) -> None:
    inter, staff = centre(n_agents=3, contacts=60, seed=4)
    inter = inter.rename(columns={"interaction_id": "Call ID"})
    for col in ("arrived_at", "answered_at", "ended_at"):  # local times without an offset
        inter[col] = inter[col].dt.strftime("%Y-%m-%d %H:%M:%S")
    i, s = tmp_path / "calls.csv", tmp_path / "staff.csv"
    inter.to_csv(i, index=False)
    staff.to_csv(s, index=False)
    args = ["qa", "plan", "--month", "2026-03", "--interactions", str(i), "--staff", str(s)]
    code, out, err = run_cli(*args, "--map", "Call ID=interaction_id", "--json")
    assert code == 0, err
    assert {a["interaction"] for a in json.loads(out)["assignments"]} <= set(inter["Call ID"])
    inter.loc[5, "queue"] = "mortgages"
    inter.to_csv(i, index=False)
    code, _, err = run_cli(*args, "--map", "Call ID=interaction_id")
    assert code == 2
    assert "row 7, column queue" in err
