"""Loan and lease schedules, and the lessor's rent against its own funding (R-SME-6).

A schedule lends ``principal`` at ``annual_rate / per_year`` a period (``r``) over
``periods`` periods, with payments at the end of each period (in arrears, ``when="end"``)
or at its start (in advance, ``when="begin"``, as leases usually are):

* **annuity** — one level payment, the formula of numpy-financial's ``pmt``::

      payment = (principal·(1+r)^n − residual) · r / ((1 + r·w) · ((1+r)^n − 1))

  with ``w`` = 1 in advance and 0 in arrears (``r`` = 0: ``(principal − residual) / n``).
  In arrears a period's interest is ``r`` × the balance owed at its start; in advance the
  first payment carries no interest and each later one ``r`` × the balance left after the
  previous payment (numpy-financial's ``ipmt`` with ``when='begin'``).
* **equal-principal** — the same principal each period, ``(principal − residual) / n``,
  and the interest on the balance (the payment falls over time).

``grace`` periods at the start pay interest only; the remaining ``periods − grace``
amortise. ``residual`` is a balloon or a lease's residual value (the buy-back price): the
balance left after the last payment, settled by buying the asset back or selling it. In
advance, the balance shown is the one right after the period's payment, so a residual
appears in the last row discounted one period (``residual / (1+r)``), growing to the
residual at the term's end.

Reference: numpy-financial's documentation of ``pmt``, ``ppmt`` and ``ipmt`` (the loan of
2,500 at 8.24 % a year over 12 months, tests/reference/test_sme_schedules.py). Money is kept
at full precision; round only for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from serviq.errors import InvalidInput, Where

When = Literal["end", "begin"]
Method = Literal["annuity", "equal-principal"]
WHENS: tuple[When, ...] = ("end", "begin")
METHODS: tuple[Method, ...] = ("annuity", "equal-principal")


@dataclass(frozen=True)
class Row:
    """One period: what is paid, how it splits, and the balance left after the payment."""

    period: int
    payment: float
    principal: float
    interest: float
    balance: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "payment": self.payment,
            "principal": self.principal,
            "interest": self.interest,
            "balance": self.balance,
        }


@dataclass(frozen=True)
class Schedule:
    """A schedule's level payment (annuity; ``None`` for equal principal) and its rows."""

    payment: float | None
    rows: tuple[Row, ...]
    residual: float = 0.0

    @property
    def total_interest(self) -> float:
        return sum(r.interest for r in self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {"payment": self.payment, "rows": [r.as_dict() for r in self.rows]}


def annuity_payment(
    principal: float, rate: float, periods: int, *, when: When = "end", residual: float = 0.0
) -> float:
    """The level payment per period (positive), numpy-financial's ``-pmt(rate, n, pv, -fv)``.

    ``rate`` is the rate per period. See the module docstring for the formula.
    """
    if rate == 0:
        return (principal - residual) / periods
    growth = (1 + rate) ** periods
    w = 1.0 if when == "begin" else 0.0
    return (principal * growth - residual) * rate / ((1 + rate * w) * (growth - 1))


def _check(
    principal: float,
    annual_rate: float,
    periods: int,
    per_year: int,
    grace: int,
    residual: float,
    when: str,
    method: str,
) -> None:
    def bad(field: str, msg: str) -> InvalidInput:
        return InvalidInput(msg, where=Where(field=field))

    if not principal > 0:
        raise bad("principal", f"the principal must be above 0, not {principal}")
    if not -1 < annual_rate / max(per_year, 1) <= 1:
        raise bad("annual_rate", f"the rate per period must lie in (-1, 1], not {annual_rate}")
    if per_year < 1:
        raise bad("per_year", f"periods a year must be at least 1, not {per_year}")
    if periods < 1:
        raise bad("periods", f"the number of periods must be at least 1, not {periods}")
    if not 0 <= grace < periods:
        raise bad("grace", f"grace periods must lie in 0 … {periods - 1}, not {grace}")
    if not 0 <= residual < principal:
        raise bad("residual", f"the residual must lie in [0, principal), not {residual}")
    if when not in WHENS:
        raise bad("when", f"unknown timing {when!r}; allowed: {', '.join(WHENS)}")
    if method not in METHODS:
        raise bad("method", f"unknown method {method!r}; allowed: {', '.join(METHODS)}")


def schedule(
    principal: float,
    annual_rate: float,
    periods: int,
    *,
    per_year: int = 12,
    when: When = "end",
    method: Method = "annuity",
    residual: float = 0.0,
    grace: int = 0,
) -> Schedule:
    """The schedule of a loan or lease (module docstring: methods, timing, grace, residual).

    Raises :class:`~serviq.errors.InvalidInput` naming the argument for values out of range.
    """
    _check(principal, annual_rate, periods, per_year, grace, residual, when, method)
    r = annual_rate / per_year
    advance = when == "begin"
    amortising = periods - grace
    # In advance the residual is owed one period after the last payment.
    target = residual / (1 + r) if advance else residual
    level: float | None = None
    if method == "annuity" and advance and grace:
        # After an interest-only grace in advance, the payments from the start of period
        # grace + 1 on amortise the balance left at the start of period grace, in arrears.
        level = annuity_payment(principal, r, amortising, when="end", residual=target)
    elif method == "annuity":
        level = annuity_payment(principal, r, amortising, when=when, residual=residual)
    step = (principal - target) / amortising
    rows: list[Row] = []
    balance = principal
    for t in range(1, periods + 1):
        # In arrears interest runs on the balance over the period just ended; in advance the
        # payment at the start of period t pays the interest of period t - 1.
        interest = 0.0 if advance and t == 1 else balance * r
        if t <= grace:
            principal_part = 0.0
        elif level is not None:
            principal_part = level - interest
        else:
            principal_part = step
        if t == periods:  # the last payment leaves exactly the residual: no rounding drift
            principal_part = balance - target
        payment = principal_part + interest
        balance -= principal_part
        rows.append(Row(t, payment, principal_part, interest, balance))
    return Schedule(payment=level, rows=tuple(rows), residual=residual)


@dataclass(frozen=True)
class LessorRow:
    """One period of the lessor's cash: rent in, its own debt service out, the gap."""

    period: int
    rent: float
    debt_service: float
    net: float
    cumulative: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "rent": self.rent,
            "debt_service": self.debt_service,
            "net": self.net,
            "cumulative": self.cumulative,
        }


