"""Scores of an indicator system: normalisation, roll-up, attainment, fuzzy comprehensive
evaluation and TOPSIS.

- Normalisation maps each indicator to [0, 1] with 1 the better end, respecting its
  direction: min–max, target-based, or (unbounded) z-scores.
- Roll-up: a node's score is the weighted mean of its children's scores; the overall index
  and every dimension are reported on 0–100.
- Attainment (R-IND-9): actual against target, red/amber/green, change against the previous
  period, and the list of indicators short of target, ranked by the index points they cost.
- Fuzzy comprehensive evaluation (模糊綜合評價): B = A ∘ R with a named operator.
- TOPSIS (Hwang & Yoon 1981) ranks units (teams, branches, periods).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from serviq.errors import ComputationError, InvalidInput, Problem, ValidationFailed, Where
from serviq.indicators.model import IndicatorSystem, Node
from serviq.indicators.weighting import minmax_matrix

Method = Literal["target", "minmax"]
Status = Literal["green", "amber", "red"]


# ----------------------------------------------------------------------- normalisation


def normalise_target(
    value: float,
    target: float,
    direction: str,
    bounds: tuple[float, float] | None = None,
) -> float:
    r"""Attainment of ``target`` on [0, 1] (1 = target met or beaten).

    With bounds [lo, hi] (the indicator's natural range), the worst end scores 0:
    higher is better: s = (x − lo)/(t − lo); lower is better: s = (hi − x)/(hi − t).
    Without bounds, the ratio: s = x/t (higher) or t/x (lower). Clipped to [0, 1].

    >>> round(normalise_target(0.72, 0.80, "higher"), 12)
    0.9
    >>> round(normalise_target(30, 20, "lower", (0, 120)), 12)
    0.9
    """
    if direction not in ("higher", "lower"):
        raise InvalidInput(f"direction is {direction!r}; allowed: higher, lower")
    if not math.isfinite(value):
        raise InvalidInput(f"value {value} is not a finite number")
    if bounds is not None:
        lo, hi = bounds
        if direction == "higher":
            s = 1.0 if target <= lo else (value - lo) / (target - lo)
        else:
            s = 1.0 if target >= hi else (hi - value) / (hi - target)
    elif direction == "higher":
        if target <= 0:
            raise InvalidInput(
                f"target {target} is not positive; a ratio score needs bounds for this indicator"
            )
        s = value / target
    else:
        if target < 0:
            raise InvalidInput(f"target {target} is negative; give bounds for this indicator")
        s = 1.0 if value <= target else (target / value if value > 0 else 1.0)
    return float(min(max(s, 0.0), 1.0))


def normalise_minmax(value: float, lo: float, hi: float, direction: str) -> float:
    """(x − lo)/(hi − lo) when higher is better, (hi − x)/(hi − lo) when lower; clipped."""
    if hi <= lo:
        raise InvalidInput(f"bounds [{lo}, {hi}] are empty; min must be below max")
    s = (value - lo) / (hi - lo) if direction == "higher" else (hi - value) / (hi - lo)
    return float(min(max(s, 0.0), 1.0))


def normalise_frame(
    data: pd.DataFrame,
    directions: Mapping[str, str],
    *,
    method: Literal["minmax", "target", "zscore"] = "minmax",
    targets: Mapping[str, float] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Normalise the columns of a units × indicators table.

    - ``minmax``: over the units (or over ``bounds`` where given) to [0, 1];
    - ``target``: :func:`normalise_target` per cell, to [0, 1];
    - ``zscore``: (x − x̄)/s, sign flipped for lower-is-better; unbounded.
    """
    cols = list(directions)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise InvalidInput(f"no column {missing[0]!r} in the data", where=Where(column=missing[0]))
    X = data[cols].astype(float)
    higher = np.array([directions[c] == "higher" for c in cols])
    if method == "minmax":
        if bounds:
            out = pd.DataFrame(
                {
                    c: [
                        normalise_minmax(v, *bounds[c], directions[c]) if c in bounds else np.nan
                        for v in X[c]
                    ]
                    for c in cols
                },
                index=X.index,
            )
            rest = [c for c in cols if c not in bounds]
            if rest:
                out[rest] = normalise_frame(X[rest], {c: directions[c] for c in rest})
            return out
        return pd.DataFrame(minmax_matrix(X.to_numpy(), higher), index=X.index, columns=cols)
    if method == "target":
        if targets is None:
            raise InvalidInput("target-based normalisation needs the targets")
        b = bounds or {}
        return pd.DataFrame(
            {
                c: [normalise_target(v, targets[c], directions[c], b.get(c)) for v in X[c]]
                for c in cols
            },
            index=X.index,
        )
    if method == "zscore":
        sd = X.std(ddof=1)
        if (sd == 0).any():
            raise ComputationError(f"column {sd[sd == 0].index[0]} is constant; no z-score")
        Z = (X - X.mean()) / sd
        return Z * np.where(higher, 1.0, -1.0)
    raise InvalidInput(f"unknown normalisation {method!r}; allowed: minmax, target, zscore")


# --------------------------------------------------------------------- roll-up, RAG


@dataclass(frozen=True)
class NodeScore:
    """One node of a scored system."""

    code: str
    name: str
    depth: int
    parent: str | None
    is_indicator: bool
    weight: float  # local
    global_weight: float
    score: float | None  # 0–100
    previous_score: float | None
    value: float | None
    previous: float | None
    target: float | None
    unit: str | None
    direction: str | None
    status: Status | None
    change: float | None  # value − previous for indicators; score − previous score above
    coverage: float  # share of the node's weight that had data

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class Shortfall:
    """An indicator short of its target, ready for an improvement action (R-IND-9)."""

    code: str
    name: str
    value: float
    target: float
    gap: float  # value − target (negative = short when higher is better)
    status: Status
    points_lost: float  # global weight × (100 − score): what closing it adds to the index
    owner: str | None
    stage: str | None
    servqual: str | None
    quality: str | None
    requirements: tuple[str, ...]
    change: float | None

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["requirements"] = list(self.requirements)
        return d


@dataclass(frozen=True)
class Scorecard:
    system: str
    version: str
    method: str
    overall: float | None
    previous_overall: float | None
    nodes: tuple[NodeScore, ...]
    short: tuple[Shortfall, ...]
    missing: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "version": self.version,
            "method": self.method,
            "overall": self.overall,
            "previous_overall": self.previous_overall,
            "nodes": [n.as_dict() for n in self.nodes],
            "short": [s.as_dict() for s in self.short],
            "missing": list(self.missing),
        }


