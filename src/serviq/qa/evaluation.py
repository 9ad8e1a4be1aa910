"""Agent scores and how much to trust them; team and centre trends; the Pareto of defects.

**Agent monthly score** = mean of the agent's review scores (docs/qa.md: the period score is
the mean of the review scores), with an interval from its standard error
``se = s_j/√n_j`` and ``c = t_{1−α/2, n_j−1}``. With one review (n_j = 1) the agent's own
standard deviation does not exist, so that interval is missing (``lower``/``upper`` null)
and the row is marked ``single_review``. Every agent also gets the **pooled** interval with
``se = √(MSW/n_j)`` and ``c = t_{1−α/2, N−J}``, which borrows the within-agent variance of
the month from all agents of the centre (assumes agents vary alike from review to review) —
it exists for n_j = 1 and is what the ranking warning uses.

**Intervals stay on the 0–100 scale** (:func:`bounded_interval`). A score is a mean of
shares p = ȳ/100 in [0, 1], so the interval is built on the logit scale by the delta method
and transformed back: ``logit(p) ± c · (se/100)/(p(1 − p))``, then ``100·expit(·)``
(the logit interval of Agresti, *Categorical Data Analysis*, 3rd ed., 2013; R binom's
``binom.logit`` for a proportion, where se = √(p(1 − p)/n) and c = z). At the bounds
(p = 0 or 1) the logit is infinite, so the interval is the t interval truncated to the
scale, ``[max(0, ȳ − c·se), 100]`` or ``[0, min(100, ȳ + c·se)]``. The team and centre
trends (:func:`trend`) use the same interval.

**Can the month rank agents?** One-way random-effects ANOVA of review scores on agents
(J agents, N reviews): ``MSB``, ``MSW``, ``n₀ = (N − Σn_j²/N)/(J − 1)``,
``σ²_between = max(0, (MSB − MSW)/n₀)``, ``σ²_within = MSW``. The reliability of an agent's
monthly mean of n reviews is ``σ²_b/(σ²_b + σ²_w/n)`` — the ICC(1) ``σ²_b/(σ²_b + σ²_w)``
stepped up to n reviews by Spearman–Brown, Bliese's (2000) ICC(2) for groups of size n —,
and the reviews needed for a target reliability R are
``n* = R/(1 − R) · σ²_w/σ²_b``. serviq warns when the reliability at the median n is below
the target, and when most pairs of agents have overlapping pooled intervals.

**Pareto of defects**: an item is a defect in a review when its normalised score is below
``defect_below`` (a yes/no item: "no"); items sorted by count with cumulative share.

References: Shrout & Fleiss (1979); Bliese, P. D. (2000), Within-group agreement,
non-independence, and reliability, in Klein & Kozlowski (eds.), *Multilevel theory, research,
and methods in organizations*, 349–381; Searle, Casella & McCulloch (1992), *Variance
Components*, §3.6 (n₀).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

from serviq.errors import InvalidInput
from serviq.qa.decisions import Reason, reason
from serviq.qa.ruleset import EvaluationRules
from serviq.qa.scorecard import Scorecard

AGENT_COLUMNS = [
    "agent", "team", "n", "score", "sd", "lower", "upper", "pooled_lower", "pooled_upper",
    "reliability", "single_review",
]  # fmt: skip


@dataclass(frozen=True)
class Components:
    """Variance components of review scores between and within agents."""

    between: float
    within: float
    n0: float
    MSB: float
    MSW: float
    df_within: int

    def reliability(self, n: float) -> float:
        """Reliability of a mean of ``n`` reviews: σ²_b / (σ²_b + σ²_w / n)."""
        if self.between <= 0:
            return 0.0
        return self.between / (self.between + self.within / n)

    def needed(self, target: float) -> float:
        """Reviews per agent for reliability ``target`` (∞ when agents do not differ)."""
        if self.between <= 0:
            return math.inf
        return target / (1 - target) * self.within / self.between


def bounded_interval(
    mean: float, se: float, crit: float, *, low: float = 0.0, high: float = 100.0
) -> tuple[float, float]:
    """An interval for a mean on the bounded scale ``[low, high]`` (module doc): the logit
    (delta-method) interval ``expit(logit(p) ± crit · se_p/(p(1 − p)))`` with p and se_p on
    0–1, and at a bound the t interval truncated to the scale. NaN when se or crit is not
    finite. Reference: Agresti (2013), the logit interval for a proportion, as R's
    ``binom::binom.logit``.

    >>> [round(v, 4) for v in bounded_interval(10.0, 100 * (0.09 / 10) ** 0.5, 1.959964)]
    [1.3882, 46.7237]
    """
    if not (math.isfinite(mean) and math.isfinite(se) and math.isfinite(crit)):
        return math.nan, math.nan
    span = high - low
    p = (mean - low) / span
    sp = se / span
    if sp == 0:
        return mean, mean
    if p <= 0:
        return low, min(high, mean + crit * se)
    if p >= 1:
        return max(low, mean - crit * se), high
    centre = math.log(p / (1 - p))
    half = crit * sp / (p * (1 - p))
    return low + span * float(expit(centre - half)), low + span * float(expit(centre + half))


def components(scores: pd.Series, groups: pd.Series) -> Components:
    """One-way ANOVA variance components (unbalanced; n₀ as in Searle et al. 1992).

    >>> import pandas as pd
    >>> c = components(pd.Series([80.0, 90, 85, 60, 70]), pd.Series(list("AAABB")))
    >>> round(c.MSW, 4), round(c.between, 4), round(c.reliability(3), 4)
    (33.3333, 186.1111, 0.9437)
    """
    df = pd.DataFrame({"y": pd.to_numeric(scores, errors="coerce"), "g": groups}).dropna()
    n_j = df.groupby("g")["y"].count()
    J, N = len(n_j), int(n_j.sum())
    if J < 2 or N <= J:
        return Components(math.nan, math.nan, math.nan, math.nan, math.nan, max(N - J, 0))
    means = df.groupby("g")["y"].transform("mean")
    grand = float(df["y"].mean())
    ssb = float((df.groupby("g")["y"].mean().sub(grand) ** 2 * n_j).sum())
    ssw = float(((df["y"] - means) ** 2).sum())
    MSB, MSW = ssb / (J - 1), ssw / (N - J)
    n0 = (N - float((n_j**2).sum()) / N) / (J - 1)
    between = max(0.0, (MSB - MSW) / n0)
    return Components(between, MSW, n0, MSB, MSW, N - J)


@dataclass(frozen=True)
class AgentScores:
    table: pd.DataFrame  # AGENT_COLUMNS
    components: Components
    median_n: float
    reliability: float
    needed: float
    overlap_share: float
    notes: tuple[Reason, ...]
    level: float

    @property
    def rankable(self) -> bool:
        return not self.notes

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "agents": self.table.to_dict(orient="records"),
            "level": self.level,
            "between_variance": self.components.between,
            "within_variance": self.components.within,
            "median_n": self.median_n,
            "reliability": self.reliability,
            "reviews_needed": self.needed,
            "overlap_share": self.overlap_share,
            "rankable": self.rankable,
            "notes": [r.as_dict(lang) for r in self.notes],  # type: ignore[arg-type]
        }


def agent_scores(
    scored: pd.DataFrame,
    rules: EvaluationRules,
    *,
    agent: str = "agent_id",
    team: str = "team_id",
    score: str = "score",
    centre: Components | None = None,
) -> AgentScores:
    """Monthly score per agent with its intervals and the ranking warning (module doc).

    ``centre``: the variance components of the whole centre's month
    (:func:`components` over every agent's reviews). A team's or a department's view passes
    them, so the reliability, the reviews needed and the pooled intervals of the same agents
    are the same in every view; without it they come from ``scored`` itself."""
    if agent not in scored.columns or score not in scored.columns:
        raise InvalidInput(f"the scored reviews need columns {agent} and {score}")
    level = rules.ci_level
    y = pd.to_numeric(scored[score], errors="coerce")
    frame = pd.DataFrame({"agent": scored[agent].astype(str), "y": y})
    frame["team"] = scored[team].astype(str) if team in scored.columns else None
    frame = frame.dropna(subset=["y"])
    comp = centre if centre is not None else components(frame["y"], frame["agent"])
    q = 1 - (1 - level) / 2
    t_pool = float(stats.t.ppf(q, comp.df_within)) if comp.df_within > 0 else math.nan
    rows = []
    for a, g in frame.groupby("agent", sort=True):
        n = len(g)
        m = float(g["y"].mean())
        sd = float(g["y"].std(ddof=1)) if n > 1 else math.nan
        if n > 1:
            lo, hi = bounded_interval(m, sd / math.sqrt(n), float(stats.t.ppf(q, n - 1)))
        else:
            lo = hi = math.nan
        pooled_se = math.sqrt(comp.within / n) if math.isfinite(comp.within) else math.nan
        p_lo, p_hi = bounded_interval(m, pooled_se, t_pool)
        rows.append(
            {
                "agent": a,
                "team": g["team"].iloc[0],
                "n": n,
                "score": m,
                "sd": sd,
                "lower": lo,
                "upper": hi,
                "pooled_lower": p_lo,
                "pooled_upper": p_hi,
                "reliability": comp.reliability(n),
                "single_review": n == 1,
            }
        )
    table = pd.DataFrame(rows, columns=AGENT_COLUMNS)
    median_n = float(table["n"].median()) if len(table) else math.nan
    rel = comp.reliability(median_n) if len(table) else math.nan
    needed = comp.needed(rules.reliability_target)
    lo_, hi_ = table["pooled_lower"].to_numpy(float), table["pooled_upper"].to_numpy(float)
    J = len(table)
    if J >= 2 and np.isfinite(lo_).all():
        iu = np.triu_indices(J, 1)
        overlap = (lo_[iu[0]] <= hi_[iu[1]]) & (lo_[iu[1]] <= hi_[iu[0]])
        share = float(overlap.mean())
    else:
        share = math.nan
    notes: list[Reason] = []
    if J >= 2 and (math.isnan(rel) or rel < rules.reliability_target):
        notes.append(
            reason(
                "evaluation.too_few_to_rank",
                n=f"{median_n:g}",
                reliability=0.0 if math.isnan(rel) else rel,
                needed="∞" if not math.isfinite(needed) else str(math.ceil(needed)),
                target=rules.reliability_target,
            )
        )
    if not math.isnan(share) and share >= rules.overlap_warning_share:
        notes.append(reason("evaluation.intervals_overlap", share=share))
    return AgentScores(table, comp, median_n, rel, needed, share, tuple(notes), level)


def trend(
    scored: pd.DataFrame,
    *,
    period: str = "month",
    by: str | None = None,
    score: str = "score",
    level: float = 0.95,
) -> pd.DataFrame:
    """Mean review score per ``period`` (a column: ``month``, ``week``…) and, when ``by``
    names a column (``team_id``), per group, with n and the interval of the module doc
    (:func:`bounded_interval` with ``se = s/√n`` and ``t_{1−α/2, n−1}``), which stays on the
    0–100 scale. Without ``by`` it is the centre's trend."""
    if period not in scored.columns:
        raise InvalidInput(f"no column {period!r} to trend over")
    keys = [period] + ([by] if by else [])
    q = 1 - (1 - level) / 2
    rows = []
    for key, g in scored.groupby(keys, sort=True):
        y = pd.to_numeric(g[score], errors="coerce").dropna().to_numpy(float)
        n = len(y)
        m = float(y.mean()) if n else math.nan
        if n > 1:
            se = float(y.std(ddof=1)) / math.sqrt(n)
            lo, hi = bounded_interval(m, se, float(stats.t.ppf(q, n - 1)))
        else:
            lo = hi = math.nan
        kv = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(keys, kv, strict=True)), "n": n, "score": m, "lower": lo, "upper": hi})  # fmt: skip
    return pd.DataFrame(rows, columns=[*keys, "n", "score", "lower", "upper"])


