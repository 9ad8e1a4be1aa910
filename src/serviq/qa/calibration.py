"""Calibration: several inspectors score the same interactions; how well do they agree?

**ICC** — the six intraclass correlations of Shrout & Fleiss (1979), with R psych's names
(``psych::ICC``, ``lmer = FALSE``). From the two-way ANOVA of *n* targets × *k* judges
(complete targets only): ``MSB`` (targets), ``MSJ`` (judges), ``MSE`` (residual) and the
one-way within-target ``MSW = (SSJ + SSE)/(n(k − 1))``:

- ICC1  = (MSB − MSW)/(MSB + (k − 1)MSW)        one-way random, single rater
- ICC2  = (MSB − MSE)/(MSB + (k − 1)MSE + k(MSJ − MSE)/n)   two-way random, absolute agreement
- ICC3  = (MSB − MSE)/(MSB + (k − 1)MSE)        two-way mixed, consistency
- ICC1k = (MSB − MSW)/MSB, ICC2k = (MSB − MSE)/(MSB + (MSJ − MSE)/n), ICC3k = (MSB − MSE)/MSB

F tests: ``F = MSB/MSW`` on (n − 1, n(k − 1)) for ICC1/ICC1k, ``F = MSB/MSE`` on
(n − 1, (n − 1)(k − 1)) for the others. Intervals at level 1 − α use F quantiles at 1 − α/2
as psych does: for ICC1 ``F_L = F/F_{1−α/2}(df1, df2)``, ``F_U = F·F_{1−α/2}(df2, df1)``,
``(F_L − 1)/(F_L + k − 1)`` … and ``1 − 1/F_L`` … for the average forms (ICC3 likewise with
MSE); ICC2 uses Satterthwaite's ν (Shrout & Fleiss 1979, eq. 13; McGraw & Wong 1996).

**Krippendorff's alpha** per item and overall, with a bootstrap interval, from
:mod:`serviq.text.agreement` (the one implementation in serviq).

**Inspector bias**: for each inspector, the mean of (their score − the mean of all
inspectors on the same interaction and item), with a t interval; positive = lenient.

Items whose agreement falls below ``flag_below`` (QA rules) are flagged for rewording.

References: Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing
rater reliability. *Psychological Bulletin* 86(2), 420–428. McGraw, K. O. & Wong, S. P.
(1996). *Psychological Methods* 1(1), 30–46. Revelle, W. *psych*: ``ICC``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from serviq.errors import ComputationError, InvalidInput
from serviq.qa.decisions import Reason, reason
from serviq.qa.ruleset import CalibrationRules
from serviq.qa.scorecard import Scorecard

ICC_NAMES = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")
PSYCH_ROWS = {
    "ICC1": "Single_raters_absolute",
    "ICC2": "Single_random_raters",
    "ICC3": "Single_fixed_raters",
    "ICC1k": "Average_raters_absolute",
    "ICC2k": "Average_random_raters",
    "ICC3k": "Average_fixed_raters",
}


@dataclass(frozen=True)
class IccRow:
    type: str
    ICC: float
    F: float
    df1: float
    df2: float
    p: float
    lower: float
    upper: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "psych_row": PSYCH_ROWS[self.type],
            "ICC": self.ICC,
            "F": self.F,
            "df1": self.df1,
            "df2": self.df2,
            "p": self.p,
            "ci": [self.lower, self.upper],
        }


@dataclass(frozen=True)
class IccResult:
    """All six forms, the ANOVA mean squares, and the design (n targets, k judges)."""

    rows: dict[str, IccRow]
    MSB: float
    MSW: float
    MSJ: float
    MSE: float
    n_targets: int
    n_judges: int
    dropped_targets: int
    level: float

    def __getitem__(self, name: str) -> IccRow:
        return self.rows[name]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: row.as_dict() for name, row in self.rows.items()}
        out.update(
            {
                "MSB": self.MSB,
                "MSW": self.MSW,
                "MSJ": self.MSJ,
                "MSE": self.MSE,
                "n_targets": self.n_targets,
                "n_judges": self.n_judges,
                "dropped_targets": self.dropped_targets,
                "level": self.level,
            }
        )
        return out


def icc_wide(x: np.ndarray | pd.DataFrame, *, level: float = 0.95) -> IccResult:
    """The six Shrout–Fleiss ICCs of a targets × judges matrix (rows with a missing
    rating are dropped, as ``psych::ICC(x, lmer = FALSE)`` does).

    >>> sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> r = icc_wide(sf)
    >>> [round(r[n].ICC, 2) for n in ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")]
    [0.17, 0.29, 0.71, 0.44, 0.62, 0.91]
    """
    X = np.asarray(x, dtype=float)
    if X.ndim != 2:
        raise InvalidInput("ICC needs a table: one row per target, one column per judge")
    complete = ~np.isnan(X).any(axis=1)
    dropped = int((~complete).sum())
    X = X[complete]
    n, k = X.shape
    if k < 2:
        raise InvalidInput(f"ICC needs at least two judges; got {k}")
    if n < 2:
        raise ComputationError(
            f"ICC needs at least two targets rated by every judge; got {n}"
            + (f" ({dropped} targets with a missing rating were dropped)" if dropped else "")
        )
    if not 0 < level < 1:
        raise InvalidInput(f"level must lie between 0 and 1; got {level}")
    grand = X.mean()
    ss_b = k * float(((X.mean(axis=1) - grand) ** 2).sum())
    ss_j = n * float(((X.mean(axis=0) - grand) ** 2).sum())
    ss_t = float(((X - grand) ** 2).sum())
    ss_e = ss_t - ss_b - ss_j
    MSB = ss_b / (n - 1)
    MSJ = ss_j / (k - 1)
    MSE = ss_e / ((n - 1) * (k - 1))
    MSW = (ss_j + ss_e) / (n * (k - 1))
    if MSB == 0 and MSW == 0:
        raise ComputationError("every rating is the same; ICC is undefined")
    with np.errstate(divide="ignore", invalid="ignore"):
        icc1 = (MSB - MSW) / (MSB + (k - 1) * MSW)
        icc2 = (MSB - MSE) / (MSB + (k - 1) * MSE + k * (MSJ - MSE) / n)
        icc3 = (MSB - MSE) / (MSB + (k - 1) * MSE)
        icc1k = (MSB - MSW) / MSB
        icc2k = (MSB - MSE) / (MSB + (MSJ - MSE) / n)
        icc3k = (MSB - MSE) / MSB
        F1 = MSB / MSW if MSW > 0 else math.inf
        F2 = MSB / MSE if MSE > 0 else math.inf
    df1n, df1d = n - 1, n * (k - 1)
    df2n, df2d = n - 1, (n - 1) * (k - 1)
    p1 = float(stats.f.sf(F1, df1n, df1d))
    p2 = float(stats.f.sf(F2, df2n, df2d))
    q = 1 - (1 - level) / 2
    F1L = F1 / stats.f.ppf(q, df1n, df1d)
    F1U = F1 * stats.f.ppf(q, df1d, df1n)
    F3L = F2 / stats.f.ppf(q, df2n, df2d)
    F3U = F2 * stats.f.ppf(q, df2d, df2n)
    # ICC2: Satterthwaite's degrees of freedom (psych; Shrout & Fleiss eq. 13)
    Fj = MSJ / MSE if MSE > 0 else math.inf
    vn = (k - 1) * (n - 1) * (k * icc2 * Fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    vd = (n - 1) * k**2 * icc2**2 * Fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    v = vn / vd if vd > 0 else math.nan
    if math.isfinite(v) and v > 0:
        FU = stats.f.ppf(q, n - 1, v)
        FL = stats.f.ppf(q, v, n - 1)
        L2 = n * (MSB - FU * MSE) / (FU * (k * MSJ + (k * n - k - n) * MSE) + n * MSB)
        U2 = n * (FL * MSB - MSE) / (k * MSJ + (k * n - k - n) * MSE + n * FL * MSB)
    else:
        L2 = U2 = math.nan
    rows = {
        "ICC1": IccRow(
            "ICC1", icc1, F1, df1n, df1d, p1, (F1L - 1) / (F1L + k - 1), (F1U - 1) / (F1U + k - 1)
        ),
        "ICC2": IccRow("ICC2", icc2, F2, df2n, df2d, p2, L2, U2),
        "ICC3": IccRow(
            "ICC3", icc3, F2, df2n, df2d, p2, (F3L - 1) / (F3L + k - 1), (F3U - 1) / (F3U + k - 1)
        ),
        "ICC1k": IccRow("ICC1k", icc1k, F1, df1n, df1d, p1, 1 - 1 / F1L, 1 - 1 / F1U),
        "ICC2k": IccRow(
            "ICC2k",
            icc2k,
            F2,
            df2n,
            df2d,
            p2,
            L2 * k / (1 + L2 * (k - 1)),
            U2 * k / (1 + U2 * (k - 1)),
        ),
        "ICC3k": IccRow("ICC3k", icc3k, F2, df2n, df2d, p2, 1 - 1 / F3L, 1 - 1 / F3U),
    }
    rows = {
        name: IccRow(
            r.type, float(r.ICC), float(r.F), float(r.df1), float(r.df2), r.p, float(r.lower), float(r.upper)
        )
        for name, r in rows.items()
    }  # fmt: skip
    return IccResult(rows, MSB, MSW, MSJ, MSE, n, k, dropped, level)


def to_wide(df: pd.DataFrame, target: str, rater: str, rating: str) -> pd.DataFrame:
    """Long ratings (one row per target × rater) → targets × raters; duplicates refused."""
    for col in (target, rater, rating):
        if col not in df.columns:
            raise InvalidInput(
                f"no column {col!r}; the data have: {', '.join(map(str, df.columns))}"
            )
    values = pd.to_numeric(df[rating], errors="coerce")
    bad = df[rating].notna() & values.isna()
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise InvalidInput(
            f"ratings must be numbers; found {df[rating].iloc[first]!r} in row {first + 2}"
        )
    frame = df[[target, rater]].astype(str).assign(_v=values)
    dup = frame.duplicated([target, rater])
    if dup.any():
        first = int(np.flatnonzero(dup.to_numpy())[0])
        raise InvalidInput(
            f"rater {frame[rater].iloc[first]!r} rated target {frame[target].iloc[first]!r} "
            f"more than once (row {first + 2})"
        )
    return frame.pivot(index=target, columns=rater, values="_v")


def icc(
    df: pd.DataFrame, target: str, rater: str, rating: str, *, level: float = 0.95
) -> IccResult:
    """:func:`icc_wide` of long-format ratings (``serviq qa icc``)."""
    return icc_wide(to_wide(df, target, rater, rating), level=level)


# ---- a calibration session ---------------------------------------------------------------
@dataclass(frozen=True)
class ItemAgreement:
    item: str
    n_targets: int
    icc_form: str
    icc: float
    icc_ci: tuple[float, float]
    alpha: float
    alpha_ci: tuple[float, float]
    flagged: bool


@dataclass(frozen=True)
class Calibration:
    items: tuple[ItemAgreement, ...]
    overall: IccResult | None
    overall_alpha: float
    overall_alpha_ci: tuple[float, float]
    bias: pd.DataFrame  # inspector, n, bias, lower, upper
    notes: tuple[Reason, ...]

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "items": [
                {
                    "item": a.item,
                    "n": a.n_targets,
                    "icc_form": a.icc_form,
                    "icc": a.icc,
                    "icc_ci": list(a.icc_ci),
                    "krippendorff_alpha": a.alpha,
                    "alpha_ci": list(a.alpha_ci),
                    "flagged": a.flagged,
                }
                for a in self.items
            ],
            "overall": None if self.overall is None else self.overall.as_dict(),
            "krippendorff_alpha": self.overall_alpha,
            "alpha_ci": list(self.overall_alpha_ci),
            "bias": self.bias.to_dict(orient="records"),
            "flagged": [a.item for a in self.items if a.flagged],
            "notes": [r.as_dict(lang) for r in self.notes],  # type: ignore[arg-type]
        }


def _alpha(
    wide: pd.DataFrame, level: str, rules: CalibrationRules
) -> tuple[float, tuple[float, float]]:
    from serviq.text.agreement import alpha_ci, krippendorff_alpha

    lvl: Any = level  # one of the text module's levels: nominal, ordinal, interval, ratio
    try:
        a = krippendorff_alpha(wide, lvl)
        ci = alpha_ci(wide, lvl, n_boot=rules.n_boot, seed=rules.seed)
        return float(a), (ci.lower, ci.upper)
    except ComputationError:
        return math.nan, (math.nan, math.nan)


def inspector_bias(
    df: pd.DataFrame, target: str, rater: str, rating: str, *, level: float = 0.95
) -> pd.DataFrame:
    """Each inspector's mean deviation from the group mean of the same target (and item,
    when ``target`` identifies interaction × item), with a t interval."""
    frame = df[[target, rater]].astype(str).assign(_v=pd.to_numeric(df[rating], errors="coerce"))
    frame = frame.dropna(subset=["_v"])
    frame["_dev"] = frame["_v"] - frame.groupby(target)["_v"].transform("mean")
    rows = []
    for who, g in frame.groupby(rater, sort=True):
        d = g["_dev"].to_numpy(float)
        m = float(d.mean())
        if len(d) > 1:
            se = float(d.std(ddof=1)) / math.sqrt(len(d))
            t = float(stats.t.ppf(1 - (1 - level) / 2, len(d) - 1))
            lo, hi = m - t * se, m + t * se
        else:
            lo = hi = math.nan
        rows.append({"inspector": who, "n": len(d), "bias": m, "lower": lo, "upper": hi})
    return pd.DataFrame(rows, columns=["inspector", "n", "bias", "lower", "upper"])


def numeric_ratings(df: pd.DataFrame, card: Scorecard, item: str, rating: str) -> pd.DataFrame:
    """Calibration scores as numbers on each item's scale (yes → 1, no → 0, N.A. → missing);
    a value off its item's scale is refused with its row."""
    from serviq.qa.scoring import parse_rating

    codes = set(card.item_codes)
    values: list[float | None] = []
    for pos, (code, raw) in enumerate(zip(df[item].astype(str), df[rating], strict=True)):
        if code not in codes:
            raise InvalidInput(
                f"{code!r} (row {pos + 2}) is not an item of the scorecard {card.key}; "
                f"allowed: {', '.join(card.item_codes)}"
            )
        try:
            values.append(parse_rating(card.item(code), raw))
        except ValueError as exc:
            raise InvalidInput(
                f"{exc} for item {code} (row {pos + 2}); allowed: {card.item(code).scale.allowed()}"
            ) from None
    return df.assign(**{rating: pd.array(values, dtype="Float64").astype(float)})


