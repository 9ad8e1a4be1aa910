"""Confirmatory factor analysis by maximum likelihood, with lavaan's conventions.

The model is ``Σ(θ) = Λ Φ Λᵀ + Θ``: loadings Λ (the first indicator of each factor fixed
to 1, the *marker*, unless the model frees it), factor (co)variances Φ (all free, as
lavaan's ``cfa()`` does), residual variances Θ (diagonal, plus any ``~~`` between
observed variables). The sample covariance matrix uses divisor N, and θ minimises

    F_ML(θ) = log|Σ| + tr(S Σ⁻¹) − log|S| − p

Fit measures, all as lavaan's ``fitMeasures()`` prints them for ``estimator = "ML"``:

- χ² = N·F_ML with df = p(p+1)/2 − npar, and its p-value;
- baseline (independence) χ² = N·(Σ log s_ii − log|S|) with df p(p−1)/2;
- CFI = 1 − max(χ²−df, 0) / max(χ²_b−df_b, χ²−df, 0);
- TLI = (χ²_b/df_b − χ²/df) / (χ²_b/df_b − 1);
- RMSEA = √(max(χ²−df, 0) / (df·N)) — lavaan divides by N (semopy by N−1); its 90 %
  interval from the non-central χ² (the λ that put χ² at the 95th and 5th percentile),
  and p-close = P(χ²_df(λ₀) ≥ χ²) with λ₀ = N·df·0.05²;
- SRMR (Bentler's): √ mean over i ≤ j of ((s_ij − σ_ij)/√(s_ii s_jj))²;
- log-likelihood ℓ = −N/2 (p log 2π + log|Σ| + tr(SΣ⁻¹)) (means saturated);
  AIC = −2ℓ + 2·npar, BIC = −2ℓ + npar·log N.

Standard errors come from the expected information matrix (lavaan's default,
``information = "expected"``), with z = est/se and two-sided normal p-values.

The standardised solution is lavaan's ``std.all`` (``standardizedSolution()``):
loadings λ_ij √φ_jj / √σ_ii; factor (co)variances φ_jk / √(φ_jj φ_kk) (the factor
correlations; a variance gives 1); residual variances θ_ii / σ_ii (1 − R²); residual
covariances θ_ij / √(θ_ii θ_jj), the correlation of the two residuals (lavaan's default
``cov.std = TRUE``). Composite reliability and AVE come from the standardised loadings
(:mod:`serviq.survey.validity`).

References: Jöreskog, K. G. (1969) Psychometrika 34, 183–202; Bollen, K. A. (1989)
*Structural Equations with Latent Variables*, ch. 7; Rosseel, Y. (2012) lavaan, JSS 48(2);
the tutorial https://lavaan.ugent.be/tutorial/cfa.html.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats

from serviq.errors import ComputationError, InvalidInput
from serviq.survey.modelspec import ModelSpec
from serviq.survey.validity import ave as _ave
from serviq.survey.validity import composite_reliability, fornell_larcker, htmt


@dataclass(frozen=True)
class CfaResult:
    """A fitted CFA: fit measures, estimates and validity, with lavaan's names."""

    n: int
    npar: int
    chisq: float
    df: int
    pvalue: float
    baseline_chisq: float
    baseline_df: int
    baseline_pvalue: float
    cfi: float
    tli: float
    rmsea: float
    rmsea_ci_lower: float
    rmsea_ci_upper: float
    rmsea_pvalue: float
    srmr: float
    logl: float
    unrestricted_logl: float
    aic: float
    bic: float
    converged: bool
    iterations: int
    loadings: dict[str, dict[str, float]]
    """Standardised (std.all) loadings: factor → indicator → λ."""
    estimates: pd.DataFrame
    """One row per parameter: lhs, op, rhs, est, se, z, pvalue, std_all, free (fixed
    parameters have no se)."""
    factor_correlations: pd.DataFrame
    cr: dict[str, float]
    ave: dict[str, float]
    fornell_larcker: pd.DataFrame
    htmt: pd.DataFrame

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "npar": self.npar,
            "chisq": self.chisq,
            "df": self.df,
            "pvalue": self.pvalue,
            "baseline_chisq": self.baseline_chisq,
            "baseline_df": self.baseline_df,
            "baseline_pvalue": self.baseline_pvalue,
            "cfi": self.cfi,
            "tli": self.tli,
            "rmsea": self.rmsea,
            "rmsea_ci_lower": self.rmsea_ci_lower,
            "rmsea_ci_upper": self.rmsea_ci_upper,
            "rmsea_pvalue": self.rmsea_pvalue,
            "srmr": self.srmr,
            "logl": self.logl,
            "unrestricted_logl": self.unrestricted_logl,
            "aic": self.aic,
            "bic": self.bic,
            "converged": self.converged,
            "loadings": self.loadings,
            "estimates": self.estimates.to_dict(orient="records"),
            "factor_correlations": {
                str(k): {str(c): float(v) for c, v in row.items()}
                for k, row in self.factor_correlations.iterrows()
            },
            "cr": self.cr,
            "ave": self.ave,
            "fornell_larcker": {
                str(k): {str(c): float(v) for c, v in row.items()}
                for k, row in self.fornell_larcker.iterrows()
            },
            "htmt": {
                str(k): {str(c): float(v) for c, v in row.items()}
                for k, row in self.htmt.iterrows()
            },
        }


