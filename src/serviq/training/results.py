"""Test results brought as files: answers to score against a bank, and scored item matrices.

Both readers check the whole file before returning anything: every problem is collected and
raised together as one :class:`~serviq.errors.ValidationFailed` naming file, row and column
(the CLI prints the first as one ``error: …`` line). Nothing partial is ever returned, so an
import built on them writes nothing from a bad file.

``ANSWERS`` (long form, one row per person and question): ``person``, ``question``,
``answer`` (options separated by ``;``, or true/false; empty for a short answer) and
``mark`` (a lead's mark of a short answer; empty otherwise).

``RESULTS`` (wide form, one row per person): ``person`` and one column per question holding
the share of the question's points earned, from 0 to 1 (1/0 for right/wrong).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where
from serviq.tables import letter, read_table, sheet_row
from serviq.training.bank import Bank, Scoring, load_scoring, parse_answer, score

ANSWER_COLUMNS = ["person", "question", "answer", "mark"]


@dataclass(frozen=True)
class PersonScore:
    """One person's test: points per question, total, share of the bank's points, pass."""

    person: str
    points: dict[str, float]
    total: float
    share: float
    passed: bool

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _cell(df: pd.DataFrame, i: int, col: str) -> str | None:
    v = df.iloc[i][col]
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    text = str(v).strip()
    return text or None


def _where(path: Path, df: pd.DataFrame, i: int, col: str) -> Where:
    pos = list(df.columns).index(col) + 1
    return Where(file=str(path), row=sheet_row(i), column=f"{letter(pos)} ({col})")


def score_answers(
    path: str | Path, bank: Bank, scoring: Scoring | None = None
) -> list[PersonScore]:
    """Score every person's answers in the file against ``bank``; questions a person did not
    answer score 0. Raises before returning anything if any row is wrong."""
    scoring = scoring or load_scoring()
    path = Path(path)
    df = read_table(path, dtype=str, columns=ANSWER_COLUMNS)
    problems: list[Problem] = []
    points: dict[str, dict[str, float]] = {}
    for i in range(len(df)):
        person = _cell(df, i, "person")
        qid = _cell(df, i, "question")
        if person is None:
            problems.append(Problem("person is empty", _where(path, df, i, "person")))
            continue
        question = bank.question(qid or "")
        if question is None:
            problems.append(
                Problem(
                    f"unknown question {qid!r}; allowed: "
                    + ", ".join(q.id for q in bank.questions),
                    _where(path, df, i, "question"),
                )
            )
            continue
        if qid in points.get(person, {}):
            problems.append(
                Problem(
                    f"{person} answers {qid} twice; keep one row",
                    _where(path, df, i, "question"),
                )
            )
            continue
        raw, raw_mark = _cell(df, i, "answer"), _cell(df, i, "mark")
        try:
            if question.kind == "short":
                if raw_mark is None:
                    raise InvalidInput(
                        f"{qid} is a short answer; a lead's mark (0 to {question.points:g}) "
                        "is required",
                        where=_where(path, df, i, "mark"),
                    )
                try:
                    mark = float(raw_mark)
                except ValueError:
                    raise InvalidInput(
                        f"mark {raw_mark!r} is not a number", where=_where(path, df, i, "mark")
                    ) from None
                if not 0 <= mark <= question.points:
                    raise InvalidInput(
                        f"mark {raw_mark} is outside 0 to {question.points:g}",
                        where=_where(path, df, i, "mark"),
                    )
                got = score(question, None, mark=mark, scoring=scoring)
            else:
                if raw_mark is not None:
                    raise InvalidInput(
                        f"{qid} is scored automatically; leave the mark empty",
                        where=_where(path, df, i, "mark"),
                    )
                answer = (
                    None
                    if raw is None
                    else parse_answer(question, raw, _where(path, df, i, "answer"))
                )
                got = score(question, answer, scoring=scoring)
        except InvalidInput as exc:
            problems.append(Problem(exc.message, exc.where or Where(file=str(path))))
            continue
        points.setdefault(person, {})[question.id] = got
    if problems:
        raise ValidationFailed(problems, source=str(path))
    if not points:
        raise InvalidInput("the file has no answers", where=Where(file=str(path)))
    total_possible = bank.total_points
    out: list[PersonScore] = []
    for person, earned in points.items():
        full = {q.id: earned.get(q.id, 0.0) for q in bank.questions}
        total = sum(full.values())
        share = total / total_possible
        out.append(PersonScore(person, full, total, share, share >= scoring.pass_mark))
    return out


def read_results(path: str | Path) -> pd.DataFrame:
    """The scored item matrix (index: person; one float column per question, 0 to 1).

    Every cell must be a number from 0 to 1; a person may appear once. Empty cells are
    refused: an unanswered question is scored 0 by whoever scored the test.
    """
    path = Path(path)
    df = read_table(path, dtype=str, columns=["person"])
    items = [c for c in df.columns if c != "person"]
    if len(items) < 2:
        raise InvalidInput(
            "item analysis needs at least two question columns besides person",
            where=Where(file=str(path)),
        )
    problems: list[Problem] = []
    seen: set[str] = set()
    values = pd.DataFrame(index=range(len(df)), columns=items, dtype=float)
    for i in range(len(df)):
        person = _cell(df, i, "person")
        if person is None or person in seen:
            problems.append(
                Problem(
                    "person is empty" if person is None else f"{person} appears twice",
                    _where(path, df, i, "person"),
                )
            )
        else:
            seen.add(person)
        for col in items:
            raw = _cell(df, i, col)
            try:
                v = float(raw) if raw is not None else math.nan
            except ValueError:
                v = math.nan
            if not 0 <= v <= 1:
                problems.append(
                    Problem(
                        f"{raw!r} is not a score; allowed: a number from 0 to 1 (1 = right)",
                        _where(path, df, i, col),
                    )
                )
            values.iloc[i, items.index(col)] = v
    if problems:
        raise ValidationFailed(problems, source=str(path))
    values.index = pd.Index([str(p).strip() for p in df["person"]], name="person")
    return values
