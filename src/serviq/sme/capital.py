"""The capital layer (R-SME-2): staged commitments and promotion from the OTC market.

An SME investment company commits capital in stages; each stage has a period and the
milestones (a minimum for each named figure: revenue, customers, net assets …) that the
firm's figures for that period must reach before the stage's money is paid in. Stages are
judged period by period, in order: a stage whose milestones are met is released, one whose
milestones are missed, or whose period has no figures, is held back with a reason per missed
milestone, and so are the stages after it (a held stage stops the plan until the investment
company decides again).

A firm of the over-the-counter market moves up to a higher board once it meets every
threshold of at least one of the board's standards (net assets, profit, market value,
share price …); the thresholds are data in ``sme/boards.yaml``. When none is met, the
reasons list the misses of the standard closest to being met (fewest misses, the first
such standard on a tie).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from serviq.errors import InvalidInput, Where
from serviq.languages import Lang
from serviq.resources import data_path
from serviq.sme.guarantees import Words
from serviq.sme.risk_reasons import Decision, Reason, reason
from serviq.yamlfile import load_model

BOARDS_FILE = "sme/boards.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Board(_Strict):
    name: Words
    standards: tuple[dict[str, float], ...]

    @model_validator(mode="after")
    def _some(self) -> Board:
        if not self.standards:
            raise ValueError("give at least one standard")
        return self


class BoardRules(_Strict):
    """The contents of ``sme/boards.yaml``."""

    version: int = Field(1, ge=1, le=1)
    metrics: dict[str, Words] = Field(min_length=1)
    boards: dict[str, Board] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_metrics(self) -> BoardRules:
        for code, board in self.boards.items():
            for standard in board.standards:
                unknown = [m for m in standard if m not in self.metrics]
                if unknown or not standard:
                    raise ValueError(
                        f"board {code}: a standard names unknown figures "
                        f"{', '.join(unknown) or '(none)'}; allowed: {', '.join(self.metrics)}"
                    )
        return self

    def metric(self, code: str, field: str) -> Words:
        if code not in self.metrics:
            raise InvalidInput(
                f"unknown figure {code!r}; allowed: {', '.join(self.metrics)}",
                where=Where(field=field),
            )
        return self.metrics[code]


def load_board_rules(path: str | Path | None = None) -> BoardRules:
    """``path``, else the bank's or the bundled ``sme/boards.yaml``."""
    return load_model(BoardRules, Path(path) if path is not None else data_path(BOARDS_FILE))


def _num(value: float) -> str:
    return f"{round(value, 2):,g}"


@dataclass(frozen=True)
class Stage:
    """One stage of a commitment: its number, period, amount and milestones."""

    stage: int
    period: str
    amount: float
    milestones: Mapping[str, float]


@dataclass(frozen=True)
class StageResult:
    stage: int
    period: str
    amount: float
    released: bool
    reasons: tuple[Reason, ...]

    def as_dict(self, lang: Lang = "en") -> dict[str, Any]:
        return {
            "stage": self.stage,
            "period": self.period,
            "amount": self.amount,
            "released": self.released,
            "reasons": [r.as_dict(lang) for r in self.reasons],
        }


def check_stages(
    rules: BoardRules, stages: Sequence[Stage], figures: Mapping[str, Mapping[str, float]]
) -> tuple[StageResult, ...]:
    """Judge each stage against the firm's ``figures`` (period → figure → value), in order."""
    results: list[StageResult] = []
    stopped = False
    for i, s in enumerate(sorted(stages, key=lambda s: s.stage)):
        for m in s.milestones:
            rules.metric(m, f"stages.{i}.milestones.{m}")
        reasons: list[Reason] = []
        got = figures.get(s.period)
        if got is None:
            reasons.append(
                reason("stage.no_figures", stage=s.stage, period=s.period, amount=_num(s.amount))
            )
        else:
            for m, minimum in s.milestones.items():
                value = got.get(m)
                if value is None or value < minimum:
                    reasons.append(
                        reason(
                            "stage.milestone_missed",
                            stage=s.stage,
                            period=s.period,
                            metric=rules.metrics[m].triple(),
                            value="—" if value is None else _num(value),
                            threshold=_num(minimum),
                            amount=_num(s.amount),
                        )
                    )
        released = not stopped and not reasons
        stopped = stopped or not released
        results.append(StageResult(s.stage, s.period, s.amount, released, tuple(reasons)))
    return tuple(results)


def check_promotion(rules: BoardRules, board: str, figures: Mapping[str, float]) -> Decision:
    """May a firm with ``figures`` (figure → value) move up to ``board``? (module docstring)"""
    if board not in rules.boards:
        raise InvalidInput(
            f"unknown board {board!r}; allowed: {', '.join(rules.boards)}",
            where=Where(field="board"),
        )
    b = rules.boards[board]
    best: list[Reason] | None = None
    for standard in b.standards:
        misses = [
            reason(
                "board.threshold_missed",
                metric=rules.metrics[m].triple(),
                value="—" if figures.get(m) is None else _num(figures[m]),
                threshold=_num(minimum),
                board=b.name.triple(),
            )
            for m, minimum in standard.items()
            if figures.get(m) is None or figures[m] < minimum
        ]
        if not misses:
            return Decision.of(())
        if best is None or len(misses) < len(best):
            best = misses
    return Decision.of(best or ())
