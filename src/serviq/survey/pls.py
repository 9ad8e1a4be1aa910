"""PLS path modelling (PLS-PM) for ACSI/ECSI-type satisfaction models.

The algorithm is Lohmöller's (1989) as seminr's ``estimate_pls()`` runs it with its
defaults: every construct a composite estimated in mode A (reflective), the path weighting
inner scheme.

1. Items are standardised (sd with divisor N − 1). Outer weights start at 1 and are
   rescaled so that each construct score ``Y_j = X_j w_j`` has unit variance.
2. Inner proxy ``Z_j = Σ_i e_ji Y_i`` over the constructs adjacent to j: for a
   predecessor i (i → j) e_ji is the coefficient of i in the OLS regression of Y_j on all
   its predecessors; for a successor (j → i) e_ji = cor(Y_j, Y_i). Z_j is standardised.
   (Optional schemes: ``factorial``, e_ji = cor(Y_j, Y_i) for every adjacent i, as
   seminr's ``path_factorial``; ``centroid``, its sign.)
3. Mode A: w_jk = cov(x_jk, Z_j); rescale as in 1. Repeat 2–3 until the sum of squared
   weight changes falls below 1e-12 (seminr stops at 1e-7; the fixed point is the same).
4. Loadings = cor(x_jk, Y_j); path coefficients = OLS of each endogenous score on its
   predecessors; R² and adjusted R² = 1 − (1 − R²)(n − 1)/(n − k − 1).

Reliability per construct: Cronbach's alpha (standardised, from the item correlations,
as seminr prints it), ρ_c and AVE from the loadings (:mod:`serviq.survey.validity`), and
Dijkstra–Henseler's ρ_A = (wᵀw)² · wᵀ(S − diag S)w / wᵀ(wwᵀ − diag(wwᵀ))w with S the
item correlation matrix and w the outer weights. HTMT from the item correlations.

Bootstrap: ``nboot`` resamples of the rows with a seeded generator; percentile intervals
of paths and loadings.

References: Lohmöller, J.-B. (1989) *Latent Variable Path Modeling with Partial Least
Squares*; Tenenhaus, M. et al. (2005) CSDA 48, 159–205; Dijkstra, T. K. & Henseler, J.
(2015) MIS Quarterly 39(2), 297–316; Ray, S., Danks, N. & Calero Valdez, A. seminr
(R package), https://github.com/sem-in-r/seminr.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from serviq.errors import ComputationError, InvalidInput
from serviq.survey.modelspec import ModelSpec
from serviq.survey.validity import ave as _ave
from serviq.survey.validity import composite_reliability, htmt


@dataclass(frozen=True)
class PlsModel:
    """Constructs with their items (mode A), and structural paths (from, to)."""

    blocks: dict[str, list[str]]
    paths: list[tuple[str, str]]

    @classmethod
    def from_spec(cls, spec: ModelSpec) -> PlsModel:
        """Build from lavaan-style text: ``C =~ i1 + i2`` blocks and ``Y ~ X1 + X2`` paths."""
        if spec.covariances:
            raise InvalidInput("a PLS model has no ~~ statements; use =~ and ~ only")
        blocks = {c: [t.name for t in terms] for c, terms in spec.latents.items()}
        if any(t.fixed is not None or t.free for terms in spec.latents.values() for t in terms):
            raise InvalidInput("PLS outer weights are estimated; remove the fixed values (1*x)")
        paths: list[tuple[str, str]] = []
        for lhs, terms in spec.paths:
            for t in terms:
                paths.append((t.name, lhs))
        model = cls(blocks, paths)
        model.check()
        return model

    def check(self) -> None:
        if not self.blocks:
            raise InvalidInput("the model defines no construct (Construct =~ item + item …)")
        if not self.paths:
            raise InvalidInput("the model has no structural path (Outcome ~ Driver + Driver)")
        for a, b in self.paths:
            for c in (a, b):
                if c not in self.blocks:
                    raise InvalidInput(f"{c} is in a path but has no measurement (=~) line")
            if a == b:
                raise InvalidInput(f"a path from {a} to itself")
        # acyclic: repeatedly remove constructs without incoming paths
        remaining = set(self.blocks)
        edges = set(self.paths)
        while remaining:
            roots = {c for c in remaining if not any(b == c and a in remaining for a, b in edges)}
            if not roots:
                raise InvalidInput(
                    f"the structural model has a cycle among {', '.join(sorted(remaining))}"
                )
            remaining -= roots

    @property
    def constructs(self) -> list[str]:
        return list(self.blocks)

    @property
    def items(self) -> list[str]:
        return [i for b in self.blocks.values() for i in b]

    def predecessors(self, c: str) -> list[str]:
        return [a for a, b in self.paths if b == c]

    @property
    def endogenous(self) -> list[str]:
        return [c for c in self.constructs if self.predecessors(c)]


@dataclass(frozen=True)
class PlsResult:
    """A PLS-PM solution with seminr's names."""

    n: int
    iterations: int
    weights: dict[str, dict[str, float]]
    loadings: dict[str, dict[str, float]]
    paths: pd.DataFrame
    """One row per path: from, to, coef (and ci_lower, ci_upper, boot_sd after bootstrap)."""
    r2: dict[str, float]
    adj_r2: dict[str, float]
    alpha: dict[str, float]
    rhoC: dict[str, float]  # noqa: N815 - seminr's name, the CLI's JSON key
    AVE: dict[str, float]
    rhoA: dict[str, float]  # noqa: N815 - seminr's name, the CLI's JSON key
    htmt: pd.DataFrame
    scores: pd.DataFrame = field(repr=False)
    loadings_ci: pd.DataFrame | None = None
    nboot: int = 0
    seed: int | None = None
    scheme: str = "path"

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "iterations": self.iterations,
            "paths": self.paths.to_dict(orient="records"),
            "r2": self.r2,
            "adj_r2": self.adj_r2,
            "alpha": self.alpha,
            "rhoC": self.rhoC,
            "AVE": self.AVE,
            "rhoA": self.rhoA,
            "constructs": {
                c: {
                    "alpha": self.alpha[c],
                    "rhoC": self.rhoC[c],
                    "AVE": self.AVE[c],
                    "rhoA": self.rhoA[c],
                }
                for c in self.alpha
            },
            "weights": self.weights,
            "loadings": self.loadings,
            "loadings_ci": (
                self.loadings_ci.to_dict(orient="records") if self.loadings_ci is not None else None
            ),
            "htmt": {
                str(k): {str(c): float(v) for c, v in row.items()}
                for k, row in self.htmt.iterrows()
            },
            "nboot": self.nboot,
            "seed": self.seed,
            "scheme": self.scheme,
        }


