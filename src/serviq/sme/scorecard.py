"""The SME rating scorecard: WoE binning, logistic regression and points (R-SME-3, R-SME-5).

Fit: every feature is binned (:mod:`serviq.sme.binning`) and replaced by its bin's weight of
evidence; a logistic regression of the default (1) on the WoE values is fitted by
iteratively reweighted least squares (Newton–Raphson on the binomial log-likelihood,
McCullagh & Nelder 1989, §4.4; the fit R's ``glm(family = binomial)`` makes).

Points (Siddiqi 2006, *Credit Risk Scorecards*, ch. 6): with factor = PDO / ln 2 and
offset = base_score − factor·ln(base_odds), the score of a firm is
``offset + factor·ln(odds of good)`` = ``offset − factor·(α + Σ β_j·WoE_j)``, and the
points of bin b of feature j are ``−(β_j·WoE_jb + α/k)·factor + offset/k`` (k features),
so that a firm's points add up to its score. The grades and their decisions are data
(``sme/scorecard.yaml``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict

from serviq.errors import ComputationError, InvalidInput, Where
from serviq.resources import data_path
from serviq.sme.binning import Binning, optimal_binning
from serviq.yamlfile import load_model


class Scaling(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base_score: float
    base_odds: float
    pdo: float

    @property
    def factor(self) -> float:
        return self.pdo / math.log(2.0)

    @property
    def offset(self) -> float:
        return self.base_score - self.factor * math.log(self.base_odds)

    def pd_of(self, score: float) -> float:
        """The probability of default a score stands for: odds of good
        ``= exp((score − offset) / factor)``, PD ``= 1 / (1 + odds)``."""
        return 1.0 / (1.0 + math.exp((score - self.offset) / self.factor))


class Grade(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    min_score: float | None
    decision: str


class ScorecardSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scaling: Scaling
    grades: list[Grade]
    approval_cutoff: float
    decisions: dict[str, dict[str, str]]

    def grade_of(self, score: float) -> Grade:
        for g in self.grades:
            if g.min_score is None or score >= g.min_score:
                return g
        return self.grades[-1]


def load_scorecard_settings(path: Path | str | None = None) -> ScorecardSettings:
    """The scaling and grades: ``path``, else the centre's ``sme/scorecard.yaml``."""
    return load_model(ScorecardSettings, path or data_path("sme/scorecard.yaml"))


