"""Work orders left open at month end and the weekly supervision totals (R-OPS-8), and the
core dispatch valuing the call-back rate and the backlog from work orders."""

from __future__ import annotations

import doctest
import importlib

import pandas as pd
import pytest

from serviq.ops.supervision import backlog_values, totals_of, weekly_totals

TZ = "Asia/Shanghai"


def _orders() -> pd.DataFrame:
    # times UTC; Shanghai is UTC+8 (Monday 2026-10-05 starts at 2026-10-04 16:00 UTC)
    return pd.DataFrame(
        {
            "work_order_id": ["w1", "w2", "w3", "w4", "w5"],
            "queue": ["retail"] * 5,
            "team_id": ["T1", "T1", "T2", "T2", "T2"],
            "status": ["closed", "closed", "created", "closed", "created"],
            "created_at": pd.to_datetime(
                [
                    "2026-10-04 16:30",
                    "2026-10-06 01:00",
                    "2026-10-20 01:00",
                    "2026-10-28 01:00",
                    "2026-10-31 15:00",
                ]
            ),
            "due_at": pd.to_datetime(
                ["2026-10-06", "2026-10-08", "2026-10-25", "2026-10-30", "2026-11-03"]
            ),
            "closed_at": pd.to_datetime(
                ["2026-10-05 02:00", "2026-10-11 15:59", None, "2026-11-02 01:00", None]
            ),
            "escalated": [True, True, False, True, False],
            "callback_required": [True, True, True, False, True],
            "callback_done": [True, False, False, False, False],
            "callback_at": pd.to_datetime(["2026-10-12 01:00", None, None, None, None]),
        }
    )


def test_the_backlog_at_month_end_counts_what_is_open_and_overdue() -> None:
    values = backlog_values(_orders(), ["2026-10", "2026-11"], TZ)
    # at 2026-11-01 00:00 Shanghai: w3 (overdue), w4 (closed later, due 10-30: overdue) and
    # w5 (created 10-31 23:00 Shanghai, due 11-03) are open
    assert values[("2026-10", "")] == {"backlog_open": 3.0, "backlog_overdue_rate": 2 / 3}
    assert values[("2026-10", "T1")] == {"backlog_open": 0.0}  # nothing open: no rate
    assert values[("2026-10", "T2")]["backlog_overdue_rate"] == 2 / 3
    # at 2026-12-01: only w3 and w5 remain open, both overdue
    assert values[("2026-11", "")] == {"backlog_open": 2.0, "backlog_overdue_rate": 1.0}


def test_a_running_month_ends_at_as_of() -> None:
    values = backlog_values(_orders(), ["2026-10"], TZ, as_of=pd.Timestamp("2026-10-21 00:00"))
    # at 2026-10-21 08:00 Shanghai: w3 only, not yet due
    assert values[("2026-10", "")] == {"backlog_open": 1.0, "backlog_overdue_rate": 0.0}


def test_weekly_totals_count_the_events_of_each_week() -> None:
    weeks = weekly_totals(_orders(), TZ)
    by_week = {w.week: w for w in weeks}
    assert list(by_week) == ["2026-10-05", "2026-10-12", "2026-10-26", "2026-11-02"]
    # w1 and w2 created and answered (w2 on Sunday 23:59 Shanghai: still this week)
    first = by_week["2026-10-05"]
    assert (first.supervised, first.answered, first.called_back) == (2, 2, 0)
    assert (first.callback_required, first.callback_met, first.callback_rate) == (2, 1, 0.5)
    assert by_week["2026-10-12"].answered == 0
    assert by_week["2026-10-12"].called_back == 1  # w1's call-back, made the next week
    assert by_week["2026-11-02"].callback_rate is None  # w4 needs no call-back
    sums = totals_of(weeks)
    assert sums["supervised"] == 3
    assert sums["answered"] == 3
    assert sums["callback_rate"] == pytest.approx(1 / 2)


def test_a_span_lists_every_week_even_without_events() -> None:
    import datetime as dt

    weeks = weekly_totals(_orders(), TZ, start=dt.date(2026, 10, 14), end=dt.date(2026, 10, 28))
    assert [w.week for w in weeks] == ["2026-10-12", "2026-10-19", "2026-10-26"]
    assert weeks[1].supervised == 0
    assert weekly_totals(_orders().iloc[0:0], TZ) == []


def test_the_dispatch_values_the_call_back_rate_and_the_backlog_from_work_orders() -> None:
    from serviq.indicators import bundled_system
    from serviq.indicators.evaluation import evaluate

    contacts = pd.DataFrame(
        {
            "interaction_id": ["i1"], "channel": ["phone"], "queue": ["retail"],
            "contact_type": ["query"], "agent_id": ["A1"], "team_id": ["T1"],
            "arrived_at": ["2026-10-05T02:00:00Z"], "answered_at": ["2026-10-05T02:00:05Z"],
            "ended_at": ["2026-10-05T02:03:00Z"], "abandoned": [False],
        }
    )  # fmt: skip
    ev = evaluate(
        bundled_system("bank_contact_centre"),
        interactions=contacts,
        work_orders=_orders(),
        periods=["2026-10"],
        scopes=[""],
        timezone=TZ,
        as_of=pd.Timestamp("2026-11-30").to_pydatetime(),
    )
    values = ev.get("2026-10", "").values
    # callback_rate (ops KPI, by month of creation): w1 and w2 closed needing one, w1 done
    assert values["CALLBACK"] == 1 / 2
    assert values["BACKLOG"] == 2 / 3


def test_docstring_examples() -> None:
    result = doctest.testmod(importlib.import_module("serviq.ops.supervision"))
    assert result.attempted > 0
    assert result.failed == 0