@dataclass
class _Layout:
    """Where each free parameter sits in Λ, Φ and Θ, and the fixed values."""

    items: list[str]
    factors: list[str]
    lam0: np.ndarray
    phi0: np.ndarray
    theta0: np.ndarray
    free_lam: list[tuple[int, int]]
    free_phi: list[tuple[int, int]]
    free_theta: list[tuple[int, int]]

    @property
    def npar(self) -> int:
        return len(self.free_lam) + len(self.free_phi) + len(self.free_theta)


def _layout(spec: ModelSpec) -> _Layout:
    if spec.paths:
        raise InvalidInput(
            "a CFA model has no structural paths (~); use `serviq survey pls` for path models"
        )
    if not spec.latents:
        raise InvalidInput("the model defines no latent variable (latent =~ item + item …)")
    factors = list(spec.latents)
    nested = [t.name for terms in spec.latents.values() for t in terms if t.name in spec.latents]
    if nested:
        raise InvalidInput(f"higher-order factors are not supported: {', '.join(nested)}")
    items = spec.indicators
    p, m = len(items), len(factors)
    idx = {v: i for i, v in enumerate(items)}
    fidx = {f: j for j, f in enumerate(factors)}
    lam0 = np.zeros((p, m))
    free_lam: list[tuple[int, int]] = []
    marked: set[int] = set()
    for f, terms in spec.latents.items():
        j = fidx[f]
        has_marker = any(t.fixed is not None and t.fixed != 0 for t in terms)
        for k, t in enumerate(terms):
            i = idx[t.name]
            if t.fixed is not None:
                lam0[i, j] = t.fixed
            elif k == 0 and not t.free and not has_marker:
                lam0[i, j] = 1.0
                marked.add(j)
            else:
                free_lam.append((i, j))
        if len(terms) < 2 and not any(t.fixed for t in terms):
            raise InvalidInput(f"latent {f} needs at least two indicators (or a fixed loading)")
    phi0 = np.zeros((m, m))
    theta0 = np.zeros((p, p))
    free_phi: list[tuple[int, int]] = []
    free_theta: list[tuple[int, int]] = []
    fixed_phi: set[tuple[int, int]] = set()
    fixed_theta: set[tuple[int, int]] = set()
    extra_theta: list[tuple[int, int]] = []
    for lhs, term in spec.covariances:
        a, b = lhs, term.name
        if a in fidx and b in fidx:
            key = (max(fidx[a], fidx[b]), min(fidx[a], fidx[b]))
            if term.fixed is not None:
                phi0[key] = phi0[key[::-1]] = term.fixed
                fixed_phi.add(key)
        elif a in idx and b in idx:
            key = (max(idx[a], idx[b]), min(idx[a], idx[b]))
            if term.fixed is not None:
                theta0[key] = theta0[key[::-1]] = term.fixed
                fixed_theta.add(key)
            elif key[0] != key[1]:
                extra_theta.append(key)
        else:
            unknown = [n for n in (a, b) if n not in fidx and n not in idx]
            if unknown:
                raise InvalidInput(
                    f"{', '.join(unknown)} in a ~~ statement is neither a latent nor an indicator"
                )
            raise InvalidInput(f"covariance between a latent and an indicator ({a} ~~ {b})")
    for j in range(m):
        for k in range(j + 1):
            # A factor whose variance is fixed (e.g. f ~~ 1*f) frees its marker loading.
            if (j, k) not in fixed_phi:
                free_phi.append((j, k))
    for j in range(m):
        if (j, j) in fixed_phi and j in marked:
            i = next(i for i in range(p) if lam0[i, j] == 1.0)
            lam0[i, j] = 0.0
            free_lam.insert(0, (i, j))
    for i in range(p):
        if (i, i) not in fixed_theta:
            free_theta.append((i, i))
    free_theta.extend(k for k in dict.fromkeys(extra_theta) if k not in fixed_theta)
    return _Layout(items, factors, lam0, phi0, theta0, free_lam, free_phi, free_theta)


