"""The Basel IRB risk weight of a corporate exposure, with the SME firm-size adjustment.

The formulas of the Basel Committee's "International Convergence of Capital Measurement and
Capital Standards: A Revised Framework — Comprehensive Version" (June 2006), paragraphs 272
and 273, explained in its "An Explanatory Note on the Basel II IRB Risk Weight Functions"
(2005). With PD and LGD as fractions, M the effective maturity in years, S the firm's annual
sales in millions of euros, N the standard normal distribution and G its inverse:

* correlation ``R = 0.12·w + 0.24·(1 − w)``, ``w = (1 − e^(−50·PD)) / (1 − e^(−50))``; for an
  SME (S < 50) minus ``0.04·(1 − (S − 5)/45)``, with S below 5 taken as 5;
* maturity adjustment ``b = (0.11852 − 0.05478·ln PD)²``;
* capital ``K = [LGD·N(G(PD)/√(1−R) + √(R/(1−R))·G(0.999)) − PD·LGD]
  · (1 + (M − 2.5)·b) / (1 − 1.5·b)``;
* risk weight ``RW = 12.5·K`` (× ``scaling``; the framework's paragraph 44 scales IRB
  risk-weighted assets by 1.06, which its illustrative table in Annex 5 leaves out);
* expected loss ``EL = PD·LGD·EAD``.

The figures reproduce the framework's Annex 5 table "Illustrative IRB Risk Weights for UL"
(tests/reference/test_sme_irb.py). The conditional default probability
``N((G(PD) + √R·G(q)) / √(1−R))`` is the one-factor (Vasicek) model's, also used by
:mod:`serviq.sme.capital` for the loss distribution of a guaranteed portfolio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from serviq.errors import InvalidInput, Where

_N = NormalDist()
#: The confidence level of the IRB capital requirement.
CONFIDENCE = 0.999
#: Sales (millions of euros) between which the firm-size adjustment applies.
SME_SALES_FLOOR = 5.0
SME_SALES_CEILING = 50.0


def _bad(field: str, msg: str) -> InvalidInput:
    return InvalidInput(msg, where=Where(field=field))


def check_pd(pd: float) -> None:
    if not 0 < pd < 1:
        raise _bad("pd", f"PD must lie strictly between 0 and 1 (a fraction), not {pd}")


def correlation(pd: float, sales_meur: float | None = None) -> float:
    """The asset correlation R (module docstring), with the firm-size adjustment when
    ``sales_meur`` is below 50."""
    check_pd(pd)
    w = (1 - math.exp(-50 * pd)) / (1 - math.exp(-50))
    r = 0.12 * w + 0.24 * (1 - w)
    if sales_meur is not None:
        if sales_meur < 0:
            raise _bad(
                "sales_meur", f"sales must be 0 or more (millions of euros), not {sales_meur}"
            )
        if sales_meur < SME_SALES_CEILING:
            s = max(sales_meur, SME_SALES_FLOOR)
            r -= 0.04 * (1 - (s - SME_SALES_FLOOR) / (SME_SALES_CEILING - SME_SALES_FLOOR))
    return r


def maturity_adjustment(pd: float) -> float:
    """``b = (0.11852 − 0.05478·ln PD)²``."""
    check_pd(pd)
    return (0.11852 - 0.05478 * math.log(pd)) ** 2


def conditional_pd(pd: float, rho: float, quantile: float) -> float:
    """The default rate when the common factor is at its ``quantile`` worst:
    ``N((G(PD) + √ρ·G(q)) / √(1−ρ))`` (Vasicek's one-factor model)."""
    return _N.cdf((_N.inv_cdf(pd) + math.sqrt(rho) * _N.inv_cdf(quantile)) / math.sqrt(1 - rho))


@dataclass(frozen=True)
class Capital:
    """The IRB figures of one exposure (per unit of EAD unless ``ead`` is given)."""

    correlation: float
    maturity_adjustment: float
    k: float
    risk_weight: float
    expected_loss: float
    rwa: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "correlation": self.correlation,
            "maturity_adjustment": self.maturity_adjustment,
            "k": self.k,
            "risk_weight": self.risk_weight,
            "expected_loss": self.expected_loss,
            "rwa": self.rwa,
        }


def capital(
    pd: float,
    lgd: float,
    *,
    maturity: float = 2.5,
    sales_meur: float | None = None,
    ead: float = 1.0,
    scaling: float = 1.0,
) -> Capital:
    """K, the risk weight, expected loss and risk-weighted assets of a corporate exposure.

    ``risk_weight`` is a fraction (1.0 = 100 %). Raises :class:`~serviq.errors.InvalidInput`
    naming the argument when PD, LGD, maturity or sales are out of range.
    """
    check_pd(pd)
    if not 0 <= lgd <= 1:
        raise _bad("lgd", f"LGD must lie between 0 and 1 (a fraction), not {lgd}")
    if not 1 <= maturity <= 5:
        raise _bad(
            "maturity", f"the effective maturity must lie between 1 and 5 years, not {maturity}"
        )
    if ead < 0:
        raise _bad("ead", f"the exposure at default must be 0 or more, not {ead}")
    rho = correlation(pd, sales_meur)
    b = maturity_adjustment(pd)
    k = (
        (lgd * conditional_pd(pd, rho, CONFIDENCE) - pd * lgd)
        * (1 + (maturity - 2.5) * b)
        / (1 - 1.5 * b)
    )
    rw = 12.5 * k * scaling
    return Capital(
        correlation=rho,
        maturity_adjustment=b,
        k=k,
        risk_weight=rw,
        expected_loss=pd * lgd * ead,
        rwa=rw * ead,
    )