@dataclass(frozen=True)
class LogitFit:
    """A fitted logistic regression: coefficients (intercept first), their standard errors,
    the residual deviance and the iterations taken."""

    names: tuple[str, ...]
    coef: tuple[float, ...]
    se: tuple[float, ...]
    deviance: float
    iterations: int

    def linear(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        beta = np.asarray(self.coef)
        return np.asarray(beta[0] + x @ beta[1:], dtype=float)


def logistic_regression(
    x: npt.ArrayLike, y: npt.ArrayLike, names: list[str] | None = None, max_iter: int = 50
) -> LogitFit:
    """Maximum-likelihood logistic regression of ``y`` (0/1) on the columns of ``x`` (an
    intercept is added) by IRLS; converged when the deviance changes by < 1e-10 relatively."""
    xa = np.asarray(x, dtype=float)
    if xa.ndim == 1:
        xa = xa[:, None]
    ya = np.asarray(y, dtype=float)
    n, k = xa.shape
    design = np.hstack([np.ones((n, 1)), xa])
    beta = np.zeros(k + 1)
    deviance = math.inf
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - reported as iterations
        eta = design @ beta
        p = 1.0 / (1.0 + np.exp(-eta))
        w = np.clip(p * (1 - p), 1e-12, None)
        z = eta + (ya - p) / w
        wx = design * w[:, None]
        try:
            beta = np.linalg.solve(design.T @ wx, wx.T @ z)
        except np.linalg.LinAlgError as exc:
            raise ComputationError("the features are collinear; drop one of them") from exc
        p = 1.0 / (1.0 + np.exp(-(design @ beta)))
        p = np.clip(p, 1e-15, 1 - 1e-15)
        new_dev = float(-2.0 * np.sum(ya * np.log(p) + (1 - ya) * np.log(1 - p)))
        if abs(new_dev - deviance) < 1e-10 * (abs(new_dev) + 0.1):
            deviance = new_dev
            break
        deviance = new_dev
    else:
        raise ComputationError("the logistic regression did not converge (separation?)")
    w = p * (1 - p)
    cov = np.linalg.inv(design.T @ (design * w[:, None]))
    return LogitFit(
        names=("(intercept)", *(names or [f"x{i + 1}" for i in range(k)])),
        coef=tuple(float(b) for b in beta),
        se=tuple(float(s) for s in np.sqrt(np.diag(cov))),
        deviance=deviance,
        iterations=it,
    )


@dataclass(frozen=True)
class Scorecard:
    """A fitted scorecard: the binnings, the regression on WoE, and the scaling."""

    target: str
    binnings: tuple[Binning, ...]
    fit: LogitFit
    scaling: Scaling

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(b.feature for b in self.binnings)

    def woe_matrix(self, columns: Mapping[str, npt.ArrayLike]) -> npt.NDArray[np.float64]:
        return np.column_stack([b.woe_of(columns[b.feature]) for b in self.binnings])

    def pd(self, columns: Mapping[str, npt.ArrayLike]) -> npt.NDArray[np.float64]:
        """Predicted probability of default of each row."""
        return np.asarray(1.0 / (1.0 + np.exp(-self.fit.linear(self.woe_matrix(columns)))))

    def score(self, columns: Mapping[str, npt.ArrayLike]) -> npt.NDArray[np.float64]:
        """offset − factor·logit(PD): higher is better."""
        eta = self.fit.linear(self.woe_matrix(columns))
        return np.asarray(self.scaling.offset - self.scaling.factor * eta)

    def points(self) -> list[dict[str, Any]]:
        """Points of every bin of every feature; a firm's points add up to its score."""
        k = len(self.binnings)
        alpha = self.fit.coef[0]
        f, o = self.scaling.factor, self.scaling.offset
        rows: list[dict[str, Any]] = []
        for beta, b in zip(self.fit.coef[1:], self.binnings, strict=True):
            for bin_ in b.bins:
                rows.append(
                    {"feature": b.feature, "range": bin_.range,
                     "points": -(beta * bin_.woe + alpha / k) * f + o / k}
                )  # fmt: skip
        return rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": "serviq.sme.scorecard",
            "target": self.target,
            "binnings": [b.as_dict() for b in self.binnings],
            "coefficients": dict(zip(self.fit.names, self.fit.coef, strict=True)),
            "standard_errors": dict(zip(self.fit.names, self.fit.se, strict=True)),
            "deviance": self.fit.deviance,
            "iterations": self.fit.iterations,
            "scaling": self.scaling.model_dump(),
            "points": self.points(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "model") -> Scorecard:
        if not isinstance(data, dict) or data.get("kind") != "serviq.sme.scorecard":
            raise InvalidInput(
                "not a scorecard written by 'serviq sme scorecard fit'", where=Where(file=source)
            )
        try:
            binnings = tuple(Binning.from_dict(b) for b in data["binnings"])
            names = tuple(data["coefficients"])
            fit = LogitFit(
                names=names,
                coef=tuple(float(v) for v in data["coefficients"].values()),
                se=tuple(float(data["standard_errors"][n]) for n in names),
                deviance=float(data["deviance"]),
                iterations=int(data["iterations"]),
            )
            scaling = Scaling(**data["scaling"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(
                f"the scorecard file is damaged: {exc}", where=Where(file=source)
            ) from exc
        return cls(target=str(data["target"]), binnings=binnings, fit=fit, scaling=scaling)


def fit_scorecard(
    columns: Mapping[str, npt.ArrayLike],
    target: npt.ArrayLike,
    *,
    target_name: str = "default",
    monotonic: dict[str, str] | None = None,
    scaling: Scaling | None = None,
) -> Scorecard:
    """Bin every feature of ``columns``, regress the default on the WoE values, scale to
    points. ``monotonic`` gives a feature's trend (default ``auto``)."""
    if not columns:
        raise InvalidInput("a scorecard needs at least one feature", where=Where(field="features"))
    y = np.asarray(target, dtype=float)
    binnings = tuple(
        optimal_binning(x, y, feature=name, monotonic=(monotonic or {}).get(name, "auto"))
        for name, x in columns.items()
    )
    woe = np.column_stack([b.woe_of(columns[b.feature]) for b in binnings])
    fit = logistic_regression(woe, y, names=[b.feature for b in binnings])
    return Scorecard(
        target=target_name,
        binnings=binnings,
        fit=fit,
        scaling=scaling or load_scorecard_settings().scaling,
    )


def numeric_columns(
    frame: Any, names: list[str], *, source: str = "data"
) -> dict[str, npt.NDArray[np.float64]]:
    """The named columns of a table as float arrays; a missing or non-numeric cell is
    reported with its row (1-based, after the header) and column."""
    out: dict[str, npt.NDArray[np.float64]] = {}
    for name in names:
        if name not in frame.columns:
            raise InvalidInput(
                f"no column {name!r}; the file has: {', '.join(map(str, frame.columns))}",
                where=Where(file=source, column=name),
            )
        values = frame[name].tolist()
        arr = np.empty(len(values))
        for i, v in enumerate(values):
            try:
                arr[i] = float(v)
            except (TypeError, ValueError):
                arr[i] = math.nan
            if not math.isfinite(arr[i]):
                raise InvalidInput(
                    f"{v!r} is not a number; every value of {name!r} must be a finite number",
                    where=Where(file=source, row=i + 2, column=name),
                )
        out[name] = arr
    return out


def binary_target(frame: Any, name: str, *, source: str = "data") -> npt.NDArray[np.float64]:
    """The target column as 0/1; any other value is reported with its row."""
    y = numeric_columns(frame, [name], source=source)[name]
    bad = np.flatnonzero(~np.isin(y, (0.0, 1.0)))
    if len(bad):
        raise InvalidInput(
            f"{y[bad[0]]:g} is not allowed; the target must be 0 (no default) or 1 (default)",
            where=Where(file=source, row=int(bad[0]) + 2, column=name),
        )
    if y.sum() == 0 or y.sum() == len(y):
        raise InvalidInput(
            "the target needs both defaults (1) and non-defaults (0)",
            where=Where(file=source, column=name),
        )
    return y
