"""Review scores against hand-computed reviews: weights, N.A. and the critical-item rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.errors import InvalidInput, ValidationFailed
from serviq.qa.scorecard import load_scorecard
from serviq.qa.scoring import check_submission, parse_ratings, score_ratings, score_table

FULL = {
    "service_language": 5, "attitude": 4, "tone": 4, "needs_summary": 3, "adaptability": 2,
    "greeting_closing": "yes", "identity_verification": "N.A.", "confidentiality": "yes",
}  # fmt: skip

# A form with unequal weights, written out so the hand computation below can use it.
WEIGHTED = """\
code: weighted
version: 1
name: {zh-Hans: 加权, zh-Hant: 加權, en: Weighted}
sections:
  - code: talk
    name: {zh-Hans: 通话, zh-Hant: 通話, en: Talk}
    weight: 3
    items:
      - code: a
        name: {zh-Hans: 甲, zh-Hant: 甲, en: A}
        weight: 2
        scale: {kind: points, min: 1, max: 5}
      - code: b
        name: {zh-Hans: 乙, zh-Hant: 乙, en: B}
        weight: 1
        scale: {kind: points, min: 0, max: 10}
        allow_na: true
      - code: c
        name: {zh-Hans: 丙, zh-Hant: 丙, en: C}
        weight: 1
        scale: {kind: points, min: 1, max: 4}
        critical: section
        fail_at_or_below: 1
  - code: rules
    name: {zh-Hans: 规范, zh-Hant: 規範, en: Rules}
    weight: 1
    items:
      - code: d
        name: {zh-Hans: 丁, zh-Hant: 丁, en: D}
        scale: {kind: yes_no}
        allow_na: true
      - code: e
        name: {zh-Hans: 戊, zh-Hant: 戊, en: E}
        scale: {kind: yes_no}
        critical: review
