"""The bounded interval of a monthly QA score against R binom's printed ``binom.logit``.

Source: Dorai-Raj, S., *binom: Binomial Confidence Intervals for Several
Parameterizations*, R package 1.1-1.1 (2022), help page ``binom.logit``, example
``binom.logit(x = 0:10, n = 10)``, printed output (the logit interval of Agresti,
*Categorical Data Analysis*, 3rd ed., 2013)::

       method  x  n mean      lower     upper
    2   logit  1 10  0.1 0.01388166 0.4672367
    3   logit  2 10  0.2 0.05041281 0.5407080
    6   logit  5 10  0.5 0.22450735 0.7754927
    8   logit  7 10  0.7 0.37631807 0.9002317
    10  logit  9 10  0.9 0.53276327 0.9861183

For a proportion p = x/n the standard error is √(p(1 − p)/n) and the critical value z; on
serviq's 0–100 scale the same interval is ``bounded_interval(100p, 100·se, z)``. (binom
replaces the logit interval at x = 0 and x = n by an exact one-sided bound, so those rows
are not compared; serviq truncates the t interval there, see docs/qa.md.)
"""

from __future__ import annotations

import math

import pytest
from scipy import stats

from serviq.qa.evaluation import bounded_interval

BINOM_LOGIT_N10 = [
    (1, 0.01388166, 0.4672367),
    (2, 0.05041281, 0.5407080),
    (5, 0.22450735, 0.7754927),
    (7, 0.37631807, 0.9002317),
    (9, 0.53276327, 0.9861183),
]


@pytest.mark.parametrize(("x", "lower", "upper"), BINOM_LOGIT_N10)
def test_matches_binom_logit(x: int, lower: float, upper: float) -> None:
    n, p = 10, x / 10
    se = 100 * math.sqrt(p * (1 - p) / n)
    lo, hi = bounded_interval(100 * p, se, float(stats.norm.ppf(0.975)))
    assert (lo / 100, hi / 100) == pytest.approx((lower, upper), abs=5e-8)