def _unpack(x: np.ndarray, L: _Layout) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lam, phi, theta = L.lam0.copy(), L.phi0.copy(), L.theta0.copy()
    k = 0
    for i, j in L.free_lam:
        lam[i, j] = x[k]
        k += 1
    for i, j in L.free_phi:
        phi[i, j] = phi[j, i] = x[k]
        k += 1
    for i, j in L.free_theta:
        theta[i, j] = theta[j, i] = x[k]
        k += 1
    return lam, phi, theta


def _start(S: np.ndarray, L: _Layout) -> np.ndarray:
    """Starting values: loadings from covariances with the marker, half variances as residuals."""
    lam = L.lam0.copy()
    for i, j in L.free_lam:
        markers = [r for r in range(lam.shape[0]) if L.lam0[r, j] != 0]
        if markers:
            r = markers[0]
            lam[i, j] = S[i, r] / S[r, r] if S[r, r] > 0 else 1.0
        else:
            lam[i, j] = math.sqrt(max(S[i, i], 1e-6) / 2)
    start: list[float] = [lam[i, j] for i, j in L.free_lam]
    for j, k in L.free_phi:
        if j == k:
            ind = [i for i in range(lam.shape[0]) if lam[i, j] != 0]
            v = float(np.mean([S[i, i] / 2 / max(lam[i, j] ** 2, 1e-3) for i in ind]))
            start.append(min(v, float(np.mean([S[i, i] for i in ind]))) if ind else 1.0)
        else:
            start.append(0.0)
    start.extend(S[i, i] / 2 if i == j else 0.0 for i, j in L.free_theta)
    return np.array(start, dtype=float)


def _objective(
    x: np.ndarray, S: np.ndarray, logdetS: float, L: _Layout
) -> tuple[float, np.ndarray]:
    lam, phi, theta = _unpack(x, L)
    sigma = lam @ phi @ lam.T + theta
    sign, logdet = np.linalg.slogdet(sigma)
    p = S.shape[0]
    if sign <= 0:
        return 1e10, np.zeros_like(x)
    inv = np.linalg.inv(sigma)
    f = logdet + float(np.trace(S @ inv)) - logdetS - p
    G = inv - inv @ S @ inv  # dF/dΣ
    g_lam = 2 * G @ lam @ phi
    g_phi = lam.T @ G @ lam
    grad = np.empty_like(x)
    k = 0
    for i, j in L.free_lam:
        grad[k] = g_lam[i, j]
        k += 1
    for i, j in L.free_phi:
        grad[k] = g_phi[i, j] * (1 if i == j else 2)
        k += 1
    for i, j in L.free_theta:
        grad[k] = G[i, j] * (1 if i == j else 2)
        k += 1
    return f, grad


