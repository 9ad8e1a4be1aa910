"""The rules file: the source's numbers by default, a centre's own numbers without code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from serviq.errors import ValidationFailed
from serviq.resources import BUNDLED
from serviq.workforce.ruleset import Rules, load_rules

SCENARIOS = BUNDLED / "workforce" / "scenarios"


def test_the_bundled_file_holds_the_source_numbers() -> None:
    r = load_rules()
    assert r == Rules()  # the file and the model's defaults agree
    assert r.handover.roll_call_minutes_before_shift == 10  # 提前10分鍾到崗
    assert r.leave.notice.personal_days == 1  # 一般事假需在一天提出
    assert r.leave.notice.special_personal_minutes == 60  # 特殊事假需在班前一小時提出
    assert r.leave.notice.night_shift_deadline == "12:00"  # 當日十二點之前
    assert r.leave.notice.holiday_days == 2  # 需提前二天提出
    assert r.leave.authority[0].max_days == 1  # 一天由客服部主任批准
    assert r.attendance.late_minutes == 20  # 遲到二十分鍾及以上
    assert r.attendance.away_from_post_minutes == 20  # 脫崗二十分鍾及以上
    assert r.swaps.max_per_person_per_month == 2  # 每人每月換班不得超過2次
    assert r.meetings.monthly_before_day == 25  # 每月25日前周五


def _centre_rules(tmp_path: Path, **swaps: object) -> Path:
    data = yaml.safe_load((BUNDLED / "rules.yaml").read_text("utf-8"))
    data["swaps"].update(swaps)
    f = tmp_path / "rules.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return f


def test_a_centre_allowing_three_swaps_a_month_needs_no_code_change(run_cli, tmp_path) -> None:
    scenario = str(SCENARIOS / "swap_third_in_month.yaml")
    code, out, _ = run_cli("workforce", "check", scenario, "--json")
    assert code == 0
    assert json.loads(out)["ok"] is False
    rules = _centre_rules(tmp_path, max_per_person_per_month=3)
    code, out, _ = run_cli("workforce", "check", scenario, "--rules", str(rules), "--json")
    assert code == 0
    assert json.loads(out)["ok"] is True


def test_the_centre_file_in_the_config_dir_replaces_the_bundled_one(
    run_cli, tmp_path, monkeypatch
) -> None:
    _centre_rules(tmp_path, min_rest_hours=0)
    monkeypatch.setenv("SERVIQ_CONFIG_DIR", str(tmp_path))
    code, out, _ = run_cli(
        "workforce", "check", str(SCENARIOS / "swap_back_to_back.yaml"), "--json"
    )
    assert code == 0
    assert json.loads(out)["ok"] is True  # 0 hours of rest are now enough


def test_a_malformed_rules_file_is_rejected_with_file_field_and_allowed_values(
    run_cli, tmp_path
) -> None:
    f = tmp_path / "centre_rules.yaml"
    f.write_text(
        "version: 1\ncalendar:\n  region: SG\nswaps:\n  max_per_person_per_month: two\n"
        "meetings:\n  monthly_weekday: fri\n",
        "utf-8",
    )
    code, out, err = run_cli(
        "workforce", "check", str(SCENARIOS / "swap_allowed.yaml"), "--rules", str(f)
    )
    assert code == 2
    assert out == ""
    assert "centre_rules.yaml" in err
    assert "field calendar.region" in err
    assert "'CN', 'HK', 'MO' or 'TW'" in err
    assert "field swaps.max_per_person_per_month" in err
    assert "integer" in err
    assert "field meetings.monthly_weekday" in err
    assert "'friday'" in err
    assert "line 3" in err
    assert "Traceback" not in err


def test_an_unknown_setting_is_named(tmp_path) -> None:
    f = tmp_path / "rules.yaml"
    f.write_text("swaps:\n  max_swaps_per_month: 3\n", "utf-8")
    with pytest.raises(ValidationFailed, match=r"field swaps\.max_swaps_per_month"):
        load_rules(f)


def test_an_approver_outside_the_levels_is_refused(tmp_path) -> None:
    f = tmp_path / "rules.yaml"
    f.write_text("leave:\n  official_approver: qa_inspector\n", "utf-8")
    with pytest.raises(
        ValidationFailed, match=r"allowed: team_lead, department_director, centre_director"
    ):
        load_rules(f)
