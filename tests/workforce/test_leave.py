"""Leave (客服部請假制度匯編, R-OPS-6), each test a sentence of the source."""

from __future__ import annotations

import pytest

from serviq.errors import Conflict, PermissionDenied
from serviq.workforce.leave import (
    Certificate,
    LeaveRequest,
    approval_flow,
    certificate_due,
    certificate_reminders,
    check_certificate,
    check_leave,
)
from serviq.workforce.shifts import LeaveRecord, Schedule, SwapRecord

from .personas import ALICE, BOB, PEOPLE, at, day, shift


def leave(kind: str, start: str, end: str, by: str = "A001", **kw: object) -> LeaveRequest:
    return LeaveRequest("A001", kind, at(start), at(end), by, **kw)  # type: ignore[arg-type]


def schedule(*shifts, swaps=(), leave_=()) -> Schedule:
    return Schedule.of(PEOPLE, shifts, swaps, leave_)


DAY_10 = shift(ALICE, "2026-12-10")
DAY_11 = shift(ALICE, "2026-12-11")
NIGHT_9 = shift(ALICE, "2026-12-09", "night")


def test_night_shift_leave_after_noon_is_refused(rules, cal, frozen) -> None:
    now = frozen("2026-12-09 13:00")
    d = check_leave(
        leave("special_personal", "2026-12-09 17:00", "2026-12-10 08:00"),
        schedule(NIGHT_9),
        rules,
        cal,
        now,
    )
    assert not d.ok
    assert d.codes == ["leave.night_shift_after_deadline"]
    assert d.reasons[0].requirement == "R-OPS-6"
    assert "12:00" in d.reasons[0].message("en")
    assert "十二点" in d.reasons[0].message("zh-Hans") or "12:00" in d.reasons[0].message("zh-Hans")


def test_night_shift_leave_before_noon_is_allowed(rules, cal, frozen) -> None:
    now = frozen("2026-12-09 11:59")
    d = check_leave(
        leave("special_personal", "2026-12-09 17:00", "2026-12-10 08:00"),
        schedule(NIGHT_9),
        rules,
        cal,
        now,
    )
    assert d.ok, d.codes


def test_personal_leave_is_asked_for_one_day_ahead(rules, cal, frozen) -> None:
    sched = schedule(DAY_10)
    ok = check_leave(
        leave("personal", "2026-12-10 00:00", "2026-12-11 00:00"),
        sched,
        rules,
        cal,
        frozen("2026-12-09 08:00"),
    )
    late = check_leave(
        leave("personal", "2026-12-10 00:00", "2026-12-11 00:00"),
        sched,
        rules,
        cal,
        frozen("2026-12-09 08:01"),
    )
    assert ok.ok
    assert ok.late is False
    # past the notice period: not refused for that alone, but late (R-OPS-6, from 2026-12)
    assert late.ok
    assert late.late is True
    assert [n.code for n in late.notes[:1]] == ["leave.notice_too_short"]
    assert "1 day" in late.notes[0].message("en")


def test_special_personal_leave_one_hour_before_the_shift(rules, cal, frozen) -> None:
    sched = schedule(DAY_10)
    req = leave("special_personal", "2026-12-10 08:00", "2026-12-10 17:00")
    assert check_leave(req, sched, rules, cal, frozen("2026-12-10 07:00")).ok
    late = check_leave(req, sched, rules, cal, frozen("2026-12-10 07:30"))
    assert late.late is True
    assert late.notes[0].code == "leave.notice_too_short"
    assert "1 hour" in late.notes[0].message("en")


def test_sick_leave_must_be_asked_for_before_the_shift(rules, cal, frozen) -> None:
    req = leave("sick", "2026-12-10 00:00", "2026-12-11 00:00")
    assert check_leave(req, schedule(DAY_10), rules, cal, frozen("2026-12-10 07:59")).ok
    d = check_leave(req, schedule(DAY_10), rules, cal, frozen("2026-12-10 08:30"))
    assert d.codes == ["leave.already_started"]


def test_personal_leave_is_asked_for_in_person(rules, cal, frozen) -> None:
    d = check_leave(
        leave("personal", "2026-12-10 00:00", "2026-12-11 00:00", by="A002"),
        schedule(DAY_10),
        rules,
        cal,
        frozen("2026-12-01 09:00"),
    )
    assert d.codes == ["leave.not_in_person"]
    assert "sick" in d.reasons[0].message("en")


