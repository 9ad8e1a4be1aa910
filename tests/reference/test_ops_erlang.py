"""Erlang C against published worked examples.

1. Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example",
   https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm — 100 calls in
   30 minutes, AHT 180 s, target 80 % answered in 20 s, maximum occupancy 85 %, shrinkage
   30 %: traffic 10 erlangs, 14 agents (P(wait) 17.4 %, service level 88.8 %, ASA ≈ 7.8 s,
   occupancy 71.4 %), 20 agents once shrinkage is added. The same figures are printed by
   pyworkforce's README for ``ErlangC(transactions=100, aht=3, asa=20/60, interval=30,
   shrinkage=0.3).required_positions(service_level=0.8, max_occupancy=0.85)``:
   ``{'raw_positions': 14, 'positions': 20, 'service_level': 0.8884, 'occupancy': 0.7143,
   'waiting_probability': 0.1741}``.
2. The "360 calls per half hour, average call 4 minutes, 55 agents" example of the
   Erlang-C formula page (erlang.com / Westbay): traffic 48 erlangs, occupancy 87.3 %;
   P(wait) 0.2387, service level 86.7 % in 20 s and ASA 8.18 s, checked against an
   independent direct-sum evaluation (factorials) below.
"""

from __future__ import annotations

import math

import pytest

from serviq.ops.erlang import erlang_b, erlang_c, figures, staffing


def test_call_centre_helper_worked_example():
    r = staffing(
        calls=100,
        interval_minutes=30,
        aht=180,
        target_seconds=20,
        service_level=0.8,
        max_occupancy=0.85,
        shrinkage=0.3,
    )
    assert r.traffic == pytest.approx(10.0)
    assert r.agents == 14
    assert r.agents_with_shrinkage == 20
    assert r.p_wait == pytest.approx(0.1741, abs=5e-5)
    assert r.service_level == pytest.approx(0.8884, abs=5e-5)
    assert r.occupancy == pytest.approx(0.7143, abs=5e-5)
    assert r.asa == pytest.approx(7.8, abs=0.05)
    # 13 agents are not enough: the table shows the step.
    thirteen = next(row for row in r.table if row.agents == 13)
    assert thirteen.service_level < 0.8


def _erlang_c_direct(a: float, n: int) -> float:
    top = a**n / math.factorial(n) * n / (n - a)
    return top / (sum(a**k / math.factorial(k) for k in range(n)) + top)


def test_360_calls_per_half_hour_example():
    a = 360 * 240 / 1800
    assert a == 48
    assert erlang_c(a, 55) == pytest.approx(_erlang_c_direct(a, 55), rel=1e-12)
    row = figures(a, 55, 240, 20)
    assert row.occupancy == pytest.approx(0.8727, abs=5e-5)
    assert row.p_wait == pytest.approx(0.2387, abs=5e-5)
    assert row.service_level == pytest.approx(0.8668, abs=5e-4)
    assert row.asa == pytest.approx(8.184, abs=5e-3)


def test_erlang_b_is_stable_for_thousands_of_agents():
    # A direct formula overflows (A**N); the recursion does not.
    b = erlang_b(4000.0, 4100)
    assert 0.0 < b < 0.01
    c = erlang_c(4000.0, 4100)
    assert 0.0 < c < 1.0