"""


@pytest.fixture
def weighted(tmp_path: Path):
    f = tmp_path / "weighted.yaml"
    f.write_text(WEIGHTED, encoding="utf-8")
    return load_scorecard(f)


def test_the_bundled_form_by_hand(card) -> None:
    # service: (1 + .75 + .75 + .5 + .25)/5 = .65; compliance: (1 + 1)/2 = 1 (N.A. skipped)
    # review: 100·(.8·.65 + .2·1)/(.8 + .2) = 72
    r = score_ratings(card, parse_ratings(card, FULL))
    assert r.sections == {"service": pytest.approx(0.65), "compliance": pytest.approx(1.0)}
    assert r.score == pytest.approx(72.0)
    assert r.items["identity_verification"] is None
    assert r.critical_failures == ()


def test_weights_by_hand(weighted) -> None:
    # a = 4 → .75 (w 2); b = 6 → .6 (w 1); c = 3 → 2/3 (w 1)
    # talk = (2·.75 + .6 + 2/3)/4 = 0.691666…; rules: d = no → 0, e = yes → 1 → .5
    # review = 100·(3·0.6916667 + 1·.5)/4 = 64.375
    r = score_ratings(
        weighted, parse_ratings(weighted, {"a": 4, "b": 6, "c": 3, "d": "no", "e": "yes"})
    )
    assert r.sections["talk"] == pytest.approx((1.5 + 0.6 + 2 / 3) / 4)
    assert r.sections["rules"] == pytest.approx(0.5)
    assert r.score == pytest.approx(100 * (3 * (1.5 + 0.6 + 2 / 3) / 4 + 0.5) / 4)


def test_na_items_leave_the_weighted_mean_of_the_rest(weighted) -> None:
    # b and d N.A.: talk = (2·.75 + 2/3)/3; rules = e = 1
    r = score_ratings(weighted, parse_ratings(weighted, {"a": 4, "b": "n/a", "c": 3, "e": "是"}))
    talk = (1.5 + 2 / 3) / 3
    assert r.sections["talk"] == pytest.approx(talk)
    assert r.score == pytest.approx(100 * (3 * talk + 1) / 4)


def test_a_section_with_every_item_na_drops_out(weighted) -> None:
    card = weighted
    r = score_ratings(card, {"a": 5.0, "b": None, "c": 4.0, "d": None, "e": None})
    assert r.sections["rules"] is None
    assert r.score == pytest.approx(100.0)


def test_a_failed_section_critical_item_zeroes_its_section_only(weighted) -> None:
    # c = 1 fails (fail_at_or_below 1): talk = 0; rules = (1 + 1)/2 = 1 → 100·(0 + 1)/4 = 25
    r = score_ratings(
        weighted, parse_ratings(weighted, {"a": 5, "b": 10, "c": 1, "d": "yes", "e": "yes"})
    )
    assert r.sections["talk"] == 0.0
    assert r.score == pytest.approx(25.0)
    assert r.critical_failures == (("c", "section"),)


def test_a_failed_review_critical_item_zeroes_the_review(card, weighted) -> None:
    r = score_ratings(
        weighted, parse_ratings(weighted, {"a": 5, "b": 10, "c": 4, "d": "yes", "e": "no"})
    )
    assert r.score == 0.0
    assert r.sections["talk"] == pytest.approx(1.0)
    leak = score_ratings(card, parse_ratings(card, {**FULL, "confidentiality": "no"}))
    assert leak.score == 0.0
    assert leak.critical_failures == (("confidentiality", "review"),)


def test_a_missed_greeting_zeroes_the_compliance_section(card) -> None:
    r = score_ratings(card, parse_ratings(card, {**FULL, "greeting_closing": "否"}))
    assert r.sections["compliance"] == 0.0
    assert r.score == pytest.approx(100 * 0.8 * 0.65)


def test_all_na_is_refused(weighted) -> None:
    with pytest.raises(InvalidInput, match="at least one rated item"):
        score_ratings(weighted, dict.fromkeys("abcde"))


def test_values_off_the_scale_are_refused(card) -> None:
    with pytest.raises(ValidationFailed) as exc:
        parse_ratings(card, {**FULL, "tone": 6, "attitude": 3.5, "greeting_closing": "maybe"})
    fields = sorted(p.where.field for p in exc.value.problems)
    assert fields == ["attitude", "greeting_closing", "tone"]


def test_a_low_score_needs_a_comment_and_a_critical_failure_is_noted(card) -> None:
    ratings = {**FULL, "adaptability": 2, "confidentiality": "no"}
    d = check_submission(card, ratings)
    assert not d.ok
    assert sorted(d.codes) == ["review.comment_required", "review.comment_required"]
    assert {r.params["item"] for r in d.reasons} == {"adaptability", "confidentiality"}
    assert [n.code for n in d.notes] == ["review.critical_failed"]
    assert d.notes[0].requirement == "R-QA-4"
    ok = check_submission(
        card,
        ratings,
        {"adaptability": "talked over the customer", "confidentiality": "read out the card number"},
    )
    assert ok.ok


def test_a_missing_item_that_allows_no_na_is_refused(card) -> None:
    d = check_submission(
        card, {k: v for k, v in FULL.items() if k != "tone"}, {"adaptability": "too rigid"}
    )
    assert d.codes == ["review.item_missing"]
    assert d.reasons[0].message("zh-Hans") == "项目语气语调未评分，且该项目不允许选择“不适用”"


def test_score_table_scores_every_row_and_reports_bad_cells_with_row_and_column(card) -> None:
    df = pd.DataFrame(
        [
            {**FULL, "review_id": "R1", "agent_id": "A1"},
            {**FULL, "review_id": "R2", "agent_id": "A2", "tone": 1, "confidentiality": "no"},
        ]
    )
    out = score_table(df, card)
    assert out["score"].tolist() == pytest.approx([72.0, 0.0])
    assert out["critical_failed"].tolist() == [False, True]
    assert out["norm_tone"].tolist() == pytest.approx([0.75, 0.0])
    bad = df.assign(tone=["5", "x"], attitude=[None, 4])
    with pytest.raises(ValidationFailed) as exc:
        score_table(bad, card, source="reviews.csv")
    where = sorted((p.where.row, p.where.column) for p in exc.value.problems)
    assert where == [(2, "attitude"), (3, "tone")]
    assert all(p.where.file == "reviews.csv" for p in exc.value.problems)