def indicator_score(node: Node, value: float, method: Method = "target") -> float:
    """The [0, 1] score of one indicator's value under ``method``."""
    if node.direction is None:
        raise InvalidInput(f"indicator {node.code} has no direction")
    b = (node.bounds.min, node.bounds.max) if node.bounds else None
    if method == "target":
        if node.target is None:
            raise InvalidInput(f"indicator {node.code} has no target")
        return normalise_target(value, node.target, node.direction, b)
    if method == "minmax":
        if b is None:
            raise InvalidInput(
                f"min–max scoring needs bounds for {node.code}; add bounds: {{min, max}} "
                "or score with --method target"
            )
        return normalise_minmax(value, b[0], b[1], node.direction)
    raise InvalidInput(f"unknown scoring method {method!r}; allowed: target, minmax")


def _rollup(
    system: IndicatorSystem, values: Mapping[str, float], method: Method
) -> tuple[dict[str, float | None], dict[str, float]]:
    local = system.local_weights()
    scores: dict[str, float | None] = {}
    coverage: dict[str, float] = {}

    def rec(node: Node) -> float | None:
        if node.is_indicator:
            v = values.get(node.code)
            s = None if v is None or not node.scored else 100.0 * indicator_score(node, v, method)
            scores[node.code] = s
            coverage[node.code] = 1.0 if s is not None else 0.0
            return s
        num = den = total = 0.0
        for child in node.children:
            cs = rec(child)
            w = local.get(child.code, 0.0)
            total += w
            if cs is not None and w > 0:
                num += w * cs
                den += w
        s = num / den if den > 0 else None
        scores[node.code] = s
        coverage[node.code] = den / total if total > 0 else 0.0
        return s

    rec(system.tree)
    return scores, coverage


