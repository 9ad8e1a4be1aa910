"""Calibration: ICC on long data, inspector bias, and the flagged items of a session."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from serviq.errors import ComputationError, InvalidInput
from serviq.qa.calibration import calibrate, icc, icc_wide, inspector_bias


def test_a_target_with_a_missing_rating_is_left_out_as_psych_does() -> None:
    sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    with_gap = [*sf, [5, np.nan, 3, 4]]
    r = icc_wide(with_gap)
    assert r.dropped_targets == 1
    assert pytest.approx(icc_wide(sf)["ICC2"].ICC) == r["ICC2"].ICC


def test_long_data_errors_name_the_row() -> None:
    df = pd.DataFrame({"t": ["a", "a", "b", "b"], "r": ["x", "y", "x", "x"], "v": [1, 2, 3, 4]})
    with pytest.raises(InvalidInput, match="rated target 'b' more than once \\(row 5\\)"):
        icc(df, "t", "r", "v")
    bad = pd.DataFrame({"t": ["a", "a"], "r": ["x", "y"], "v": ["1", "high"]})
    with pytest.raises(InvalidInput, match="'high' in row 3"):
        icc(bad, "t", "r", "v")
    with pytest.raises(InvalidInput, match="no column 'score'"):
        icc(bad, "t", "r", "score")


def test_too_little_data_is_a_computation_error() -> None:
    with pytest.raises(ComputationError, match="at least two targets"):
        icc_wide([[1, 2, 3]])
    with pytest.raises(InvalidInput, match="at least two judges"):
        icc_wide([[1], [2]])


def test_inspector_bias_by_hand() -> None:
    # target means: a = 3, b = 4; x deviates +1, +1; y −1, −1 → x lenient by 1
    df = pd.DataFrame({"t": ["a", "a", "b", "b"], "r": ["x", "y", "x", "y"], "v": [4, 2, 5, 3]})
    b = inspector_bias(df, "t", "r", "v").set_index("inspector")
    assert b.loc["x", "bias"] == pytest.approx(1.0)
    assert b.loc["y", "bias"] == pytest.approx(-1.0)
    assert b.loc["x", "n"] == 2


def session(seed: int = 0) -> pd.DataFrame:
    """Four inspectors, 12 calls: 'tone' is scored consistently, 'adaptability' at random,
    inspector Q4 is 1 point lenient on 'tone'."""
    rng = np.random.default_rng(seed)
    rows = []
    truth = rng.integers(1, 6, 12)
    for c in range(12):
        for q in range(4):
            tone = int(np.clip(truth[c] + (1 if q == 3 else 0), 1, 5))
            rows.append(
                {
                    "interaction_id": f"I{c}",
                    "inspector_id": f"Q{q + 1}",
                    "item": "tone",
                    "score": tone,
                }
            )
            rows.append(
                {
                    "interaction_id": f"I{c}",
                    "inspector_id": f"Q{q + 1}",
                    "item": "adaptability",
                    "score": int(rng.integers(1, 6)),
                }
            )
    return pd.DataFrame(rows)


def test_a_session_flags_the_item_inspectors_cannot_agree_on(rules) -> None:
    cal = calibrate(session(), rules.calibration.model_copy(update={"n_boot": 200}))
    by = {a.item: a for a in cal.items}
    assert by["tone"].icc > 0.8
    assert not by["tone"].flagged
    assert by["adaptability"].flagged
    assert by["adaptability"].icc_form == "ICC2"
    assert cal.as_dict()["flagged"] == ["adaptability"]
    (note,) = cal.notes
    assert note.code == "calibration.item_disagreement"
    assert "adaptability" in note.message("zh-Hant")
    assert by["tone"].alpha_ci[0] <= by["tone"].alpha <= by["tone"].alpha_ci[1]
    assert cal.bias["n"].tolist() == [24, 24, 24, 24]  # 12 calls × 2 items each
    tone = session()[lambda d: d["item"] == "tone"]
    bias = inspector_bias(tone, "interaction_id", "inspector_id", "score").set_index("inspector")
    assert bias["bias"].idxmax() == "Q4"
    assert bias.loc["Q4", "lower"] > 0


def test_yes_no_calibration_scores_become_numbers_on_the_items_scale(card) -> None:
    from serviq.qa.calibration import numeric_ratings

    df = pd.DataFrame(
        {"item": ["greeting_closing", "greeting_closing", "tone"], "score": ["yes", "否", "4"]}
    )
    assert numeric_ratings(df, card, "item", "score")["score"].tolist() == [1.0, 0.0, 4.0]
    with pytest.raises(InvalidInput, match="row 2"):
        numeric_ratings(df.assign(score=["maybe", "no", "4"]), card, "item", "score")
    with pytest.raises(InvalidInput, match="'politeness' \\(row 5\\) is not an item"):
        numeric_ratings(
            pd.concat([df, pd.DataFrame({"item": ["politeness"], "score": [3]})]),
            card,
            "item",
            "score",
        )
