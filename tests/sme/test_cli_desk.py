"""``serviq sme binning`` and ``serviq sme scorecard fit | validate`` through the real CLI:
the JSON keys of the contract, and bad input as one ``error:`` line with exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BREAST = ROOT / "tests/reference/data/breast_cancer_mean_radius.csv"
SOFT = "soft_owner,soft_conduct,soft_suppliers,soft_customers,soft_utilities"
HARD = "leverage,profit_margin,current_ratio,past_arrears,age_years"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from serviq.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("sme")
    done = run("sme", "portfolio", "--out", str(d / "p.csv"), "--firms", "800", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"] == 800
    return d


def test_binning_json_keys() -> None:
    done = run("sme", "binning", str(BREAST), "--feature", "mean_radius", "--target", "target",
               "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) >= {"splits", "iv", "gini", "bins"}
    assert set(out["bins"][0]) >= {"range", "count", "event_rate", "woe", "iv"}
    assert len(out["splits"]) == 6


def test_scorecard_fit_then_validate_with_baseline(folder: Path) -> None:
    data, model = folder / "p.csv", folder / "m.json"
    done = run("sme", "scorecard", "fit", str(data), "--target", "default",
               "--features", f"{HARD},{SOFT}", "--out", str(model), "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [f["feature"] for f in json.loads(done.stdout)["features"]][:2] == [
        "leverage", "profit_margin"]  # fmt: skip
    done = run("sme", "scorecard", "validate", str(data), "--model", str(model),
               "--baseline", str(data), "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) >= {"auc", "gini", "ks", "psi", "hosmer_lemeshow", "features"}
    assert set(out["hosmer_lemeshow"]) == {"chisq", "df", "pvalue"}
    assert out["psi"] == 0.0  # the same rows as baseline
    assert out["gini"] == pytest.approx(2 * out["auc"] - 1)
    assert all("iv" in f for f in out["features"])


def test_soft_gain_json(folder: Path) -> None:
    done = run("sme", "soft-gain", str(folder / "p.csv"), "--target", "default", "--hard", HARD,
               "--soft", SOFT, "--split", "year<=2023", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["ci"][0] < out["difference"] < out["ci"][1]
    assert out["train_rows"] + out["holdout_rows"] == 800


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--feature", "mean_radius", "--target", "mean_radius"], "target must be 0"),
        (["--feature", "mean_radius", "--target", "target", "--monotonic", "peak"],
         "allowed: auto, ascending, descending"),
        (["--feature", "nope", "--target", "target"], "nope"),
    ],
)  # fmt: skip
def test_binning_bad_input_is_one_error_line(args: list[str], message: str) -> None:
    done = run("sme", "binning", str(BREAST), *args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert message in lines[0]


def test_validate_rejects_a_file_that_is_not_a_model(folder: Path) -> None:
    bogus = folder / "bogus.json"
    bogus.write_text('{"kind": "something else"}', encoding="utf-8")
    done = run("sme", "scorecard", "validate", str(folder / "p.csv"), "--model", str(bogus))
    assert done.returncode == 2
    assert done.stderr.startswith("error: not a scorecard")


def test_a_non_numeric_cell_names_row_and_column(folder: Path) -> None:
    bad = folder / "bad.csv"
    bad.write_text("x,y\n1,0\nabc,1\n3,1\n", encoding="utf-8")
    done = run("sme", "binning", str(bad), "--feature", "x", "--target", "y")
    assert done.returncode == 2
    assert "row 3" in done.stderr
    assert "column x" in done.stderr
