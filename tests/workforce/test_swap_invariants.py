"""Hypothesis: no sequence of approved swaps breaks any configured limit (R-OPS-7).

Random rosters over the Mid-autumn and National Day holidays of 2026 (and the month
boundary), without back-to-back shifts of their own, random rules, random swap requests; every request the rules allow is
approved. Afterwards every limit of the rules file still holds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st

from serviq.workforce.ruleset import Rules, SwapRules
from serviq.workforce.shifts import Person, Schedule
from serviq.workforce.swaps import SwapRequest, check_swap, swap_month

from .personas import at, shift

FIRST = dt.date(2026, 9, 14)
DAYS = [FIRST + dt.timedelta(days=i) for i in range(21)]  # 14 Sep – 4 Oct 2026


@st.composite
def worlds(draw: st.DrawFn) -> tuple[Rules, Schedule, list[tuple[str, str, int, int]]]:
    swap_rules = SwapRules(
        max_per_person_per_month=draw(st.sampled_from([0, 1, 2, 2, 3])),
        consecutive_swaps_allowed=draw(st.booleans()),
        consecutive_within_days=draw(st.integers(0, 2)),
        min_rest_hours=draw(st.sampled_from([0, 8, 12])),
        max_skill_level_difference=draw(st.integers(0, 1)),
    )
    rules = Rules(swaps=swap_rules)
    people = [
        Person(
            f"A{i:03d}",
            f"T{i % 2 + 1}",
            draw(st.sampled_from(["phone", "phone", "phone", "chat"])),
            draw(st.sampled_from([1, 1, 1, 2])),
        )
        for i in range(1, 5)
    ]
    shifts = []
    for p in people:
        last = "off"
        for d in DAYS:
            kind = draw(st.sampled_from(["off", "off", "off", "off", "day", "day", "night"]))
            if last == "night" or (last == "day" and kind == "night"):
                kind = "off"  # the roster itself has no back-to-back shifts
            if kind != "off":
                shifts.append(shift(p.id, d.isoformat(), kind))
            last = kind
    if len(shifts) < 2:
        shifts = [shift("A001", "2026-09-28"), shift("A002", "2026-09-29")]
    requests = draw(
        st.lists(
            st.tuples(st.integers(0, 3), st.integers(1, 3), st.integers(0, 99), st.integers(0, 99)),
            min_size=1,
            max_size=30,
        )
    )
    # (requester, partner, i, j): the requester's i-th and the partner's j-th shift of the
    # moment the request is made (modulo their number of shifts)
    return (
        rules,
        Schedule.of(people, shifts),
        [(people[a].id, people[(a + k) % 4].id, i, j) for a, k, i, j in requests],
    )


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds())
def test_no_sequence_of_approved_swaps_breaks_a_limit(world, cal) -> None:  # type: ignore[no-untyped-def]
    rules, sched, requests = world
    sr = rules.swaps
    now = at("2026-09-01 09:00")
    approved = 0
    for requester, partner, i, j in requests:
        mine, theirs = sched.shifts_of(requester), sched.shifts_of(partner)
        if not mine or not theirs:
            continue
        req = SwapRequest(requester, partner, mine[i % len(mine)].id, theirs[j % len(theirs)].id)
        if check_swap(req, sched, rules, cal, now).ok:
            sched = sched.with_swap(req.record(now))
            approved += 1
    target(float(approved))
    event(f"approved swaps: {min(approved, 5)}{'+' if approved >= 5 else ''}")

    per_month = Counter((pid, swap_month(sw, sched)) for sw in sched.swaps for pid in sw.people)
    assert all(n <= sr.max_per_person_per_month for n in per_month.values())

    for sw in sched.swaps:
        a, b = sched.person(sw.requester), sched.person(sw.partner)
        assert a.id != b.id
        assert not sr.same_job_type or a.job_type == b.job_type
        assert abs(a.skill_level - b.skill_level) <= sr.max_skill_level_difference
        for sid in sw.shift_ids:
            assert not cal.is_holiday(sched.shift(sid).date)

    if not sr.consecutive_swaps_allowed:
        for pid in sched.people:
            mine = sched.swaps_of(pid)
            for i, s1 in enumerate(mine):
                for s2 in mine[i + 1 :]:
                    for x in s1.shift_ids:
                        for y in s2.shift_ids:
                            gap = abs((sched.shift(x).date - sched.shift(y).date).days)
                            assert gap > sr.consecutive_within_days

    moved = {sid for sw in sched.swaps for sid in sw.shift_ids}
    min_rest = dt.timedelta(hours=sr.min_rest_hours)
    for pid in sched.people:
        worked = sched.shifts_of(pid)
        for i, s1 in enumerate(worked):
            for s2 in worked[i + 1 :]:
                if s1.id in moved or s2.id in moved:
                    assert s2.start - s1.end >= min_rest, (pid, s1.id, s2.id)
