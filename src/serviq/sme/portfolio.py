"""The loss distribution of a guaranteed portfolio, split by layer (R-SME-4).

One-factor (Vasicek) model, as behind the Basel IRB formula (:mod:`serviq.sme.irb`): loan
``i`` defaults when ``√ρᵢ·Z + √(1−ρᵢ)·εᵢ < G(PDᵢ)``. Given the common factor ``Z = z`` its
default probability is ``pᵢ(z) = N((G(PDᵢ) − √ρᵢ·z) / √(1−ρᵢ))``, and in a portfolio of many
small loans the loss given ``z`` is its expectation, ``L(z) = Σ EADᵢ·LGDᵢ·pᵢ(z)`` (the
asymptotic single-risk-factor model; Vasicek, "Loan portfolio value", Risk, 2002; Gordy, "A
risk-factor model foundation for ratings-based bank capital rules", J. Financial
Intermediation, 2003). Each loan's loss given ``z`` is allocated across the layers of its
guarantee by :func:`serviq.sme.guarantees.allocate`, so:

* a party's **expected loss** is ``E[Lₚ(Z)]`` over ``Z ~ N(0, 1)`` (Gauss–Hermite
  quadrature, 64 nodes; equal to ``Σ shareᵢ·EADᵢ·LGDᵢ·PDᵢ`` for proportional sharing);
* its **tail loss** at level ``q`` is ``Lₚ(−G(q))``, the loss in the ``q``-worst state of the
  economy (the portfolio's loss quantile, as the conditional loss falls with ``z``).

The correlation of each loan is the IRB corporate correlation with the SME firm-size
adjustment unless the loan gives its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from serviq.errors import InvalidInput, Where
from serviq.sme.guarantees import Compensation, Party, allocate
from serviq.sme.irb import check_pd, correlation

_N = NormalDist()
_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(64)
_WEIGHTS = _WEIGHTS / math.sqrt(2 * math.pi)


@dataclass(frozen=True)
class Loan:
    """One guaranteed loan: exposure, PD, LGD and the shares of its layers."""

    ead: float
    pd: float
    lgd: float
    shares: dict[Party, float]
    sales_meur: float | None = None
    rho: float | None = None
    compensation: Compensation | None = None

    def correlation(self) -> float:
        return self.rho if self.rho is not None else correlation(self.pd, self.sales_meur)


def _conditional_losses(loans: Sequence[Loan], z: float) -> dict[str, float]:
    out: dict[str, float] = {}
    for loan in loans:
        rho = loan.correlation()
        p = _N.cdf((_N.inv_cdf(loan.pd) - math.sqrt(rho) * z) / math.sqrt(1 - rho))
        alloc = allocate(loan.shares, loan.ead * loan.lgd * p, compensation=loan.compensation)
        for party, value in alloc.allocation.items():
            out[party] = out.get(party, 0.0) + value
    return out


@dataclass(frozen=True)
class LayerLoss:
    """Each party's expected loss and its tail loss at ``level``, and the portfolio's."""

    level: float
    expected: dict[str, float]
    tail: dict[str, float]

    @property
    def total_expected(self) -> float:
        return sum(self.expected.values())

    @property
    def total_tail(self) -> float:
        return sum(self.tail.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "expected": self.expected,
            "tail": self.tail,
            "total_expected": self.total_expected,
            "total_tail": self.total_tail,
        }


def layer_losses(loans: Sequence[Loan], level: float = 0.999) -> LayerLoss:
    """Expected and tail loss per party of a guaranteed portfolio (module docstring)."""
    if not loans:
        raise InvalidInput("the portfolio has no loans", where=Where(field="loans"))
    if not 0 < level < 1:
        raise InvalidInput(
            f"the tail level must lie strictly between 0 and 1, not {level}",
            where=Where(field="level"),
        )
    for i, loan in enumerate(loans):
        check_pd(loan.pd)
        if loan.ead < 0 or not 0 <= loan.lgd <= 1:
            raise InvalidInput(
                "EAD must be 0 or more and LGD lie in [0, 1]", where=Where(row=i + 1, field="loans")
            )
    expected: dict[str, float] = {}
    for z, w in zip(_NODES, _WEIGHTS, strict=True):
        for party, value in _conditional_losses(loans, float(z)).items():
            expected[party] = expected.get(party, 0.0) + float(w) * value
    tail = _conditional_losses(loans, -_N.inv_cdf(level))
    return LayerLoss(level=level, expected=expected, tail=tail)
