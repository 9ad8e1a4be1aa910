"""``serviq sme schedule | irb | guarantee | limits``: JSON keys and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from serviq.resources import data_path


def test_schedule_json(run_cli) -> None:
    code, out, _ = run_cli(
        "sme",
        "schedule",
        "--principal",
        "2500",
        "--annual-rate",
        "0.0824",
        "--periods",
        "12",
        "--json",
    )
    assert code == 0
    obj = json.loads(out)
    assert set(obj) == {"payment", "rows"}
    assert set(obj["rows"][0]) == {"period", "payment", "principal", "interest", "balance"}
    assert round(obj["payment"], 4) == 217.7486


def test_schedule_in_advance_with_residual_and_equal_principal(run_cli) -> None:
    code, out, _ = run_cli(
        "sme",
        "schedule",
        "--principal",
        "1200",
        "--annual-rate",
        "0.12",
        "--periods",
        "12",
        "--when",
        "begin",
        "--method",
        "equal-principal",
        "--residual",
        "120",
        "--json",
    )
    assert code == 0
    rows = json.loads(out)["rows"]
    assert rows[0]["interest"] == 0
    assert len(rows) == 12


def test_irb_json(run_cli) -> None:
    code, out, _ = run_cli(
        "sme", "irb", "--pd", "0.01", "--lgd", "0.45", "--sales-meur", "5", "--json"
    )
    assert code == 0
    obj = json.loads(out)
    assert {"correlation", "maturity_adjustment", "k", "risk_weight"} <= set(obj)
    assert round(obj["risk_weight"] * 100, 1) == 72.4


def test_guarantee_json(run_cli) -> None:
    code, out, _ = run_cli("sme", "guarantee", "guarantee_4222", "--json")
    assert code == 0
    obj = json.loads(out)
    assert {"allocation", "fees", "checks"} <= set(obj)
    assert sum(obj["allocation"].values()) == pytest.approx(obj["loss"])
    assert set(obj["checks"][0]) >= {"ok", "code", "requirement", "message"}


def test_limits_json_in_chinese(run_cli) -> None:
    code, out, _ = run_cli("sme", "limits", "limits_breach", "--lang", "zh-Hans", "--json")
    assert code == 0
    obj = json.loads(out)
    assert {"ok", "ratios", "reasons"} <= set(obj)
    assert obj["ok"] is False
    (r,) = obj["reasons"]
    assert r["code"] == "bank.single_borrower"
    assert r["requirement"] == "R-SME-7"
    assert "资本净额" in r["message"]


def _scenario(tmp_path: Path, name: str, old: str, new: str) -> str:
    text = data_path(f"sme/scenarios/{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    f = tmp_path / "scenario.yaml"
    f.write_text(text.replace(old, new), encoding="utf-8")
    return str(f)


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("guarantee_4222", "preset: 4-2-2-2", "preset: 5-5", ["preset", "allowed: 4-2-2-2, 2-8"]),
        (
            "guarantee_4222",
            "covers: guarantor",
            "covers: city",
            ["compensation.covers", "'bank', 'guarantor'"],
        ),
        (
            "limits_breach",
            "client: C001, amount",
            "client: C999, amount",
            ["decision.client", "allowed: C001, C002, C003"],
        ),
        (
            "limits_breach",
            "net_capital: 12000000000",
            "net_capital: lots",
            ["capital.1.net_capital", "number"],
        ),
    ],
)
def test_a_malformed_scenario_is_one_error_line_naming_file_and_field(
    run_cli, tmp_path: Path, name: str, old: str, new: str, expected: list[str]
) -> None:
    path = _scenario(tmp_path, name, old, new)
    command = "guarantee" if name.startswith("guarantee") else "limits"
    code, out, err = run_cli("sme", command, path, "--json")
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert "scenario.yaml" in lines[0]
    assert "line " in lines[0]
    for piece in expected:
        assert piece in lines[0]


def test_bad_options_are_one_error_line(run_cli) -> None:
    code, _, err = run_cli("sme", "irb", "--pd", "1.5", "--lgd", "0.45")
    assert code == 2
    assert err.startswith("error: ")
    assert "pd" in err
    code, _, err = run_cli(
        "sme",
        "schedule",
        "--principal",
        "100",
        "--annual-rate",
        "0.05",
        "--periods",
        "12",
        "--when",
        "later",
    )
    assert code == 2
    assert "allowed: end, begin" in err


def test_a_malformed_limits_file_is_one_error_line(run_cli, tmp_path: Path) -> None:
    text = data_path("sme/limits.yaml").read_text(encoding="utf-8")
    f = tmp_path / "limits.yaml"
    f.write_text(
        text.replace("multiple: 10\n", "multiple: 10\n    multipel: 12\n"), encoding="utf-8"
    )
    code, out, err = run_cli("sme", "limits", "limits_within", "--limits", str(f))
    assert code == 2
    assert out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("error: unknown field")
    assert "limits.yaml" in line
    assert "guarantor.0.multipel" in line


def test_a_looser_limits_file_allows_the_decision(run_cli, tmp_path: Path) -> None:
    text = data_path("sme/limits.yaml").read_text(encoding="utf-8")
    f = tmp_path / "limits.yaml"
    f.write_text(text.replace("single_borrower: 0.10", "single_borrower: 0.12"), encoding="utf-8")
    code, out, _ = run_cli("sme", "limits", "limits_breach", "--limits", str(f), "--json")
    assert code == 0
    assert json.loads(out)["ok"] is True
