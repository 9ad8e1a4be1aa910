"""``serviq survey screen`` on data with a planted structure: TAN5 is noise, EMP5 cross-loads."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from serviq.errors import InvalidInput
from serviq.survey.questionnaire import load_questionnaire
from serviq.survey.screening import parse_overrides, screen


@pytest.fixture(scope="module")
def result(planted: pd.DataFrame):
    return screen(planted, load_questionnaire())


def test_it_recovers_the_planted_dimensions(result) -> None:
    assert sorted(v for v in result.factors.values() if v) == sorted(
        ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
    )


def test_it_drops_tan5_with_the_numbers(result) -> None:
    d = next(x for x in result.decisions if x.item == "TAN5")
    assert d.decision == "drop"
    rules = {r.rule for r in d.reasons}
    assert {"item_total_r", "alpha_if_dropped"} <= rules
    assert d.evidence["r_drop"] < 0.4
    assert d.evidence["alpha_if_dropped"] > d.evidence["alpha"]


def test_it_flags_emp5_as_cross_loading(result) -> None:
    d = next(x for x in result.decisions if x.item == "EMP5")
    assert d.decision in ("drop", "review")
    assert "cross_loading" in {r.rule for r in d.reasons}
    assert abs(d.evidence["secondary_loading"]) >= 0.4


def test_clean_items_are_kept(result) -> None:
    kept = {d.item for d in result.decisions if d.decision == "keep"}
    assert {"TAN1", "REL1", "RES1", "ASS1", "EMP1", "SAT1", "LOY1"} <= kept


def test_an_override_is_recorded_next_to_the_computed_decision(planted: pd.DataFrame) -> None:
    s = screen(
        planted,
        load_questionnaire(),
        overrides=parse_overrides(["EMP5=keep:asked by the branch network"]),
    )
    d = next(x for x in s.decisions if x.item == "EMP5")
    assert d.decision == "keep"
    assert d.computed != "keep"
    assert "asked by the branch network" in d.override
    assert any("EMP5 keep" in line for line in s.evidence_lines())


def test_an_override_needs_a_reason() -> None:
    with pytest.raises(InvalidInput, match="ITEM=keep"):
        parse_overrides(["EMP5=keep"])


def test_cli_screen_json(planted: pd.DataFrame, tmp_path: Path, run_cli) -> None:
    path = tmp_path / "planted.csv"
    planted.to_csv(path, index=False)
    code, out, err = run_cli("survey", "screen", str(path), "--json")
    assert code == 0, err
    obj = json.loads(out)
    tan5 = next(d for d in obj["decisions"] if d["item"] == "TAN5")
    assert tan5["decision"] == "drop"
    assert tan5["reasons"]
    assert tan5["evidence"]["r_drop"] < 0.4


def test_validity_rules_run_or_say_they_were_skipped(result) -> None:
    import importlib.util

    if importlib.util.find_spec("serviq.survey.validity") is None:
        assert set(result.skipped_rules) == {"ave", "htmt"}
    else:
        assert result.skipped_rules == ()
        # the planted constructs are distinct (factor r = .45): no HTMT above .85
        assert not any(r.rule == "htmt" for d in result.decisions for r in d.reasons)


def test_plan_system_changes_rebinds_scales_and_drops_single_item_indicators() -> None:
    from serviq.survey.screening import plan_system_changes

    drop, rebind, unbound = plan_system_changes(
        ["TAN5", "CES", "EMP5"],
        {
            "TAN": ("survey_scale", ["TAN1", "TAN2", "TAN3", "TAN4", "TAN5"]),
            "CES": ("survey_item", ["CES"]),
            "SL": ("ops_kpi", ["service_level"]),
        },
    )
    assert drop == ["CES"]
    assert rebind == {"TAN": ["TAN1", "TAN2", "TAN3", "TAN4"]}
    assert unbound == ["EMP5"]