def test_sick_leave_may_be_asked_for_by_someone_else(rules, cal, frozen) -> None:
    d = check_leave(
        leave("sick", "2026-12-10 00:00", "2026-12-11 00:00", by="A002"),
        schedule(DAY_10, DAY_11),
        rules,
        cal,
        frozen("2026-12-10 07:00"),
    )
    assert d.ok
    assert [n.code for n in d.notes] == ["leave.certificate_due"]
    assert "2026-12-11" in d.notes[0].message("en")  # the first day back


def test_one_day_leave_goes_to_the_department_director(rules, cal, frozen) -> None:
    d = check_leave(
        leave("personal", "2026-12-10 00:00", "2026-12-11 00:00"),
        schedule(DAY_10, DAY_11),
        rules,
        cal,
        frozen("2026-12-01 09:00"),
    )
    assert d.ok
    assert d.approver == "department_director"
    assert d.chain == ("team_lead", "department_director")


def test_two_day_leave_goes_to_the_centre_director(rules, cal, frozen) -> None:
    d = check_leave(
        leave("personal", "2026-12-10 00:00", "2026-12-12 00:00"),
        schedule(DAY_10, DAY_11),
        rules,
        cal,
        frozen("2026-12-01 09:00"),
    )
    assert d.ok
    assert d.approver == "centre_director"
    assert d.chain == ("team_lead", "department_director", "centre_director")


def test_official_business_leave_needs_the_centre_director(rules, cal, frozen) -> None:
    d = check_leave(
        leave("official", "2026-12-10 00:00", "2026-12-11 00:00"),
        schedule(DAY_10),
        rules,
        cal,
        frozen("2026-12-01 09:00"),
    )
    assert d.ok
    assert d.approver == "centre_director"


def test_no_leave_on_public_holidays(rules, cal, frozen) -> None:
    national_day = shift(ALICE, "2026-10-01")
    req = leave("personal", "2026-10-01 00:00", "2026-10-02 00:00")
    d = check_leave(req, schedule(national_day), rules, cal, frozen("2026-09-20 09:00"))
    assert d.codes == ["leave.on_public_holiday"]
    assert "National Day" in d.reasons[0].message("en")
    assert "国庆节" in d.reasons[0].message("zh-Hans")


def test_except_very_special_cases_asked_for_two_days_ahead(rules, cal, frozen) -> None:
    national_day = shift(ALICE, "2026-10-01")
    special = leave("personal", "2026-10-01 00:00", "2026-10-02 00:00", special_case=True)
    assert check_leave(special, schedule(national_day), rules, cal, frozen("2026-09-29 08:00")).ok
    d = check_leave(special, schedule(national_day), rules, cal, frozen("2026-09-29 08:01"))
    assert d.codes == ["leave.on_public_holiday"]


def test_no_leave_on_a_swapped_or_paid_back_shift(rules, cal, frozen) -> None:
    bob_12 = shift(BOB, "2026-12-12")
    alice_14 = shift(ALICE, "2026-12-14")
    swap = SwapRecord("A002", "A001", bob_12.id, alice_14.id)  # Alice now works the 12th
    sched = schedule(bob_12, alice_14, swaps=[swap])
    d = check_leave(
        leave("personal", "2026-12-12 00:00", "2026-12-13 00:00"),
        sched,
        rules,
        cal,
        frozen("2026-12-01 09:00"),
    )
    assert d.codes == ["leave.on_swapped_shift"]
    assert d.reasons[0].requirement == "R-OPS-7"


def test_leave_goes_level_by_level_without_skipping(rules, frozen) -> None:
    req = leave("personal", "2026-12-10 00:00", "2026-12-12 00:00")
    flow = approval_flow(req, schedule(DAY_10, DAY_11), rules)
    now = frozen("2026-12-01 10:00")
    with pytest.raises(Conflict, match="no skipping"):
        flow.approve(role="centre_director", actor="D1", at=now)
    with pytest.raises(PermissionDenied):
        flow.approve(role="team_lead", actor="L2", at=now, scope="T2")  # another team's lead
    flow = flow.approve(role="team_lead", actor="L1", at=now, scope="T1")
    assert flow.status == "in_review"
    flow = flow.approve(role="department_director", actor="M1", at=now)
    assert flow.status == "in_review"
    flow = flow.approve(role="centre_director", actor="C1", at=now)
    assert flow.status == "approved"
    with pytest.raises(Conflict):
        flow.refuse(role="centre_director", actor="C1", at=now)


