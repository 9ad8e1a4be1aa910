"""Weights of indicators: AHP (subjective), entropy, CRITIC and coefficient of variation
(objective), their combination, and weights given directly by experts.

Every function returns a frozen result that keeps the method, its inputs and its
diagnostics next to the weights they produced, so that an indicator system can say where
each weight came from (R-IND-5, R-IND-7).

References
----------
- Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill. (eigenvector method,
  λmax, CI = (λmax − n)/(n − 1), CR = CI/RI, the 10 % rule, random-index table "saaty1980").
- Saaty, T. L. (2008). Decision making with the analytic hierarchy process.
  *Int. J. Services Sciences* 1(1), 83–98. (random-index table "saaty2008", the drinks example).
- Crawford, G. & Williams, C. (1985). A note on the analysis of subjective judgment
  matrices. *J. Math. Psychology* 29, 387–405. (geometric-mean / row-geometric-mean priorities).
- Forman, E. & Peniwati, K. (1998). Aggregating individual judgments and priorities with the
  AHP. *EJOR* 108, 165–169. (AIJ and AIP group aggregation).
- Shannon entropy weights: e.g. Zeleny (1982); Xu, X. (2004) EJOR 156, 530–532.
- Diakoulaki, D., Mavrotas, G., Papayannakis, L. (1995). Determining objective weights in
  multiple criteria problems: the CRITIC method. *Computers & OR* 22(7), 763–770.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from serviq.errors import ComputationError, InvalidInput, Where

Direction = Literal["higher", "lower"]
RIName = Literal["saaty1980", "saaty2008"]
AHPMethod = Literal["eigen", "geometric"]

#: Saaty's random consistency indices, by matrix order n (index 0 is n = 1).
#: "saaty1980": Saaty (1980), The Analytic Hierarchy Process, table 1.7 (n = 1…15).
#: "saaty2008": Saaty (2008), Int. J. Services Sciences 1(1), table 2 (n = 1…10), continued
#: for n = 11…15 with Saaty (2005), Theory and Applications of the ANP, p. 31.
RANDOM_INDEX: dict[str, tuple[float, ...]] = {
    "saaty1980": (
        0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
    ),
    "saaty2008": (
        0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59,
    ),
}  # fmt: skip

#: The fundamental scale of absolute numbers (Saaty 2008, table 1) and its reciprocals.
SAATY_SCALE: tuple[float, ...] = tuple(sorted({*range(1, 10), *(1 / k for k in range(2, 10))}))

#: Saaty's rule: judgements are acceptable when CR < 0.1 (n ≥ 5; 0.05 for n = 3 and 0.08 for
#: n = 4 are stricter variants we do not apply by default).
CR_LIMIT = 0.1


@dataclass(frozen=True)
class Judgement:
    """One pairwise judgement and how far it is from what the priorities imply."""

    row: str
    column: str
    value: float
    implied: float  # w_row / w_column
    suggested: float  # the nearest value of Saaty's scale to ``implied``
    deviation: float  # |ln(value · w_column / w_row)|

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "implied": self.implied,
            "suggested": self.suggested,
            "deviation": self.deviation,
        }


@dataclass(frozen=True)
class AHPResult:
    """Priorities of one pairwise-comparison matrix, with Saaty's consistency diagnostics."""

    items: tuple[str, ...]
    weights: dict[str, float]
    method: str
    lambda_max: float
    ci: float
    ri: float
    ri_table: str
    cr: float
    consistent: bool
    worst_judgements: tuple[Judgement, ...]
    matrix: tuple[tuple[float, ...], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": f"ahp_{self.method}",
            "items": list(self.items),
            "weights": dict(self.weights),
            "lambda_max": self.lambda_max,
            "ci": self.ci,
            "cr": self.cr,
            "ri": self.ri,
            "ri_table": self.ri_table,
            "consistent": self.consistent,
            "worst_judgements": [j.as_dict() for j in self.worst_judgements],
            "matrix": [list(r) for r in self.matrix],
        }


@dataclass(frozen=True)
class GroupAHPResult:
    """Priorities of several experts' matrices, aggregated (AIJ or AIP)."""

    items: tuple[str, ...]
    weights: dict[str, float]
    aggregation: str  # "aij" (judgements) or "aip" (priorities)
    expert_weights: tuple[float, ...]
    individual: tuple[AHPResult, ...]
    combined: AHPResult | None  # the AHP of the aggregated matrix (AIJ only)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": f"ahp_group_{self.aggregation}",
            "items": list(self.items),
            "weights": dict(self.weights),
            "expert_weights": list(self.expert_weights),
            "individual": [r.as_dict() for r in self.individual],
            "combined": self.combined.as_dict() if self.combined else None,
        }