def _standardise(a: np.ndarray) -> np.ndarray:
    sd = a.std(axis=0, ddof=1)
    if np.any(sd == 0):
        raise ComputationError("an item or construct score has no variance")
    return (a - a.mean(axis=0)) / sd


INNER_SCHEMES = ("path", "factorial", "centroid")


def _core(
    Z: np.ndarray,
    model: PlsModel,
    *,
    scheme: str = "path",
    tol: float = 1e-12,
    max_iter: int = 1000,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Outer weights W (items × constructs), scores Y (standardised), path matrix B, iterations."""
    n, _ = Z.shape
    cons = model.constructs
    m = len(cons)
    col = {c: j for j, c in enumerate(cons)}
    item_pos = {v: i for i, v in enumerate(model.items)}
    mask = np.zeros((Z.shape[1], m), dtype=bool)
    for c, items in model.blocks.items():
        for v in items:
            mask[item_pos[v], col[c]] = True
    P = np.zeros((m, m))  # P[i, j] = 1 when i -> j
    for a, b in model.paths:
        P[col[a], col[b]] = 1.0

    def scale_w(W: np.ndarray) -> np.ndarray:
        sd = (Z @ W).std(axis=0, ddof=1)
        if np.any(sd == 0):
            raise ComputationError("a construct score has no variance")
        return W / sd

    W = scale_w(mask.astype(float))
    it = 0
    while True:
        it += 1
        if it > max_iter:  # pragma: no cover - needs a pathological data set
            raise ComputationError(f"PLS did not converge in {max_iter} iterations")
        Y = Z @ W
        C = np.corrcoef(Y, rowvar=False) * (P + P.T)
        E = np.sign(C) if scheme == "centroid" else C.copy()
        if scheme == "path":
            for j in range(m):
                pred = np.flatnonzero(P[:, j])
                if pred.size:
                    Xp = Y[:, pred]
                    E[pred, j] = np.linalg.solve(Xp.T @ Xp, Xp.T @ Y[:, j])
        inner = _standardise(Y @ E)
        W_new = np.where(mask, (Z.T @ inner) / (n - 1), 0.0)
        W_new = scale_w(W_new)
        diff = float(np.sum((W_new - W) ** 2))
        W = W_new
        if diff < tol:
            break
    Y = Z @ W
    B = np.zeros((m, m))
    for j in range(m):
        pred = np.flatnonzero(P[:, j])
        if pred.size:
            Xp = Y[:, pred]
            B[pred, j] = np.linalg.solve(Xp.T @ Xp, Xp.T @ Y[:, j])
    return W, Y, B, it


def _std_alpha(R: np.ndarray) -> float:
    k = R.shape[0]
    if k < 2:
        return 1.0
    rbar = float(R[np.triu_indices(k, 1)].mean())
    return k * rbar / (1 + (k - 1) * rbar)


def _rho_a(w: np.ndarray, S: np.ndarray) -> float:
    if w.size < 2:
        return 1.0
    S0 = S.copy()
    np.fill_diagonal(S0, 0.0)
    A = np.outer(w, w)
    np.fill_diagonal(A, 0.0)
    return float((w @ w) ** 2 * (w @ S0 @ w) / (w @ A @ w))


def fit_pls(
    data: pd.DataFrame,
    model: PlsModel,
    *,
    nboot: int = 0,
    seed: int | None = 123,
    level: float = 0.95,
    scheme: str = "path",
    missing: str = "listwise",
) -> PlsResult:
    """Estimate a PLS path model (mode A) on ``data``; rows with a missing item are dropped
    (``missing="listwise"``) or missing answers replaced by the item mean (``"mean"``,
    seminr's default). ``nboot > 0`` adds percentile bootstrap intervals. ``scheme`` is the inner
    weighting: ``path`` (seminr's default), ``factorial`` (e_ji = cor) or ``centroid``
    (e_ji = sign of cor), each over adjacent constructs.
    """
    if missing not in ("listwise", "mean"):
        raise InvalidInput(f"missing-data handling {missing!r}; allowed: listwise, mean")
    if scheme not in INNER_SCHEMES:
        raise InvalidInput(f"inner scheme {scheme!r}; allowed: {', '.join(INNER_SCHEMES)}")
    items = model.items
    absent = [c for c in items if c not in data.columns]
    if absent:
        raise InvalidInput(
            f"columns not in the data: {', '.join(absent)}; the data has: {', '.join(map(str, data.columns))}"
        )
    dup = {v for v in items if items.count(v) > 1}
    if dup:
        raise InvalidInput(f"items measure more than one construct: {', '.join(sorted(dup))}")
    X = data[items].apply(pd.to_numeric, errors="coerce")
    if missing == "mean":
        X = X.fillna(X.mean())
    X = X.dropna()
    n = len(X)
    if n < len(model.constructs) + 3:
        raise InvalidInput(f"only {n} complete rows; PLS needs more rows than constructs")
    raw = X.to_numpy(dtype=float)
    Z = _standardise(raw)
    W, Y, B, iterations = _core(Z, model, scheme=scheme)
    cons = model.constructs
    col = {c: j for j, c in enumerate(cons)}
    item_pos = {v: i for i, v in enumerate(items)}
    R = np.corrcoef(Z, rowvar=False)
    Ycorr = np.clip((Z.T @ Y) / (n - 1), -1.0, 1.0)  # Y standardised → correlations
    weights: dict[str, dict[str, float]] = {}
    loadings: dict[str, dict[str, float]] = {}
    alpha: dict[str, float] = {}
    rhoc: dict[str, float] = {}
    ave: dict[str, float] = {}
    rhoa: dict[str, float] = {}
    for c, its in model.blocks.items():
        j = col[c]
        idx = [item_pos[v] for v in its]
        weights[c] = {v: float(W[item_pos[v], j]) for v in its}
        loadings[c] = {v: float(Ycorr[item_pos[v], j]) for v in its}
        lam = list(loadings[c].values())
        alpha[c] = _std_alpha(R[np.ix_(idx, idx)])
        rhoc[c] = composite_reliability(lam)
        ave[c] = _ave(lam)
        rhoa[c] = _rho_a(W[idx, j], R[np.ix_(idx, idx)])
    r2: dict[str, float] = {}
    adj: dict[str, float] = {}
    rows = []
    for c in model.endogenous:
        j = col[c]
        pred = [col[p] for p in model.predecessors(c)]
        yhat = Y[:, pred] @ B[pred, j]
        r = float(np.var(yhat, ddof=1) / np.var(Y[:, j], ddof=1))
        k = len(pred)
        r2[c] = r
        adj[c] = 1 - (1 - r) * (n - 1) / (n - k - 1)
    for a, b in model.paths:
        rows.append({"from": a, "to": b, "coef": float(B[col[a], col[b]])})
    paths = pd.DataFrame(rows, columns=["from", "to", "coef"])
    blocks = {c: list(v) for c, v in model.blocks.items()}
    ht = htmt(R, items, blocks)
    loadings_ci: pd.DataFrame | None = None
    if nboot > 0:
        if nboot < 50:
            raise InvalidInput("use at least 50 bootstrap resamples (500 or more for reporting)")
        rng = np.random.default_rng(seed)
        boot_paths = np.empty((nboot, len(model.paths)))
        boot_load = np.empty((nboot, len(items)))
        load_cols = [col[c] for c, its in model.blocks.items() for _ in its]
        for rep in range(nboot):
            take = rng.integers(0, n, size=n)
            try:
                Zb = _standardise(raw[take])
                _, Yb, Bb, _ = _core(Zb, model, scheme=scheme)
            except (ComputationError, np.linalg.LinAlgError):
                boot_paths[rep] = np.nan
                boot_load[rep] = np.nan
                continue
            boot_paths[rep] = [Bb[col[a], col[c]] for a, c in model.paths]
            Lb = (Zb.T @ Yb) / (n - 1)
            boot_load[rep] = [Lb[i, j] for i, j in enumerate(load_cols)]
        lo_q, hi_q = (1 - level) / 2 * 100, (1 + level) / 2 * 100
        paths["boot_mean"] = np.nanmean(boot_paths, axis=0)
        paths["boot_sd"] = np.nanstd(boot_paths, axis=0, ddof=1)
        paths["t"] = paths["coef"] / paths["boot_sd"]
        paths["ci_lower"] = np.nanpercentile(boot_paths, lo_q, axis=0)
        paths["ci_upper"] = np.nanpercentile(boot_paths, hi_q, axis=0)
        loadings_ci = pd.DataFrame(
            {
                "construct": [c for c, its in model.blocks.items() for _ in its],
                "item": items,
                "loading": [loadings[c][v] for c, its in model.blocks.items() for v in its],
                "ci_lower": np.nanpercentile(boot_load, lo_q, axis=0),
                "ci_upper": np.nanpercentile(boot_load, hi_q, axis=0),
            }
        )
    scores = pd.DataFrame(Y, index=X.index, columns=cons)
    return PlsResult(
        n=n,
        iterations=iterations,
        weights=weights,
        loadings=loadings,
        paths=paths,
        r2=r2,
        adj_r2=adj,
        alpha=alpha,
        rhoC=rhoc,
        AVE=ave,
        rhoA=rhoa,
        htmt=ht,
        scores=scores,
        loadings_ci=loadings_ci,
        nboot=nboot,
        seed=seed if nboot else None,
        scheme=scheme,
    )