def week_of(values: pd.Series, tz: str = "Asia/Shanghai") -> pd.Series:
    """The ISO week (``2026-W10``) of timestamps in the centre's zone."""
    ts = pd.to_datetime(values, format="mixed")
    if getattr(ts.dt, "tz", None) is not None:
        ts = ts.dt.tz_convert(tz)
    iso = ts.dt.isocalendar()
    return iso["year"].astype(str) + "-W" + iso["week"].astype(int).map("{:02d}".format)


def defect_pareto(scored: pd.DataFrame, card: Scorecard, defect_below: float = 0.5) -> pd.DataFrame:
    """Per item: ``defects`` (reviews where its normalised score < ``defect_below``),
    ``rated`` (reviews where it was not N.A.), ``rate``, ``share`` of all defects and the
    ``cumulative`` share, items sorted by defects (the Pareto chart's data)."""
    rows = []
    for it in card.items:
        col = f"norm_{it.code}"
        if col not in scored.columns:
            raise InvalidInput(f"no column {col}; score the reviews first (score_table)")
        x = pd.to_numeric(scored[col], errors="coerce")
        rated = int(x.notna().sum())
        defects = int((x < defect_below).sum())
        rows.append(
            {
                "item": it.code,
                "section": card.section_of(it.code).code,
                "defects": defects,
                "rated": rated,
                "rate": defects / rated if rated else math.nan,
            }
        )
    out = pd.DataFrame(rows).sort_values(["defects", "item"], ascending=[False, True])
    total = int(out["defects"].sum())
    out["share"] = out["defects"] / total if total else 0.0
    out["cumulative"] = out["share"].cumsum()
    return out.reset_index(drop=True)
