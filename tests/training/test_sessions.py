from __future__ import annotations

import datetime as dt

import pytest

from serviq.errors import InvalidInput
from serviq.training.sessions import RosterShift, Session, roster_conflicts, summary

START = dt.datetime(2026, 10, 12, 14, 0)


def session() -> Session:
    return Session("Wealth products", "product", "Lin", START, 90, ("A", "B", "C", "D"))


def test_attendance_is_recorded_and_counted() -> None:
    s = session().record("A", "present").record("B", "leave").record("C", "absent")
    assert s.status("A") == "present"
    assert s.status("D") is None
    got = summary(s)
    assert (got.invited, got.present, got.leave, got.absent, got.unrecorded) == (4, 1, 1, 1, 1)
    assert got.rate == 0.25


def test_attendance_of_someone_not_invited_or_unknown_status_is_refused() -> None:
    with pytest.raises(InvalidInput, match="not invited"):
        session().record("Z", "present")
    with pytest.raises(InvalidInput, match="allowed: present, leave, absent"):
        session().record("A", "late")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="unknown kind"):
        Session("x", "fun", "Lin", START, 60, ("A",))  # type: ignore[arg-type]


def test_a_phone_shift_overlapping_the_session_is_a_conflict() -> None:
    h = dt.timedelta(hours=1)
    roster = [
        RosterShift("A", START - 2 * h, START + h),  # overlaps 60 minutes
        RosterShift("B", START - 2 * h, START),  # ends as the session starts: no conflict
        RosterShift("C", START + h, START + 3 * h, phone=False),  # off the phone
        RosterShift("D", START + 1.25 * h, START + 5 * h),  # overlaps the last 15 minutes
        RosterShift("X", START, START + h),  # not invited
    ]
    got = roster_conflicts(session(), roster)
    assert [(c.person, c.overlap_minutes) for c in got] == [("A", 60.0), ("D", 15.0)]


def test_a_roster_file_is_read_and_a_bad_row_named(tmp_path) -> None:
    from serviq.errors import ValidationFailed
    from serviq.training.sessions import read_roster

    path = tmp_path / "roster.csv"
    path.write_text(
        "person,start,end,phone\nA,2026-10-12 08:00,2026-10-12 15:00,yes\n"
        "B,2026-10-12 14:30,2026-10-12 18:00,否\n",
        encoding="utf-8",
    )
    got = read_roster(path)
    assert [(s.person, s.phone) for s in got] == [("A", True), ("B", False)]
    assert [c.person for c in roster_conflicts(session(), got)] == ["A"]
    path.write_text("person,start,end\nA,2026-10-12 08:00,2026-10-12 07:00\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        read_roster(path)
    assert err.value.lines == [
        f"the shift ends (2026-10-12 07:00) before it starts ({path}, row 2, column C (end))"
    ]