def _standard_errors(x: np.ndarray, L: _Layout, N: int) -> dict[tuple[str, int, int], float]:
    """Standard errors from the expected information, as lavaan's default for ML.

    I(θ)_ab = ½ tr(Σ⁻¹ ∂Σ/∂θ_a Σ⁻¹ ∂Σ/∂θ_b) per observation; Cov(θ̂) = I⁻¹ / N. Σ is
    quadratic in θ, so central differences give ∂Σ/∂θ exactly (up to rounding).
    """
    lam, phi, theta = _unpack(x, L)
    inv = np.linalg.inv(lam @ phi @ lam.T + theta)
    h = 1e-5
    derivs = []
    for k in range(x.size):
        up, down = x.copy(), x.copy()
        up[k] += h
        down[k] -= h
        s_up = _sigma(up, L)
        s_down = _sigma(down, L)
        derivs.append(inv @ ((s_up - s_down) / (2 * h)))
    m = x.size
    info = np.empty((m, m))
    for a in range(m):
        for b in range(a, m):
            info[a, b] = info[b, a] = 0.5 * float(np.sum(derivs[a] * derivs[b].T))
    try:
        cov = np.linalg.inv(info) / N
    except np.linalg.LinAlgError:
        return {}
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    keys = (
        [("lam", i, j) for i, j in L.free_lam]
        + [("phi", i, j) for i, j in L.free_phi]
        + [("theta", i, j) for i, j in L.free_theta]
    )
    return {key: float(v) for key, v in zip(keys, se, strict=True)}


def _sigma(x: np.ndarray, L: _Layout) -> np.ndarray:
    lam, phi, theta = _unpack(x, L)
    return np.asarray(lam @ phi @ lam.T + theta)


