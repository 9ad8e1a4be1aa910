"""One Delphi round on a small hand-computed panel.

Four experts (E1–E4) score three indicators on 1–5:

    indicator  E1 E2 E3 E4   mean   SD (n−1)          CV              full score
    A           5  5  5  4   4.75   √(0.75/3) = 0.5    0.5/4.75        3/4
    B           4  3  4  3   3.5    √(1/3)             √(1/3)/3.5      0
    C           2  3  1  2   2.0    √(2/3)             √(2/3)/2        0

A: keep (4.75 ≥ 3.5, CV 0.105 ≤ 0.25, 0.75 ≥ 0.2). B: revise (mean and CV pass, no full
score). C: drop (mean 2 < 3.5, CV 0.408 > 0.25, no full score).
Ca/Cs: E1 0.9/0.8 → Cr 0.85; E2 0.8/0.6 → 0.7; E3 0.7/0.7 → 0.7; E4 1.0/0.9 → 0.95;
overall Cr = (0.85 + 0.7 + 0.7 + 0.95)/4 = 0.8.
Kendall's W by hand: every expert ranks A > B > C except E2 (B and C tie at 3):
ranks A: 3,3,3,3 = 12; B: 2,1.5,2,2 = 7.5; C: 1,1.5,1,1 = 4.5. S = 144 + 56.25 + 20.25
− 16·3·16/4 = 220.5 − 192 = 28.5; T = 2³ − 2 = 6; W = 12·28.5 / (16·24 − 4·6) = 342/360
= 0.95; χ² = 4·2·0.95 = 7.6 on 2 df.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from serviq.delphi.consultation import round_statistics
from serviq.delphi.rules import DelphiRules, KeepThresholds
from serviq.errors import InvalidInput

SCORES = {"A": [5, 5, 5, 4], "B": [4, 3, 4, 3], "C": [2, 3, 1, 2]}
CA = [0.9, 0.8, 0.7, 1.0]
CS = [0.8, 0.6, 0.7, 0.9]


def panel() -> pd.DataFrame:
    rows = [
        {"expert": f"E{j + 1}", "indicator": name, "score": s[j], "ca": CA[j], "cs": CS[j]}
        for name, s in SCORES.items()
        for j in range(4)
    ]
    return pd.DataFrame(rows)


def stats(df: pd.DataFrame | None = None, **kw: object) -> object:
    return round_statistics(
        panel() if df is None else df,
        expert="expert",
        indicator="indicator",
        importance="score",
        **kw,  # type: ignore[arg-type]
    )


def test_indicators_are_as_computed_by_hand() -> None:
    r = stats()
    by = {i.indicator: i for i in r.indicators}  # type: ignore[attr-defined]
    assert by["A"].mean == pytest.approx(4.75)
    assert by["A"].sd == pytest.approx(0.5)
    assert by["A"].cv == pytest.approx(0.5 / 4.75)
    assert by["A"].full_score_frequency == pytest.approx(0.75)
    assert by["B"].sd == pytest.approx(math.sqrt(1 / 3))
    assert by["B"].cv == pytest.approx(math.sqrt(1 / 3) / 3.5)
    assert by["C"].cv == pytest.approx(math.sqrt(2 / 3) / 2)
    assert [by[k].decision for k in "ABC"] == ["keep", "revise", "drop"]
    assert by["B"].failed == ("full_score_frequency",)


def test_authority_is_the_mean_of_ca_and_cs() -> None:
    r = stats(basis="ca", familiarity="cs")
    a = r.authority  # type: ignore[attr-defined]
    assert a.experts == pytest.approx({"E1": 0.85, "E2": 0.7, "E3": 0.7, "E4": 0.95})
    assert a.overall == pytest.approx(0.8)
    assert a.reliable


def test_kendall_w_with_one_tie_is_as_computed_by_hand() -> None:
    k = stats().kendall  # type: ignore[attr-defined]
    assert k.w == pytest.approx(0.95)
    assert k.chisq == pytest.approx(7.6)
    assert k.df == 2


def test_response_rate_is_answered_over_panel() -> None:
    r = stats(panel=5)
    assert r.response_rate == pytest.approx(0.8)  # type: ignore[attr-defined]
    assert r.as_dict()["response_rate"] == pytest.approx(0.8)  # type: ignore[attr-defined]


def test_thresholds_come_from_the_rules() -> None:
    strict = DelphiRules(keep=KeepThresholds(min_mean=4.8), drop_when="any")
    r = stats(rules=strict)
    assert [i.decision for i in r.indicators] == ["drop", "drop", "drop"]  # type: ignore[attr-defined]


def test_a_score_above_the_scale_names_row_and_column() -> None:
    df = panel()
    df.loc[5, "score"] = 7
    with pytest.raises(InvalidInput) as err:
        stats(df)
    assert "row 7" in str(err.value)
    assert "column score" in str(err.value)


def test_a_panel_smaller_than_the_answers_is_refused() -> None:
    with pytest.raises(InvalidInput, match="panel of 3"):
        stats(panel=3)


def test_an_expert_with_two_authority_values_is_refused() -> None:
    df = panel()
    df.loc[4, "ca"] = 0.1  # E1 on indicator B
    with pytest.raises(InvalidInput, match="expert E1"):
        stats(df, basis="ca", familiarity="cs")


def test_a_duplicate_row_is_refused() -> None:
    df = pd.concat([panel(), panel().iloc[[0]]], ignore_index=True)
    with pytest.raises(InvalidInput, match="twice"):
        stats(df)


def test_a_panel_giving_one_score_to_everything_has_no_w_but_its_statistics() -> None:
    df = panel().assign(score=5)
    r = stats(df)
    assert r.kendall is None  # type: ignore[attr-defined]
    out = r.as_dict()  # type: ignore[attr-defined]
    assert out["kendall_w"]["w"] is None
    assert "same score" in out["kendall_w"]["note"]
    assert [i["decision"] for i in out["indicators"]] == ["keep", "keep", "keep"]
