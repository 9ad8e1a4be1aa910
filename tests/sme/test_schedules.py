"""Equal principal, grace periods, residual value and the lessor's cash flow (R-SME-6)."""

from __future__ import annotations

import pytest

from serviq.errors import InvalidInput
from serviq.sme.schedules import lessor_cash_flow, schedule


def test_equal_principal_repays_the_same_principal_each_period() -> None:
    s = schedule(1200, 0.12, 12, method="equal-principal")
    assert s.payment is None
    assert all(r.principal == pytest.approx(100) for r in s.rows)
    assert s.rows[0].interest == pytest.approx(12)  # 1 % of 1200
    assert s.rows[-1].interest == pytest.approx(1)  # 1 % of the last 100
    assert s.total_interest == pytest.approx(78)  # 1 % · (1200 + 1100 + … + 100)


def test_grace_periods_pay_interest_only_then_amortise() -> None:
    s = schedule(1200, 0.12, 12, grace=3)
    assert [r.principal for r in s.rows[:3]] == [0.0, 0.0, 0.0]
    assert [r.interest for r in s.rows[:3]] == pytest.approx([12, 12, 12])
    level = s.rows[3].payment
    assert all(r.payment == pytest.approx(level) for r in s.rows[3:])
    assert s.rows[-1].balance == pytest.approx(0, abs=1e-9)
    assert schedule(1200, 0.12, 9).payment == pytest.approx(level)


def test_a_residual_value_is_left_after_the_last_payment() -> None:
    s = schedule(10_000, 0.06, 36, residual=2_000)
    assert s.rows[-1].balance == pytest.approx(2_000)
    assert s.payment < schedule(10_000, 0.06, 36).payment
    advance = schedule(10_000, 0.06, 36, when="begin", residual=2_000)
    # in advance the residual is owed one period after the last payment
    assert advance.rows[-1].balance * 1.005 == pytest.approx(2_000)


def test_zero_rate_splits_the_principal_evenly() -> None:
    s = schedule(1000, 0.0, 4)
    assert s.payment == pytest.approx(250)
    assert s.total_interest == 0


def test_the_lessors_rents_against_its_own_funding() -> None:
    # the lessor buys equipment for 100,000 with a bank loan of 80,000 at 5 % over 24 months,
    # and leases it for 24 months in advance at 8 % with a buy-back price of 10,000
    rent = schedule(100_000, 0.08, 24, when="begin", residual=10_000)
    funding = schedule(80_000, 0.05, 24)
    flow = lessor_cash_flow(rent, funding)
    assert flow.asset_owner == "lessor"
    assert flow.buy_back == 10_000
    assert flow.coverage == pytest.approx(rent.payment / funding.payment)
    assert flow.coverage > 1
    assert flow.shortfall_periods == ()
    assert flow.rows[-1].rent == pytest.approx(rent.rows[-1].payment + 10_000)
    total = sum(r.payment for r in rent.rows) + 10_000 - sum(r.payment for r in funding.rows)
    assert flow.rows[-1].cumulative == pytest.approx(total)


def test_rents_that_do_not_carry_the_debt_show_the_short_periods() -> None:
    flow = lessor_cash_flow(schedule(50_000, 0.04, 12), schedule(80_000, 0.06, 12))
    assert flow.coverage is not None
    assert flow.coverage < 1
    assert flow.shortfall_periods == tuple(range(1, 13))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"grace": 12}, "grace"),
        ({"residual": 2000}, "residual"),
        ({"when": "middle"}, "when"),
        ({"method": "bullet"}, "method"),
        ({"per_year": 0}, "per_year"),
    ],
)
def test_values_out_of_range_name_the_argument(kwargs, field) -> None:
    with pytest.raises(InvalidInput) as info:
        schedule(1000, 0.05, 12, **kwargs)
    assert info.value.where.field == field