def _check_values(system: IndicatorSystem, values: Mapping[str, float], what: str) -> None:
    leaves = {n.code for n in system.indicators()}
    problems = []
    for code, v in values.items():
        if code not in leaves:
            problems.append(
                Problem(
                    f"{what}: {code!r} is not an indicator of {system.id} {system.version}",
                    Where(field=code),
                    code="unknown_indicator",
                )
            )
        elif v is None or not math.isfinite(float(v)):
            problems.append(
                Problem(f"{what}: the value of {code} is not a number", Where(field=code))
            )
    if problems:
        raise ValidationFailed(problems, source=what)


def score_system(
    system: IndicatorSystem,
    values: Mapping[str, float],
    previous: Mapping[str, float] | None = None,
    *,
    method: Method = "target",
    lang: str = "en",
) -> Scorecard:
    r"""Score one period: every indicator normalised (``target`` or ``minmax``), rolled up
    with the local weights into dimension scores and the overall index (0–100).

    score(node) = Σ_c w_c score(c) / Σ_c w_c over the children c that have data (a missing
    indicator is reported in ``missing`` and the ``coverage`` of its ancestors falls; the
    others' weights are rescaled). Indicators get RAG status from their thresholds on the
    actual value, dimensions from ``index_thresholds`` on their score.
    """
    _check_values(system, values, "values")
    if previous:
        _check_values(system, previous, "previous")
    scores, coverage = _rollup(system, values, method)
    prev_scores: dict[str, float | None] = {}
    if previous:
        prev_scores, _ = _rollup(system, previous, method)
    local = system.local_weights()
    glob = system.global_weights()
    th = system.index_thresholds
    nodes: list[NodeScore] = []
    short: list[Shortfall] = []
    missing: list[str] = []
    for placed in system.walk():
        n = placed.node
        s = scores.get(n.code)
        ps = prev_scores.get(n.code)
        if n.is_indicator:
            v = values.get(n.code)
            pv = (previous or {}).get(n.code)
            status = n.status(v) if n.scored else None
            change = (v - pv) if v is not None and pv is not None else None
            if v is None and n.scored:
                missing.append(n.code)
        else:
            v = pv = None
            status = (
                None
                if s is None
                else "green"
                if s >= th.green
                else "amber"
                if s >= th.amber
                else "red"
            )
            change = (s - ps) if s is not None and ps is not None else None
        nodes.append(
            NodeScore(
                code=n.code,
                name=n.name.get(lang),
                depth=placed.depth,
                parent=placed.parent.code if placed.parent else None,
                is_indicator=n.is_indicator,
                weight=local.get(n.code, 0.0),
                global_weight=glob.get(n.code, 0.0),
                score=s,
                previous_score=ps,
                value=v,
                previous=pv,
                target=n.target,
                unit=n.unit,
                direction=n.direction,
                status=status,
                change=change,
                coverage=coverage.get(n.code, 0.0),
            )
        )
        if n.is_indicator and v is not None and n.target is not None and status in ("amber", "red"):
            short.append(
                Shortfall(
                    code=n.code,
                    name=n.name.get(lang),
                    value=v,
                    target=n.target,
                    gap=v - n.target,
                    status=status,
                    points_lost=glob.get(n.code, 0.0) * (100.0 - (s if s is not None else 0.0)),
                    owner=n.owner,
                    stage=n.stage,
                    servqual=n.servqual,
                    quality=n.quality,
                    requirements=tuple(n.requirements),
                    change=change,
                )
            )
    short.sort(key=lambda x: (x.status != "red", -x.points_lost))
    return Scorecard(
        system=system.id,
        version=system.version,
        method=method,
        overall=scores.get(system.tree.code),
        previous_overall=prev_scores.get(system.tree.code),
        nodes=tuple(nodes),
        short=tuple(short),
        missing=tuple(missing),
    )


