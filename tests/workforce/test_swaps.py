"""Shift swaps (客服部換班制度, R-OPS-7), each test a sentence of the source."""

from __future__ import annotations

import pytest

from serviq.errors import Conflict, PermissionDenied
from serviq.workforce.attendance import record_absence
from serviq.workforce.shifts import LeaveRecord, Schedule, SwapRecord
from serviq.workforce.swaps import (
    SwapRequest,
    check_swap,
    paybacks,
    record_missed_swap_shift,
    swap_flow,
)

from .personas import ALICE, BOB, CAROL, DAN, ERIN, PEOPLE, at, shift


def schedule(*shifts, swaps=(), leave=()) -> Schedule:
    return Schedule.of(PEOPLE, shifts, swaps, leave)


A8 = shift(ALICE, "2026-12-08")
B10 = shift(BOB, "2026-12-10")
NOW = "2026-12-01 09:00"


def test_a_swap_between_equals_on_ordinary_days_is_allowed(rules, cal, frozen) -> None:
    d = check_swap(
        SwapRequest("A001", "A002", A8.id, B10.id), schedule(A8, B10), rules, cal, frozen(NOW)
    )
    assert d.ok, d.codes
    assert d.approver == "team_lead"
    assert d.chain == ("agent A002", "team_lead T1", "team_lead T2")


def _two_earlier_swaps() -> tuple[list, list[SwapRecord]]:
    c = [
        shift(ALICE, "2026-12-02"),
        shift(CAROL, "2026-12-04"),
        shift(ALICE, "2026-12-15"),
        shift(CAROL, "2026-12-17"),
    ]
    return c, [
        SwapRecord("A001", "A003", c[0].id, c[1].id),
        SwapRecord("A001", "A003", c[2].id, c[3].id),
    ]


def test_it_refuses_a_third_swap_in_a_month(rules, cal, frozen) -> None:
    earlier, swaps = _two_earlier_swaps()
    d = check_swap(
        SwapRequest("A001", "A002", A8.id, B10.id),
        schedule(A8, B10, *earlier, swaps=swaps),
        rules,
        cal,
        frozen(NOW),
    )
    assert d.codes == ["swap.monthly_limit"]
    assert d.reasons[0].requirement == "R-OPS-7"
    assert "at most 2" in d.reasons[0].message("en")
    assert "不得超过2次" in d.reasons[0].message("zh-Hans")
    assert "不得超過2次" in d.reasons[0].message("zh-Hant")


def test_the_limit_counts_for_the_partner_too(rules, cal, frozen) -> None:
    earlier, swaps = _two_earlier_swaps()
    c20 = shift(CAROL, "2026-12-21")
    b23 = shift(BOB, "2026-12-23")
    d = check_swap(
        SwapRequest("A002", "A003", b23.id, c20.id),
        schedule(c20, b23, *earlier, swaps=swaps),
        rules,
        cal,
        frozen(NOW),
    )
    assert d.codes == ["swap.monthly_limit"]
    assert "A003" in d.reasons[0].message("en")


def test_a_swap_in_the_next_month_is_not_counted(rules, cal, frozen) -> None:
    earlier, swaps = _two_earlier_swaps()
    a_jan, b_jan = shift(ALICE, "2027-01-12"), shift(BOB, "2027-01-14")
    d = check_swap(
        SwapRequest("A001", "A002", a_jan.id, b_jan.id),
        schedule(a_jan, b_jan, *earlier, swaps=swaps),
        rules,
        cal,
        frozen(NOW),
    )
    assert d.ok, d.codes


def test_no_consecutive_swaps(rules, cal, frozen) -> None:
    a7, c9 = shift(ALICE, "2026-12-07"), shift(CAROL, "2026-12-21")
    swaps = [SwapRecord("A001", "A003", a7.id, c9.id)]
    d = check_swap(
        SwapRequest("A001", "A002", A8.id, B10.id),
        schedule(A8, B10, a7, c9, swaps=swaps),
        rules,
        cal,
        frozen(NOW),
    )
    assert d.codes == ["swap.consecutive"]


def test_swap_that_creates_back_to_back_shifts_is_refused(rules, cal, frozen) -> None:
    a9_day = shift(ALICE, "2026-12-09")
    b9_night = shift(BOB, "2026-12-09", "night")
    d = check_swap(
        SwapRequest("A001", "A002", A8.id, b9_night.id),
        schedule(A8, a9_day, b9_night),
        rules,
        cal,
        frozen(NOW),
    )
    assert d.codes == ["swap.back_to_back"]
    assert "A001" in d.reasons[0].message("en")
    assert "连班" in d.reasons[0].message("zh-Hans")


def test_the_pay_back_may_not_create_back_to_back_shifts_either(rules, cal, frozen) -> None:
    # Bob works the night of the 7th (17:00 → 08:00 on the 8th); taking Alice's day shift
    # of the 8th would start right when his night ends.
    b7_night = shift(BOB, "2026-12-07", "night")
    d = check_swap(
        SwapRequest("A001", "A002", A8.id, B10.id),
        schedule(A8, B10, b7_night),
        rules,
        cal,
        frozen(NOW),
    )
    assert d.codes == ["swap.back_to_back"]
    assert "A002" in d.reasons[0].message("en")


