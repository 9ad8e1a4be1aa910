"""``serviq workforce check`` and ``serviq workforce meetings`` (docs/workforce.md)."""

from __future__ import annotations

import json

import pytest

from serviq.resources import BUNDLED

SCENARIOS = BUNDLED / "workforce" / "scenarios"


def check(run_cli, name: str, *extra: str) -> dict:
    code, out, err = run_cli("workforce", "check", str(SCENARIOS / name), "--json", *extra)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize(
    ("name", "ok", "codes"),
    [
        ("swap_allowed.yaml", True, []),
        ("swap_third_in_month.yaml", False, ["swap.monthly_limit"]),
        ("swap_back_to_back.yaml", False, ["swap.back_to_back"]),
        ("swap_on_holiday.yaml", False, ["swap.holiday_shift"]),
        ("leave_night_after_noon.yaml", False, ["leave.night_shift_after_deadline"]),
        ("leave_two_days.yaml", True, []),
        ("leave_sick_by_proxy.yaml", True, []),
        ("leave_late.yaml", True, []),
    ],
)
def test_every_example_scenario(run_cli, name, ok, codes) -> None:
    out = check(run_cli, name)
    assert out["ok"] is ok
    assert [r["code"] for r in out["reasons"]] == codes
    for r in out["reasons"]:
        assert set(r) >= {"code", "requirement", "message"}
        assert r["requirement"].startswith("R-OPS-")
    if ok:
        assert out["approver"]
        assert out["chain"]
    else:
        assert "approver" not in out


def test_an_allowed_leave_names_approver_and_chain(run_cli) -> None:
    out = check(run_cli, "leave_two_days.yaml")
    assert out["approver"] == "centre_director"
    assert out["chain"] == ["team_lead", "department_director", "centre_director"]


def test_a_late_leave_is_allowed_as_late_and_names_the_manager(run_cli) -> None:
    out = check(run_cli, "leave_late.yaml")
    assert out["late"] is True
    assert out["approver"] == "department_director"
    assert out["chain"] == ["department_director"]
    assert [n["code"] for n in out["notes"]] == ["leave.notice_too_short", "leave.late"]
    assert check(run_cli, "leave_two_days.yaml")["late"] is False
    code, text, _ = run_cli("workforce", "check", str(SCENARIOS / "leave_late.yaml"))
    assert code == 0
    assert "allowed (late" in text


def test_an_allowed_swap_goes_to_the_partner_then_both_leads(run_cli) -> None:
    out = check(run_cli, "swap_allowed.yaml")
    assert out["approver"] == "team_lead"
    assert out["chain"] == ["agent A002", "team_lead T1", "team_lead T2"]


@pytest.mark.parametrize(
    ("lang", "word"), [("en", "back-to-back"), ("zh-Hans", "连班"), ("zh-Hant", "連班")]
)
def test_messages_in_three_languages(run_cli, lang, word) -> None:
    out = check(run_cli, "swap_back_to_back.yaml", "--lang", lang)
    assert word in out["reasons"][0]["message"]


def test_an_unknown_language_is_bad_input(run_cli) -> None:
    code, _, err = run_cli(
        "workforce", "check", str(SCENARIOS / "swap_allowed.yaml"), "--lang", "fr"
    )
    assert code == 2
    assert "allowed: zh-Hans, zh-Hant, en" in err


def test_the_table_for_people(run_cli) -> None:
    code, out, _ = run_cli("workforce", "check", str(SCENARIOS / "swap_third_in_month.yaml"))
    assert code == 0
    assert "refused" in out
    assert "R-OPS-7" in out


def test_a_scenario_with_an_unknown_shift_names_the_field(run_cli, tmp_path) -> None:
    text = (
        (SCENARIOS / "swap_allowed.yaml")
        .read_text("utf-8")
        .replace("take_shift: S2", "take_shift: S9")
    )
    f = tmp_path / "bad.yaml"
    f.write_text(text, "utf-8")
    code, out, err = run_cli("workforce", "check", str(f), "--json")
    assert code == 2
    assert out == ""
    assert "unknown shift 'S9'; allowed: S1, S2" in err
    assert "field request.take_shift" in err
    assert "bad.yaml" in err
    assert "line" in err


def test_a_scenario_with_a_bad_leave_kind_lists_the_kinds(run_cli, tmp_path) -> None:
    text = (
        (SCENARIOS / "leave_two_days.yaml")
        .read_text("utf-8")
        .replace("kind: personal", "kind: holiday")
    )
    f = tmp_path / "bad.yaml"
    f.write_text(text, "utf-8")
    code, _, err = run_cli("workforce", "check", str(f))
    assert code == 2
    assert "field request.leave.kind" in err or "field request.kind" in err
    assert "'special_personal'" in err


def test_meetings_json(run_cli) -> None:
    code, out, _ = run_cli("workforce", "meetings", "--year", "2026", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"monthly", "weekly", "half_year", "annual"}
    assert data["monthly"][1] == "2026-02-14"
    assert len(data["monthly"]) == 12
    assert data["sources"]["2026"].startswith("official")


def test_meetings_table(run_cli) -> None:
    code, out, _ = run_cli("workforce", "meetings", "--year", "2027", "--lang", "zh-Hant")
    assert code == 0
    assert "全體業務代表會議" in out
    assert "2027-12-24" in out
    assert "provisional" in out


def test_meetings_for_a_year_without_holiday_data(run_cli) -> None:
    code, _, err = run_cli("workforce", "meetings", "--year", "2035")
    assert code == 2
    assert "no public-holiday data for 2035" in err
