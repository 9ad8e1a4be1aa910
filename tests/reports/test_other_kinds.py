"""The other reports build in every language and format from the same 13 months of data."""

from __future__ import annotations

from pathlib import Path

import pytest

from serviq.reports.build import build_report
from serviq.reports.inputs import load_inputs

KINDS = [
    "workload-daily",
    "workload-weekly",
    "supervision-weekly",
    "qa-weekly",
    "half-year",
    "annual",
]


@pytest.fixture(scope="module")
def inputs(report_data: Path):
    return load_inputs(report_data)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_builds_html_and_xlsx(kind: str, inputs) -> None:
    built = build_report(kind, "last", inputs, formats=("html", "xlsx"), lang="en")
    html = built.documents["html"].decode("utf-8")
    assert built.context["kind"] == kind
    assert "Methods appendix" in html
    assert built.documents["xlsx"][:2] == b"PK"


def test_workload_weekly_counts_every_contact_of_the_week(inputs) -> None:
    built = build_report("workload-weekly", "2026-W45", inputs, formats=("html",), lang="zh-Hant")
    ctx = built.context
    assert ctx["period"] == "2026-W45"
    assert sum(r["total"] for r in ctx["workload"]) == ctx["counts"]["contacts"] > 0
    assert sum(r["total"] for r in ctx["workload_agents"]) == ctx["counts"]["contacts"]
    assert "工作量" in built.documents["html"].decode("utf-8")


def test_supervision_section_renders_the_core_weekly_totals(inputs) -> None:
    """The section is serviq.ops.supervision's weekly totals for the report's week, summed."""
    from serviq.ops.supervision import weekly_totals

    built = build_report(
        "supervision-weekly", "2026-W45", inputs, formats=("html", "xlsx"), lang="en"
    )
    sv = built.context["supervision"]
    weeks = weekly_totals(inputs.table("work_orders"), inputs.timezone)
    week = next(w for w in weeks if w.week == "2026-11-02")
    assert sv["weeks"] == [week.as_dict()]
    assert (sv["escalated"], sv["answered"], sv["called_back"]) == (
        week.supervised,
        week.answered,
        week.called_back,
    )
    assert sv["callback_rate"] == week.callback_rate
    assert 0 <= sv["escalated"] <= sv["created"]
    assert sv["callback_met"] <= sv["callback_required"] <= sv["answered"]
    assert week.supervised > 0
    assert "Call-back rate" in built.documents["html"].decode("utf-8")


def test_half_year_trends_chart_every_indicator_with_data(inputs) -> None:
    ctx = build_report("half-year", "2026-H1", inputs, formats=("pdf",), lang="zh-Hans").context
    assert len(ctx["trends"]) >= 15
    assert all(t["months"] == 6 for t in ctx["trends"])
    assert all(t["chart"] is not None for t in ctx["trends"])
