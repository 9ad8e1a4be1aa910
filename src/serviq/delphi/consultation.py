"""One round of a Delphi consultation: who answered, how authoritative, what they agree on.

Input is long format, one row per expert × indicator: the expert, the indicator, the
importance score (1..``scale_max``) and optionally the expert's judgement basis Ca and
familiarity Cs (0–1, the same on every row of the expert).

Per round:

* response rate = experts who answered ÷ experts consulted (the panel);
* authority coefficient of expert j, Cr_j = (Ca_j + Cs_j) / 2, and overall Cr = the mean
  of Cr_j; Cr ≥ 0.7 is usually read as a reliable panel;
* per indicator i with scores x_1..x_k (the k experts who scored it): mean x̄, sample
  SD s = √(Σ (x − x̄)² / (k − 1)), coefficient of variation CV = s / x̄ and full-score
  frequency K = (experts giving the top score) / k;
* the decision (keep / revise / drop) from the thresholds of ``delphi/rules.yaml``;
* Kendall's W with the tie correction (:mod:`serviq.delphi.concordance`).

References: Dalkey, N. & Helmer, O. (1963). An experimental application of the Delphi
method to the use of experts. *Management Science* 9(3), 458–467. Hasson, F., Keeney, S. &
McKenna, H. (2000). Research guidelines for the Delphi survey technique. *Journal of
Advanced Nursing* 32(4), 1008–1015. The authority coefficient Cr = (Ca + Cs)/2 and the
mean/CV/full-score screening are the usual practice of Chinese indicator-system studies
(e.g. 曾光《现代流行病学方法与应用》, 1994).

Example:

>>> import pandas as pd
>>> df = pd.DataFrame({"expert": ["a", "a", "b", "b"], "indicator": ["x", "y", "x", "y"],
...                    "importance": [5, 3, 5, 4]})
>>> r = round_statistics(df, expert="expert", indicator="indicator", importance="importance")
>>> [(i.indicator, i.mean, i.full_score_frequency, i.decision) for i in r.indicators]
[('x', 5.0, 1.0, 'keep'), ('y', 3.5, 0.0, 'revise')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from serviq.delphi.concordance import KendallW, kendall_w
from serviq.delphi.rules import DelphiRules
from serviq.errors import ComputationError, InvalidInput, Where
from serviq.messages import error
from serviq.tables import sheet_row

DECISIONS = ("keep", "revise", "drop")


@dataclass(frozen=True)
class IndicatorStatistics:
    indicator: str
    n: int
    mean: float
    sd: float
    full_score_frequency: float
    cv: float
    decision: str
    failed: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "n": self.n,
            "mean": self.mean,
            "sd": self.sd,
            "full_score_frequency": self.full_score_frequency,
            "cv": self.cv,
            "decision": self.decision,
            "failed": list(self.failed),
        }


@dataclass(frozen=True)
class Authority:
    overall: float
    experts: dict[str, float]
    reliable: bool

    def as_dict(self) -> dict[str, Any]:
        return {"overall": self.overall, "experts": dict(self.experts), "reliable": self.reliable}


@dataclass(frozen=True)
class RoundStatistics:
    experts: int
    panel: int | None
    response_rate: float | None
    authority: Authority | None
    indicators: tuple[IndicatorStatistics, ...]
    kendall: KendallW | None
    kendall_note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"experts": self.experts}
        if self.panel is not None:
            out["panel"] = self.panel
            out["response_rate"] = self.response_rate
        out["authority"] = self.authority.as_dict() if self.authority else None
        out["indicators"] = [i.as_dict() for i in self.indicators]
        if self.kendall is None:
            out["kendall_w"] = {
                "w": None, "chisq": None, "df": None, "pvalue": None, "note": self.kendall_note
            }  # fmt: skip
        else:
            out["kendall_w"] = {
                **self.kendall.as_dict(),
                "indicators": self.kendall.subjects,
                "experts": self.kendall.raters,
            }
        return out


def decide(mean: float, cv: float, full: float, rules: DelphiRules) -> tuple[str, tuple[str, ...]]:
    """keep (every criterion met), drop (all fail, or any with ``drop_when: any``), else
    revise; with the names of the criteria that failed."""
    k = rules.keep
    failed = tuple(
        name
        for name, ok in (
            ("mean", mean >= k.min_mean),
            ("cv", not math.isnan(cv) and cv <= k.max_cv),
            ("full_score_frequency", full >= k.min_full_score_frequency),
        )
        if not ok
    )
    if not failed:
        return "keep", failed
    if rules.drop_when == "any" or len(failed) == 3:
        return "drop", failed
    return "revise", failed


def indicator_statistics(
    indicator: str, scores: np.ndarray, rules: DelphiRules, scale_max: int
) -> IndicatorStatistics:
    """Mean, sample SD, CV = SD / mean, full-score frequency and decision of one indicator."""
    n = int(scores.size)
    mean = float(np.mean(scores))
    sd = float(np.std(scores, ddof=1)) if n > 1 else math.nan
    cv = sd / mean if mean > 0 else math.nan
    full = float(np.sum(scores == scale_max)) / n
    decision, failed = decide(mean, cv, full, rules)
    return IndicatorStatistics(indicator, n, mean, sd, full, cv, decision, failed)


def authority(ca: pd.Series, cs: pd.Series, *, threshold: float) -> Authority:
    """Cr_j = (Ca_j + Cs_j) / 2 per expert (indexed by expert) and their mean."""
    cr = (ca + cs) / 2.0
    experts = {str(k): float(v) for k, v in cr.items()}
    overall = float(np.mean(list(experts.values())))
    return Authority(overall=overall, experts=experts, reliable=overall >= threshold)


def _numbers(df: pd.DataFrame, column: str, lo: float, hi: float, source: str | None) -> pd.Series:
    values = pd.to_numeric(df[column], errors="coerce")
    for pos, (raw, value) in enumerate(zip(df[column], values, strict=True)):
        if pd.isna(raw) or (isinstance(raw, str) and not raw.strip()):
            continue
        if pd.isna(value) or not lo <= float(value) <= hi:
            raise error(InvalidInput, "delphi.score_range",
                        where=Where(file=source, row=sheet_row(pos), column=column),
                        text=f"{raw!s}", lo=f"{lo:g}", hi=f"{hi:g}")  # fmt: skip
    return values


def _per_expert(
    df: pd.DataFrame, expert: str, column: str, values: pd.Series, source: str | None
) -> pd.Series:
    """The one value of ``column`` for each expert; missing or differing values are errors."""
    frame = pd.DataFrame({"e": df[expert].astype(str), "v": values})
    out: dict[str, float] = {}
    for name, group in frame.groupby("e", sort=False):
        distinct = group["v"].dropna().unique()
        if len(distinct) != 1:
            where = Where(file=source, row=sheet_row(int(group.index[0])), column=column)
            if len(distinct) == 0:
                raise error(InvalidInput, "delphi.expert_no_value", where=where, expert=name,
                            column=column)  # fmt: skip
            raise error(InvalidInput, "delphi.expert_values", where=where, expert=name,
                        values=str(sorted(distinct)), column=column)  # fmt: skip
        out[str(name)] = float(distinct[0])
    return pd.Series(out)


def round_statistics(
    df: pd.DataFrame,
    *,
    expert: str,
    indicator: str,
    importance: str,
    basis: str | None = None,
    familiarity: str | None = None,
    panel: int | None = None,
    rules: DelphiRules | None = None,
    scale_max: int | None = None,
    source: str | None = None,
) -> RoundStatistics:
    """The statistics of one round (see the module docstring for the formulas).

    ``basis`` and ``familiarity`` come together or not at all; ``panel`` is the number of
    experts consulted (≥ the experts who answered); ``scale_max`` overrides the rules
    file's top score. Every problem names the file, row and column.
    """
    rules = rules or DelphiRules()
    top = scale_max if scale_max is not None else rules.scale_max
    if top < 2:
        raise InvalidInput(
            f"the top score must be at least 2, not {top}", where=Where(field="--max")
        )
    if (basis is None) != (familiarity is None):
        raise InvalidInput(
            "give both the judgement basis (Ca) and the familiarity (Cs) columns, or neither",
            where=Where(field="--basis/--familiarity"),
        )
    df = df.reset_index(drop=True)
    for column in (expert, indicator):
        blank = df[column].isna() | (df[column].astype(str).str.strip() == "")
        if blank.any():
            pos = int(np.flatnonzero(blank.to_numpy())[0])
            raise error(InvalidInput, "delphi.empty_cell",
                        where=Where(file=source, row=sheet_row(pos), column=column),
                        column=column)  # fmt: skip
    keys = pd.DataFrame(
        {"e": df[expert].astype(str).str.strip(), "i": df[indicator].astype(str).str.strip()}
    )
    dup = keys.duplicated()
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        raise error(InvalidInput, "delphi.twice", where=Where(file=source, row=sheet_row(pos)),
                    expert=keys.e[pos], item=keys.i[pos])  # fmt: skip
    scores = _numbers(df, importance, 1, top, source)
    answered = keys.e[scores.notna()].unique()
    n_experts = len(answered)
    if n_experts == 0:
        raise InvalidInput(
            "no importance scores in the file", where=Where(file=source, column=importance)
        )
    response_rate = None
    if panel is not None:
        if panel < n_experts:
            raise InvalidInput(
                f"the panel of {panel} is smaller than the {n_experts} experts who answered",
                where=Where(field="--panel"),
            )
        response_rate = n_experts / panel
    cr = None
    if basis is not None and familiarity is not None:
        scoped = df.assign(**{expert: keys.e})
        ca = _per_expert(scoped, expert, basis, _numbers(df, basis, 0, 1, source), source)
        cs = _per_expert(
            scoped, expert, familiarity, _numbers(df, familiarity, 0, 1, source), source
        )
        cr = authority(ca, cs, threshold=rules.min_authority)
    frame = pd.DataFrame({"e": keys.e, "i": keys.i, "x": scores}).dropna(subset=["x"])
    order = list(dict.fromkeys(frame.i))
    stats = tuple(
        indicator_statistics(name, frame.x[frame.i == name].to_numpy(dtype=float), rules, top)
        for name in order
    )
    wide = frame.pivot(index="i", columns="e", values="x").reindex(order)
    try:
        concordance: KendallW | None = kendall_w(wide.to_numpy(dtype=float))
        note = None
    except (ComputationError, InvalidInput) as exc:  # one score to everything; too few left
        concordance, note = None, exc.message
    return RoundStatistics(
        experts=n_experts,
        panel=panel,
        response_rate=response_rate,
        authority=cr,
        indicators=stats,
        kendall=concordance,
        kendall_note=note,
    )
