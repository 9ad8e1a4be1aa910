from __future__ import annotations

from pathlib import Path

import pytest

from serviq.errors import InvalidInput, ValidationFailed, Where
from serviq.training.bank import Bank, Scoring, load_bank, load_scoring, parse_answer, score


def q(bank: Bank, qid: str):
    got = bank.question(qid)
    assert got is not None
    return got


W = Where(field="answer")


def test_single_choice_and_true_false(bank: Bank) -> None:
    assert score(q(bank, "Q1"), parse_answer(q(bank, "Q1"), "A", W)) == 1.0
    assert score(q(bank, "Q1"), parse_answer(q(bank, "Q1"), "B", W)) == 0.0
    assert score(q(bank, "Q3"), parse_answer(q(bank, "Q3"), "错", W)) == 1.0
    assert score(q(bank, "Q3"), parse_answer(q(bank, "Q3"), "true", W)) == 0.0
    assert score(q(bank, "Q1"), None) == 0.0
    with pytest.raises(InvalidInput, match="single choice"):
        parse_answer(q(bank, "Q1"), "A;B", W)
    with pytest.raises(InvalidInput, match="allowed: true, false"):
        parse_answer(q(bank, "Q3"), "maybe", W)


def test_multiple_choice_all_or_nothing_by_default_partial_as_a_setting(bank: Bank) -> None:
    q2 = q(bank, "Q2")
    assert load_scoring().multiple_choice == "all_or_nothing"
    exact, two_right, two_right_one_wrong = (
        parse_answer(q2, a, W) for a in ("C;A;D", "A;C", "A;B;C")
    )
    assert score(q2, exact) == 2.0
    assert score(q2, two_right) == 0.0
    partial = Scoring(multiple_choice="partial", pass_mark=0.6)
    assert score(q2, exact, scoring=partial) == 2.0
    assert score(q2, two_right, scoring=partial) == pytest.approx(2 * 2 / 3)
    assert score(q2, two_right_one_wrong, scoring=partial) == pytest.approx(2 * 1 / 3)
    assert score(q2, parse_answer(q2, "B", W), scoring=partial) == 0.0  # never below zero


def test_short_answer_takes_the_leads_mark_within_its_points(bank: Bank) -> None:
    q4 = q(bank, "Q4")
    assert score(q4, None, mark=2.5) == 2.5
    assert score(q4, None) == 0.0
    with pytest.raises(InvalidInput, match="outside 0 to 3"):
        score(q4, None, mark=4)


def test_a_bank_with_a_key_naming_no_option_is_refused(tmp_path: Path, bank_file: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        bank_file.read_text(encoding="utf-8").replace("answer: [A, C, D]", "answer: [A, E]"),
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as err:
        load_bank(path)
    assert "allowed: A, B, C, D" in str(err.value)
    assert "line" in str(err.value)
