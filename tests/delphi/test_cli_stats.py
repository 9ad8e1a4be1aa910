"""``serviq delphi stats`` through the real CLI: the JSON keys of the contract and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "src/serviq/data/delphi/round1_sample.csv"
BASE = ["delphi", "stats", str(SAMPLE), "--expert", "expert", "--indicator", "indicator"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from serviq.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_json_has_the_contract_keys() -> None:
    done = run(*BASE, "--importance", "importance", "--basis", "basis",
               "--familiarity", "familiarity", "--panel", "6", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["experts"] == 5
    assert out["response_rate"] == pytest.approx(5 / 6)
    # E01..E05: (0.9+0.8)/2, (0.8+0.6)/2, (0.7+0.7)/2, (1.0+0.9)/2, (0.8+0.8)/2
    assert out["authority"]["overall"] == pytest.approx((0.85 + 0.7 + 0.7 + 0.95 + 0.8) / 5)
    assert out["authority"]["experts"]["E04"] == pytest.approx(0.95)
    first = out["indicators"][0]
    assert set(first) >= {"indicator", "mean", "sd", "full_score_frequency", "cv", "decision"}
    assert {i["indicator"]: i["decision"] for i in out["indicators"]} == {
        "first_contact_resolution": "keep",
        "average_speed_of_answer": "revise",
        "complaint_rate": "keep",
        "queue_music": "drop",
    }
    assert set(out["kendall_w"]) >= {"w", "chisq", "df", "pvalue"}
    assert out["kendall_w"]["chisq"] == pytest.approx(5 * 3 * out["kendall_w"]["w"])


def test_without_panel_there_is_no_response_rate() -> None:
    out = json.loads(run(*BASE, "--importance", "importance", "--json").stdout)
    assert "response_rate" not in out
    assert out["authority"] is None


def test_a_score_off_the_scale_is_one_error_line_and_exit_2() -> None:
    done = run(*BASE, "--importance", "basis", "--json")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: 0.9 is not a number from 1 to 5")
    assert "row 2, column basis" in lines[0]


def test_a_missing_column_is_exit_2() -> None:
    done = run(*BASE, "--importance", "score")
    assert done.returncode == 2
    assert "missing column score" in done.stderr