def calibrate(
    df: pd.DataFrame,
    rules: CalibrationRules,
    *,
    target: str = "interaction_id",
    rater: str = "inspector_id",
    item: str = "item",
    rating: str = "score",
    levels: dict[str, str] | None = None,
    level: float = 0.95,
    card: Scorecard | None = None,
) -> Calibration:
    """Agreement of a calibration session in long format (interaction, inspector, item,
    score): per item ICC (the form in ``rules.icc_form``) and Krippendorff's alpha (interval
    level unless ``levels`` says otherwise, e.g. ``nominal`` for yes/no items), overall ICC on
    each inspector's mean over the items of an interaction, inspector bias, flagged items.
    With ``card`` the notes name the items in each language."""
    for col in (target, rater, item, rating):
        if col not in df.columns:
            raise InvalidInput(
                f"no column {col!r}; the data have: {', '.join(map(str, df.columns))}"
            )
    levels = levels or {}
    form = rules.icc_form
    items: list[ItemAgreement] = []
    notes: list[Reason] = []
    for code, g in df.groupby(item, sort=False):
        wide = to_wide(g, target, rater, rating)
        try:
            r = icc_wide(wide, level=level)[form]
            value, ci = r.ICC, (r.lower, r.upper)
            n = int((~wide.isna().any(axis=1)).sum())
        except ComputationError:
            value, ci, n = math.nan, (math.nan, math.nan), 0
        a, a_ci = _alpha(wide, levels.get(str(code), "interval"), rules)
        options: dict[str, list[tuple[str, float]]] = {
            "icc": [(form, value)],
            "alpha": [("alpha", a)],
            "either": [(form, value), ("alpha", a)],
        }
        checks = options[rules.flag_on]
        low = [(s, v) for s, v in checks if not math.isnan(v) and v < rules.flag_below]
        items.append(ItemAgreement(str(code), n, form, value, ci, a, a_ci, bool(low)))
        if low:
            s, v = low[0]
            notes.append(
                reason(
                    "calibration.item_disagreement",
                    item=code,
                    **(card.names_of(str(code)) if card is not None else {}),
                    statistic=s,
                    value=v,
                    threshold=rules.flag_below,
                )
            )
    # overall: each inspector's mean over the items of one interaction
    frame = df.assign(_v=pd.to_numeric(df[rating], errors="coerce"))
    per = frame.groupby([target, rater], sort=True)["_v"].mean().reset_index()
    wide_all = per.pivot(index=target, columns=rater, values="_v")
    try:
        overall: IccResult | None = icc_wide(wide_all, level=level)
    except ComputationError:
        overall = None
    cell = frame.assign(_t=frame[target].astype(str) + "·" + frame[item].astype(str))
    wide_cells = to_wide(cell, "_t", rater, rating)
    oa, oa_ci = _alpha(wide_cells, "interval", rules)
    bias = inspector_bias(cell, "_t", rater, rating, level=level)
    return Calibration(tuple(items), overall, oa, oa_ci, bias, tuple(notes))
