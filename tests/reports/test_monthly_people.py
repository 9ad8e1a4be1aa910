"""The monthly report's QA calibration and workforce sections: the month's calibration
session through :func:`serviq.qa.calibration.calibrate`, and the workforce counts (leave,
swaps, escalated work orders) equal to counting the rows directly; each with its definition
in the methods appendix."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.qa.calibration import calibrate
from serviq.qa.ruleset import load_qa_rules
from serviq.qa.scorecard import load_scorecard
from serviq.reports.context import build_context
from serviq.reports.inputs import load_inputs, local_times
from serviq.reports.periods import Period


@pytest.fixture(scope="module")
def built(report_data: Path):
    inputs = load_inputs(report_data)
    return inputs, build_context("monthly", "last", inputs, lang="en")


def _month(ctx) -> Period:
    import datetime as dt

    start, end = ctx["period_start"], ctx["period_end"]
    return Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end), "month", ctx["period"])


def test_the_calibration_is_the_qa_package_s_on_the_month_s_session(built) -> None:
    inputs, ctx = built
    scores = inputs.table("qa_calibration")
    month = scores[scores["month"].astype(str) == ctx["period"]]
    assert len(month), "the generated centre has a calibration session every month"
    rules = load_qa_rules().calibration
    cols = ["interaction_id", "inspector_id", "item", "score"]
    direct = calibrate(month[cols].reset_index(drop=True), rules, card=load_scorecard())
    [session] = ctx["calibration"]
    assert direct.overall is not None
    assert session["icc"] == pytest.approx(direct.overall[rules.icc_form].ICC, abs=1e-12)
    assert session["alpha"] == pytest.approx(direct.overall_alpha, abs=1e-12)
    assert session["alpha_lower"] <= session["alpha"] <= session["alpha_upper"]
    assert session["inspectors"] == month["inspector_id"].nunique()
    assert session["flagged"] == [a.item for a in direct.items if a.flagged]


def test_the_workforce_counts_are_the_month_s_rows(built) -> None:
    inputs, ctx = built
    p = _month(ctx)
    start, end = pd.Timestamp(p.start), pd.Timestamp(p.end)
    leave = inputs.table("leave")
    leave = leave[leave["status"].astype(str) == "approved"]
    t = local_times(leave["start_at"], inputs.timezone)
    mine = leave[(t >= start) & (t < end)]
    swaps = pd.to_datetime(inputs.table("swaps")["give_date"])
    wo = inputs.table("work_orders")
    created = local_times(wo["created_at"], inputs.timezone)
    wf = ctx["workforce"]
    assert wf["leave"] == len(mine) > 0
    assert wf["leave_days"] == pytest.approx(float(mine["days"].sum()))
    assert wf["swaps"] == int(((swaps >= start) & (swaps < end)).sum())
    month_wo = wo[(created >= start) & (created < end)]
    assert wf["escalations"] == int(month_wo["escalated"].astype(bool).sum())
    assert "late" not in wf  # the generated centre has no attendance records: no data, not 0


def test_the_methods_appendix_defines_the_calibration_and_workforce_numbers(built) -> None:
    _, ctx = built
    rows = {m["code"]: m for m in ctx["methods"]["numbers"]}
    for code in ("calibration_icc", "calibration_alpha", "leave", "swaps", "escalations"):
        assert rows[code]["definition"], code
        assert rows[code]["method"], code
        assert rows[code]["source"]["source"] in ("qa_calibration", "leave", "swaps", "work_orders")
    assert "Shrout & Fleiss" in rows["calibration_icc"]["method"]
    assert ctx["backlog"]["open"] >= ctx["backlog"]["overdue"] >= 0