def _std_all_residuals(theta: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """lavaan's ``std.all`` of the residual (co)variances Θ.

    A residual variance is scaled by the model-implied total variance, θ_ii / σ_ii
    (= 1 − R² of the item); a residual covariance by the residual variances,
    θ_ij / √(θ_ii θ_jj) — the correlation of the two residuals, lavaan's default
    ``cov.std = TRUE`` (``standardizedSolution()``, ``summary(fit, standardized = TRUE)``).
    Scaling a residual covariance by √(σ_ii σ_jj) instead understates it by the factor
    √((1 − R²_i)(1 − R²_j)). A residual variance of 0 gives NaN for its covariances.
    """
    out = np.array(theta / np.sqrt(np.outer(np.diag(sigma), np.diag(sigma))), dtype=float)
    res_sd = np.sqrt(np.clip(np.diag(theta), 0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        cor = theta / np.outer(res_sd, res_sd)
    off = ~np.eye(theta.shape[0], dtype=bool)
    out[off] = cor[off]
    return out


def _noncentral_bound(chisq: float, df: int, prob: float) -> float:
    """The non-centrality λ with P(χ²_df(λ) ≤ chisq) = prob, or 0 if none is positive."""

    def g(lam: float) -> float:
        return (
            float(stats.ncx2.cdf(chisq, df, lam) if lam > 0 else stats.chi2.cdf(chisq, df)) - prob
        )

    if g(0.0) < 0:
        return 0.0
    hi = max(chisq, 1.0)
    while g(hi) > 0:
        hi *= 2
        if hi > 1e9:
            return float("nan")
    return float(optimize.brentq(g, 0.0, hi, xtol=1e-12, rtol=1e-12))


def fit_cfa(data: pd.DataFrame, spec: ModelSpec) -> CfaResult:
    """Fit the CFA ``spec`` to ``data`` by maximum likelihood (listwise deletion of missing).

    >>> import numpy as np, pandas as pd
    >>> from serviq.survey.modelspec import parse_model
    >>> rng = np.random.default_rng(1)
    >>> f = rng.normal(size=(500, 1))
    >>> X = pd.DataFrame(f @ [[1.0, 0.8, 0.6]] + rng.normal(scale=0.6, size=(500, 3)),
    ...                  columns=["a", "b", "c"])
    >>> res = fit_cfa(X, parse_model("F =~ a + b + c"))
    >>> res.df, res.npar, round(res.chisq, 6)
    (0, 6, 0.0)
    """
    L = _layout(spec)
    missing = [c for c in L.items if c not in data.columns]
    if missing:
        raise InvalidInput(
            f"columns not in the data: {', '.join(missing)}; the data has: {', '.join(map(str, data.columns))}"
        )
    X = data[L.items].apply(pd.to_numeric, errors="coerce").dropna()
    N, p = X.shape
    if p >= N:
        raise InvalidInput(f"{N} complete rows for {p} indicators; CFA needs more rows than items")
    Xv = X.to_numpy(dtype=float)
    S = np.cov(Xv, rowvar=False, bias=True)
    sign, logdetS = np.linalg.slogdet(S)
    if sign <= 0:
        raise ComputationError(
            "the sample covariance matrix is singular (an item is constant or a linear combination of others)"
        )
    npar = L.npar
    df = p * (p + 1) // 2 - npar
    if df < 0:
        raise InvalidInput(
            f"the model is not identified: {npar} parameters for {p * (p + 1) // 2} moments"
        )
    x0 = _start(S, L)
    res = optimize.minimize(
        _objective,
        x0,
        args=(S, logdetS, L),
        jac=True,
        method="BFGS",
        options={"gtol": 1e-9, "maxiter": 10000},
    )
    if not np.isfinite(res.fun) or res.fun >= 1e9:
        raise ComputationError("the ML estimation did not converge (Σ not positive definite)")
    # Polish the BFGS optimum with L-BFGS-B at a tight tolerance.
    res2 = optimize.minimize(
        _objective,
        res.x,
        args=(S, logdetS, L),
        jac=True,
        method="L-BFGS-B",
        options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 10000},
    )
    iterations = int(res.nit) + int(res2.nit)
    if res2.fun <= res.fun:
        res = res2
    x = res.x
    grad_norm = float(np.max(np.abs(res.jac))) if res.jac is not None else float("nan")
    converged = bool(grad_norm < 1e-5)
    lam, phi, theta = _unpack(x, L)
    sigma = lam @ phi @ lam.T + theta
    fmin = float(res.fun)
    chisq = max(N * fmin, 0.0)
    pvalue = float(stats.chi2.sf(chisq, df)) if df > 0 else float("nan")
    base_chisq = float(N * (np.sum(np.log(np.diag(S))) - logdetS))
    base_df = p * (p - 1) // 2
    base_p = float(stats.chi2.sf(base_chisq, base_df))
    d_user = max(chisq - df, 0.0)
    d_base = max(base_chisq - base_df, 0.0)
    denom = max(d_base, d_user)
    cfi = 1.0 - d_user / denom if denom > 0 else 1.0
    if df > 0 and base_df > 0 and base_chisq / base_df != 1:
        tli = (base_chisq / base_df - chisq / df) / (base_chisq / base_df - 1)
    else:
        tli = 1.0
    if df > 0:
        rmsea = math.sqrt(d_user / (df * N))
        lo = _noncentral_bound(chisq, df, 0.95)
        hi = _noncentral_bound(chisq, df, 0.05)
        rmsea_lo = math.sqrt(lo / (N * df))
        rmsea_hi = math.sqrt(hi / (N * df))
        rmsea_p = float(stats.ncx2.sf(chisq, df, N * df * 0.05**2))
    else:
        rmsea = rmsea_lo = rmsea_hi = 0.0
        rmsea_p = float("nan")
    sd = np.sqrt(np.diag(S))
    resid = (S - sigma) / np.outer(sd, sd)
    tri = np.tril_indices(p)
    srmr = float(math.sqrt(np.mean(resid[tri] ** 2)))
    _, logdet_sigma = np.linalg.slogdet(sigma)
    tr = float(np.trace(S @ np.linalg.inv(sigma)))
    logl = -N / 2 * (p * math.log(2 * math.pi) + logdet_sigma + tr)
    logl_h1 = -N / 2 * (p * math.log(2 * math.pi) + logdetS + p)
    aic = -2 * logl + 2 * npar
    bic = -2 * logl + npar * math.log(N)

    sd_model = np.sqrt(np.diag(sigma))
    fsd = np.sqrt(np.clip(np.diag(phi), 0, None))
    std_lam = lam * fsd[None, :] / sd_model[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        fcor = phi / np.outer(fsd, fsd)
    rows: list[dict[str, Any]] = []
    se = _standard_errors(x, L, N)

    def _inference(key: tuple[str, int, int], est: float) -> dict[str, float]:
        v = se.get(key, float("nan"))
        z = est / v if v and np.isfinite(v) and v > 0 else float("nan")
        p = float(2 * stats.norm.sf(abs(z))) if np.isfinite(z) else float("nan")
        return {"se": v, "z": z, "pvalue": p}

    free_lam = set(L.free_lam)
    loadings: dict[str, dict[str, float]] = {}
    for j, f in enumerate(L.factors):
        loadings[f] = {}
        for t in spec.latents[f]:
            i = L.items.index(t.name)
            loadings[f][t.name] = float(std_lam[i, j])
            rows.append(
                {
                    "lhs": f,
                    "op": "=~",
                    "rhs": t.name,
                    "est": float(lam[i, j]),
                    **_inference(("lam", i, j), float(lam[i, j])),
                    "std_all": float(std_lam[i, j]),
                    "free": (i, j) in free_lam,
                }
            )
    free_phi = set(L.free_phi)
    for j in range(len(L.factors)):
        for k in range(j, len(L.factors)):
            key = (k, j)
            rows.append(
                {
                    "lhs": L.factors[j],
                    "op": "~~",
                    "rhs": L.factors[k],
                    "est": float(phi[k, j]),
                    **_inference(("phi", k, j), float(phi[k, j])),
                    "std_all": float(fcor[k, j]),
                    "free": key in free_phi,
                }
            )
    std_theta = _std_all_residuals(theta, sigma)
    for i, j in L.free_theta:
        rows.append(
            {
                "lhs": L.items[j],
                "op": "~~",
                "rhs": L.items[i],
                "est": float(theta[i, j]),
                **_inference(("theta", i, j), float(theta[i, j])),
                "std_all": float(std_theta[i, j]),
                "free": True,
            }
        )
    estimates = pd.DataFrame(
        rows, columns=["lhs", "op", "rhs", "est", "se", "z", "pvalue", "std_all", "free"]
    )
    fcor_df = pd.DataFrame(fcor, index=L.factors, columns=L.factors)
    cr = {f: composite_reliability(list(loadings[f].values())) for f in L.factors}
    ave = {f: _ave(list(loadings[f].values())) for f in L.factors}
    fl = fornell_larcker(ave, fcor_df)
    blocks = {f: [t.name for t in spec.latents[f]] for f in L.factors}
    ht = htmt(X.corr().to_numpy(), L.items, blocks) if len(L.factors) > 1 else pd.DataFrame()
    return CfaResult(
        n=int(N),
        npar=npar,
        chisq=float(chisq),
        df=int(df),
        pvalue=pvalue,
        baseline_chisq=base_chisq,
        baseline_df=base_df,
        baseline_pvalue=base_p,
        cfi=float(cfi),
        tli=float(tli),
        rmsea=float(rmsea),
        rmsea_ci_lower=float(rmsea_lo),
        rmsea_ci_upper=float(rmsea_hi),
        rmsea_pvalue=rmsea_p,
        srmr=srmr,
        logl=float(logl),
        unrestricted_logl=float(logl_h1),
        aic=float(aic),
        bic=float(bic),
        converged=converged,
        iterations=iterations,
        loadings=loadings,
        estimates=estimates,
        factor_correlations=fcor_df,
        cr=cr,
        ave=ave,
        fornell_larcker=fl,
        htmt=ht,
    )