@dataclass(frozen=True)
class WeightResult:
    """Weights with the method that produced them, its inputs and its diagnostics."""

    method: str
    weights: dict[str, float]
    inputs: dict[str, Any] = field(default_factory=dict)
    diagnostics: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "weights": dict(self.weights),
            "inputs": self.inputs,
            "diagnostics": self.diagnostics,
        }


# --------------------------------------------------------------------------- AHP


def _names(n: int, items: Sequence[str] | None) -> tuple[str, ...]:
    if items is None:
        return tuple(f"C{i + 1}" for i in range(n))
    if len(items) != n:
        raise InvalidInput(f"{len(items)} item names for a {n}×{n} matrix; give one name per row")
    if len(set(items)) != len(items):
        raise InvalidInput("item names repeat; give each row a different name")
    return tuple(str(i) for i in items)


def check_pairwise(
    matrix: Sequence[Sequence[float]] | np.ndarray,
    items: Sequence[str] | None = None,
    *,
    tolerance: float = 0.02,
    file: str | None = None,
) -> np.ndarray:
    """Validate a pairwise-comparison matrix: square, positive, a_ii = 1, a_ji = 1/a_ij.

    The reciprocal check allows a relative ``tolerance`` so that ``0.333`` passes for 1/3.
    The returned matrix has its lower triangle set exactly to the reciprocals of the upper.
    """
    try:
        A = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError):
        raise InvalidInput(
            "the matrix has a cell that is not a number", where=Where(file=file)
        ) from None
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
        raise InvalidInput(
            f"a pairwise-comparison matrix must be square; got shape {A.shape}",
            where=Where(file=file),
        )
    names = _names(A.shape[0], items)
    if not np.all(np.isfinite(A)) or np.any(A <= 0):
        i, j = np.argwhere(~np.isfinite(A) | (A <= 0))[0]
        raise InvalidInput(
            f"judgement {names[i]} vs {names[j]} is {A[i, j]}; every judgement must be a "
            "positive number (Saaty's scale 1/9 … 9)",
            where=Where(file=file, row=int(i) + 1, column=names[j]),
        )
    n = A.shape[0]
    for i in range(n):
        if abs(A[i, i] - 1) > tolerance:
            raise InvalidInput(
                f"the diagonal cell {names[i]} vs {names[i]} is {A[i, i]}; it must be 1",
                where=Where(file=file, row=i + 1, column=names[i]),
            )
        for j in range(i + 1, n):
            if abs(A[i, j] * A[j, i] - 1) > tolerance:
                raise InvalidInput(
                    f"the matrix is not reciprocal: {names[i]} vs {names[j]} is {A[i, j]:g} "
                    f"but {names[j]} vs {names[i]} is {A[j, i]:g}; it should be "
                    f"{1 / A[i, j]:.4g}",
                    where=Where(file=file, row=j + 1, column=names[i]),
                )
    B = A.copy()
    for i in range(n):
        B[i, i] = 1.0
        for j in range(i + 1, n):
            B[j, i] = 1.0 / B[i, j]
    return B


def random_index(n: int, table: RIName = "saaty1980") -> float:
    """Saaty's random index RI for a matrix of order ``n`` from the named table."""
    if table not in RANDOM_INDEX:
        raise InvalidInput(f"unknown random-index table {table!r}; allowed: saaty1980, saaty2008")
    values = RANDOM_INDEX[table]
    if n > len(values):
        raise InvalidInput(
            f"the {table} random-index table stops at n = {len(values)}; a {n}×{n} matrix is "
            "too large to judge consistently — split the items into clusters"
        )
    return values[n - 1]


def _eigen_priorities(A: np.ndarray) -> tuple[np.ndarray, float]:
    values, vectors = np.linalg.eig(A)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    if w.sum() <= 0:  # pragma: no cover - Perron vector of a positive matrix is positive
        raise ComputationError("the principal eigenvector could not be computed")
    return w / w.sum(), float(values[k].real)


def _geometric_priorities(A: np.ndarray) -> tuple[np.ndarray, float]:
    g = np.exp(np.log(A).mean(axis=1))
    w = g / g.sum()
    lam = float(np.mean((A @ w) / w))
    return w, lam


