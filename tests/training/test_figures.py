"""The training figures an indicator binds (hand-computed), and the ``training`` binding
through the one dispatch of the indicator engine."""

from __future__ import annotations

import datetime as dt

import pytest

from serviq.errors import ValidationFailed
from serviq.indicators.evaluation import evaluate
from serviq.indicators.model import parse_system
from serviq.training.figures import FIGURES, FindingLag, Invitation, Outcome, figures, week_end

SYSTEM = """\
id: training
name: {zh-Hans: 培训, zh-Hant: 培訓, en: Training}
version: "1.0.0"
description: {zh-Hans: 测试, zh-Hant: 測試, en: A test system}
tree:
  code: ROOT
  name: {zh-Hans: 总指数, zh-Hant: 總指數, en: Index}
  children:
    - code: DONE
      name: {zh-Hans: 培训完成率, zh-Hant: 培訓完成率, en: Training completion}
      weight: 0.5
      definition: {zh-Hans: 定义, zh-Hant: 定義, en: Present over invited}
      measurement:
        method: {zh-Hans: 方法, zh-Hant: 方法, en: From the training records}
        binding: {source: training, ref: REF}
      unit: "%"
      direction: higher
      target: 0.9
      thresholds: {amber: 0.8}
      bounds: {min: 0, max: 1}
      frequency: monthly
      owner: department_director
    - code: PASS
      name: {zh-Hans: 考核通过率, zh-Hant: 考核通過率, en: Pass rate}
      weight: 0.5
      definition: {zh-Hans: 定义, zh-Hant: 定義, en: Passed over scored}
      measurement:
        method: {zh-Hans: 方法, zh-Hant: 方法, en: From the training records}
        binding: {source: training, ref: assessment_pass_rate}
      unit: "%"
      direction: higher
      target: 0.9
      thresholds: {amber: 0.8}
      bounds: {min: 0, max: 1}
      frequency: monthly
      owner: department_director
"""


def test_the_figures_by_month_and_scope() -> None:
    invited = [
        Invitation("2026-10", "T1", "present"),
        Invitation("2026-10", "T1", "leave"),
        Invitation("2026-10", "T2", "present"),
        Invitation("2026-10", "T2", None),  # never recorded: not completed
    ]
    outcomes = [Outcome("2026-10", "T1", True), Outcome("2026-10", "T2", False)]
    lags = [
        FindingLag("T1", week_end("2026-W40"), dt.date(2026, 10, 9)),  # 4 Oct → 9 Oct
        FindingLag("T2", week_end("2026-W40"), dt.date(2026, 10, 14)),
    ]
    got = figures(invited, outcomes, lags)
    assert got[("2026-10", "")] == {
        "training_completion": 0.5,
        "assessment_pass_rate": 0.5,
        "finding_to_training_days": 7.5,
    }
    assert got[("2026-10", "T1")] == {
        "training_completion": 0.5,
        "assessment_pass_rate": 1.0,
        "finding_to_training_days": 5.0,
    }
    assert got[("2026-10", "T2")]["training_completion"] == 0.5
    assert figures() == {}


def test_a_training_binding_takes_its_value_through_the_dispatch() -> None:
    system = parse_system(SYSTEM.replace("REF", "training_completion"))
    values = figures(
        [Invitation("2026-10", "T1", "present"), Invitation("2026-10", "T1", "absent")]
    )
    ev = evaluate(system, training=values)
    assert ev.periods == ("2026-10",)
    assert ev.get("2026-10", "").values["DONE"] == 0.5
    assert ev.get("2026-10", "T1").values["DONE"] == 0.5
    assert "PASS" not in ev.get("2026-10", "").values  # no attempts: missing, not 0
    assert set(FIGURES) == {
        "training_completion",
        "assessment_pass_rate",
        "finding_to_training_days",
    }


def test_an_unknown_training_figure_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="training_completion"):
        parse_system(SYSTEM.replace("REF", "happiness"))