def test_a_refusal_ends_the_chain(rules, frozen) -> None:
    flow = approval_flow(
        leave("personal", "2026-12-10 00:00", "2026-12-11 00:00"), schedule(DAY_10), rules
    )
    now = frozen("2026-12-01 10:00")
    flow = flow.approve(role="team_lead", actor="L1", at=now, scope="T1")
    flow = flow.refuse(role="department_director", actor="M1", at=now, note="peak week")
    assert flow.status == "refused"
    assert flow.pending == ()


SICK = LeaveRecord("A001", "sick", at("2026-12-10 00:00"), at("2026-12-12 00:00"))


def test_the_certificate_is_due_on_the_first_day_back(rules, cal) -> None:
    back = shift(ALICE, "2026-12-14")  # Monday: the next shift after a Thu–Fri sick leave
    sched = schedule(DAY_10, DAY_11, back)
    assert certificate_due(SICK, sched, rules, cal) == day("2026-12-14")


def test_without_a_roster_the_first_day_back_is_the_next_working_day(rules, cal) -> None:
    before_holiday = LeaveRecord("A001", "sick", at("2026-09-29 00:00"), at("2026-10-01 00:00"))
    # 1–7 October is the National Day holiday; the next working day is Thursday 8 October.
    assert certificate_due(before_holiday, schedule(), rules, cal) == day("2026-10-08")


def test_the_certificate_must_cover_the_whole_period_without_gaps(rules, cal) -> None:
    sched = schedule(DAY_10, DAY_11, shift(ALICE, "2026-12-14"))
    whole = [Certificate(day("2026-12-10"), day("2026-12-11"), handed_in=day("2026-12-14"))]
    gap = [Certificate(day("2026-12-10"), day("2026-12-10"), handed_in=day("2026-12-14"))]
    assert check_certificate(SICK, whole, sched, rules, cal).ok
    d = check_certificate(SICK, gap, sched, rules, cal)
    assert d.codes == ["leave.certificate_gap"]
    assert "2026-12-11" in d.reasons[0].message("en")


def test_a_certificate_handed_in_late_or_not_at_all_is_recorded(rules, cal) -> None:
    sched = schedule(DAY_10, DAY_11, shift(ALICE, "2026-12-14"))
    late = [Certificate(day("2026-12-10"), day("2026-12-11"), handed_in=day("2026-12-15"))]
    assert check_certificate(SICK, late, sched, rules, cal).codes == ["leave.certificate_late"]
    assert check_certificate(SICK, [], sched, rules, cal).codes == ["leave.certificate_missing"]


def test_reminders_start_the_day_before_the_certificate_is_due(rules, cal) -> None:
    sched = schedule(DAY_10, DAY_11, shift(ALICE, "2026-12-14"))
    assert certificate_reminders([SICK], [], sched, rules, cal, day("2026-12-12")) == []
    on = certificate_reminders([SICK], [], sched, rules, cal, day("2026-12-13"))
    assert [r.code for r in on] == ["leave.certificate_reminder"]
    assert certificate_reminders([SICK], [SICK], sched, rules, cal, day("2026-12-20")) == []
    later = certificate_reminders([SICK], [], sched, rules, cal, day("2026-12-20"))
    assert len(later) == 1  # overdue: still reminded


def test_changing_the_rules_changes_the_approver(rules, cal, frozen) -> None:
    two_days_to_department = rules.model_copy(
        update={
            "leave": rules.leave.model_copy(
                update={
                    "authority": (
                        rules.leave.authority[0].model_copy(update={"max_days": 2}),
                        rules.leave.authority[1],
                    )
                }
            )
        }
    )
    d = check_leave(
        leave("personal", "2026-12-10 00:00", "2026-12-12 00:00"),
        schedule(DAY_10, DAY_11),
        two_days_to_department,
        cal,
        frozen("2026-12-01 09:00"),
    )
    assert d.approver == "department_director"
