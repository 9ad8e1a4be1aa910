"""Exploratory factor analysis as R's ``psych::fa`` does it, in numpy/scipy.

Sampling adequacy and sphericity
    KMO (Kaiser 1970; psych ``KMO``): with Q the partial correlations (from R⁻¹),
    ``MSA = Σ_{i≠j} r_ij² / (Σ_{i≠j} r_ij² + Σ_{i≠j} q_ij²)``, per item the same by column.
    Bartlett (1951; psych ``cortest.bartlett``): ``χ² = −ln|R| · (N − 1 − (2p + 5)/6)``,
    ``df = p(p − 1)/2``.

Extraction (``method``)
    ``minres`` — ordinary least squares on the uniquenesses Ψ: minimise the squared
    residuals of ``R − Ψ − LLᵀ``, L from the first k eigenpairs of ``R − Ψ`` (psych's
    default; Harman & Jones 1966). ``ml`` — maximum likelihood, minimising
    ``Σ_{j>k}(e_j − ln e_j) − (p − k)`` over the eigenvalues e of ``Ψ^{-½} R Ψ^{-½}``
    (Jöreskog 1967; R ``factanal``). ``pa`` — iterated principal axes from smc
    communalities until the sum of communalities changes by < 0.001 (at most 50 rounds,
    psych's ``min.err`` and ``max.iter``).

Rotation: :mod:`serviq.survey.rotation`. Factors are then ordered by the variance they
account for and signed so that each column sums positive, as psych does.

Communalities ``h2 = diag(L Φ Lᵀ)`` — for oblique rotations the factor correlations Φ
matter (factor_analyzer 0.5 omits them); variance accounted for ``diag(Φ LᵀL)``.

Fit (psych ``fa.stats``): the model ``M = LΦLᵀ`` with diag(R) on its diagonal,
``F = tr(M⁻¹R) − ln|M⁻¹R| − p``; ``χ² = F·(N − 1 − (2p + 5)/6 − 2k/3)``,
``df = p(p−1)/2 − pk + k(k−1)/2``; null ``F₀ = −ln|R|``, ``χ²₀ = F₀·(N − 1 − (2p+5)/6)``;
``TLI = (M₀ − M_m)/(M₀ − 1/ν)`` with ``M₀ = F₀/(p(p−1)/2)``, ``M_m = F/df``,
``ν = N − 1 − (2p+5)/6 − 2k/3``; ``RMSEA = √max(F/df − 1/(N−1), 0)``; ``BIC = χ² − df·ln N``.

Parallel analysis (Horn 1965; psych ``fa.parallel``): eigenvalues of the reduced
correlation matrix (smc on the diagonal) against the mean of those of random normal data of
the same size (drawn as Wishart matrices, which is the same distribution and much cheaper);
the suggested number of factors is the count before the first observed eigenvalue that
does not exceed the random one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import optimize, stats

from serviq.errors import ComputationError, InvalidInput, Where
from serviq.survey.moments import Missing, numeric_block, pairwise_corr
from serviq.survey.reliability import smc
from serviq.survey.rotation import rotate

Method = Literal["minres", "ml", "pa"]
Rotation = Literal["none", "varimax", "promax", "oblimin"]


@dataclass(frozen=True)
class KMO:
    overall: float
    items: tuple[float, ...]


def kmo(R: np.ndarray) -> KMO:
    """Kaiser–Meyer–Olkin measure of sampling adequacy, overall and per item."""
    inv = _inv(R)
    d = 1.0 / np.sqrt(np.diag(inv))
    Q = inv * d[:, None] * d[None, :]
    r = R.copy()
    np.fill_diagonal(Q, 0.0)
    np.fill_diagonal(r, 0.0)
    r2, q2 = r**2, Q**2
    overall = float(r2.sum() / (r2.sum() + q2.sum()))
    per = r2.sum(axis=0) / (r2.sum(axis=0) + q2.sum(axis=0))
    return KMO(overall, tuple(float(v) for v in per))


@dataclass(frozen=True)
class Bartlett:
    chisq: float
    df: int
    pvalue: float


def bartlett(R: np.ndarray, n_obs: int) -> Bartlett:
    """Bartlett's test that R is an identity matrix."""
    p = R.shape[0]
    sign, logdet = np.linalg.slogdet(R)
    if sign <= 0:
        raise ComputationError("the correlation matrix is not positive definite")
    chisq = -logdet * (n_obs - 1 - (2 * p + 5) / 6)
    df = p * (p - 1) // 2
    return Bartlett(float(chisq), df, float(stats.chi2.sf(chisq, df)))


