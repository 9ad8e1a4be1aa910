"""Absence and violations (請假制度 §8): 20 minutes late without leave, 20 minutes away."""

from __future__ import annotations

from serviq.workforce.attendance import record_absence, record_away_from_post, record_lateness
from serviq.workforce.ruleset import AttendanceRules, Rules

from .personas import ALICE, ZONE, at, shift

DAY = shift(ALICE, "2026-12-09")


def test_twenty_minutes_late_without_leave_is_a_violation(rules) -> None:
    r = record_lateness("A001", DAY, at("2026-12-09 08:20"), rules)
    assert r is not None
    assert r.violation
    assert r.minutes == 20
    assert r.reason is not None
    assert r.reason.requirement == "R-OPS-6"


def test_nineteen_minutes_late_is_recorded_but_not_a_violation(rules) -> None:
    r = record_lateness("A001", DAY, at("2026-12-09 08:19"), rules)
    assert r is not None
    assert not r.violation


def test_on_time_is_no_record(rules) -> None:
    assert record_lateness("A001", DAY, at("2026-12-09 07:50"), rules) is None


def test_late_with_leave_asked_for_is_not_a_violation(rules) -> None:
    r = record_lateness("A001", DAY, at("2026-12-09 09:00"), rules, had_leave=True)
    assert r is not None
    assert not r.violation


def test_twenty_minutes_away_from_the_post_is_a_violation(rules) -> None:
    r = record_away_from_post("A001", at("2026-12-09 10:00"), at("2026-12-09 10:20"), rules, ZONE)
    assert r.violation
    ok = record_away_from_post(
        "A001", at("2026-12-09 10:00"), at("2026-12-09 10:30"), rules, ZONE, approved=True
    )
    assert not ok.violation


def test_the_minutes_are_settings() -> None:
    strict = Rules(attendance=AttendanceRules(late_minutes=10))
    r = record_lateness("A001", DAY, at("2026-12-09 08:10"), strict)
    assert r is not None
    assert r.violation


def test_a_missed_shift_is_absence() -> None:
    r = record_absence("A001", DAY)
    assert r.kind == "absent"
    assert r.violation
    assert r.minutes == 9 * 60
