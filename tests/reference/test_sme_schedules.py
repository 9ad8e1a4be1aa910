"""Loan schedules against numpy-financial's documented example.

numpy-financial's documentation of ``ppmt`` ("What is the amortization schedule for a 1 year
loan of $2500 at 8.24% interest per year compounded monthly?") prints the payment
``pmt(0.0824/12, 12, 2500) = -217.7486`` (rounded to 4 decimals there), and the first
month's split: principal ``-200.58``, interest ``-17.17`` (2 decimals), the balance falling
to 0 after the twelfth payment. Its ``pmt`` page gives the formula with ``when``:
``pmt · (1 + rate·when) / rate · ((1 + rate)^n − 1) = −(fv + pv·(1 + rate)^n)``, and its
``ipmt`` page says that with ``when='begin'`` the first payment carries no interest; the
in-advance figures are checked against that formula.
"""

from __future__ import annotations

import pytest

from serviq.sme.schedules import annuity_payment, schedule

RATE = 0.0824


def test_numpy_financial_amortization_example_in_arrears() -> None:
    s = schedule(2500, RATE, 12)
    assert s.payment is not None
    assert round(s.payment, 4) == 217.7486
    first = s.rows[0]
    assert round(first.principal, 2) == 200.58
    assert round(first.interest, 2) == 17.17
    assert first.payment == pytest.approx(s.payment, abs=1e-9)
    assert s.rows[-1].balance == pytest.approx(0.0, abs=1e-9)
    assert sum(r.principal for r in s.rows) == pytest.approx(2500, abs=1e-9)
    assert all(r.payment == pytest.approx(s.payment, abs=1e-9) for r in s.rows)


def test_the_same_loan_in_advance_follows_the_pmt_formula_with_when_begin() -> None:
    r = RATE / 12
    # pmt·(1 + r)/r·((1 + r)^12 − 1) = pv·(1 + r)^12  (fv = 0, when = 1)
    expected = 2500 * (1 + r) ** 12 / ((1 + r) / r * ((1 + r) ** 12 - 1))
    s = schedule(2500, RATE, 12, when="begin")
    assert s.payment == pytest.approx(expected, rel=1e-12)
    # paid one period earlier, each payment is the arrears payment discounted one period
    assert s.payment == pytest.approx(217.7486 / (1 + r), abs=1e-4)
    assert s.rows[0].interest == 0.0
    assert s.rows[0].principal == pytest.approx(s.payment)
    assert s.rows[1].interest == pytest.approx((2500 - s.payment) * r, rel=1e-12)
    assert s.rows[-1].balance == pytest.approx(0.0, abs=1e-9)
    assert annuity_payment(2500, r, 12, when="begin") == pytest.approx(expected, rel=1e-12)