def _inv(R: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.inv(R)
    except np.linalg.LinAlgError:
        return np.linalg.pinv(R)


def _eigh_desc(S: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    e, V = np.linalg.eigh(S)
    return e[::-1], V[:, ::-1]


def _uls_loadings(R: np.ndarray, psi: np.ndarray, k: int) -> np.ndarray:
    e, V = _eigh_desc(R - np.diag(psi))
    return V[:, :k] * np.sqrt(np.maximum(e[:k], 0.0))


def extract_minres(R: np.ndarray, k: int) -> np.ndarray:
    """Minimum-residual (unweighted least squares) loadings, psych's ``fm = "minres"``."""

    def f(psi: np.ndarray) -> tuple[float, np.ndarray]:
        e, V = _eigh_desc(R - np.diag(psi))
        rest = e[k:]
        neg = np.minimum(e[:k], 0.0)
        val = 0.5 * float((rest**2).sum() + (neg**2).sum())
        L = V[:, :k] * np.sqrt(np.maximum(e[:k], 0.0))
        g = np.diag(L @ L.T) + psi - np.diag(R)
        return val, g

    start = np.diag(R) - smc(R)
    res = optimize.minimize(
        f,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.005, 1.0)] * R.shape[0],
        options={"ftol": 1e-14, "gtol": 1e-10, "maxiter": 5000},
    )
    return _uls_loadings(R, res.x, k)


def extract_ml(R: np.ndarray, k: int) -> np.ndarray:
    """Maximum-likelihood loadings (R's ``factanal`` objective, psych's ``fm = "ml"``)."""
    p = R.shape[0]

    def f(psi: np.ndarray) -> tuple[float, np.ndarray]:
        sc = 1.0 / np.sqrt(psi)
        e, V = _eigh_desc(R * sc[:, None] * sc[None, :])
        rest = e[k:]
        # R is positive definite, so are these; clip rounding noise below the smallest double
        rest = np.maximum(rest, np.finfo(np.float64).tiny)
        val = -float((np.log(rest) - rest).sum()) - k + p
        L = V[:, :k] * np.sqrt(np.maximum(e[:k] - 1.0, 0.0))
        L = L * np.sqrt(psi)[:, None]
        g = (np.diag(L @ L.T) + psi - np.diag(R)) / psi**2
        return val, g

    start = (1.0 - 0.5 * k / p) / np.diag(_inv(R))
    res = optimize.minimize(
        f,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.005, 1.0)] * p,
        options={"ftol": 1e-14, "gtol": 1e-10, "maxiter": 5000},
    )
    psi = res.x
    sc = 1.0 / np.sqrt(psi)
    e, V = _eigh_desc(R * sc[:, None] * sc[None, :])
    L = V[:, :k] * np.sqrt(np.maximum(e[:k] - 1.0, 0.0))
    return L * np.sqrt(psi)[:, None]


def extract_pa(R: np.ndarray, k: int, *, min_err: float = 0.001, max_iter: int = 50) -> np.ndarray:
    """Iterated principal axes (psych ``fm = "pa"``), starting from smc communalities."""
    r = R.copy()
    np.fill_diagonal(r, smc(R))
    comm = float(np.trace(r))
    L = np.zeros((R.shape[0], k))
    for _ in range(max_iter):
        e, V = _eigh_desc(r)
        L = V[:, :k] * np.sqrt(np.maximum(e[:k], 0.0))
        new = (L**2).sum(axis=1)
        comm1 = float(new.sum())
        np.fill_diagonal(r, new)
        err = abs(comm - comm1)
        comm = comm1
        if err < min_err:
            break
    return L


@dataclass(frozen=True)
class FitStats:
    objective: float
    chisq: float
    df: int
    pvalue: float
    null_chisq: float
    null_df: int
    tli: float
    rmsea: float
    bic: float