def read_values(path: str | Path) -> tuple[dict[str, float], dict[str, float]]:
    """A period's indicator values from a table with columns ``code``, ``value`` and,
    optionally, ``previous`` (the previous period). Empty cells are missing."""
    from serviq.tables import read_table, sheet_row

    df = read_table(path, columns=["code", "value"])
    values: dict[str, float] = {}
    previous: dict[str, float] = {}
    problems = []
    for i, row in enumerate(df.itertuples(index=False)):
        code = str(row.code).strip()
        if code in values:
            problems.append(
                Problem(
                    f"indicator {code} appears twice",
                    Where(file=str(path), row=sheet_row(i), column="code"),
                )
            )
        for col, target in (("value", values), ("previous", previous)):
            if col not in df.columns:
                continue
            raw = getattr(row, col)
            if raw is None or (isinstance(raw, float) and math.isnan(raw)) or raw == "":
                continue
            try:
                target[code] = float(raw)
            except (TypeError, ValueError):
                problems.append(
                    Problem(
                        f"{raw!r} is not a number",
                        Where(file=str(path), row=sheet_row(i), column=col),
                    )
                )
    if problems:
        raise ValidationFailed(problems, source=str(path))
    return values, previous


# ------------------------------------------------------- fuzzy comprehensive evaluation

Operator = Literal["weighted_average", "min_max", "product_max", "min_bounded_sum"]

OPERATOR_NAMES: dict[str, str] = {
    "weighted_average": "M(·,⊕): b_j = min(1, Σ_i a_i r_ij) — weighted average (加權平均型)",
    "min_max": "M(∧,∨): b_j = max_i min(a_i, r_ij) — main factor decides (主因素決定型)",
    "product_max": "M(·,∨): b_j = max_i a_i r_ij — main factor stands out (主因素突出型)",
    "min_bounded_sum": "M(∧,⊕): b_j = min(1, Σ_i min(a_i, r_ij)) (取小上界和型)",
}


@dataclass(frozen=True)
class FuzzyResult:
    """B = A ∘ R and what it says."""

    operator: str
    factors: tuple[str, ...]
    grades: tuple[str, ...]
    weights: tuple[float, ...]
    membership: tuple[tuple[float, ...], ...]
    raw: tuple[float, ...]  # b_j before normalisation
    vector: tuple[float, ...]  # b_j / Σ b_k
    grade: str  # maximum membership
    score: float | None  # Σ_j vector_j · grade value, if grade values are given

    def as_dict(self) -> dict[str, Any]:
        return {
            "operator": self.operator,
            "operator_name": OPERATOR_NAMES[self.operator],
            "factors": list(self.factors),
            "grades": list(self.grades),
            "weights": list(self.weights),
            "membership": [list(r) for r in self.membership],
            "raw": list(self.raw),
            "vector": list(self.vector),
            "grade": self.grade,
            "score": self.score,
        }


def membership_from_ratings(
    ratings: pd.DataFrame, items: Sequence[str], levels: Sequence[Any]
) -> pd.DataFrame:
    """The membership matrix R: for each item (row) the share of its valid answers at each
    level (column). Answers outside ``levels`` or empty are ignored.

    >>> df = pd.DataFrame({"q": [5, 5, 4, 3]})
    >>> membership_from_ratings(df, ["q"], [5, 4, 3, 2, 1]).loc["q"].tolist()
    [0.5, 0.25, 0.25, 0.0, 0.0]
    """
    missing = [c for c in items if c not in ratings.columns]
    if missing:
        raise InvalidInput(
            f"no column {missing[0]!r} in the ratings", where=Where(column=missing[0])
        )
    rows = {}
    for item in items:
        col = ratings[item].dropna()
        valid = col[col.isin(list(levels))]
        if valid.empty:
            raise InvalidInput(
                f"item {item} has no answers on the levels {list(levels)}", where=Where(column=item)
            )
        counts = valid.value_counts()
        rows[item] = [float(counts.get(lv, 0)) / len(valid) for lv in levels]
    return pd.DataFrame.from_dict(rows, orient="index", columns=[str(lv) for lv in levels])


