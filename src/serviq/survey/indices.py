"""Customer-experience indices: NPS, CSAT and CES, each with a confidence interval and n.

- **NPS** (Reichheld 2003) on a 0–10 recommend scale: NPS = 100·(p_P − p_D), promoters
  9–10, detractors 0–6. The answers are a trinomial sample, so
  Var(p_P − p_D) = (p_P + p_D − (p_P − p_D)²)/n and the interval is
  NPS ± z·100·√Var, clipped to [−100, 100].
- **CSAT** on 1–5: the top-two-box share (answers 4–5) with Wilson's score interval,
  and the mean with a t interval (sd with n − 1).
- **CES** on 1–7 (CES 2.0, "made it easy"): the mean with a t interval and the share who
  agree (5–7) with Wilson's interval.

Each result carries ``n`` and a ``warning`` when n is below the minimum n (default 30,
``survey/indices.yaml``). Cut-offs and scales are settings in that file.

Wilson's interval for a share p̂ of n: (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n).

References: Reichheld, F. F. (2003) The one number you need to grow, HBR 81(12);
Dixon, M., Freeman, K. & Toman, N. (2010) Stop trying to delight your customers, HBR
88(7); Wilson, E. B. (1927) JASA 22, 209–212; Rocks, B. (2016) Margin of error for NPS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator
from scipy import stats

from serviq.errors import InvalidInput, Where
from serviq.resources import data_path
from serviq.yamlfile import load_model


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NpsSettings(_Strict):
    promoter_min: int = 9
    detractor_max: int = 6
    scale_min: int = 0
    scale_max: int = 10

    @model_validator(mode="after")
    def _order(self) -> NpsSettings:
        if not self.scale_min <= self.detractor_max < self.promoter_min <= self.scale_max:
            raise ValueError("need scale_min ≤ detractor_max < promoter_min ≤ scale_max")
        return self


class CsatSettings(_Strict):
    scale_min: int = 1
    scale_max: int = 5
    top_box_min: int = 4

    @model_validator(mode="after")
    def _order(self) -> CsatSettings:
        if not self.scale_min < self.top_box_min <= self.scale_max:
            raise ValueError("need scale_min < top_box_min ≤ scale_max")
        return self


class CesSettings(_Strict):
    scale_min: int = 1
    scale_max: int = 7
    agree_min: int = 5

    @model_validator(mode="after")
    def _order(self) -> CesSettings:
        if not self.scale_min < self.agree_min <= self.scale_max:
            raise ValueError("need scale_min < agree_min ≤ scale_max")
        return self


class IndexSettings(_Strict):
    """``survey/indices.yaml``."""

    minimum_n: int = Field(default=30, ge=1)
    confidence: float = Field(default=0.95, gt=0, lt=1)
    nps: NpsSettings = NpsSettings()
    csat: CsatSettings = CsatSettings()
    ces: CesSettings = CesSettings()


def load_index_settings(path: str | Path | None = None) -> IndexSettings:
    """The bundled ``survey/indices.yaml`` (or the centre's override, or ``path``)."""
    return load_model(IndexSettings, path or data_path("survey/indices.yaml"))


@dataclass(frozen=True)
class IndexValue:
    """One index with its interval and sample size."""

    name: str
    value: float
    ci: tuple[float, float]
    n: int
    warning: str | None = None
    details: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": self.value,
            "ci": list(self.ci),
            "n": self.n,
            "warning": self.warning,
        }
        if self.details:
            out.update(self.details)
        return out


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for a binomial share.

    >>> tuple(round(v, 4) for v in wilson_interval(8, 10))
    (0.4902, 0.9433)
    """
    if n <= 0:
        return (float("nan"), float("nan"))
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    p = successes / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def t_interval(values: np.ndarray, confidence: float = 0.95) -> tuple[float, float]:
    """Student-t interval for a mean (sd with n − 1)."""
    n = values.size
    if n < 2:
        return (float("nan"), float("nan"))
    m = float(values.mean())
    se = float(values.std(ddof=1)) / math.sqrt(n)
    t = float(stats.t.ppf(0.5 + confidence / 2, n - 1))
    return (m - t * se, m + t * se)


def _answers(values: pd.Series | np.ndarray, lo: int, hi: int, what: str) -> np.ndarray:
    s = pd.to_numeric(pd.Series(values), errors="coerce")
    bad_text = s.isna() & pd.Series(values).notna()
    if bad_text.any():
        first = pd.Series(values)[bad_text].iloc[0]
        raise InvalidInput(
            f"{what}: {bad_text.sum()} answers are not numbers (first: {first!r})",
            where=Where(row=int(bad_text.to_numpy().nonzero()[0][0]) + 2),
        )
    v = s.dropna().to_numpy(dtype=float)
    out = (v < lo) | (v > hi)
    if out.any():
        pos = np.flatnonzero(((s < lo) | (s > hi)).to_numpy())
        raise InvalidInput(
            f"{what}: {int(out.sum())} answers outside {lo}–{hi} (first: {v[out][0]:g}); the scale is set in survey/indices.yaml",
            where=Where(row=int(pos[0]) + 2),
        )
    return v


def _warn(n: int, settings: IndexSettings, what: str) -> str | None:
    if n == 0:
        return f"{what}: no answers"
    if n < settings.minimum_n:
        return f"{what}: only {n} answers (minimum {settings.minimum_n}); the interval is wide"
    return None


def nps(values: pd.Series | np.ndarray, settings: IndexSettings | None = None) -> IndexValue:
    """Net Promoter Score with the trinomial-variance interval.

    >>> r = nps([10] * 50 + [8] * 30 + [3] * 20)
    >>> r.value, r.n, [round(v, 2) for v in r.ci]
    (30.0, 100, [14.69, 45.31])
    """
    s = settings or IndexSettings()
    v = _answers(values, s.nps.scale_min, s.nps.scale_max, "NPS")
    n = v.size
    if n == 0:
        return IndexValue("nps", float("nan"), (float("nan"), float("nan")), 0, _warn(0, s, "NPS"))
    pp = float(np.mean(v >= s.nps.promoter_min))
    pd_ = float(np.mean(v <= s.nps.detractor_max))
    score = pp - pd_
    var = (pp + pd_ - score**2) / n
    z = float(stats.norm.ppf(0.5 + s.confidence / 2))
    half = z * math.sqrt(max(var, 0.0))
    ci = (max(-100.0, 100 * (score - half)), min(100.0, 100 * (score + half)))
    return IndexValue(
        "nps",
        100 * score,
        ci,
        n,
        _warn(n, s, "NPS"),
        {
            "promoters": pp,
            "passives": 1 - pp - pd_,
            "detractors": pd_,
            "se": 100 * math.sqrt(max(var, 0.0)),
        },
    )


def csat(values: pd.Series | np.ndarray, settings: IndexSettings | None = None) -> IndexValue:
    """CSAT: top-two-box share (the value, Wilson interval) and the mean (t interval)."""
    s = settings or IndexSettings()
    v = _answers(values, s.csat.scale_min, s.csat.scale_max, "CSAT")
    n = v.size
    top = int(np.sum(v >= s.csat.top_box_min))
    share = top / n if n else float("nan")
    return IndexValue(
        "csat",
        share,
        wilson_interval(top, n, s.confidence),
        n,
        _warn(n, s, "CSAT"),
        {
            "top_box": share,
            "top_box_ci": list(wilson_interval(top, n, s.confidence)),
            "mean": float(v.mean()) if n else float("nan"),
            "mean_ci": list(t_interval(v, s.confidence)),
        },
    )


def ces(values: pd.Series | np.ndarray, settings: IndexSettings | None = None) -> IndexValue:
    """CES: the mean on 1–7 (the value, t interval) and the share who agree (5–7)."""
    s = settings or IndexSettings()
    v = _answers(values, s.ces.scale_min, s.ces.scale_max, "CES")
    n = v.size
    agree = int(np.sum(v >= s.ces.agree_min))
    return IndexValue(
        "ces",
        float(v.mean()) if n else float("nan"),
        t_interval(v, s.confidence),
        n,
        _warn(n, s, "CES"),
        {
            "mean": float(v.mean()) if n else float("nan"),
            "agree": agree / n if n else float("nan"),
            "agree_ci": list(wilson_interval(agree, n, s.confidence)),
        },
    )
