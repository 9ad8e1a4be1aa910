"""The effectiveness verdict on constructed series: a real shift is found, a noise dip is
not called an improvement, and a rebound from an extreme month is named as possible
regression to the mean (serviq.actions.effectiveness)."""

from __future__ import annotations

import pytest

from serviq.actions.effectiveness import verify
from serviq.actions.record import Criterion
from serviq.actions.ruleset import load_action_rules

from .series import MONTHS, series

RULES = load_action_rules().verification
# Abandonment around 7 % with a little month-to-month noise (mR̄ ≈ 0.0034, σ ≈ 0.003).
BASELINE = [0.071, 0.068, 0.072, 0.069, 0.073, 0.070, 0.067, 0.071]
START = MONTHS[8]  # the record's period
AFTER_FROM = MONTHS[9]
TWO = Criterion("target", periods=2, threshold=0.06)


def test_a_real_shift_is_found() -> None:
    s = series([*BASELINE, 0.074, 0.052, 0.049])
    v = verify(s, TWO, period=START, after_from=AFTER_FROM, rules=RULES)
    assert v.effective is True
    assert v.finding == "improved"
    after = [p for p in v.chart.points if p["phase"] == "after"]  # type: ignore[union-attr]
    assert all("we1" in p["signals"] for p in after)
    assert "effective" in v.reason.message("en")
    assert v.chart is not None
    assert v.chart.center == pytest.approx(sum(BASELINE) / 8)


def test_a_noise_dip_is_not_an_improvement() -> None:
    # The criterion (≤ 6.9 %) is met by two ordinary months inside the baseline's limits.
    crit = Criterion("target", periods=2, threshold=0.069)
    s = series([*BASELINE, 0.070, 0.068, 0.067])
    v = verify(s, crit, period=START, after_from=AFTER_FROM, rules=RULES)
    assert v.criterion_met is True
    assert v.effective is False
    assert v.finding == "within_noise"
    assert "within noise" in v.reason.message("en")
    assert "随机波动" in v.reason.message("zh-Hans")


def test_a_rebound_from_an_extreme_month_could_be_regression_to_the_mean() -> None:
    crit = Criterion("target", periods=2, threshold=0.0705)
    s = series([*BASELINE, 0.079, 0.070, 0.069])  # the record started on a 3σ month
    v = verify(s, crit, period=START, after_from=AFTER_FROM, rules=RULES)
    assert v.effective is False
    assert v.finding == "regression"
    assert v.evidence["start_z"] > RULES.extreme_z
    assert "regression to the mean" in v.reason.message("en")


def test_not_yet_measurable_until_enough_periods_after_the_actions() -> None:
    s = series([*BASELINE, 0.074, 0.050])
    v = verify(s, TWO, period=START, after_from=AFTER_FROM, rules=RULES)
    assert v.effective is None
    assert v.finding == "waiting"
    assert "1 of the 2" in v.reason.message("en")


def test_a_missed_criterion_is_not_effective() -> None:
    s = series([*BASELINE, 0.074, 0.052, 0.065])
    v = verify(s, TWO, period=START, after_from=AFTER_FROM, rules=RULES)
    assert v.effective is False
    assert v.finding == "not_met"
    assert "2025-11" in v.reason.message("en")


def test_without_a_baseline_a_met_criterion_cannot_be_called_effective() -> None:
    s = series([0.07, 0.074, 0.050, 0.049], start=6)
    v = verify(s, TWO, period=MONTHS[7], after_from=MONTHS[8], rules=RULES)
    assert v.criterion_met is True
    assert v.effective is None
    assert v.finding == "no_baseline"


def test_higher_is_better_indicators_shift_upwards() -> None:
    base = [0.71, 0.69, 0.72, 0.70, 0.68, 0.71, 0.70, 0.69]
    s = series([*base, 0.66, 0.80, 0.81], target=0.75, direction="higher", indicator="FCR")
    v = verify(s, Criterion("target", 2), period=START, after_from=AFTER_FROM, rules=RULES)
    assert v.effective is True
    assert v.finding == "improved"
    worse = series([*base, 0.66, 0.60, 0.59], target=0.55, direction="higher")
    v = verify(worse, Criterion("target", 2), period=START, after_from=AFTER_FROM, rules=RULES)
    assert v.criterion_met is True
    assert v.effective is False


def test_a_no_signal_criterion_holds_when_the_chart_is_quiet_and_fails_on_a_signal() -> None:
    crit = Criterion("no_signal", periods=3)
    quiet = series([*BASELINE, 0.074, 0.070, 0.069, 0.071])
    v = verify(quiet, crit, period=START, after_from=AFTER_FROM, rules=RULES)
    assert v.effective is True
    assert v.finding == "held"
    loud = series([*BASELINE, 0.074, 0.070, 0.069, 0.090])
    v = verify(loud, crit, period=START, after_from=AFTER_FROM, rules=RULES)
    assert v.effective is False
    assert v.finding == "not_met"
