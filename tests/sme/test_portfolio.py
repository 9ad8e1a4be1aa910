"""The one-factor loss distribution of a guaranteed portfolio, split by layer."""

from __future__ import annotations

import pytest

from serviq.errors import InvalidInput
from serviq.sme.guarantees import Compensation
from serviq.sme.irb import capital
from serviq.sme.portfolio import Loan, layer_losses

SHARES_4222 = {"bank": 0.2, "guarantor": 0.4, "provincial": 0.2, "national": 0.2}


def test_expected_loss_per_layer_is_its_share_of_pd_lgd_ead() -> None:
    loans = [
        Loan(1_000_000, 0.02, 0.45, SHARES_4222, sales_meur=10),
        Loan(500_000, 0.05, 0.6, {"bank": 0.2, "guarantor": 0.8}),
    ]
    got = layer_losses(loans)
    el = {"first": 1_000_000 * 0.02 * 0.45, "second": 500_000 * 0.05 * 0.6}
    assert got.expected["bank"] == pytest.approx(0.2 * (el["first"] + el["second"]), rel=1e-6)
    assert got.expected["guarantor"] == pytest.approx(
        0.4 * el["first"] + 0.8 * el["second"], rel=1e-6
    )
    assert got.expected["national"] == pytest.approx(0.2 * el["first"], rel=1e-6)


def test_tail_loss_less_expected_loss_is_the_irb_capital_at_one_year() -> None:
    # at M = 1 the maturity factor (1 + (M − 2.5)·b) / (1 − 1.5·b) is 1, so K·EAD is the
    # 99.9 % conditional loss less the expected loss
    loan = Loan(1_000_000, 0.01, 0.45, SHARES_4222, sales_meur=20)
    got = layer_losses([loan], level=0.999)
    k = capital(0.01, 0.45, maturity=1, sales_meur=20).k
    assert got.total_tail - got.total_expected == pytest.approx(k * 1_000_000, rel=1e-6)
    assert got.tail["guarantor"] == pytest.approx(0.4 * got.total_tail)


def test_public_compensation_appears_as_its_own_layer() -> None:
    loan = Loan(
        1_000_000,
        0.03,
        0.5,
        {"bank": 0.2, "guarantor": 0.8},
        compensation=Compensation("guarantor", 0.5, cap=5_000),
    )
    got = layer_losses([loan])
    # the guarantor's expected loss is 12,000; half of it, capped at 5,000 in every state
    assert got.expected["public"] <= 5_000 + 1e-6
    assert got.total_expected == pytest.approx(1_000_000 * 0.03 * 0.5, rel=1e-6)
    assert got.tail["public"] == pytest.approx(5_000)


def test_an_empty_portfolio_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no loans"):
        layer_losses([])