def _nearest_scale(x: float) -> float:
    return min(SAATY_SCALE, key=lambda s: abs(math.log(s) - math.log(x)))


def ahp(
    matrix: Sequence[Sequence[float]] | np.ndarray,
    items: Sequence[str] | None = None,
    *,
    method: AHPMethod = "eigen",
    ri: RIName = "saaty1980",
    worst: int = 3,
    file: str | None = None,
) -> AHPResult:
    r"""Priorities of a reciprocal pairwise-comparison matrix A (Saaty 1980).

    - ``method="eigen"``: w is the principal right eigenvector of A, normalised to sum 1;
      λmax its eigenvalue.
    - ``method="geometric"``: w_i ∝ (Π_j a_ij)^{1/n} (row geometric mean); λmax is then
      estimated as mean_i (A w)_i / w_i.

    CI = (λmax − n)/(n − 1), CR = CI/RI(n); the judgements are ``consistent`` when CR < 0.1
    (n ≤ 2 is always consistent). ``worst_judgements`` lists the pairs with the largest
    |ln(a_ij w_j / w_i)|, with the value the priorities imply and the nearest value on
    Saaty's 1–9 scale: revising these first lowers CR the most (Saaty 2003, EJOR 145).

    >>> r = ahp([[1, 3], [1/3, 1]], ["a", "b"])
    >>> round(r.weights["a"], 2), r.cr
    (0.75, 0.0)
    """
    if method not in ("eigen", "geometric"):
        raise InvalidInput(f"unknown AHP method {method!r}; allowed: eigen, geometric")
    A = check_pairwise(matrix, items, file=file)
    names = _names(A.shape[0], items)
    n = A.shape[0]
    RI = random_index(n, ri)
    w, lam = _eigen_priorities(A) if method == "eigen" else _geometric_priorities(A)
    if n <= 2:
        ci = cr = 0.0
        lam = float(n) if n == 2 else 1.0
    else:
        ci = max((lam - n) / (n - 1), 0.0)
        cr = ci / RI
    judgements = []
    for i in range(n):
        for j in range(i + 1, n):
            implied = float(w[i] / w[j])
            dev = abs(math.log(A[i, j] / implied))
            judgements.append(
                Judgement(names[i], names[j], float(A[i, j]), implied, _nearest_scale(implied), dev)
            )
    judgements.sort(key=lambda jd: -jd.deviation)
    consistent = cr < CR_LIMIT
    return AHPResult(
        items=names,
        weights={k: float(v) for k, v in zip(names, w, strict=True)},
        method=method,
        lambda_max=float(lam),
        ci=float(ci),
        ri=RI,
        ri_table=ri,
        cr=float(cr),
        consistent=consistent,
        worst_judgements=tuple(judgements[:worst]) if not consistent else (),
        matrix=tuple(tuple(float(x) for x in row) for row in A),
    )


def _expert_weights(k: int, expert_weights: Sequence[float] | None) -> np.ndarray:
    if expert_weights is None:
        return np.full(k, 1.0 / k)
    ew = np.asarray(expert_weights, dtype=float)
    if ew.shape != (k,) or np.any(ew < 0) or ew.sum() <= 0:
        raise InvalidInput(
            f"give one non-negative weight per expert ({k} experts); got {list(expert_weights)}"
        )
    return ew / ew.sum()


