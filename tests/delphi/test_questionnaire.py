"""The questionnaire generated from the tree, the statistics per level, the next round's
items, and the version a consultation ends in (issue 19 scope 1)."""

from __future__ import annotations

import pandas as pd
import pytest

from serviq.delphi.consultation import IndicatorStatistics
from serviq.delphi.questionnaire import decisions, items, level_statistics, next_items
from serviq.delphi.revision import Outcome, consultation_version
from serviq.delphi.rules import DelphiRules
from serviq.errors import InvalidInput
from serviq.indicators import bundled_system

SYSTEM = bundled_system("bank_contact_centre")


def test_the_questionnaire_asks_every_node_below_the_root_in_three_languages() -> None:
    asked = items(SYSTEM)
    assert len(asked) == len(list(SYSTEM.walk())) - 1
    assert {i.depth for i in asked} == {1, 2, 3}
    fcr = next(i for i in asked if i.code == "FCR")
    assert (fcr.depth, fcr.dimension) == (3, "NQ")
    assert fcr.text("en")[0] == "First-contact resolution"
    assert fcr.text("zh-Hant")[0] != fcr.text("en")[0]
    revised = items(SYSTEM, ["AHT"], {"AHT": {"zh-Hans": "甲", "zh-Hant": "乙", "en": "new"}})
    assert [(i.code, i.text("en")[1]) for i in revised] == [("AHT", "new")]


def _answers() -> pd.DataFrame:
    # three experts on two dimensions (level 1) and three of PROC's indicators (level 3)
    scores = {"CX": (5, 5, 4), "NQ": (4, 5, 5), "SL": (5, 4, 5), "ASA": (2, 1, 3), "AHT": (4, 3, 5)}
    rows = [
        {"expert": e, "indicator": code, "importance": s[k], "basis": ca, "familiarity": cs}
        for code, s in scores.items()
        for k, (e, ca, cs) in enumerate((("E1", 1.0, 0.8), ("E2", 0.8, 0.6), ("E3", 0.6, 0.6)))
    ]
    return pd.DataFrame(rows)


def test_the_statistics_are_computed_per_level_of_the_tree() -> None:
    asked = items(SYSTEM, ["CX", "NQ", "SL", "ASA", "AHT"])
    levels = level_statistics(_answers(), asked, panel=4, rules=DelphiRules())
    assert sorted(levels) == [1, 3]
    assert [i.indicator for i in levels[3].indicators] == ["SL", "ASA", "AHT"]
    assert levels[1].response_rate == 0.75
    assert levels[1].authority is not None
    assert levels[1].authority.overall == pytest.approx((0.9 + 0.7 + 0.6) / 3)
    # by hand: ASA 2, 1, 3 → mean 2, SD 1, CV 0.5, no full score: dropped
    asa = levels[3].indicators[1]
    assert (asa.mean, asa.sd, asa.cv, asa.decision) == (2.0, 1.0, 0.5, "drop")
    assert decisions(levels)["CX"] == "keep"
    assert next_items(SYSTEM, ["CX", "NQ", "SL", "ASA", "AHT"], levels) == ["CX", "NQ", "SL", "AHT"]


def test_an_item_outside_the_round_is_refused() -> None:
    with pytest.raises(InvalidInput, match="indicator SL is not asked in this round"):
        level_statistics(_answers(), items(SYSTEM, ["CX", "NQ"]), panel=3, rules=DelphiRules())


def test_a_dropped_dimension_takes_its_items_out_of_the_next_round() -> None:
    answers = _answers()
    answers.loc[answers.indicator == "NQ", "importance"] = [1, 2, 3]
    asked = ["CX", "NQ", "SL", "ASA", "AHT"]
    levels = level_statistics(answers, items(SYSTEM, asked), panel=3, rules=DelphiRules())
    assert next_items(SYSTEM, asked, levels) == ["CX"]


def _stats(code: str, mean: float, cv: float, full: float, decision: str) -> IndicatorStatistics:
    failed = ("mean", "cv", "full_score_frequency") if decision == "drop" else ("cv",)
    return IndicatorStatistics(code, 14, mean, mean * cv, full, cv, decision, failed)


def test_the_version_cites_every_dropped_and_revised_item_with_its_round_statistics() -> None:
    new = consultation_version(
        SYSTEM,
        dropped=[Outcome("PROD_THEME", 1, _stats("PROD_THEME", 2.43, 0.386, 0, "drop"))],
        revised=[
            Outcome(
                "AHT",
                1,
                _stats("AHT", 3.86, 0.27, 0.14, "revise"),
                {"definition": {"zh-Hans": "甲", "zh-Hant": "乙", "en": "per call type"}},
                _stats("AHT", 4.38, 0.12, 0.38, "keep"),
            )
        ],
        last_levels={},
        last_round=2,
        experts=13,
        date="2026-11-20",
    )
    assert "PROD_THEME" not in {n.code for n in new.indicators()}
    assert new.find("AHT").definition is not None
    assert new.find("AHT").definition.en == "per call type"
    entry = new.changelog[-1]
    assert entry.note.startswith("Delphi consultation of 13 experts over 2 round(s): 1 dropped")
    assert entry.evidence == [
        "round 1: PROD_THEME dropped: mean 2.43, CV 0.386, full-score frequency 0.00 "
        "(failed: mean, cv, full_score_frequency)",
        "round 1: AHT to revise: mean 3.86, CV 0.270, full-score frequency 0.14 (failed: cv); "
        "revised definition; round 2: mean 4.38, CV 0.120, full-score frequency 0.38, keep",
    ]
