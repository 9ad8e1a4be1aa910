"""Handover (客服部交接班制度, R-OPS-5)."""

from __future__ import annotations

import pytest

from serviq.errors import Conflict
from serviq.workforce.handover import (
    HandoverLog,
    acknowledge,
    check_log,
    check_roll_call,
    check_sign_off,
    roll_call_time,
)
from serviq.workforce.ruleset import HandoverRules, Rules

from .personas import ALICE, at, shift

FULL = HandoverLog(
    shift="T1-2026-12-09-D",
    outgoing_lead="L1",
    recorded_at=at("2026-12-09 16:55"),
    equipment="座席 12 耳機雜音，已報修",
    hard_cases=("客戶 C123 投訴分期手續費，待回訪",),
    staff_changes=("A003 與 A002 換班",),
    notices_read=("信用卡年費新規 2026-12",),
)


def test_arrive_ten_minutes_early_for_roll_call(rules) -> None:
    s = shift(ALICE, "2026-12-09")
    assert roll_call_time(s, rules) == at("2026-12-09 07:50")
    assert check_roll_call("A001", s, at("2026-12-09 07:50"), rules).ok
    late = check_roll_call("A001", s, at("2026-12-09 07:55"), rules)
    assert late.codes == ["handover.late_for_roll_call"]
    assert "10" in late.reasons[0].message("en")


def test_the_roll_call_minutes_are_a_setting() -> None:
    fifteen = Rules(handover=HandoverRules(roll_call_minutes_before_shift=15))
    s = shift(ALICE, "2026-12-09")
    assert not check_roll_call("A001", s, at("2026-12-09 07:50"), fifteen).ok


def test_the_log_records_equipment_hard_cases_staff_changes_and_notices(rules) -> None:
    assert check_log(FULL, rules).ok
    empty = HandoverLog("T1-2026-12-09-D", "L1", at("2026-12-09 16:55"), equipment="  ")
    d = check_log(empty, rules)
    assert len(d.reasons) == 4
    assert {r.requirement for r in d.reasons} == {"R-OPS-5"}
    assert "设备情况" in d.reasons[0].message("zh-Hans")


def test_the_incoming_lead_acknowledges(rules) -> None:
    done = acknowledge(FULL, lead="L2", at=at("2026-12-09 17:00"), rules=rules)
    assert done.acknowledged
    assert done.incoming_lead == "L2"
    with pytest.raises(Conflict, match="already acknowledged"):
        acknowledge(done, lead="L2", at=at("2026-12-09 17:01"), rules=rules)


def test_the_outgoing_lead_cannot_acknowledge_their_own_log(rules) -> None:
    with pytest.raises(Conflict, match="must not be the outgoing lead"):
        acknowledge(FULL, lead="L1", at=at("2026-12-09 17:00"), rules=rules)


def test_an_incomplete_log_cannot_be_acknowledged(rules) -> None:
    missing = HandoverLog("T1-2026-12-09-D", "L1", at("2026-12-09 16:55"), equipment="ok")
    with pytest.raises(Conflict, match="hard cases"):
        acknowledge(missing, lead="L2", at=at("2026-12-09 17:00"), rules=rules)


def test_no_sign_off_before_the_relief_arrives(rules) -> None:
    now = at("2026-12-09 17:00")
    d = check_sign_off("A001", "A002", None, now, rules)
    assert d.codes == ["handover.relief_not_arrived"]
    assert "接班人" in d.reasons[0].message("zh-Hans")
    assert not check_sign_off("A001", "A002", at("2026-12-09 17:05"), now, rules).ok
    assert check_sign_off("A001", "A002", at("2026-12-09 16:58"), now, rules).ok


# ---- the structured equipment state (issue 18) -----------------------------------------


def test_an_equipment_entry_is_checked_against_the_team_s_list_and_its_times() -> None:
    import datetime as dt

    import pytest

    from serviq.errors import InvalidInput
    from serviq.workforce.handover import EquipmentEntry, HandoverLog, check_equipment, check_log
    from serviq.workforce.ruleset import load_rules

    now = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)
    hour = dt.timedelta(hours=1)
    known = ("pc", "headset")
    check_equipment(
        (EquipmentEntry("pc"), EquipmentEntry("headset", "faulty", now - hour)), known, now=now
    )
    bad = [
        ((EquipmentEntry("toaster"),), "unknown equipment 'toaster'; allowed: pc, headset"),
        ((EquipmentEntry("pc"), EquipmentEntry("pc")), "recorded twice"),
        ((EquipmentEntry("pc", "broken"),), "allowed: in_order, faulty, out_of_service"),
        ((EquipmentEntry("pc", "out_of_service"),), "the time the fault was reported is missing"),
        ((EquipmentEntry("pc", "faulty", now - hour, fixed_at=now),), "has a fix time"),
        ((EquipmentEntry("pc", fixed_at=now),), "a fix time needs the time"),
        ((EquipmentEntry("pc", "in_order", now, fixed_at=now - hour),), "is before the fault"),
        ((EquipmentEntry("pc", "faulty", now + hour),), "is in the future"),
    ]
    for entries, words in bad:
        with pytest.raises(InvalidInput) as err:
            check_equipment(entries, known, now=now)
        assert words in str(err.value)
        assert "\n" not in str(err.value)
    # equipment rows fill the log's equipment field
    log = HandoverLog("day", "LEAD1", now, hard_cases=("none",), staff_changes=("none",),
                      notices_read=("n12",), equipment_checks=(EquipmentEntry("pc"),))  # fmt: skip
    assert check_log(log, load_rules()).ok
