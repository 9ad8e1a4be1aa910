"""Monthly rosters: XLSX import with validation, round trip, staffing per interval."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from serviq.errors import ValidationFailed
from serviq.workforce.roster import Roster, make_shift, read_roster, staffing, write_roster
from serviq.workforce.shifts import LeaveRecord

from .personas import at, day


def _xlsx(path: Path, rows: list[list[object]], header: list[str]) -> Path:
    pd.DataFrame(rows, columns=header).to_excel(path, index=False, engine="openpyxl")
    return path


def test_a_roster_is_read_from_excel(rules, tmp_path) -> None:
    f = _xlsx(
        tmp_path / "t1.xlsx",
        [["A001", "D", "N", None], ["A003", "休", "D", "D"]],
        ["agent", "1", "2", "2026-12-03"],
    )
    roster = read_roster(f, team="T1", year=2026, month=12, rules=rules)
    assert roster.people == ["A001", "A003"]
    assert len(roster.shifts) == 4
    night = next(s for s in roster.shifts if s.kind == "night")
    assert night.person == "A001"
    assert night.night
    assert night.start == at("2026-12-02 17:00")
    assert night.end == at("2026-12-03 08:00")
    frame = roster.to_frame()
    assert list(frame.columns) == ["shift", "person", "date", "kind", "start", "end", "night"]


def test_every_problem_is_named_with_row_and_column(rules, tmp_path) -> None:
    f = _xlsx(
        tmp_path / "bad.xlsx",
        [["A001", "D", "X"], ["A001", "D", "D"], [None, "N", "N"], ["A009", "D", "D"]],
        ["agent", "1", "32"],
    )
    with pytest.raises(ValidationFailed) as exc:
        read_roster(f, team="T1", year=2026, month=12, rules=rules, people=["A001", "A003"])
    lines = exc.value.lines
    assert any(
        "column '32' is not a day of 2026-12" in line and "row 1, column C (32)" in line
        for line in lines
    )
    assert any("second row" in line and "row 3" in line for line in lines)
    assert any("the agent is missing" in line and "row 4" in line for line in lines)
    assert any("A009 is not in team T1" in line and "row 5" in line for line in lines)
    assert all("bad.xlsx" in line for line in lines)


def test_an_unknown_shift_code_lists_the_allowed_codes(rules, tmp_path) -> None:
    f = _xlsx(tmp_path / "bad.xlsx", [["A001", "D", "X"]], ["agent", "1", "2"])
    with pytest.raises(ValidationFailed) as exc:
        read_roster(f, team="T1", year=2026, month=12, rules=rules)
    assert exc.value.lines == [
        f"unknown shift code 'X'; allowed: D, N or empty ({f}, row 2, column C (2))"
    ]


def test_a_roster_survives_a_round_trip(rules, tmp_path) -> None:
    shifts = (
        make_shift("A001", day("2026-12-01"), "day", rules, "T1"),
        make_shift("A001", day("2026-12-02"), "night", rules, "T1"),
        make_shift("A003", day("2026-12-31"), "day", rules, "T1"),
    )
    roster = Roster("T1", 2026, 12, shifts)
    for suffix in (".xlsx", ".csv"):
        f = tmp_path / f"t1{suffix}"
        write_roster(roster, f, rules)
        again = read_roster(f, team="T1", year=2026, month=12, rules=rules)
        assert set(again.shifts) == set(shifts)


def test_staffing_per_interval_against_the_requirement(rules) -> None:
    shifts = [
        make_shift("A001", day("2026-12-09"), "day", rules),
        make_shift("A002", day("2026-12-09"), "day", rules),
        make_shift("A003", day("2026-12-08"), "night", rules),  # until 08:00 on the 9th
    ]
    leave = [LeaveRecord("A002", "personal", at("2026-12-09 08:00"), at("2026-12-09 08:15"))]
    requirement = pd.DataFrame(
        {"interval_start": [at("2026-12-09 07:30"), at("2026-12-09 08:00")], "agents": [1, 3]}
    )
    df = staffing(
        shifts, at("2026-12-09 07:30"), at("2026-12-09 09:00"), leave=leave, requirement=requirement
    )
    assert df["scheduled"].tolist() == [1.0, 1.5, 2.0]  # A002 away for half of 08:00–08:30
    assert df["required"].tolist()[:2] == [1, 3]
    assert df["gap"].tolist()[:2] == [0.0, -1.5]
    assert pd.isna(df["required"].iloc[2])


def test_a_centre_defines_its_own_shift_kinds(rules, tmp_path) -> None:
    from serviq.workforce.ruleset import ShiftKind

    kinds = {**rules.shift_kinds, "middle": ShiftKind(code="M", start="12:00", end="21:00")}
    centre = rules.model_copy(update={"shift_kinds": kinds})
    f = _xlsx(tmp_path / "t1.xlsx", [["A001", "M"]], ["agent", "1"])
    (only,) = read_roster(f, team="T1", year=2026, month=12, rules=centre).shifts
    assert only.kind == "middle"
    assert only.start == at("2026-12-01 12:00")
    assert only.end == at("2026-12-01 21:00")
    assert not only.night
