"""Factor rotations as R has them: varimax (``stats::varimax``), promax (psych's ``Promax``
with Kaiser normalisation) and oblimin (GPArotation's gradient projection, quartimin γ = 0).

Each returns the rotated loadings (for oblique rotations the *pattern* matrix) and the factor
correlation matrix Φ (identity for orthogonal ones).

References: Kaiser (1958) varimax; Hendrickson & White (1964) promax; Jennrich (2002)
"A simple general method for oblique rotation", Psychometrika 67, 7–19 (GPFoblq);
Bernaards & Jennrich (2005) GPArotation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from serviq.errors import ComputationError


@dataclass(frozen=True)
class Rotated:
    loadings: np.ndarray
    phi: np.ndarray
    rotmat: np.ndarray


def varimax(L: np.ndarray, *, normalize: bool = True, eps: float = 1e-5) -> Rotated:
    """R's ``stats::varimax``: SVD iterations on the varimax criterion, Kaiser-normalised rows."""
    p, nc = L.shape
    if nc < 2:
        return Rotated(L.copy(), np.eye(nc), np.eye(nc))
    x = L
    sc = np.ones(p)
    if normalize:
        sc = np.sqrt((L**2).sum(axis=1))
        x = L / sc[:, None]
    T = np.eye(nc)
    d = 0.0
    for _ in range(1000):
        z = x @ T
        B = x.T @ (z**3 - z @ np.diag((z**2).sum(axis=0)) / p)
        u, s, vt = np.linalg.svd(B)
        T = u @ vt
        d_past = d
        d = float(s.sum())
        if d < d_past * (1 + eps):
            break
    z = x @ T
    if normalize:
        z = z * sc[:, None]
    return Rotated(z, np.eye(nc), T)


def promax(L: np.ndarray, *, m: float = 4.0, kaiser: bool = True) -> Rotated:
    """psych's ``promax``: Kaiser-normalise rows, varimax, target ``x|x|^(m−1)``, un-normalise.

    ``Φ = U⁻¹U⁻ᵀ`` where U is the combined rotation (psych ``Promax``).
    """
    nc = L.shape[1]
    if nc < 2:
        return Rotated(L.copy(), np.eye(nc), np.eye(nc))
    h = np.sqrt((L**2).sum(axis=1)) if kaiser else np.ones(L.shape[0])
    x0 = L / h[:, None]
    vm = varimax(x0)
    x = vm.loadings
    Q = x * np.abs(x) ** (m - 1)
    U, *_ = np.linalg.lstsq(x, Q, rcond=None)
    d = np.diag(np.linalg.inv(U.T @ U))
    U = U @ np.diag(np.sqrt(d))
    z = x @ U
    U = vm.rotmat @ U
    ui = np.linalg.inv(U)
    phi = ui @ ui.T
    return Rotated(z * h[:, None], phi, U)


def _oblimin_vgq(L: np.ndarray, gam: float) -> tuple[np.ndarray, float]:
    k = L.shape[1]
    X = (L**2) @ (1.0 - np.eye(k))
    if gam != 0:
        p = L.shape[0]
        X = (np.eye(p) - gam / p) @ X
    return L * X, float((L**2 * X).sum() / 4.0)


def oblimin(A: np.ndarray, *, gam: float = 0.0, eps: float = 1e-5, maxit: int = 1000) -> Rotated:
    """GPArotation's ``oblimin`` (``GPFoblq``, no normalisation, identity start).

    Minimises ``Σ_{i} Σ_{j≠l} λ_ij² λ_il² / 4`` over oblique T; loadings ``L = A (Tᵀ)⁻¹``,
    ``Φ = TᵀT``.
    """
    k = A.shape[1]
    if k < 2:
        return Rotated(A.copy(), np.eye(k), np.eye(k))
    T = np.eye(k)
    al = 1.0
    L = A @ np.linalg.inv(T).T
    Gq, f = _oblimin_vgq(L, gam)
    G = -(L.T @ Gq @ np.linalg.inv(T)).T
    converged = False
    for _ in range(maxit + 1):
        Gp = G - T @ np.diag((T * G).sum(axis=0))
        s = float(np.sqrt(np.trace(Gp.T @ Gp)))
        if s < eps:
            converged = True
            break
        al *= 2.0
        for _ in range(11):
            X = T - al * Gp
            v = 1.0 / np.sqrt((X**2).sum(axis=0))
            Tt = X * v[None, :]
            Lt = A @ np.linalg.inv(Tt).T
            Gqt, ft = _oblimin_vgq(Lt, gam)
            if f - ft > 0.5 * s**2 * al:
                break
            al /= 2.0
        T = Tt
        L, f = Lt, ft
        G = -(L.T @ Gqt @ np.linalg.inv(T)).T
    if not converged:
        raise ComputationError("oblimin rotation did not converge in 1000 iterations")
    return Rotated(L, T.T @ T, T)


def rotate(L: np.ndarray, method: str) -> Rotated:
    """Rotate by name: ``none``, ``varimax``, ``promax`` or ``oblimin``."""
    if method == "none" or L.shape[1] < 2:
        k = L.shape[1]
        return Rotated(L.copy(), np.eye(k), np.eye(k))
    if method == "varimax":
        return varimax(L)
    if method == "promax":
        return promax(L)
    if method == "oblimin":
        return oblimin(L)
    raise ValueError(f"unknown rotation {method}")
