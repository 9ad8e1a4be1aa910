"""Invariants of the planted personal data and of the calendar."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from serviq.demo.identifiers import fixed_ids, hashed_keys
from serviq.demo.pii import bank_card, email, id_check_ok, luhn_ok, mobile, resident_id
from serviq.demo.seasonality import day_kind, intraday_profile


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_every_generated_id_and_card_is_valid(seed: int) -> None:
    rng = np.random.default_rng(seed)
    rid = resident_id(rng)
    assert id_check_ok(rid), rid
    birth = dt.date(int(rid[6:10]), int(rid[10:12]), int(rid[12:14]))
    assert dt.date(1950, 1, 1) <= birth <= dt.date(2005, 12, 31)
    card = bank_card(rng)
    assert luhn_ok(card), card
    assert re.fullmatch(r"1[3-9]\d{9}", mobile(rng))
    assert "@" in email(rng)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**9 - 1), min_size=1, max_size=50))
def test_fixed_ids_round_trip(numbers: list[int]) -> None:
    ids = fixed_ids("I", np.array(numbers), 9)
    assert [int(x[1:]) for x in ids] == numbers
    assert all(len(x) == 10 for x in ids)
    keys = hashed_keys(np.array(numbers), salt=3)
    assert all(re.fullmatch(r"[0-9a-f]{16}", k) for k in keys)
    assert len(set(keys)) == len(set(numbers))


def test_holidays_and_make_up_days() -> None:
    assert day_kind(dt.date(2026, 10, 1)) == "holiday"  # National Day
    assert day_kind(dt.date(2026, 9, 30)) == "workday"
    # Outside the years chinese-calendar knows, Saturdays and Sundays are the weekend.
    assert day_kind(dt.date(2090, 1, 7)) == "weekend"
    assert day_kind(dt.date(2090, 1, 9)) == "workday"


def test_intraday_profile_sums_to_one_and_has_no_steps() -> None:
    p = intraday_profile([1.0] * 12 + [5.0] * 12)
    assert abs(p.sum() - 1) < 1e-12
    assert np.abs(np.diff(p)).max() < 0.3 * p.max()