def ahp_group(
    matrices: Sequence[Sequence[Sequence[float]] | np.ndarray],
    items: Sequence[str] | None = None,
    *,
    aggregation: Literal["aij", "aip"] = "aij",
    expert_weights: Sequence[float] | None = None,
    method: AHPMethod = "eigen",
    ri: RIName = "saaty1980",
) -> GroupAHPResult:
    r"""Combine several experts' judgements (Forman & Peniwati 1998).

    - AIJ (aggregation of individual judgements): a_ij = Π_k a_ij^{(k) λ_k}, the weighted
      geometric mean of the judgements, then AHP of the combined matrix; the only way that
      keeps the reciprocal property (Aczél & Saaty 1983).
    - AIP (aggregation of individual priorities): w_i ∝ Π_k w_i^{(k) λ_k}, normalised.

    ``expert_weights`` λ_k default to equal.
    """
    if not matrices:
        raise InvalidInput("no expert matrices given")
    checked = [check_pairwise(m, items) for m in matrices]
    n = checked[0].shape[0]
    if any(m.shape != (n, n) for m in checked):
        raise InvalidInput("the experts' matrices have different sizes; compare the same items")
    names = _names(n, items)
    lam = _expert_weights(len(checked), expert_weights)
    individual = tuple(ahp(m, names, method=method, ri=ri) for m in checked)
    if aggregation == "aij":
        logs = sum(lk * np.log(m) for lk, m in zip(lam, checked, strict=True))
        combined = ahp(np.exp(logs), names, method=method, ri=ri)
        weights = dict(combined.weights)
    elif aggregation == "aip":
        combined = None
        W = np.array([[r.weights[k] for k in names] for r in individual])
        g = np.exp((lam[:, None] * np.log(W)).sum(axis=0))
        weights = {k: float(v) for k, v in zip(names, g / g.sum(), strict=True)}
    else:
        raise InvalidInput(f"unknown aggregation {aggregation!r}; allowed: aij, aip")
    return GroupAHPResult(
        items=names,
        weights=weights,
        aggregation=aggregation,
        expert_weights=tuple(float(x) for x in lam),
        individual=individual,
        combined=combined,
    )


def global_weights(local: Mapping[str, Mapping[str, float]], root: str) -> dict[str, float]:
    """Global weights of every node of a hierarchy from the local weights of each parent.

    ``local`` maps a parent to {child: local weight}; a node's global weight is the
    product of the local weights on its path from ``root`` (Saaty 1980, hierarchic
    composition). Leaves reached by several paths add up (as in AHP synthesis).

    >>> g = global_weights({"G": {"A": 0.6, "B": 0.4}, "A": {"x": 0.5, "y": 0.5}}, "G")
    >>> {k: round(v, 12) for k, v in sorted(g.items())}
    {'A': 0.6, 'B': 0.4, 'G': 1.0, 'x': 0.3, 'y': 0.3}
    """
    out: dict[str, float] = {root: 1.0}

    def walk(node: str, w: float, path: tuple[str, ...]) -> None:
        for child, lw in local.get(node, {}).items():
            if child in path:
                raise InvalidInput(f"the hierarchy has a cycle: {' > '.join((*path, child))}")
            gw = w * float(lw)
            out[child] = out.get(child, 0.0) + gw
            walk(child, gw, (*path, child))

    walk(root, 1.0, (root,))
    return out


# ---------------------------------------------------------------- objective weights


def _matrix(
    data: pd.DataFrame, columns: Sequence[str] | None
) -> tuple[np.ndarray, tuple[str, ...]]:
    cols = tuple(columns) if columns else tuple(str(c) for c in data.columns)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise InvalidInput(
            f"no column {missing[0]!r}; the data have: {', '.join(map(str, data.columns))}",
            where=Where(column=missing[0]),
        )
    frame = data[list(cols)]
    try:
        X = frame.apply(pd.to_numeric, errors="raise").to_numpy(dtype=float)
    except (TypeError, ValueError):
        bad = next(c for c in cols if pd.to_numeric(data[c], errors="coerce").isna().any())
        raise InvalidInput(
            f"column {bad!r} has values that are not numbers", where=Where(column=bad)
        ) from None
    if np.isnan(X).any():
        bad = cols[int(np.argwhere(np.isnan(X))[0][1])]
        raise InvalidInput(
            f"column {bad!r} has empty cells; objective weights need a complete matrix — "
            "fill or drop those rows",
            where=Where(column=bad),
        )
    if X.shape[0] < 2:
        raise InvalidInput("objective weights need at least two rows (units or periods)")
    return X, cols


def _directions(cols: Sequence[str], directions: Mapping[str, str] | None) -> np.ndarray:
    directions = dict(directions or {})
    unknown = set(directions) - set(cols)
    if unknown:
        raise InvalidInput(f"direction given for unknown column(s): {', '.join(sorted(unknown))}")
    bad = {k: v for k, v in directions.items() if v not in ("higher", "lower")}
    if bad:
        k, v = next(iter(bad.items()))
        raise InvalidInput(f"direction of {k} is {v!r}; allowed: higher, lower")
    return np.array([directions.get(c, "higher") == "higher" for c in cols])


def minmax_matrix(X: np.ndarray, higher: np.ndarray) -> np.ndarray:
    """Column-wise min–max normalisation to [0, 1]; lower-is-better columns reversed.

    x' = (x − min)/(max − min) when higher is better, (max − x)/(max − min) otherwise; a
    constant column becomes 0.
    """
    lo, hi = X.min(axis=0), X.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    Z = np.where(higher, (X - lo) / span, (hi - X) / span)
    return np.where(hi > lo, Z, 0.0)


