"""Results files: scored against a bank, or read as an item matrix; a malformed file gives
one error naming file, row and column, and nothing is returned."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.errors import ValidationFailed
from serviq.training.bank import Bank, Scoring
from serviq.training.results import read_results, score_answers

ANSWERS = """person,question,answer,mark
A,Q1,A,
A,Q2,A;C;D,
A,Q3,false,
A,Q4,,2
B,Q1,B,
B,Q2,A;C,
"""


def test_answers_are_scored_and_unanswered_questions_score_zero(bank: Bank, tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(ANSWERS, encoding="utf-8")
    rules = Scoring(multiple_choice="all_or_nothing", pass_mark=0.6)
    a, b = score_answers(path, bank, rules)
    assert a.points == {"Q1": 1.0, "Q2": 2.0, "Q3": 1.0, "Q4": 2.0}
    assert (a.total, a.share, a.passed) == (6.0, 6 / 7, True)
    assert b.points == {"Q1": 0.0, "Q2": 0.0, "Q3": 0.0, "Q4": 0.0}
    assert not b.passed


def test_the_same_answers_from_xlsx(bank: Bank, tmp_path: Path) -> None:
    csv = tmp_path / "answers.csv"
    csv.write_text(ANSWERS, encoding="utf-8")
    xlsx = tmp_path / "answers.xlsx"
    pd.read_csv(csv, dtype=str).to_excel(xlsx, index=False)
    assert [p.total for p in score_answers(xlsx, bank)] == [6.0, 0.0]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "C,Q9,A,",
            "unknown question 'Q9'; allowed: Q1, Q2, Q3, Q4 (FILE, row 8, column B (question))",
        ),
        (
            "C,Q2,A;E,",
            "'A;E' names no option of Q2; allowed: A, B, C, D (FILE, row 8, column C (answer))",
        ),
        (
            "C,Q4,,",
            "Q4 is a short answer; a lead's mark (0 to 3) is required (FILE, row 8, column D (mark))",
        ),
        ("B,Q1,A,", "B answers Q1 twice; keep one row (FILE, row 8, column B (question))"),
    ],
)
def test_a_malformed_answers_file_gives_one_error_and_nothing(
    bank: Bank, tmp_path: Path, line: str, expected: str
) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(ANSWERS + line + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        score_answers(path, bank)
    assert err.value.lines == [expected.replace("FILE", str(path))]


def test_results_matrix_is_read_and_a_bad_cell_is_named(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text("person,q1,q2\nA,1,0\nB,0.5,1\n", encoding="utf-8")
    got = read_results(path)
    assert got.to_dict() == {"q1": {"A": 1.0, "B": 0.5}, "q2": {"A": 0.0, "B": 1.0}}
    path.write_text("person,q1,q2\nA,1,0\nB,2,1\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        read_results(path)
    assert err.value.lines == [
        f"'2' is not a score; allowed: a number from 0 to 1 (1 = right) "
        f"({path}, row 3, column B (q1))"
    ]
