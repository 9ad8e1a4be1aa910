"""McDonald's omega by a Schmid–Leiman transformation, as R's ``psych::omega`` computes it.

Steps (psych ``omega`` → ``schmid``; Schmid & Leiman 1957; McDonald 1999; Zinbarg,
Revelle, Yovel & Li 2005):

1. factor the correlation matrix R into k group factors (minres by default) and rotate
   obliquely (oblimin): pattern P, factor correlations Φ;
2. factor Φ with one factor to get each group factor's loading ``γ`` on g (for k = 2 the
   two are taken as equal, ``γ = √φ₁₂``, psych's ``option = "equal"``);
3. general loadings ``g = Pγ``; group loadings ``P·diag(√(1 − γ²))``; ``h2 = g² + Σ group²``,
   ``u2 = 1 − h2``;
4. items with a negative g loading are reversed (``flip``), then with ``V_t = ΣR``::

       ω_h = (Σg)² / V_t      ω_t = (V_t − Σu2) / V_t      ω_h asymptotic = (Σg)² / (V_t − Σu2)

   and, from the same R, standardised alpha and Guttman's λ6.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from serviq.errors import InvalidInput, Where
from serviq.survey.efa import EXTRACT, efa_from_corr
from serviq.survey.moments import Missing, numeric_block, pairwise_corr, reverse_key
from serviq.survey.reliability import smc


@dataclass(frozen=True)
class Omega:
    items: tuple[str, ...]
    factors: int
    omega_h: float
    omega_t: float
    omega_h_asymptotic: float
    alpha: float
    G6: float
    g_loadings: tuple[float, ...]
    group_loadings: np.ndarray
    h2: tuple[float, ...]
    u2: tuple[float, ...]
    flipped: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "items": list(self.items),
            "factors": self.factors,
            "omega_h": self.omega_h,
            "omega_t": self.omega_t,
            "omega_h_asymptotic": self.omega_h_asymptotic,
            "alpha": self.alpha,
            "G6": self.G6,
            "g_loadings": dict(zip(self.items, self.g_loadings, strict=True)),
            "group_loadings": {
                it: self.group_loadings[i].tolist() for i, it in enumerate(self.items)
            },
            "h2": dict(zip(self.items, self.h2, strict=True)),
            "u2": dict(zip(self.items, self.u2, strict=True)),
            "flipped": list(self.flipped),
        }


def omega_from_corr(
    R: np.ndarray,
    items: Sequence[str],
    factors: int = 3,
    *,
    n_obs: int = 100,
    method: str = "minres",
    rotation: str = "oblimin",
    flip: bool = True,
) -> Omega:
    """Omega hierarchical and total of correlation matrix ``R`` with ``factors`` group factors."""
    p = R.shape[0]
    if factors < 2:
        raise InvalidInput(
            "omega needs at least two group factors (three for a well-defined ω_h)",
            where=Where(field="factors"),
        )
    fa = efa_from_corr(R, items, factors, n_obs, method=method, rotation=rotation, parallel=False)
    P, phi = fa.loadings, fa.phi
    if factors == 2:
        gam = np.full(2, np.sqrt(abs(phi[0, 1])))
    else:
        gam = EXTRACT[method](phi, 1)[:, 0]
        if gam.sum() < 0:
            gam = -gam
    g = P @ gam
    group = P * np.sqrt(np.clip(1.0 - gam**2, 0.0, None))[None, :]
    h2 = g**2 + (group**2).sum(axis=1)
    u2 = np.diag(R) - h2
    key = np.sign(g)
    key[key == 0] = 1.0
    m = R
    flipped: tuple[str, ...] = ()
    if flip and (key < 0).any():
        m = R * key[:, None] * key[None, :]
        g = g * key
        group = group * key[:, None]
        flipped = tuple(it for it, s in zip(items, key, strict=True) if s < 0)
    Vt = float(m.sum())
    v_item = float(np.trace(m))
    gsq = float(g.sum()) ** 2
    uniq = float(u2.sum())
    return Omega(
        items=tuple(items),
        factors=factors,
        omega_h=gsq / Vt,
        omega_t=(Vt - uniq) / Vt,
        omega_h_asymptotic=gsq / (Vt - uniq),
        alpha=((Vt - v_item) / Vt) * p / (p - 1),
        G6=(Vt + float(smc(m).sum()) - v_item) / Vt,
        g_loadings=tuple(float(v) for v in g),
        group_loadings=group,
        h2=tuple(float(v) for v in h2),
        u2=tuple(float(v) for v in u2),
        flipped=flipped,
    )


def omega(
    df: pd.DataFrame,
    items: Sequence[str],
    factors: int = 3,
    *,
    reverse: Sequence[str] = (),
    lo: float | None = None,
    hi: float | None = None,
    missing: Missing = "pairwise",
    method: str = "minres",
    rotation: str = "oblimin",
) -> Omega:
    """:func:`omega_from_corr` of the item columns of ``df`` (pairwise correlations)."""
    items = list(items)
    X = numeric_block(df, items)
    if reverse:
        lo_ = float(np.nanmin(X)) if lo is None else float(lo)
        hi_ = float(np.nanmax(X)) if hi is None else float(hi)
        X = reverse_key(X, [items.index(r) for r in reverse], lo_, hi_)
    R, n = pairwise_corr(X, missing, items)
    return omega_from_corr(R, items, factors, n_obs=n, method=method, rotation=rotation)
