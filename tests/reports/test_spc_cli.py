"""``serviq report spc``: the JSON keys of the CLI contract, tables, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Example 16.6 of "An Introduction to Business Statistics" (tests/reference/test_reports_spc.py)
DEFECTIVES = [40, 44, 22, 34, 24, 32, 28, 32, 34, 30]


@pytest.fixture
def pfile(tmp_path: Path) -> Path:
    path = tmp_path / "p.csv"
    rows = ["month,count,n"] + [f"2026-{i + 1:02d},{d},200" for i, d in enumerate(DEFECTIVES)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_p_chart_json_has_the_contract_keys(run_cli, pfile) -> None:
    code, out, err = run_cli(
        "report", "spc", str(pfile), "--chart", "p", "--value", "count", "--n", "n",
        "--label", "month", "--json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert {"center", "sigma_z", "limits", "points"} <= set(data)
    assert data["center"] == pytest.approx(0.16)
    assert data["limits"]["ucl"] == pytest.approx(0.2378, abs=5e-5)
    assert {"value", "lcl", "ucl", "signals"} <= set(data["points"][0])
    assert data["points"][0]["label"] == "2026-01"


def test_laney_chart_reports_sigma_z_and_ewma_asymptotic_limits(run_cli, pfile) -> None:
    code, out, _ = run_cli("report", "spc", str(pfile), "--chart", "laney-p", "--value",
                           "count", "--n", "n", "--json")  # fmt: skip
    assert code == 0
    assert json.loads(out)["sigma_z"] > 0
    code, out, _ = run_cli("report", "spc", str(pfile), "--chart", "ewma", "--value", "count",
                           "--lambda", "0.3", "--center", "30", "--sigma", "5", "--json")  # fmt: skip
    data = json.loads(out)
    assert data["limits"]["ucl"] == pytest.approx(30 + 3 * 5 * (0.3 / 1.7) ** 0.5)
    assert data["lambda"] == 0.3


def test_table_for_people(run_cli, pfile) -> None:
    code, out, _ = run_cli("report", "spc", str(pfile), "--chart", "xmr", "--value", "count",
                           "--rules", "nelson")  # fmt: skip
    assert code == 0
    assert "xmr chart" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--chart", "p", "--value", "month", "--n", "n"], "row 2, column month"),
        (["--chart", "p", "--value", "count"], "needs the subgroup sizes"),
        (["--chart", "pie", "--value", "count"], "unknown chart 'pie'"),
        (["--chart", "xmr", "--value", "nope"], "missing column nope"),
    ],
)
def test_bad_input_exits_2_with_where(run_cli, pfile, args, message) -> None:
    code, out, err = run_cli("report", "spc", str(pfile), *args)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ")
    assert message in err