def fuzzy_evaluate(
    weights: Sequence[float],
    membership: Sequence[Sequence[float]] | pd.DataFrame,
    *,
    operator: Operator = "weighted_average",
    grades: Sequence[str] | None = None,
    grade_values: Sequence[float] | None = None,
    factors: Sequence[str] | None = None,
) -> FuzzyResult:
    r"""Fuzzy comprehensive evaluation B = A ∘ R (Zadeh 1965; Wang Peizhuang 1983).

    A is the weight vector of the n factors, R the n × m membership matrix (row i: how
    factor i's ratings spread over the m grades). The operator (see
    :data:`OPERATOR_NAMES`) composes them; B is normalised to sum 1, the grade with the
    largest membership is reported, and with ``grade_values`` (e.g. 100, 80, 60, 40, 20)
    the score is B·values. For several levels, evaluate each dimension and stack the B
    vectors as the rows of the next level's R.
    """
    if isinstance(membership, pd.DataFrame):
        factors = factors or [str(i) for i in membership.index]
        grades = grades or [str(c) for c in membership.columns]
        R = membership.to_numpy(dtype=float)
    else:
        R = np.asarray(membership, dtype=float)
    A = np.asarray(weights, dtype=float)
    if R.ndim != 2 or A.shape != (R.shape[0],):
        raise InvalidInput(
            f"{A.size} weights for a membership matrix of {R.shape[0] if R.ndim == 2 else '?'} "
            "rows; give one weight per factor"
        )
    if np.any(R < 0) or np.any(R > 1 + 1e-9) or np.any(A < 0):
        raise InvalidInput("memberships must lie in [0, 1] and weights must be non-negative")
    n, m = R.shape
    grades = list(grades) if grades is not None else [f"V{j + 1}" for j in range(m)]
    factors = list(factors) if factors is not None else [f"U{i + 1}" for i in range(n)]
    if len(grades) != m or len(factors) != n:
        raise InvalidInput("give one name per grade (column) and per factor (row)")
    if operator == "weighted_average":
        B = np.minimum(1.0, A @ R)
    elif operator == "min_max":
        B = np.minimum(A[:, None], R).max(axis=0)
    elif operator == "product_max":
        B = (A[:, None] * R).max(axis=0)
    elif operator == "min_bounded_sum":
        B = np.minimum(1.0, np.minimum(A[:, None], R).sum(axis=0))
    else:
        raise InvalidInput(f"unknown operator {operator!r}; allowed: {', '.join(OPERATOR_NAMES)}")
    total = B.sum()
    if total <= 0:
        raise ComputationError("the evaluation vector is all zero; check weights and memberships")
    vec = B / total
    score = None
    if grade_values is not None:
        gv = np.asarray(grade_values, dtype=float)
        if gv.shape != (m,):
            raise InvalidInput(f"give {m} grade values, one per grade")
        score = float(vec @ gv)
    return FuzzyResult(
        operator=operator,
        factors=tuple(factors),
        grades=tuple(grades),
        weights=tuple(float(x) for x in A),
        membership=tuple(tuple(float(x) for x in r) for r in R),
        raw=tuple(float(x) for x in B),
        vector=tuple(float(x) for x in vec),
        grade=grades[int(np.argmax(B))],
        score=score,
    )


# ------------------------------------------------------------------------------ TOPSIS


