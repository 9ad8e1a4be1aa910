"""Did the training work: difference in differences of the targeted QA item (R-QA-3).

For each agent, ``Δ_a`` is the agent's mean score on the item in the *after* month minus the
mean in the *before* month (agents scored in both months only). With ``T`` the trained and
``U`` the untrained agents::

    DiD = mean(Δ_T) − mean(Δ_U)
    SE  = √(s_T²/n_T + s_U²/n_U)                   (Welch)
    ν   = SE⁴ / [ (s_T²/n_T)²/(n_T−1) + (s_U²/n_U)²/(n_U−1) ]
    CI  = DiD ± t_{1−α/2, ν} · SE

— a two-group comparison of per-agent change scores, which is the difference-in-differences
estimator for two periods (Angrist & Pischke, *Mostly Harmless Econometrics*, 2009, §5.2;
Welch, 1947, Biometrika 34, 28–35). Taking one change per agent makes the agent the unit,
so repeated reviews of one agent are not counted as independent. The verdict: *improved*
when the interval lies above 0, *worsened* below 0, otherwise *no evidence of an effect*.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from scipy import stats

from serviq.errors import InvalidInput, Problem, ValidationFailed, Where
from serviq.tables import letter, read_table, sheet_row

Verdict = Literal["improved", "worsened", "no_effect"]

VERDICTS: dict[Verdict, tuple[str, str, str]] = {
    "improved": (
        "培训后，受训坐席在该质检项上的得分提升幅度明显高于未受训坐席。",
        "培訓後，受訓坐席在該質檢項上的得分提升幅度明顯高於未受訓坐席。",
        "After the training, trained agents' scores on this QA item rose clearly more than "
        "untrained agents' scores.",
    ),
    "worsened": (
        "培训后，受训坐席在该质检项上的得分变化明显差于未受训坐席。",
        "培訓後，受訓坐席在該質檢項上的得分變化明顯差於未受訓坐席。",
        "After the training, trained agents' scores on this QA item changed clearly for the "
        "worse compared with untrained agents.",
    ),
    "no_effect": (
        "没有证据表明培训改变了该质检项的得分：受训与未受训坐席的变化差异在随机波动范围内。",
        "沒有證據表明培訓改變了該質檢項的得分：受訓與未受訓坐席的變化差異在隨機波動範圍內。",
        "No evidence that the training changed this QA item: the difference between trained "
        "and untrained agents' changes is within chance variation.",
    ),
}


@dataclass(frozen=True)
class Review:
    """One QA score of one agent on one item on one day."""

    agent: str
    day: dt.date
    item: str
    score: float


@dataclass(frozen=True)
class GroupChange:
    """Mean before, mean after and mean per-agent change of one group."""

    n: int
    before: float
    after: float
    change: float
    sd_change: float

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Effect:
    """The difference in differences with its interval and verdict."""

    item: str
    before: str
    after: str
    trained: GroupChange
    untrained: GroupChange
    did: float
    se: float
    df: float
    ci_low: float
    ci_high: float
    level: float
    verdict: Verdict

    def message(self, lang: str = "en") -> str:
        texts = VERDICTS[self.verdict]
        return {"zh-Hans": texts[0], "zh-Hant": texts[1]}.get(lang, texts[2])

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "item": self.item,
            "before": self.before,
            "after": self.after,
            "trained": self.trained.as_dict(),
            "untrained": self.untrained.as_dict(),
            "did": self.did,
            "se": self.se,
            "df": self.df,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "level": self.level,
            "verdict": self.verdict,
            "message": self.message(lang),
        }


def month(text: str, field: str) -> str:
    """A month written ``YYYY-MM``, checked."""
    try:
        dt.datetime.strptime(text, "%Y-%m")
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not a month; allowed: YYYY-MM (e.g. 2026-09)", where=Where(field=field)
        ) from None
    return text


def _changes(
    reviews: Iterable[Review], item: str, before: str, after: str
) -> dict[str, tuple[float, float]]:
    sums: dict[tuple[str, str], list[float]] = {}
    for r in reviews:
        m = r.day.strftime("%Y-%m")
        if r.item == item and m in (before, after):
            sums.setdefault((r.agent, m), []).append(r.score)
    agents = {a for a, _ in sums}
    return {
        a: (float(np.mean(sums[(a, before)])), float(np.mean(sums[(a, after)])))
        for a in sorted(agents)
        if (a, before) in sums and (a, after) in sums
    }


def _group(pairs: list[tuple[float, float]], name: str) -> tuple[GroupChange, np.ndarray]:
    if len(pairs) < 2:
        raise InvalidInput(
            f"{len(pairs)} {name} agent(s) were scored on the item in both months; "
            "at least 2 are needed",
            where=Where(field=f"--{name}" if name == "trained" else "--item"),
        )
    arr = np.array(pairs)
    d = arr[:, 1] - arr[:, 0]
    return (
        GroupChange(
            n=len(d),
            before=float(arr[:, 0].mean()),
            after=float(arr[:, 1].mean()),
            change=float(d.mean()),
            sd_change=float(d.std(ddof=1)),
        ),
        d,
    )


def did_effect(
    reviews: Iterable[Review],
    *,
    trained: Iterable[str],
    item: str,
    before: str,
    after: str,
    level: float = 0.95,
) -> Effect:
    """The difference in differences of ``item`` between the ``before`` and ``after`` months
    (``YYYY-MM``) of the ``trained`` agents against every other agent (formula above)."""
    before, after = month(before, "--before"), month(after, "--after")
    if not before < after:
        raise InvalidInput(
            f"the after month {after} must come after the before month {before}",
            where=Where(field="--after"),
        )
    if not 0 < level < 1:
        raise InvalidInput("level must be between 0 and 1", where=Where(field="level"))
    trained_set = set(trained)
    ch = _changes(reviews, item, before, after)
    gt, dt_ = _group([v for a, v in ch.items() if a in trained_set], "trained")
    gu, du = _group([v for a, v in ch.items() if a not in trained_set], "untrained")
    vt, vu = dt_.var(ddof=1) / len(dt_), du.var(ddof=1) / len(du)
    se = math.sqrt(vt + vu)
    did = gt.change - gu.change
    if se == 0:
        nu = math.inf
        low = high = did
    else:
        nu = se**4 / (vt**2 / (len(dt_) - 1) + vu**2 / (len(du) - 1))
        half = float(stats.t.ppf(0.5 + level / 2, nu)) * se
        low, high = did - half, did + half
    verdict: Verdict = "improved" if low > 0 else "worsened" if high < 0 else "no_effect"
    return Effect(item, before, after, gt, gu, did, se, nu, low, high, level, verdict)


QA_COLUMNS = ["agent", "date", "item", "score"]


def read_reviews(path: str | Path) -> list[Review]:
    """QA scores from CSV/XLSX (columns agent, date ``YYYY-MM-DD``, item, score), every row
    checked before any is returned."""
    path = Path(path)
    df = read_table(path, dtype=str, columns=QA_COLUMNS)
    cols = list(df.columns)
    problems: list[Problem] = []
    out: list[Review] = []

    def where(i: int, c: str) -> Where:
        return Where(file=str(path), row=sheet_row(i), column=f"{letter(cols.index(c) + 1)} ({c})")

    for i, row in enumerate(df[QA_COLUMNS].itertuples(index=False)):
        agent, day, item, score = (None if isinstance(v, float) else str(v).strip() for v in row)
        bad = len(problems)
        for name, v in (("agent", agent), ("item", item)):
            if not v:
                problems.append(Problem(f"{name} is empty", where(i, name)))
        try:
            d = dt.date.fromisoformat(day or "")
        except ValueError:
            problems.append(
                Problem(f"{day!r} is not a date; allowed: YYYY-MM-DD", where(i, "date"))
            )
        try:
            s = float(score or "")
            if not math.isfinite(s):
                raise ValueError
        except ValueError:
            problems.append(Problem(f"{score!r} is not a number", where(i, "score")))
        if len(problems) == bad:
            out.append(Review(str(agent), d, str(item), s))
    if problems:
        raise ValidationFailed(problems, source=str(path))
    return out
