"""Normalisation, roll-up, attainment (R-IND-9), fuzzy evaluation and TOPSIS."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from serviq.errors import InvalidInput, ValidationFailed
from serviq.indicators import bundled_sample, bundled_system, demo_summary
from serviq.indicators.model import parse_system
from serviq.indicators.scoring import (
    fuzzy_evaluate,
    membership_from_ratings,
    normalise_frame,
    normalise_minmax,
    normalise_target,
    read_values,
    score_system,
    topsis,
)

FAST = settings(max_examples=50, deadline=None)
finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@FAST
@given(finite, st.floats(0.01, 1e3), st.sampled_from(["higher", "lower"]))
def test_target_normalisation_lies_in_unit_interval(x, target, direction) -> None:
    assert 0.0 <= normalise_target(x, target, direction) <= 1.0
    assert 0.0 <= normalise_target(x, target, direction, (-1e3, 2e3)) <= 1.0


@FAST
@given(finite, st.sampled_from(["higher", "lower"]))
def test_minmax_normalisation_lies_in_unit_interval(x, direction) -> None:
    assert 0.0 <= normalise_minmax(x, -10, 10, direction) <= 1.0


@FAST
@given(st.lists(st.tuples(finite, finite), min_size=2, max_size=12))
def test_frame_minmax_lies_in_unit_interval(rows) -> None:
    df = pd.DataFrame(rows, columns=["a", "b"])
    z = normalise_frame(df, {"a": "higher", "b": "lower"})
    assert ((z >= 0) & (z <= 1)).all().all()


def test_normalisation_respects_direction() -> None:
    assert normalise_target(0.9, 0.8, "higher") == 1.0
    assert normalise_target(40, 20, "lower") == 0.5
    assert normalise_target(30, 20, "lower", (0, 120)) == pytest.approx(0.9)
    assert normalise_minmax(2, 0, 10, "lower") == pytest.approx(0.8)
    z = normalise_frame(pd.DataFrame({"a": [1.0, 2.0, 3.0]}), {"a": "lower"}, method="zscore")
    assert list(z["a"]) == pytest.approx([1.0, 0.0, -1.0])


def test_scoring_the_small_system(small_yaml) -> None:
    s = parse_system(small_yaml)
    card = score_system(s, {"SL": 0.72, "ASA": 30, "SAT": 4.4}, {"SL": 0.82, "ASA": 18, "SAT": 4.3})
    nodes = {n.code: n for n in card.nodes}
    # SL: (0.72-0)/(0.8-0) = 0.9; ASA: (120-30)/(120-20) = 0.9; DIM = 90; SAT = 100
    assert nodes["SL"].score == pytest.approx(90)
    assert nodes["ASA"].score == pytest.approx(90)
    assert nodes["DIM"].score == pytest.approx(90)
    assert card.overall == pytest.approx(0.6 * 90 + 0.4 * 100)
    assert nodes["SL"].status == "red"
    assert nodes["ASA"].status == "amber"
    assert nodes["SAT"].status == "green"
    assert nodes["SL"].change == pytest.approx(-0.10)
    assert nodes["ROOT"].change == pytest.approx(card.overall - card.previous_overall)
    assert [x.code for x in card.short] == ["SL", "ASA"]
    assert card.short[0].gap == pytest.approx(-0.08)
    assert card.short[0].points_lost == pytest.approx(0.3 * 10)


def test_a_missing_value_is_reported_and_the_rest_rescaled(small_yaml) -> None:
    s = parse_system(small_yaml)
    card = score_system(s, {"SL": 0.8, "SAT": 4.2})
    assert card.missing == ("ASA",)
    dim = next(n for n in card.nodes if n.code == "DIM")
    assert dim.score == pytest.approx(100)
    assert dim.coverage == pytest.approx(0.5)


def test_unknown_codes_in_values_are_refused(small_yaml) -> None:
    with pytest.raises(ValidationFailed, match="'XX' is not an indicator"):
        score_system(parse_system(small_yaml), {"XX": 1.0})


def test_minmax_scoring_needs_bounds(small_yaml) -> None:
    s = parse_system(small_yaml.replace("          bounds: {min: 0, max: 1}\n", ""))
    with pytest.raises(InvalidInput, match="needs bounds for SL"):
        score_system(s, {"SL": 0.8}, method="minmax")


@FAST
@given(
    st.floats(0, 1), st.floats(0, 120), st.floats(1, 5),
    st.sampled_from(["SL", "ASA", "SAT"]), st.floats(0.0, 50.0),
)  # fmt: skip
def test_the_overall_score_never_falls_when_one_indicator_improves(
    sl, asa, sat, which, step
) -> None:
    from indicator_fixtures import SYSTEM  # type: ignore[import-not-found]

    values = {"SL": sl, "ASA": asa, "SAT": sat}
    better = dict(values)
    better[which] += -step if which == "ASA" else step  # ASA: lower is better
    before = score_system(SYSTEM, values).overall
    after = score_system(SYSTEM, better).overall
    assert after >= before - 1e-9


def test_the_bundled_sample_scores() -> None:
    s = bundled_system("bank_contact_centre")
    values, previous = bundled_sample("bank_contact_centre")
    card = score_system(s, values, previous, lang="zh-Hant")
    assert 0 < card.overall <= 100
    assert card.previous_overall is not None
    assert card.missing == ()
    assert card.short
    assert card.short[0].status == "red"
    assert next(n for n in card.nodes if n.code == "SL").name == "服務水平"
    loyalty = next(n for n in card.nodes if n.code == "LOYALTY")
    assert loyalty.score is None
    assert loyalty.weight == 0.0


def test_demo_summary_validates_and_scores_both_systems() -> None:
    d = demo_summary()
    assert [s.id for s in d.systems] == ["bank_contact_centre", "branch_counter", "sme_desk"]
    assert all(c.overall is not None for c in d.scorecards)


def test_read_values_reports_bad_cells(tmp_path) -> None:
    p = tmp_path / "v.csv"
    p.write_text("code,value,previous\nSL,0.8,\nASA,abc,20\nSL,0.7,0.6\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        read_values(p)
    msgs = [str(x) for x in info.value.problems]
    assert any("row 3" in m and "column value" in m for m in msgs)
    assert any("appears twice" in m and "row 4" in m for m in msgs)


def test_membership_and_weighted_average_evaluation() -> None:
    ratings = pd.DataFrame({"q1": [5, 5, 4, 3], "q2": [4, 4, 4, 2]})
    R = membership_from_ratings(ratings, ["q1", "q2"], [5, 4, 3, 2, 1])
    assert R.loc["q2"].tolist() == [0.0, 0.75, 0.0, 0.25, 0.0]
    r = fuzzy_evaluate([0.6, 0.4], R, grade_values=[100, 80, 60, 40, 20])
    # b = 0.6·(.5,.25,.25,0,0) + 0.4·(0,.75,0,.25,0) = (.3, .45, .15, .1, 0)
    assert list(r.vector) == pytest.approx([0.3, 0.45, 0.15, 0.1, 0.0])
    assert r.grade == "4"
    assert r.score == pytest.approx(79.0)
    assert r.as_dict()["operator_name"].startswith("M(·,⊕)")


def test_the_four_operators_differ() -> None:
    R = [[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]]
    a = [0.7, 0.3]
    ops = {op: fuzzy_evaluate(a, R, operator=op).raw for op in
           ("weighted_average", "min_max", "product_max", "min_bounded_sum")}  # fmt: skip
    assert ops["min_max"] == pytest.approx((0.5, 0.3, 0.3))
    assert ops["product_max"] == pytest.approx((0.35, 0.21, 0.14))
    assert ops["min_bounded_sum"] == pytest.approx((0.6, 0.6, 0.5))
    with pytest.raises(InvalidInput, match="one weight per factor"):
        fuzzy_evaluate([1.0], R)


def test_topsis_ranks_a_dominating_unit_first() -> None:
    df = pd.DataFrame({"sl": [0.9, 0.7, 0.8], "asa": [10, 40, 20]}, index=["T1", "T2", "T3"])
    r = topsis(df, {"sl": 0.5, "asa": 0.5}, {"asa": "lower"})
    assert list(r.index) == ["T1", "T3", "T2"]
    assert r.loc["T1", "closeness"] == pytest.approx(1.0)
    assert r.loc["T2", "closeness"] == pytest.approx(0.0)


BANK = bundled_system("bank_contact_centre")
BANK_LEAVES = [n for n in BANK.indicators() if n.scored]


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_the_bank_index_never_falls_when_one_indicator_improves(data) -> None:
    values = {
        n.code: data.draw(st.floats(n.bounds.min, n.bounds.max), label=n.code)
        for n in BANK_LEAVES
        if n.bounds is not None
    }
    node = data.draw(st.sampled_from(BANK_LEAVES), label="improved")
    assert node.bounds is not None
    step = data.draw(st.floats(0, node.bounds.max - node.bounds.min), label="step")
    better = dict(values)
    better[node.code] += step if node.direction == "higher" else -step
    for method in ("target", "minmax"):
        before = score_system(BANK, values, method=method)
        after = score_system(BANK, better, method=method)
        assert after.overall >= before.overall - 1e-9
        assert all(0 <= n.score <= 100 for n in after.nodes if n.score is not None)


def test_units_are_scored_and_ranked(small_yaml) -> None:
    from indicator_fixtures import SYSTEM  # type: ignore[import-not-found]

    from serviq.indicators.scoring import rank_units, score_units

    teams = pd.DataFrame(
        {"SL": [0.85, 0.70, 0.78], "ASA": [15.0, 40.0, 22.0], "SAT": [4.4, 3.8, 4.1]},
        index=["T1", "T2", "T3"],
    )
    scores = score_units(SYSTEM, teams)
    assert list(scores.columns) == ["ROOT", "DIM", "SL", "ASA", "SAT"]
    assert scores.loc["T1", "ROOT"] == pytest.approx(100.0)
    assert scores.loc["T2", "SL"] == pytest.approx(100 * 0.70 / 0.8)
    ranked = rank_units(SYSTEM, teams)
    assert list(ranked.index) == ["T1", "T3", "T2"]
    assert ranked.loc["T2", "index"] == pytest.approx(scores.loc["T2", "ROOT"])
    with pytest.raises(ValidationFailed, match="'XX' is not an indicator"):
        score_units(SYSTEM, teams.assign(XX=1.0))
