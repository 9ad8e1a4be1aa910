"""Question banks (YAML, three languages) and the scoring of each question type.

A bank holds single-choice, multiple-choice, true/false and short-answer questions::

    topic: {zh-Hans: 理财产品, zh-Hant: 理財產品, en: Wealth products}
    questions:
      - id: Q1
        kind: single            # single | multiple | true_false | short
        text: {zh-Hans: …, zh-Hant: …, en: …}
        options: {A: {…}, B: {…}}
        answer: [A]             # true_false: [true] or [false]; short: none (a lead marks it)
        points: 1

Scoring of one answer to a question worth ``p`` points:

- single choice and true/false: ``p`` when the answer is the key, else 0;
- multiple choice, ``all_or_nothing`` (default): ``p`` only for exactly the keyed set;
  ``partial``: ``p · max(0, (right chosen − wrong chosen) / |key|)`` — the correction for
  guessing by subtraction of wrong choices (Frary, 1989, "Partial-credit scoring methods for
  multiple-choice tests", Applied Measurement in Education 2(1), 79–96);
- short answer: the lead's mark, between 0 and ``p``.

The rule for multiple choice and the pass mark are centre settings
(``data/training/scoring.yaml``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from serviq.errors import InvalidInput, Where
from serviq.languages import Text
from serviq.resources import data_path
from serviq.yamlfile import load_model

QuestionKind = Literal["single", "multiple", "true_false", "short"]


class Scoring(BaseModel):
    """The centre's scoring settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    multiple_choice: Literal["all_or_nothing", "partial"] = "all_or_nothing"
    pass_mark: float = Field(0.6, ge=0, le=1)
    # a test handed in this many seconds after its time limit still counts (the page's clock
    # and the network are not the server's)
    late_grace_seconds: int = Field(60, ge=0, le=3600)


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    kind: QuestionKind
    text: Text
    options: dict[str, Text] = Field(default_factory=dict)
    answer: list[str | bool] = Field(default_factory=list)
    points: float = Field(1.0, gt=0)

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.kind in ("single", "multiple"):
            if len(self.options) < 2:
                raise ValueError("a choice question needs at least two options")
            unknown = [a for a in self.answer if str(a) not in self.options]
            if unknown or not self.answer:
                raise ValueError(
                    f"the answer must name options; allowed: {', '.join(self.options)}"
                )
            if self.kind == "single" and len(self.answer) != 1:
                raise ValueError("a single-choice question has exactly one right option")
        elif self.kind == "true_false":
            if len(self.answer) != 1 or not isinstance(self.answer[0], bool):
                raise ValueError("a true/false question's answer is [true] or [false]")
        elif self.answer or self.options:
            raise ValueError("a short-answer question has no options and no key; a lead marks it")
        return self


class Bank(BaseModel):
    """A question bank for one topic."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    topic: Text
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Bank:
        ids = [q.id for q in self.questions]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"question ids repeat: {', '.join(dup)}")
        return self

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.questions)


def load_bank(path: str | Path) -> Bank:
    """A bank from YAML; every problem names file, line and field."""
    return load_model(Bank, path)


def load_scoring(path: str | Path | None = None) -> Scoring:
    """The centre's scoring settings (``training/scoring.yaml``)."""
    return load_model(Scoring, path or data_path("training/scoring.yaml"))


TRUE = {"true", "t", "yes", "y", "1", "对", "對", "是", "√"}
FALSE = {"false", "f", "no", "n", "0", "错", "錯", "否", "×"}


def parse_answer(question: Question, raw: str, where: Where) -> frozenset[str] | bool:
    """An answer as written in a file: options separated by ``;`` (or ``,``/spaces) for a
    choice question, ``true``/``false`` (or 对/错, 是/否) for true/false."""
    text = raw.strip()
    if question.kind == "true_false":
        low = text.casefold()
        if low in TRUE:
            return True
        if low in FALSE:
            return False
        raise InvalidInput(f"{raw!r} is not true or false; allowed: true, false", where=where)
    parts = frozenset(p for p in text.replace(",", ";").replace(" ", ";").split(";") if p)
    unknown = sorted(parts - set(question.options))
    if unknown or not parts:
        raise InvalidInput(
            f"{raw!r} names no option of {question.id}; allowed: {', '.join(question.options)}",
            where=where,
        )
    if question.kind == "single" and len(parts) != 1:
        raise InvalidInput(
            f"{question.id} is single choice; give one option, not {len(parts)}", where=where
        )
    return parts


def score(
    question: Question,
    answer: frozenset[str] | bool | None,
    *,
    mark: float | None = None,
    scoring: Scoring | None = None,
) -> float:
    """Points earned by ``answer`` (or the lead's ``mark`` for a short answer); see the
    module docstring for the rule of each kind. No answer scores 0."""
    scoring = scoring or load_scoring()
    p = question.points
    if question.kind == "short":
        if mark is None:
            return 0.0
        if not 0 <= mark <= p:
            raise InvalidInput(
                f"mark {mark} is outside 0 to {p:g} for {question.id}", where=Where(field="mark")
            )
        return float(mark)
    if answer is None:
        return 0.0
    if question.kind == "true_false":
        return p if answer == question.answer[0] else 0.0
    assert isinstance(answer, frozenset)
    key = frozenset(str(a) for a in question.answer)
    if question.kind == "single" or scoring.multiple_choice == "all_or_nothing":
        return p if answer == key else 0.0
    right = len(answer & key)
    wrong = len(answer - key)
    return p * max(0.0, (right - wrong) / len(key))


def describe(bank: Bank, lang: str = "en") -> dict[str, Any]:
    """The bank's topic and questions in ``lang``, for listings."""
    return {
        "topic": bank.topic.get(lang),
        "questions": [
            {"id": q.id, "kind": q.kind, "text": q.text.get(lang), "points": q.points}
            for q in bank.questions
        ],
    }
