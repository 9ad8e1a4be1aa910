"""A synthetic SME loan portfolio with a known, planted effect of soft information.

Each firm applies once, in one of the years ``first_year … first_year + years − 1``. A latent
trait of the firm — the conduct and character that statements do not show — lowers its
chance of default; the relationship manager's soft-information scores observe it with
noise. Hard factors (leverage, profit margin, current ratio, past arrears, age) act too.
The default within a year of the decision follows (logistic):

    logit PD = −2.6 + 1.1·(leverage − 0.6)/0.25 − 0.7·(margin − 0.06)/0.05
               − 0.4·(current_ratio − 1.4)/0.4 + 0.8·arrears − 0.02·age
               − SOFT_EFFECT·trait,           trait ~ N(0, 1), SOFT_EFFECT = 0.9

Soft scores: owner's character, conduct, dealings with suppliers and with customers on
1–5 (round(3 + 0.9·trait + N(0, 0.8)), clipped), utilities and wages paid on time (0/1,
P(1) = logistic(1 + 1.5·trait)). Outcomes are "through the door": every applicant's
default is simulated, so the scorecard can be validated on the whole population.

Rationing is planted in one segment: micro firms of the ``west`` region are declined with
probability 0.6 whatever their score (others: declined when the score is below the
cut-off). Deterministic for a given seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SOFT_EFFECT = 0.9
SOFT_FEATURES = ("soft_owner", "soft_conduct", "soft_suppliers", "soft_customers", "soft_utilities")
HARD_FEATURES = ("leverage", "profit_margin", "current_ratio", "past_arrears", "age_years")
RATIONED_SEGMENT = ("micro", "west")


def portfolio(firms: int = 3000, *, seed: int = 20261205, first_year: int = 2021,
              years: int = 5) -> pd.DataFrame:  # fmt: skip
    """One row per application: firm, year, size class, industry, region, the hard and soft
    features and the default flag (see the module)."""
    rng = np.random.default_rng(seed)
    n = firms
    trait = rng.normal(size=n)
    size = rng.choice(["micro", "small", "medium"], size=n, p=[0.5, 0.35, 0.15])
    industry = rng.choice(
        ["manufacturing", "retail", "wholesale", "services", "construction"], size=n
    )
    region = rng.choice(["north", "south", "east", "west"], size=n)
    leverage = np.clip(rng.normal(0.6, 0.25, size=n), 0.05, 1.6)
    margin = rng.normal(0.06, 0.05, size=n)
    current = np.clip(rng.normal(1.4, 0.4, size=n), 0.3, 4.0)
    arrears = rng.choice([0, 1, 2], size=n, p=[0.75, 0.18, 0.07])
    age = np.round(rng.gamma(2.0, 4.0, size=n), 1)
    year = rng.integers(first_year, first_year + years, size=n)

    def five(noise: float) -> np.ndarray:
        return np.clip(np.round(3 + 0.9 * trait + rng.normal(0, noise, size=n)), 1, 5)

    soft = {
        "soft_owner": five(0.8),
        "soft_conduct": five(0.8),
        "soft_suppliers": five(0.9),
        "soft_customers": five(0.9),
        "soft_utilities": (rng.random(n) < 1 / (1 + np.exp(-(1 + 1.5 * trait)))).astype(int),
    }
    eta = (
        -2.6
        + 1.1 * (leverage - 0.6) / 0.25
        - 0.7 * (margin - 0.06) / 0.05
        - 0.4 * (current - 1.4) / 0.4
        + 0.8 * arrears
        - 0.02 * age
        - SOFT_EFFECT * trait
    )
    default = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    frame = pd.DataFrame(
        {
            "firm": [f"F{i + 1:05d}" for i in range(n)],
            "year": year,
            "size_class": size,
            "industry": industry,
            "region": region,
            "leverage": np.round(leverage, 3),
            "profit_margin": np.round(margin, 4),
            "current_ratio": np.round(current, 2),
            "past_arrears": arrears,
            "age_years": age,
            **{k: v.astype(int) for k, v in soft.items()},
            "default": default,
        }
    )
    return frame.sort_values(["year", "firm"], kind="stable").reset_index(drop=True)


def rationed_decisions(frame: pd.DataFrame, score: np.ndarray, cutoff: float,
                       seed: int = 7) -> np.ndarray:  # fmt: skip
    """Approve (True) at or above the cut-off, except in the rationed segment, where 60 %
    are declined whatever their score."""
    rng = np.random.default_rng(seed)
    approve = np.asarray(score) >= cutoff
    seg = (frame["size_class"] == RATIONED_SEGMENT[0]) & (frame["region"] == RATIONED_SEGMENT[1])
    approve[seg.to_numpy() & (rng.random(len(frame)) < 0.6)] = False
    return approve