@dataclass(frozen=True)
class LessorCashFlow:
    """The lessor's rents against its bank debt (R-SME-6).

    ``coverage`` is the lowest rent / debt-service ratio of any period with debt service;
    ``shortfall_periods`` are the periods whose cumulative cash is below zero (the rents do
    not yet carry the debt). The asset stays the lessor's until the buy-back: on the
    lessee's bankruptcy it is not part of the estate, so ``asset_owner`` is always
    ``"lessor"`` until ``buy_back`` is paid.
    """

    rows: tuple[LessorRow, ...]
    coverage: float | None
    shortfall_periods: tuple[int, ...]
    buy_back: float
    asset_owner: str = "lessor"

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": [r.as_dict() for r in self.rows],
            "coverage": self.coverage,
            "shortfall_periods": list(self.shortfall_periods),
            "buy_back": self.buy_back,
            "asset_owner": self.asset_owner,
        }


def lessor_cash_flow(rent: Schedule, funding: Schedule) -> LessorCashFlow:
    """Period by period, the lease's rents (``rent``) against the lessor's loan (``funding``).

    Both schedules must count periods alike (same ``per_year``); a funding loan longer than
    the lease shows its last periods without rent. The buy-back (the lease's residual) is
    received after the last rent and counted in the last period of the lease.
    """
    n = max(len(rent.rows), len(funding.rows))
    rows: list[LessorRow] = []
    cumulative = 0.0
    ratios: list[float] = []
    short: list[int] = []
    for t in range(1, n + 1):
        r_in = rent.rows[t - 1].payment if t <= len(rent.rows) else 0.0
        if t == len(rent.rows):
            r_in += rent.residual
        d_out = funding.rows[t - 1].payment if t <= len(funding.rows) else 0.0
        net = r_in - d_out
        cumulative += net
        if d_out > 0:
            ratios.append(r_in / d_out)
        if cumulative < -1e-9:
            short.append(t)
        rows.append(LessorRow(t, r_in, d_out, net, cumulative))
    return LessorCashFlow(
        rows=tuple(rows),
        coverage=min(ratios) if ratios else None,
        shortfall_periods=tuple(short),
        buy_back=rent.residual,
    )
