"""The capital layer (R-SME-2): staged commitments and promotion from the OTC market."""

from __future__ import annotations

from pathlib import Path

import pytest

from serviq.errors import InvalidInput, ValidationFailed
from serviq.resources import data_path
from serviq.sme.capital import Stage, check_promotion, check_stages, load_board_rules


@pytest.fixture(scope="module")
def rules():
    return load_board_rules()


STAGES = [
    Stage(1, "2026H1", 2_000_000, {}),
    Stage(2, "2026H2", 3_000_000, {"revenue": 10_000_000, "customers": 200}),
    Stage(3, "2027H1", 5_000_000, {"revenue": 15_000_000}),
]


def test_each_stage_is_released_when_its_period_meets_the_milestones(rules) -> None:
    figures = {
        "2026H1": {},
        "2026H2": {"revenue": 12e6, "customers": 250},
        "2027H1": {"revenue": 16e6},
    }
    assert [r.released for r in check_stages(rules, STAGES, figures)] == [True, True, True]


def test_a_missed_milestone_holds_the_stage_and_the_ones_after_it(rules) -> None:
    figures = {
        "2026H1": {},
        "2026H2": {"revenue": 12e6, "customers": 150},
        "2027H1": {"revenue": 16e6},
    }
    results = check_stages(rules, STAGES, figures)
    assert [r.released for r in results] == [True, False, False]
    (missed,) = results[1].reasons
    assert missed.code == "stage.milestone_missed"
    assert missed.requirement == "R-SME-2"
    assert "customers is 150" in missed.message("en")
    assert "客户数" in missed.message("zh-Hans")


def test_a_period_without_figures_holds_its_stage(rules) -> None:
    results = check_stages(rules, STAGES[:2], {"2026H1": {}})
    assert results[1].reasons[0].code == "stage.no_figures"


def test_a_milestone_on_an_unknown_figure_names_the_allowed_ones(rules) -> None:
    with pytest.raises(InvalidInput, match="allowed: net_assets"):
        check_stages(rules, [Stage(1, "P", 1.0, {"ebitda": 1.0})], {})


FIRM = {
    "net_assets": 60e6,
    "net_profit": 20e6,
    "market_value": 250e6,
    "share_price": 3.2,
    "revenue": 80e6,
}


def test_a_firm_meeting_one_standard_moves_up(rules) -> None:
    assert check_promotion(rules, "higher", FIRM).ok


def test_a_firm_short_of_every_standard_hears_the_closest_misses(rules) -> None:
    d = check_promotion(rules, "higher", {**FIRM, "net_profit": 10e6})
    assert not d.ok
    # standard 1 misses profit only; standard 2 misses revenue and market value
    assert len(d.reasons) == 1
    assert "net profit" in d.reasons[0].message("en")


def test_changing_the_thresholds_changes_the_result(tmp_path: Path) -> None:
    text = data_path("sme/boards.yaml").read_text(encoding="utf-8")
    f = tmp_path / "boards.yaml"
    f.write_text(text.replace("net_profit: 15000000", "net_profit: 25000000"), encoding="utf-8")
    assert not check_promotion(load_board_rules(f), "higher", FIRM).ok


def test_a_threshold_on_an_unknown_figure_names_file_and_allowed_values(tmp_path: Path) -> None:
    text = data_path("sme/boards.yaml").read_text(encoding="utf-8")
    f = tmp_path / "boards.yaml"
    f.write_text(
        text.replace("{net_assets: 50000000, net_profit", "{assets: 50000000, net_profit"),
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as info:
        load_board_rules(f)
    line = " ".join(info.value.lines)
    assert "boards.yaml" in line
    assert "assets" in line
    assert "allowed: net_assets" in line