def fit_stats(R: np.ndarray, L: np.ndarray, phi: np.ndarray, n_obs: int) -> FitStats:
    """psych ``fa.stats``: χ², TLI, RMSEA and BIC of loadings ``L`` with correlations ``phi``."""
    p, k = L.shape
    model = L @ phi @ L.T
    np.fill_diagonal(model, np.diag(R))
    mir = np.linalg.solve(model, R)
    _sign, logdet = np.linalg.slogdet(mir)
    F = float(np.trace(mir) - logdet - p)
    dof = p * (p - 1) // 2 - p * k + k * (k - 1) // 2
    nm = (n_obs - 1) - (2 * p + 5) / 6 - 2 * k / 3
    chisq = max(F * nm, 0.0)
    if dof <= 0:  # not identified (more parameters than correlations): no test, as psych
        nan = float("nan")
        return FitStats(F, chisq, dof, nan, nan, p * (p - 1) // 2, nan, nan, nan)
    pval = float(stats.chi2.sf(chisq, dof)) if dof > 0 else float("nan")
    _, logdet_r = np.linalg.slogdet(R)
    F0 = float(np.trace(R) - logdet_r - p)
    null_df = p * (p - 1) // 2
    null_chisq = F0 * ((n_obs - 1) - (2 * p + 5) / 6)
    M0 = F0 / null_df
    Mm = F / dof if dof > 0 else float("nan")
    tli = (M0 - Mm) / (M0 - 1 / nm)
    rmsea = float(np.sqrt(max(F / dof - 1 / (n_obs - 1), 0.0))) if dof > 0 else float("nan")
    bic = chisq - dof * np.log(n_obs)
    return FitStats(F, chisq, dof, pval, null_chisq, null_df, float(tli), rmsea, float(bic))


@dataclass(frozen=True)
class Parallel:
    nfactors: int
    observed: tuple[float, ...]
    simulated: tuple[float, ...]


def parallel_analysis(
    R: np.ndarray, n_obs: int, *, n_iter: int = 20, seed: int = 20240601
) -> Parallel:
    """Horn's parallel analysis on the reduced correlation matrix (smc diagonal)."""
    p = R.shape[0]
    if n_obs - 1 < p:
        raise InvalidInput(
            f"parallel analysis of {p} items needs at least {p + 1} respondents, not {n_obs}",
            where=Where(field="n_obs"),
        )
    obs_r = R.copy()
    np.fill_diagonal(obs_r, smc(R))
    obs = np.linalg.eigvalsh(obs_r)[::-1]
    rng = np.random.default_rng(seed)
    sims = np.empty((n_iter, p))
    for t in range(n_iter):
        W = stats.wishart.rvs(df=n_obs - 1, scale=np.eye(p), random_state=rng)
        d = 1.0 / np.sqrt(np.diag(W))
        Rs = W * d[:, None] * d[None, :]
        np.fill_diagonal(Rs, smc(Rs))
        sims[t] = np.linalg.eigvalsh(Rs)[::-1]
    sim = sims.mean(axis=0)
    above = obs > sim
    nf = int(np.argmin(above)) if not above.all() else p
    return Parallel(nf, tuple(float(v) for v in obs), tuple(float(v) for v in sim))


@dataclass(frozen=True)
class EFA:
    """Result of :func:`efa`, with the JSON keys of docs/survey.md."""

    items: tuple[str, ...]
    factors: int
    method: str
    rotation: str
    n_obs: int
    kmo: KMO
    bartlett: Bartlett
    loadings: np.ndarray  # p × k pattern
    phi: np.ndarray
    h2: np.ndarray
    ss_loadings: np.ndarray
    fit: FitStats
    parallel: Parallel | None

    @property
    def u2(self) -> np.ndarray:
        return 1.0 - self.h2

    def variance(self) -> dict[str, list[float]]:
        ss = self.ss_loadings
        p = len(self.items)
        prop = ss / p
        return {
            "ss_loadings": ss.tolist(),
            "proportion_var": prop.tolist(),
            "cumulative_var": np.cumsum(prop).tolist(),
            "proportion_explained": (ss / ss.sum()).tolist(),
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "items": list(self.items),
            "factors": self.factors,
            "method": self.method,
            "rotation": self.rotation,
            "n": self.n_obs,
            "kmo": self.kmo.overall,
            "kmo_items": dict(zip(self.items, self.kmo.items, strict=True)),
            "bartlett": {
                "chisq": self.bartlett.chisq,
                "df": self.bartlett.df,
                "pvalue": self.bartlett.pvalue,
            },
            "loadings": {it: self.loadings[i].tolist() for i, it in enumerate(self.items)},
            "h2": dict(zip(self.items, self.h2.tolist(), strict=True)),
            "u2": dict(zip(self.items, self.u2.tolist(), strict=True)),
            "phi": self.phi.tolist(),
            "variance": self.variance(),
            "objective": self.fit.objective,
            "chisq": self.fit.chisq,
            "df": self.fit.df,
            "pvalue": self.fit.pvalue,
            "null_chisq": self.fit.null_chisq,
            "null_df": self.fit.null_df,
            "tli": self.fit.tli,
            "rmsea": self.fit.rmsea,
            "bic": self.fit.bic,
            "parallel": None if self.parallel is None else self.parallel.nfactors,
            "parallel_eigen": None
            if self.parallel is None
            else {
                "observed": list(self.parallel.observed),
                "simulated": list(self.parallel.simulated),
            },
        }


EXTRACT = {"minres": extract_minres, "ml": extract_ml, "pa": extract_pa}


def efa_from_corr(
    R: np.ndarray,
    items: Sequence[str],
    factors: int,
    n_obs: int,
    *,
    method: str = "minres",
    rotation: str = "oblimin",
    parallel: bool = True,
) -> EFA:
    """Factor analysis of correlation matrix ``R`` observed on ``n_obs`` respondents."""
    p = R.shape[0]
    if method not in EXTRACT:
        raise InvalidInput(
            f"unknown extraction method {method}; allowed: minres, ml, pa",
            where=Where(field="method"),
        )
    if rotation not in ("none", "varimax", "promax", "oblimin"):
        raise InvalidInput(
            f"unknown rotation {rotation}; allowed: none, varimax, promax, oblimin",
            where=Where(field="rotation"),
        )
    dof = p * (p - 1) // 2 - p * factors + factors * (factors - 1) // 2
    if factors < 1 or factors >= p:
        raise InvalidInput(
            f"{factors} factors cannot be identified from {p} items (degrees of freedom {dof})",
            where=Where(field="factors"),
        )
    if np.linalg.eigvalsh(R)[0] <= 0:
        raise ComputationError(
            "the correlation matrix is not positive definite (an item is a combination of others, or too few respondents)"
        )
    L0 = EXTRACT[method](R, factors)
    rot = rotate(L0, rotation)
    L, phi = rot.loadings, rot.phi
    if factors > 1:
        ev = np.diag(phi @ L.T @ L)
        order = np.argsort(-ev, kind="stable")
        L = L[:, order]
        phi = phi[np.ix_(order, order)]
    signs = np.sign(L.sum(axis=0))
    signs[signs == 0] = 1.0
    L = L * signs
    phi = phi * signs[:, None] * signs[None, :]
    h2 = np.einsum("ij,jk,ik->i", L, phi, L)
    ss = np.diag(phi @ L.T @ L)
    return EFA(
        items=tuple(items),
        factors=factors,
        method=method,
        rotation=rotation,
        n_obs=n_obs,
        kmo=kmo(R),
        bartlett=bartlett(R, n_obs),
        loadings=L,
        phi=phi,
        h2=h2,
        ss_loadings=ss,
        fit=fit_stats(R, L, phi, n_obs),
        parallel=parallel_analysis(R, n_obs) if parallel else None,
    )


def efa(
    df: pd.DataFrame,
    items: Sequence[str],
    factors: int,
    *,
    method: str = "minres",
    rotation: str = "oblimin",
    missing: Missing = "pairwise",
    parallel: bool = True,
) -> EFA:
    """EFA of the item columns of ``df`` (correlations as R's ``cor(use = "pairwise")``)."""
    X = numeric_block(df, list(items))
    R, n = pairwise_corr(X, missing, items)
    if np.isnan(R).any():
        i, j = np.argwhere(np.isnan(R))[0]
        raise InvalidInput(
            f"items {items[i]} and {items[j]} have no correlation (never answered together or no variance)",
            where=Where(column=str(items[i])),
        )
    return efa_from_corr(R, items, factors, n, method=method, rotation=rotation, parallel=parallel)