def _normalised(
    d: np.ndarray, cols: Sequence[str], what: str, why: str = "every column is constant"
) -> dict[str, float]:
    total = d.sum()
    if not np.isfinite(total) or total <= 0:
        raise ComputationError(
            f"{what}: {why}, so the data cannot tell the indicators apart; "
            "use expert (AHP or direct) weights"
        )
    return {c: float(v) for c, v in zip(cols, d / total, strict=True)}


def entropy(
    data: pd.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    directions: Mapping[str, str] | None = None,
    normalisation: Literal["proportion", "minmax"] = "proportion",
) -> WeightResult:
    r"""Shannon-entropy weights.

    p_ij = x_ij / Σ_i x_ij (``proportion``, the classical form, needs x ≥ 0 and ignores
    direction) or of the min–max normalised matrix with lower-is-better columns reversed
    (``minmax``). e_j = −(1/ln m) Σ_i p_ij ln p_ij (0 ln 0 = 0), d_j = 1 − e_j,
    w_j = d_j / Σ_k d_k.

    Reference: Xu (2004), EJOR 156, 530–532; Zeleny (1982), Multiple Criteria Decision Making.
    """
    X, cols = _matrix(data, columns)
    higher = _directions(cols, directions)
    if normalisation == "minmax":
        Z = minmax_matrix(X, higher)
    elif normalisation == "proportion":
        if np.any(X < 0):
            raise InvalidInput(
                "entropy weights with proportions need non-negative values; "
                "use normalisation='minmax' for data with negative values"
            )
        Z = X
    else:
        raise InvalidInput(f"unknown normalisation {normalisation!r}; allowed: proportion, minmax")
    col_sum = Z.sum(axis=0)
    P = np.divide(Z, col_sum, out=np.zeros_like(Z), where=col_sum > 0)
    m = X.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(P > 0, P * np.log(P), 0.0)
    e = -plogp.sum(axis=0) / math.log(m)
    e = np.where(col_sum > 0, e, 1.0)
    d = np.clip(1.0 - e, 0.0, None)
    return WeightResult(
        method="entropy",
        weights=_normalised(d, cols, "entropy weights"),
        inputs={"columns": list(cols), "rows": m, "normalisation": normalisation,
                "directions": {c: ("higher" if h else "lower") for c, h in zip(cols, higher, strict=True)}},
        diagnostics={"entropy": dict(zip(cols, map(float, e), strict=True)),
                     "divergence": dict(zip(cols, map(float, d), strict=True))},
    )  # fmt: skip


def critic(
    data: pd.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    directions: Mapping[str, str] | None = None,
) -> WeightResult:
    r"""CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995).

    The matrix is min–max normalised (lower-is-better columns reversed); σ_j is the standard
    deviation of column j, r_jk the Pearson correlation between columns;
    C_j = σ_j Σ_k (1 − r_jk) is the information in criterion j; w_j = C_j / Σ_k C_k.
    """
    X, cols = _matrix(data, columns)
    higher = _directions(cols, directions)
    Z = minmax_matrix(X, higher)
    sd = Z.std(axis=0, ddof=1)
    if np.any(sd == 0):
        const = [c for c, s in zip(cols, sd, strict=True) if s == 0]
        raise ComputationError(
            f"CRITIC needs variation in every column; constant: {', '.join(const)} — drop them"
        )
    R = np.corrcoef(Z, rowvar=False)
    conflict = (1.0 - R).sum(axis=0)
    C = sd * conflict
    return WeightResult(
        method="critic",
        weights=_normalised(C, cols, "CRITIC weights", "the columns are perfectly correlated"),
        inputs={"columns": list(cols), "rows": X.shape[0],
                "directions": {c: ("higher" if h else "lower") for c, h in zip(cols, higher, strict=True)}},
        diagnostics={"sd": dict(zip(cols, map(float, sd), strict=True)),
                     "conflict": dict(zip(cols, map(float, conflict), strict=True)),
                     "information": dict(zip(cols, map(float, C), strict=True)),
                     "correlation": [[float(x) for x in row] for row in R]},
    )  # fmt: skip


