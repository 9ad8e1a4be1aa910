"""Late leave (客服部請假制度匯編, R-OPS-6): "如不能提前請假需經管理人員批准後方可生效。
否則，按曠工處理" — if leave cannot be asked for in advance, it takes effect only after a
manager approves it; otherwise it counts as absence. Each test is a sentence of the source."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

from serviq.workforce.leave import (
    LeaveRequest,
    approval_flow,
    check_late_approval,
    check_leave,
    late_absences,
)
from serviq.workforce.ruleset import Authority, LateRules, Rules, load_rules
from serviq.workforce.shifts import Schedule

from .personas import ALICE, PEOPLE, at, shift

DAY_10 = shift(ALICE, "2026-12-10")
DAY_11 = shift(ALICE, "2026-12-11")
SCHED = Schedule.of(PEOPLE, [DAY_10, DAY_11], [], [])
PERSONAL_10 = LeaveRequest(
    "A001", "personal", at("2026-12-10 00:00"), at("2026-12-11 00:00"), "A001"
)


def with_late(rules: Rules, **kw: object) -> Rules:
    late = LateRules.model_validate(kw)
    return rules.model_copy(update={"leave": rules.leave.model_copy(update={"late": late})})


def test_asked_late_it_is_pending_the_manager_not_refused(rules, cal, frozen) -> None:
    d = check_leave(PERSONAL_10, SCHED, rules, cal, frozen("2026-12-09 20:00"))
    assert d.ok
    assert d.late is True
    assert d.approver == "department_director"
    assert d.chain == ("department_director",)
    out = d.as_dict()
    assert out["late"] is True
    assert out["approver"] == "department_director"
    codes = [n["code"] for n in out["notes"]]
    assert codes == ["leave.notice_too_short", "leave.late"]
    assert "2026-12-10 08:00" in d.notes[1].message("en")
    assert "按旷工处理" in d.notes[1].message("zh-Hans")
    flow = approval_flow(PERSONAL_10, SCHED, rules, late=True)
    assert flow.status == "submitted"
    assert flow.next_roles == ("department_director",)


def test_asked_in_time_it_is_not_late_and_goes_level_by_level(rules, cal, frozen) -> None:
    d = check_leave(PERSONAL_10, SCHED, rules, cal, frozen("2026-12-09 07:00"))
    assert d.ok
    assert d.late is False
    assert d.as_dict()["late"] is False
    assert d.chain == ("team_lead", "department_director")


def test_approved_by_the_manager_before_the_shift_it_takes_effect(rules, cal) -> None:
    flow = approval_flow(PERSONAL_10, SCHED, rules, late=True)
    assert check_late_approval(PERSONAL_10, SCHED, rules, at("2026-12-10 07:59")).ok
    flow = flow.approve(role="department_director", actor="D001", at=at("2026-12-10 07:59"))
    assert flow.status == "approved"


def test_undecided_at_shift_start_the_approval_comes_too_late(rules) -> None:
    d = check_late_approval(PERSONAL_10, SCHED, rules, at("2026-12-10 08:00"))
    assert d.codes == ["leave.late_decided_too_late"]
    assert d.reasons[0].requirement == "R-OPS-6"


def test_refused_each_covered_shift_is_absence_with_the_reason(rules) -> None:
    two_days = replace(PERSONAL_10, end=at("2026-12-12 00:00"))
    recs = late_absences(two_days, SCHED, rules, refused=True)
    assert [(r.kind, r.shift, r.violation) for r in recs] == [
        ("absent", DAY_10.id, True),
        ("absent", DAY_11.id, True),
    ]
    assert recs[0].minutes == 9 * 60
    assert recs[0].reason is not None
    assert recs[0].reason.code == "leave.late_absence_refused"
    assert "曠工" in recs[0].reason.message("zh-Hant")


def test_undecided_the_absence_names_the_deadline(rules) -> None:
    (rec,) = late_absences(PERSONAL_10, SCHED, rules, refused=False)
    assert rec.reason is not None
    assert rec.reason.code == "leave.late_absence_undecided"
    assert "2026-12-10 08:00" in rec.reason.message("en")


def test_changing_the_rules_file_changes_who_may_approve(rules, cal, frozen, tmp_path) -> None:
    now = frozen("2026-12-09 20:00")
    text = (resources.files("serviq") / "data" / "rules.yaml").read_text(encoding="utf-8")
    changed = text.replace(
        "approver: department_director         # the manager",
        "approver: centre_director  # the manager",
    )
    assert changed != text
    path = tmp_path / "rules.yaml"
    path.write_text(changed, encoding="utf-8")
    top = load_rules(path)
    d = check_leave(PERSONAL_10, SCHED, top, cal, now)
    assert d.late
    assert d.approver == "centre_director"
    assert approval_flow(PERSONAL_10, SCHED, top, late=True).next_roles == ("centre_director",)
    # a team lead may decide late leave where the team lead also has the authority
    lead = with_late(rules, approver="team_lead").model_copy(
        update={
            "leave": rules.leave.model_copy(
                update={
                    "late": LateRules(approver="team_lead"),
                    "authority": (
                        Authority(max_days=1, approver="team_lead"),
                        Authority(max_days=None, approver="centre_director"),
                    ),
                }
            )
        }
    )
    assert check_leave(PERSONAL_10, SCHED, lead, cal, now).approver == "team_lead"
    assert approval_flow(PERSONAL_10, SCHED, lead, late=True).next_roles == ("team_lead T1",)


def test_a_longer_leave_stays_with_its_own_higher_authority(rules, cal, frozen) -> None:
    two_days = replace(PERSONAL_10, end=at("2026-12-12 00:00"))
    d = check_leave(two_days, SCHED, rules, cal, frozen("2026-12-09 20:00"))
    assert d.late
    assert d.approver == "centre_director"


def test_the_rules_file_sets_until_when_a_manager_may_decide(rules, cal, frozen) -> None:
    grace = with_late(rules, decide_by_minutes_after_shift_start=30)
    assert check_late_approval(PERSONAL_10, SCHED, grace, at("2026-12-10 08:29")).ok
    assert not check_late_approval(PERSONAL_10, SCHED, grace, at("2026-12-10 08:30")).ok
    # asked after the deadline, the request is refused for its notice, as before
    d = check_leave(PERSONAL_10, SCHED, rules, cal, frozen("2026-12-10 08:05"))
    assert d.codes == ["leave.notice_too_short"]
    assert d.late is False


def test_late_does_not_excuse_the_other_rules(rules, cal, frozen) -> None:
    by_other = replace(PERSONAL_10, submitted_by="A003")
    d = check_leave(by_other, SCHED, rules, cal, frozen("2026-12-09 20:00"))
    assert d.codes == ["leave.not_in_person"]
    assert d.late is False
