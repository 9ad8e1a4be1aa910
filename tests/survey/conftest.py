"""Shared fixtures: a seeded survey with a planted factor structure (TAN5 noise, EMP5 cross-loading)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

DIMS = {
    "tangibles": ["TAN1", "TAN2", "TAN3", "TAN4", "TAN5"],
    "reliability": ["REL1", "REL2", "REL3", "REL4"],
    "responsiveness": ["RES1", "RES2", "RES3", "RES4"],
    "assurance": ["ASS1", "ASS2", "ASS3", "ASS4"],
    "empathy": ["EMP1", "EMP2", "EMP3", "EMP4", "EMP5"],
}


def planted_survey(n: int = 600, seed: int = 7) -> pd.DataFrame:
    """Five correlated SERVQUAL factors (r = .45), loadings .85; TAN5 loads .10 (noise);
    EMP5 loads .55 on empathy and .55 on responsiveness; satisfaction and loyalty are
    their own latent variables (r = .6); answers cut to a 1–5 scale."""
    rng = np.random.default_rng(seed)
    k = len(DIMS)
    phi = np.full((k, k), 0.45)
    np.fill_diagonal(phi, 1.0)
    F = rng.standard_normal((n, k)) @ np.linalg.cholesky(phi).T
    cols: dict[str, np.ndarray] = {}
    cuts = np.array([-1.5, -0.6, 0.3, 1.2])
    for d, (_dim, items) in enumerate(DIMS.items()):
        for it in items:
            if it == "TAN5":
                lat = 0.10 * F[:, d]
            elif it == "EMP5":
                lat = 0.55 * F[:, d] + 0.55 * F[:, list(DIMS).index("responsiveness")]
            else:
                lat = 0.85 * F[:, d]
            err = np.sqrt(max(1.0 - np.var(lat), 0.2)) * rng.standard_normal(n)
            cols[it] = (np.searchsorted(cuts, lat + err) + 1).astype(float)
    g = F.mean(axis=1) / np.std(F.mean(axis=1))
    sat = 0.6 * g + 0.8 * rng.standard_normal(n)
    loy = 0.6 * sat + 0.8 * rng.standard_normal(n)
    for _name, lat_v, items_ in (
        ("sat", sat, ("SAT1", "SAT2", "SAT3")),
        ("loy", loy, ("LOY1", "LOY2")),
    ):
        for it in items_:
            x = 0.85 * lat_v + 0.53 * rng.standard_normal(n)
            cols[it] = (np.searchsorted(cuts, x) + 1).astype(float)
    df = pd.DataFrame(cols)
    df.insert(0, "respondent_id", [f"R{i:05d}" for i in range(n)])
    return df


@pytest.fixture(scope="session")
def planted() -> pd.DataFrame:
    return planted_survey()
