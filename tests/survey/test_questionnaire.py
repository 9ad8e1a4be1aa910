"""The questionnaire format: the bundled file, and errors that name file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from serviq.errors import ValidationFailed
from serviq.survey.questionnaire import load_questionnaire

FIXED = (
    [f"TAN{i}" for i in range(1, 6)] + [f"REL{i}" for i in range(1, 5)]
    + [f"RES{i}" for i in range(1, 5)] + [f"ASS{i}" for i in range(1, 5)]
    + [f"EMP{i}" for i in range(1, 6)] + ["SAT1", "SAT2", "SAT3", "LOY1", "LOY2"]
    + ["NPS", "CES", "CSAT", "COMMENT"]
)  # fmt: skip


def test_the_bundled_questionnaire_has_exactly_the_fixed_item_codes() -> None:
    q = load_questionnaire()
    assert q.codes == FIXED
    assert q.scale_of("NPS").bounds() == (0.0, 10.0)
    assert q.scale_of("CES").bounds() == (1.0, 7.0)
    assert q.scale_of("COMMENT").type == "text"
    for it in q.items:
        assert all(t.strip() for t in it.text.all())
    assert q.by_dimension()["empathy"] == ["EMP1", "EMP2", "EMP3", "EMP4", "EMP5"]


HEAD = """id: t
version: "1"
title: {zh-Hans: 测试, zh-Hant: 測試, en: Test}
scales:
  agree5:
    type: likert
    points: 5
    labels:
      1: {zh-Hans: 非常不同意, zh-Hant: 非常不同意, en: Strongly disagree}
      2: {zh-Hans: 不同意, zh-Hant: 不同意, en: Disagree}
      3: {zh-Hans: 一般, zh-Hant: 一般, en: Neutral}
      4: {zh-Hans: 同意, zh-Hant: 同意, en: Agree}
      5: {zh-Hans: 非常同意, zh-Hant: 非常同意, en: Strongly agree}
items:
  - code: TAN1
    text: {zh-Hans: 设施现代, zh-Hant: 設施現代, en: Modern equipment}
    scale: agree5
    dimension: tangibles
"""


def test_expectation_items_pair_with_a_perception(tmp_path: Path) -> None:
    ok = tmp_path / "ok.yaml"
    ok.write_text(
        HEAD
        + """  - code: TAN1_E
    text: {zh-Hans: 期望设施现代, zh-Hant: 期望設施現代, en: Excellent banks have modern equipment}
    scale: agree5
    role: expectation
    pairs_with: TAN1
    dimension: tangibles
""",
        encoding="utf-8",
    )
    q = load_questionnaire(ok)
    assert q.by_dimension("expectation") == {"tangibles": ["TAN1_E"]}


def test_errors_name_the_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        HEAD
        + """  - code: TAN1_E
    text: {zh-Hans: 期望, zh-Hant: 期望, en: Expected}
    scale: agree7
    role: expectation
""",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as exc:
        load_questionnaire(bad)
    msg = str(exc.value)
    assert "agree7" in msg
    assert "bad.yaml" in msg


def test_a_likert_scale_needs_a_label_for_every_point(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEAD.replace("points: 5", "points: 7"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        load_questionnaire(bad)
    p = exc.value.problems[0]
    assert "labels for exactly" in p.message
    assert p.where.line is not None
    assert p.where.field.startswith("scales.agree5")