def coefficient_of_variation(
    data: pd.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    directions: Mapping[str, str] | None = None,
) -> WeightResult:
    r"""Coefficient-of-variation weights: v_j = s_j / |x̄_j|, w_j = v_j / Σ_k v_k.

    Direction does not change v_j; it is accepted for a uniform interface.
    Reference: e.g. Shuai et al. (2012), CCDC, 3889–3892 (their worked example).
    """
    X, cols = _matrix(data, columns)
    _directions(cols, directions)
    mean = X.mean(axis=0)
    if np.any(mean == 0):
        bad = [c for c, m in zip(cols, mean, strict=True) if m == 0]
        raise ComputationError(f"the mean of {', '.join(bad)} is 0; the CV is undefined")
    v = X.std(axis=0, ddof=1) / np.abs(mean)
    return WeightResult(
        method="cv",
        weights=_normalised(v, cols, "coefficient-of-variation weights"),
        inputs={"columns": list(cols), "rows": X.shape[0]},
        diagnostics={"cv": dict(zip(cols, map(float, v), strict=True))},
    )


def combine(
    subjective: Mapping[str, float],
    objective: Mapping[str, float],
    *,
    method: Literal["multiplicative", "linear"] = "multiplicative",
    alpha: float = 0.5,
) -> WeightResult:
    r"""Combine subjective (AHP, expert) and objective (entropy, CRITIC) weights.

    - ``multiplicative``: w_j = s_j o_j / Σ_k s_k o_k.
    - ``linear``: w_j = α s_j + (1 − α) o_j (α is the share of the subjective weights).
    """
    if set(subjective) != set(objective):
        raise InvalidInput(
            "subjective and objective weights name different indicators: "
            + ", ".join(sorted(set(subjective) ^ set(objective)))
        )
    keys = list(subjective)
    s = np.array([subjective[k] for k in keys], dtype=float)
    o = np.array([objective[k] for k in keys], dtype=float)
    if np.any(s < 0) or np.any(o < 0):
        raise InvalidInput("weights must be non-negative")
    s, o = s / s.sum(), o / o.sum()
    if method == "multiplicative":
        w = s * o
    elif method == "linear":
        if not 0 <= alpha <= 1:
            raise InvalidInput(f"alpha is {alpha}; it must be between 0 and 1")
        w = alpha * s + (1 - alpha) * o
    else:
        raise InvalidInput(f"unknown method {method!r}; allowed: multiplicative, linear")
    return WeightResult(
        method=f"combined_{method}",
        weights=_normalised(w, keys, "combined weights"),
        inputs={"subjective": dict(zip(keys, map(float, s), strict=True)),
                "objective": dict(zip(keys, map(float, o), strict=True)), "alpha": alpha},
    )  # fmt: skip


def direct(
    experts: Mapping[str, Mapping[str, float]],
    *,
    expert_weights: Mapping[str, float] | None = None,
) -> WeightResult:
    """Weights given directly by one or more experts (points or percentages).

    Each expert's weights are normalised to sum 1, then averaged (arithmetic mean, weighted
    by ``expert_weights`` if given). The spread between experts (max − min) is kept as a
    diagnostic of agreement.
    """
    if not experts:
        raise InvalidInput("no expert weights given")
    items = list(next(iter(experts.values())))
    rows = []
    for name, ws in experts.items():
        if set(ws) != set(items):
            raise InvalidInput(f"expert {name} weighs different indicators than the others")
        v = np.array([ws[k] for k in items], dtype=float)
        if np.any(v < 0) or v.sum() <= 0:
            raise InvalidInput(f"expert {name}: weights must be non-negative and not all 0")
        rows.append(v / v.sum())
    W = np.array(rows)
    names = list(experts)
    lam = _expert_weights(
        len(names), [expert_weights[n] for n in names] if expert_weights else None
    )
    w = lam @ W
    return WeightResult(
        method="direct",
        weights=_normalised(w, items, "direct weights"),
        inputs={"experts": {n: dict(zip(items, map(float, r), strict=True)) for n, r in zip(names, W, strict=True)},
                "expert_weights": dict(zip(names, map(float, lam), strict=True))},
        diagnostics={"spread": dict(zip(items, map(float, W.max(0) - W.min(0)), strict=True))},
    )  # fmt: skip


def equal(items: Sequence[str]) -> WeightResult:
    """Equal weights 1/n."""
    if not items:
        raise InvalidInput("no items to weigh")
    return WeightResult("equal", {k: 1.0 / len(items) for k in items}, {"items": list(items)})
