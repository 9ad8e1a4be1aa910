"""The roster against the Erlang C requirement on a constructed day (R-OPS-8).

Reference: Call Centre Helper, "Erlang C formula – made simple with an easy worked example"
(the example also cited by ``serviq.ops.erlang``): 100 calls in 30 minutes, AHT 180 s, 80 %
answered in 20 s → 14 agents; with 30 % shrinkage, 20 scheduled.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from serviq.ops.coverage import (
    Demand,
    StaffingRules,
    day_staffing,
    demand_from_history,
    intervals,
    load_staffing_rules,
    preview,
)
from serviq.ops.erlang import staffing

ZONE = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 12, 10)
RULES = StaffingRules()  # 30 min, 80 % in 20 s, shrinkage 0.3


class S(NamedTuple):
    id: str
    start: dt.datetime
    end: dt.datetime


def at(clock: str, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), tzinfo=ZONE)


def shifts(n: int, start: str = "08:00", end: str = "17:00", prefix: str = "D") -> list[S]:
    return [S(f"{prefix}{i}", at(start), at(end)) for i in range(n)]


# 09:00 busy (the published example), 10:00 quiet, 12:00 nothing
DEMAND = [Demand(at("09:00"), 100, 180), Demand(at("10:00"), 10, 180), Demand(at("12:00"), 0, 180)]


def test_the_requirement_is_the_published_erlang_c_figure() -> None:
    rows = day_staffing(DEMAND, shifts(18), RULES)
    busy = rows[0]
    assert (busy.agents, busy.required) == (14, 20)  # Call Centre Helper: 14, and 20 with 30 %
    assert busy.staffed == 18
    assert (busy.gap, busy.status) == (-2, "short")
    ref = staffing(calls=100, interval_minutes=30, aht=180, target_seconds=20,
                   service_level=0.8, shrinkage=0.3)  # fmt: skip
    assert busy.traffic == pytest.approx(ref.traffic) == pytest.approx(10.0)
    quiet = rows[1]
    assert quiet.required == staffing(calls=10, interval_minutes=30, aht=180, target_seconds=20,
                                      service_level=0.8, shrinkage=0.3).agents_with_shrinkage  # fmt: skip
    assert quiet.status == "idle"
    assert rows[2].status == "idle"  # no calls, 18 agents


def test_a_proposed_shift_change_updates_the_shortfall() -> None:
    roster = shifts(18)
    # moving one agent's shift to the afternoon leaves 09:00 shorter
    moved = S("D0", at("13:00"), at("22:00"))
    p = preview(DEMAND, roster, RULES, remove="D0", add=moved)
    assert p.shortfall == (2, 3)
    assert [(b.start, b.staffed, a.staffed) for b, a in p.changed] == [
        (at("09:00"), 18, 17),
        (at("10:00"), 18, 17),
        (at("12:00"), 18, 17),
    ]
    # two more shifts cover the busy interval
    fixed = preview(DEMAND, [*roster, S("X1", at("08:00"), at("17:00"))], RULES,
                    add=S("X2", at("09:00"), at("18:00")))  # fmt: skip
    assert fixed.shortfall == (1, 0)
    assert fixed.after[0].status == "ok"


def test_a_shift_counts_only_where_it_covers_the_whole_interval() -> None:
    half = [S("H", at("09:15"), at("17:00"))]
    assert day_staffing(DEMAND[:1], half, RULES)[0].staffed == 0


def test_demand_from_the_same_weekday_of_the_last_weeks() -> None:
    rows = []
    for w, n in ((1, 6), (2, 2)):  # 6 calls a week ago, 2 two weeks ago, at 09:00–09:29
        day = DAY - dt.timedelta(weeks=w)
        rows += [{"arrived_at": at("09:10", day), "handle_seconds": 200.0}] * n
    rows.append({"arrived_at": at("09:10", DAY - dt.timedelta(days=1)), "handle_seconds": 999.0})
    d = demand_from_history(pd.DataFrame(rows), DAY, RULES, ZONE)
    assert len(d) == len(intervals(DAY, ZONE, 30)) == 48
    nine = d[18]
    assert nine.start == at("09:00")
    assert nine.calls == pytest.approx(8 / 4)  # 4 weeks, two without calls
    assert nine.aht == pytest.approx(200.0)
    assert d[0].aht == RULES.default_aht


def test_the_settings_file_is_validated(tmp_path) -> None:
    from serviq.errors import ServiqError

    assert load_staffing_rules() == RULES
    bad = tmp_path / "staffing.yaml"
    bad.write_text("version: 1\ninterval_minutes: 7\n")
    with pytest.raises(ServiqError, match="interval_minutes"):
        load_staffing_rules(bad)
