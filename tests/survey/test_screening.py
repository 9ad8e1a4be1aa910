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


def test_screen_writes_a_new_indicator_system_version(
    planted: pd.DataFrame, tmp_path: Path, run_cli
) -> None:
    from serviq.indicators.model import load_system

    data = tmp_path / "planted.csv"
    planted.to_csv(data, index=False)
    out = tmp_path / "bank_contact_centre-next.yaml"
    code, stdout, err = run_cli(
        "survey",
        "screen",
        str(data),
        "--system",
        "bank_contact_centre",
        "--out",
        str(out),
        "--json",
    )
    assert code == 0, err
    nv = json.loads(stdout)["new_version"]
    assert "TAN5" in nv["dropped_items"]
    new = load_system(out)  # the new version validates
    old = load_system("bank_contact_centre")
    assert new.version != old.version
    entry = new.changelog[-1]
    assert "TAN5" in entry.note
    assert any(line.startswith("TAN5 drop: corrected item–total r") for line in entry.evidence)
    tan = new.find("TAN").measurement
    assert tan is not None
    assert "TAN5" not in tan.binding.refs()
    assert tan.binding.refs() == ["TAN1", "TAN2", "TAN3", "TAN4"]