def test_same_job_type_and_comparable_skill(rules, cal, frozen) -> None:
    d10 = shift(DAN, "2026-12-10")
    e10 = shift(ERIN, "2026-12-10")
    job = check_swap(
        SwapRequest("A001", "A004", A8.id, d10.id), schedule(A8, d10), rules, cal, frozen(NOW)
    )
    skill = check_swap(
        SwapRequest("A001", "A005", A8.id, e10.id), schedule(A8, e10), rules, cal, frozen(NOW)
    )
    assert job.codes == ["swap.job_type"]
    assert skill.codes == ["swap.skill_level"]


def test_staff_on_duty_on_holidays_may_not_swap(rules, cal, frozen) -> None:
    a_oct1 = shift(ALICE, "2026-10-01")
    b_oct13 = shift(BOB, "2026-10-13")
    d = check_swap(
        SwapRequest("A001", "A002", a_oct1.id, b_oct13.id),
        schedule(a_oct1, b_oct13),
        rules,
        cal,
        frozen("2026-09-20 09:00"),
    )
    assert d.codes == ["swap.holiday_shift"]


def test_a_make_up_working_day_is_not_a_holiday(rules, cal, frozen) -> None:
    a_sat = shift(ALICE, "2026-10-10")  # Saturday worked for the National Day holiday
    b_tue = shift(BOB, "2026-10-13")
    d = check_swap(
        SwapRequest("A001", "A002", a_sat.id, b_tue.id),
        schedule(a_sat, b_tue),
        rules,
        cal,
        frozen("2026-09-20 09:00"),
    )
    assert d.ok, d.codes


def test_no_swap_on_a_shift_with_leave_booked(rules, cal, frozen) -> None:
    bob_leave = LeaveRecord("A002", "personal", at("2026-12-10 00:00"), at("2026-12-11 00:00"))
    d = check_swap(
        SwapRequest("A001", "A002", A8.id, B10.id),
        schedule(A8, B10, leave=[bob_leave]),
        rules,
        cal,
        frozen(NOW),
    )
    assert d.codes == ["swap.leave_booked"]


def test_one_cannot_give_away_a_shift_that_is_not_ones_own(rules, cal, frozen) -> None:
    d = check_swap(
        SwapRequest("A001", "A002", B10.id, A8.id), schedule(A8, B10), rules, cal, frozen(NOW)
    )
    assert set(d.codes) == {"swap.shift_not_theirs"}


def test_partner_accepts_then_both_team_leads_approve(frozen) -> None:
    now = frozen(NOW)
    flow = swap_flow(SwapRequest("A001", "A002", A8.id, B10.id), schedule(A8, B10))
    with pytest.raises(Conflict):  # a lead cannot approve before the partner accepts
        flow.approve(role="team_lead", actor="L1", at=now, scope="T1")
    with pytest.raises(PermissionDenied):  # nor can another agent accept for Bob
        flow.approve(role="agent", actor="A003", at=now, scope="A003")
    flow = flow.approve(role="agent", actor="A002", at=now, scope="A002")
    flow = flow.approve(role="team_lead", actor="L2", at=now, scope="T2")  # either lead first
    assert flow.status == "in_review"
    assert flow.next_roles == ("team_lead T1",)
    stored = flow.as_dict()
    flow = type(flow).from_dict(stored).approve(role="team_lead", actor="L1", at=now, scope="T1")
    assert flow.status == "approved"
    assert [a.actor for a in flow.acts] == ["A002", "L2", "L1"]


def test_one_lead_is_enough_within_one_team(frozen) -> None:
    c9 = shift(CAROL, "2026-12-09")
    flow = swap_flow(SwapRequest("A001", "A003", A8.id, c9.id), schedule(A8, c9))
    assert [str(s) for s in flow.steps] == ["agent A003", "team_lead T1"]


def test_a_missed_shift_after_a_swap_counts_against_both(frozen) -> None:
    swap = SwapRecord("A001", "A002", A8.id, B10.id)
    records = record_missed_swap_shift(swap, A8)
    assert [r.person for r in records] == ["A001", "A002"]
    assert all(r.kind == "absent" and r.violation for r in records)
    assert records[0].reason is not None
    assert records[0].reason.requirement == "R-OPS-7"


def test_the_pay_back_is_tracked(frozen) -> None:
    swap = SwapRecord("A001", "A002", A8.id, B10.id)
    sched = schedule(A8, B10, swaps=[swap])
    assert [p.status for p in paybacks([swap], sched, frozen("2026-12-09 12:00"))] == ["owed"]
    assert [p.status for p in paybacks([swap], sched, frozen("2026-12-10 18:00"))] == ["paid"]
    missed = record_absence("A001", B10)
    assert [p.status for p in paybacks([swap], sched, frozen("2026-12-10 18:00"), [missed])] == [
        "missed"
    ]
