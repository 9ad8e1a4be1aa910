"""A department's report: the numbers of its teams' rows, not the centre's.

The demo's data have one department; here its six teams are split into two departments
(T1, T2 → DA; the others → DB) through the teams table's ``department_id``, the
organisation's team → department map."""

from __future__ import annotations

from pathlib import Path

import pytest

from serviq.errors import InvalidInput
from serviq.indicators import bundled_system
from serviq.reports.context import build_context
from serviq.reports.inputs import ReportInputs, load_inputs
from serviq.reports.periods import resolve
from serviq.reports.values import indicator_history, scoped

DA = ("T1", "T2")


@pytest.fixture(scope="module")
def split(report_data: Path) -> ReportInputs:
    inputs = load_inputs(report_data)
    teams = inputs.table("teams").copy()
    teams["department_id"] = ["DA" if t in DA else "DB" for t in teams["team_id"].astype(str)]
    return ReportInputs(tables={**inputs.tables, "teams": teams}, timezone=inputs.timezone)


@pytest.fixture(scope="module")
def histories(split: ReportInputs):
    end = split.data_end()
    assert end is not None
    periods = [resolve("last", "month", end.date())]
    system = bundled_system("bank_contact_centre")
    scopes = ["centre", "department:DA", *(f"team:{t}" for t in DA)]
    return {s: indicator_history(system, split, periods, s) for s in scopes}


def test_the_department_s_tables_are_its_teams_rows(split: ReportInputs) -> None:
    dept = scoped(split, "department:DA")
    contacts = split.table("interactions")
    mine = contacts[contacts["team_id"].astype(str).isin(DA)]
    assert len(dept["interactions"]) == len(mine)
    assert 0 < len(mine) < len(contacts)
    assert set(dept["survey_responses"]["team_id"].astype(str)) <= set(DA)


def test_department_counts_are_the_sum_of_its_teams_and_not_the_centre(histories) -> None:
    """Every counted denominator (offered, answered contacts, work orders, responses) of the
    department is the sum of its two teams', and its complaint rate (complaints ÷ answered)
    is their pooled rate. (First-contact resolution is not pooled here: a customer's repeat
    contact to the other team of the department ends a "first contact" of one team's
    sequence, so FCR is not additive over teams.)"""
    dept, centre = histories["department:DA"], histories["centre"]
    teams = [histories[f"team:{t}"] for t in DA]
    checked = 0
    for code, obs in dept.items():
        o = obs[-1]
        parts = [h[code][-1] for h in teams]
        if o.n is None or any(p.n is None for p in parts) or o.value is None:
            continue
        assert o.n == pytest.approx(sum(p.n for p in parts)), code  # type: ignore[misc]
        whole = centre[code][-1].n
        assert whole is not None, code
        assert o.n < whole, code
        if all(p.value is not None for p in parts) and code == "COMPLAINT":
            pooled = sum(p.value * p.n for p in parts) / o.n  # type: ignore[operator]
            assert o.value == pytest.approx(pooled, rel=1e-9), code
        checked += 1
    assert checked >= 5
    assert dept["COMPLAINT"][-1].value is not None


def test_a_department_monthly_context_is_scoped_and_keeps_its_scope(split: ReportInputs) -> None:
    ctx = build_context("monthly", "last", split, scope="department:DA", lang="en")
    assert ctx["scope"] == "department:DA"
    assert "--scope department:DA" in ctx["command"]
    rows = {r["table"]: r for r in ctx["methods"]["inputs"]}
    contacts = split.table("interactions")
    assert rows["interactions"]["rows_in_scope"] == int(contacts["team_id"].isin(DA).sum())


def test_data_without_a_department_map_refuse_a_department_scope(split: ReportInputs) -> None:
    bare = ReportInputs(
        tables={k: v for k, v in split.tables.items() if k != "teams"}, timezone=split.timezone
    )
    with pytest.raises(InvalidInput, match="no team-to-department map"):
        build_context("monthly", "last", bare, scope="department:DA")
    teams = split.table("teams").drop(columns=["department_id"])
    no_map = ReportInputs(tables={**split.tables, "teams": teams}, timezone=split.timezone)
    with pytest.raises(InvalidInput, match="allowed: centre, team:CODE"):
        scoped(no_map, "department:DA")
