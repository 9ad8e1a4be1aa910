"""Validating a scorecard on a data set, and what soft information adds (R-SME-3).

:func:`validate_scorecard` applies a fitted scorecard to rows it was not fitted on and
reports discrimination (AUC, Gini, KS), stability (PSI of the score against a baseline
period), calibration (Hosmer–Lemeshow, by grade) and each feature's IV on these rows with
the model's bins. :func:`soft_information_gain` fits the same scorecard with and without the
soft features on a training part and compares their AUCs on the holdout with DeLong's
interval for the difference. Formulas and references: :mod:`serviq.sme.validation`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from serviq.errors import InvalidInput, Where
from serviq.sme import validation
from serviq.sme.scorecard import (
    Scaling,
    Scorecard,
    ScorecardSettings,
    binary_target,
    fit_scorecard,
    numeric_columns,
)


def _iv_on(
    card: Scorecard, cols: dict[str, npt.NDArray[np.float64]], y: npt.NDArray[np.float64]
) -> list[dict[str, Any]]:
    """Each feature's IV on these rows with the model's bins (bins empty here are skipped;
    a bin with no events or no non-events gets half a row so its WoE stays finite)."""
    out: list[dict[str, Any]] = []
    te, tn = float(y.sum()), float(len(y) - y.sum())
    for b in card.binnings:
        idx = np.searchsorted(np.asarray(b.splits), cols[b.feature], side="right")
        k = len(b.bins)
        ev = np.bincount(idx, weights=y, minlength=k)
        n = np.bincount(idx, minlength=k)
        iv = 0.0
        for e, m in zip(ev.tolist(), n.tolist(), strict=True):
            if m == 0:
                continue
            ne = m - e
            pe, pn = max(e, 0.5) / te, max(ne, 0.5) / tn
            iv += (pn - pe) * math.log(pn / pe)
        out.append({"feature": b.feature, "iv": iv, "iv_fit": b.iv})
    return out


def validate_scorecard(
    card: Scorecard,
    frame: Any,
    *,
    settings: ScorecardSettings,
    baseline: Any | None = None,
    source: str = "data",
    baseline_source: str | None = None,
) -> dict[str, Any]:
    """The validation report of ``card`` on the rows of ``frame`` (see the module)."""
    y = binary_target(frame, card.target, source=source)
    cols = numeric_columns(frame, list(card.features), source=source)
    pd_ = card.pd(cols)
    score = card.score(cols)
    auc = validation.auc(y, pd_)
    hl = validation.hosmer_lemeshow(y, pd_)
    grades = [settings.grade_of(float(s)).code for s in score]
    order = {g.code: i for i, g in enumerate(settings.grades)}
    calibration = sorted(
        validation.calibration_by_grade(grades, y, pd_), key=lambda r: order[r["grade"]]
    )
    psi: float | None = None
    if baseline is not None:
        base_cols = numeric_columns(baseline, list(card.features), source=baseline_source or "")
        psi = validation.psi(card.score(base_cols), score)
    return {
        "rows": len(y),
        "defaults": int(y.sum()),
        "auc": auc,
        "gini": 2 * auc - 1,
        "ks": validation.ks(y, pd_),
        "psi": psi,
        "hosmer_lemeshow": {"chisq": hl.chisq, "df": hl.df, "pvalue": hl.pvalue},
        "features": _iv_on(card, cols, y),
        "calibration": calibration,
    }


def soft_information_gain(
    frame: Any,
    *,
    target: str,
    hard: list[str],
    soft: list[str],
    train: npt.NDArray[np.bool_],
    scaling: Scaling | None = None,
    level: float = 0.95,
) -> dict[str, Any]:
    """Fit with hard + soft and with hard features only on the ``train`` rows; compare the
    holdout AUCs with DeLong's interval for the difference (with − without)."""
    if not soft:
        raise InvalidInput("name at least one soft feature", where=Where(field="soft"))
    y = binary_target(frame, target)
    cols = numeric_columns(frame, [*hard, *soft])
    test = ~np.asarray(train, dtype=bool)
    if test.sum() == 0 or train.sum() == 0:
        raise InvalidInput("both the training and the holdout part need rows")

    def part(mask: npt.NDArray[np.bool_], names: list[str]) -> dict[str, Any]:
        return {n: cols[n][mask] for n in names}

    with_soft = fit_scorecard(part(train, [*hard, *soft]), y[train], scaling=scaling)
    without = fit_scorecard(part(train, hard), y[train], scaling=scaling)
    pd_with = with_soft.pd(part(test, [*hard, *soft]))
    pd_without = without.pd(part(test, hard))
    diff = validation.delong_auc_difference(y[test], pd_with, pd_without, level=level)
    return {
        "train_rows": int(train.sum()),
        "holdout_rows": int(test.sum()),
        "auc_with_soft": diff.auc_a,
        "auc_without_soft": diff.auc_b,
        "difference": diff.difference,
        "ci": list(diff.ci),
        "level": level,
        "pvalue": diff.pvalue,
        "method": "DeLong",
    }