def topsis(
    data: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, str] | None = None,
    *,
    normalisation: Literal["vector", "minmax"] = "vector",
) -> pd.DataFrame:
    r"""Rank units (rows) by TOPSIS (Hwang & Yoon 1981).

    r_ij = x_ij / √(Σ_i x_ij²) (vector normalisation) or min–max; v_ij = w_j r_ij;
    the ideal A⁺ takes the best v of each column (max for higher-is-better, min for lower),
    the anti-ideal A⁻ the worst; D_i^± = ‖v_i − A^±‖₂; closeness C_i = D_i⁻/(D_i⁺ + D_i⁻).
    Returns a table indexed like ``data`` with ``d_plus``, ``d_minus``, ``closeness`` and
    ``rank`` (1 = best), sorted by rank.
    """
    cols = list(weights)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise InvalidInput(f"no column {missing[0]!r} in the data", where=Where(column=missing[0]))
    X = data[cols].astype(float).to_numpy()
    if np.isnan(X).any():
        raise InvalidInput("TOPSIS needs a complete matrix; fill or drop the empty cells")
    dirs = dict(directions or {})
    higher = np.array([dirs.get(c, "higher") == "higher" for c in cols])
    w = np.array([weights[c] for c in cols], dtype=float)
    if np.any(w < 0) or w.sum() <= 0:
        raise InvalidInput("TOPSIS weights must be non-negative and not all zero")
    w = w / w.sum()
    if normalisation == "vector":
        norm = np.sqrt((X**2).sum(axis=0))
        if np.any(norm == 0):
            raise ComputationError("a column is all zero; vector normalisation is undefined")
        R = X / norm
        V = R * w
        best = np.where(higher, V.max(axis=0), V.min(axis=0))
        worst = np.where(higher, V.min(axis=0), V.max(axis=0))
    elif normalisation == "minmax":
        V = minmax_matrix(X, higher) * w
        best, worst = V.max(axis=0), V.min(axis=0)
    else:
        raise InvalidInput(f"unknown normalisation {normalisation!r}; allowed: vector, minmax")
    d_plus = np.sqrt(((V - best) ** 2).sum(axis=1))
    d_minus = np.sqrt(((V - worst) ** 2).sum(axis=1))
    denom = d_plus + d_minus
    closeness = np.divide(d_minus, denom, out=np.full_like(denom, 0.5), where=denom > 0)
    out = pd.DataFrame(
        {"d_plus": d_plus, "d_minus": d_minus, "closeness": closeness}, index=data.index
    )
    out["rank"] = out["closeness"].rank(ascending=False, method="min").astype(int)
    return out.sort_values("rank")


# ------------------------------------------------------------------ several units at once


def score_units(
    system: IndicatorSystem, data: pd.DataFrame, *, method: Method = "target"
) -> pd.DataFrame:
    """Scores (0–100) of every node for several units (teams, branches, periods).

    ``data`` has one row per unit (its index names the unit) and one column per indicator
    code; empty cells are missing values. Returns one row per unit and one column per node
    (the root's column is the overall index).
    """
    _check_values(system, {c: 0.0 for c in data.columns}, "columns")
    rows = {}
    for unit, row in data.iterrows():
        values = {str(k): float(v) for k, v in row.items() if pd.notna(v)}
        scores, _ = _rollup(system, values, method)
        rows[unit] = scores
    out = pd.DataFrame.from_dict(rows, orient="index")
    return out[[p.node.code for p in system.walk()]]


def rank_units(system: IndicatorSystem, data: pd.DataFrame) -> pd.DataFrame:
    """Rank units by TOPSIS on their indicator values, with the system's global weights
    and directions, next to their index score (:func:`score_units`).

    Only the scored indicators present as columns take part; their global weights are
    rescaled to sum 1. TOPSIS needs a complete matrix.
    """
    leaves = {n.code: n for n in system.indicators() if n.scored and n.code in data.columns}
    if not leaves:
        raise InvalidInput(f"none of the columns is a scored indicator of {system.id}")
    glob = system.global_weights()
    ranked = topsis(
        data[list(leaves)],
        {c: glob[c] for c in leaves},
        {c: n.direction or "higher" for c, n in leaves.items()},
    )
    ranked["index"] = score_units(system, data[list(leaves)])[system.tree.code]
    return ranked
