"""Invariants of Erlang C (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from serviq.ops.erlang import erlang_c, figures, staffing


@settings(max_examples=50, deadline=None)
@given(traffic=st.floats(0.1, 400), extra=st.integers(1, 60))
def test_more_agents_never_wait_longer(traffic, extra):
    n = math.floor(traffic) + extra
    c1, c2 = erlang_c(traffic, n), erlang_c(traffic, n + 1)
    assert 0.0 <= c2 <= c1 <= 1.0
    a, b = figures(traffic, n, 180, 20), figures(traffic, n + 1, 180, 20)
    assert b.service_level >= a.service_level
    assert b.asa <= a.asa


@settings(max_examples=30, deadline=None)
@given(
    calls=st.floats(1, 2000),
    aht=st.floats(10, 900),
    target=st.floats(0.5, 0.95),
    max_occ=st.floats(0.6, 1.0),
    shrink=st.floats(0, 0.5),
)
def test_staffing_is_the_smallest_that_meets_every_target(calls, aht, target, max_occ, shrink):
    r = staffing(
        calls=calls,
        interval_minutes=30,
        aht=aht,
        target_seconds=20,
        service_level=target,
        max_occupancy=max_occ,
        shrinkage=shrink,
        table_rows=0,
    )
    assert r.service_level >= target
    assert r.occupancy <= max_occ
    below = figures(r.traffic, r.agents - 1, aht, 20) if r.agents > 1 else None
    if below is not None and below.agents > r.traffic:
        assert below.service_level < target or below.occupancy > max_occ
    assert r.agents_with_shrinkage >= r.agents
    assert r.agents_with_shrinkage * (1 - shrink) >= r.agents - 1e-9
