"""The survey commands print docs/survey.md's JSON keys and report bad input as `error: …`, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def csv(planted: pd.DataFrame, tmp_path: Path) -> str:
    p = tmp_path / "planted.csv"
    planted.to_csv(p, index=False)
    return str(p)


def test_reliability_keys(csv: str, run_cli) -> None:
    code, out, _ = run_cli("survey", "reliability", csv, "--items", "TAN1,TAN2,TAN3,TAN4", "--json")
    obj = json.loads(out)
    assert code == 0
    assert {
        "raw_alpha",
        "std_alpha",
        "G6",
        "average_r",
        "S_N",
        "mean",
        "sd",
        "n",
        "alpha_ci",
        "items",
    } <= set(obj)
    assert {"item", "raw_r", "std_r", "r_cor", "r_drop", "alpha_if_dropped", "mean", "sd"} <= set(
        obj["items"][0]
    )


def test_efa_keys(csv: str, run_cli) -> None:
    code, out, _ = run_cli(
        "survey",
        "efa",
        csv,
        "--items",
        "TAN1,TAN2,TAN3,REL1,REL2,REL3",
        "--factors",
        "2",
        "--rotation",
        "varimax",
        "--json",
    )
    obj = json.loads(out)
    assert code == 0
    assert {
        "kmo",
        "kmo_items",
        "bartlett",
        "loadings",
        "h2",
        "phi",
        "variance",
        "chisq",
        "null_chisq",
        "tli",
        "rmsea",
        "bic",
        "parallel",
    } <= set(obj)
    assert set(obj["bartlett"]) == {"chisq", "df", "pvalue"}
    assert obj["parallel"] == 2


def test_omega_keys(csv: str, run_cli) -> None:
    code, out, _ = run_cli(
        "survey", "omega", csv, "--items", "TAN1,TAN2,TAN3,REL1,REL2,REL3,RES1,RES2,RES3", "--json"
    )
    assert code == 0
    assert {"omega_h", "omega_t", "alpha", "G6", "g_loadings"} <= set(json.loads(out))


def test_items_keys(csv: str, run_cli) -> None:
    code, out, _ = run_cli("survey", "items", csv, "--items", "TAN1,TAN2,TAN3,TAN4,TAN5", "--json")
    assert code == 0
    assert {"item", "r_drop", "cr", "cr_pvalue", "mean", "sd"} <= set(json.loads(out)["items"][0])


def test_import_json_and_errors(tmp_path: Path, run_cli) -> None:
    ws = str(tmp_path / "ws")
    code, out, _ = run_cli(
        "survey", "import", str(DATA / "wjx_export_clean.csv"), "-w", ws, "--json"
    )
    assert code == 0
    obj = json.loads(out)
    assert obj["added"] > 0
    assert obj["excluded"]
    code, out, _ = run_cli(
        "survey", "import", str(DATA / "wjx_export_clean.csv"), "-w", ws, "--json"
    )
    assert json.loads(out)["already_imported"] is True
    code, out, err = run_cli("survey", "import", str(DATA / "wjx_export_bad.csv"), "-w", ws)
    assert code == 2
    assert out == ""
    assert "row 4, column 2、" in err
    assert "error: " in err


def test_unknown_column_is_an_input_error(csv: str, run_cli) -> None:
    code, _, err = run_cli("survey", "reliability", csv, "--items", "TAN1,NOPE", "--json")
    assert code == 2
    assert "NOPE" in err


def test_streamed_reliability_equals_in_memory(
    planted: pd.DataFrame, tmp_path: Path, run_cli
) -> None:
    p = tmp_path / "planted.parquet"
    planted.to_parquet(p)
    items = "TAN1,TAN2,TAN3,TAN4,TAN5"
    _, a, _ = run_cli("survey", "reliability", str(p), "--items", items, "--json")
    _, b, _ = run_cli("survey", "reliability", str(p), "--items", items, "--stream", "--json")
    a_obj, b_obj = json.loads(a), json.loads(b)
    for key in ("raw_alpha", "std_alpha", "G6", "mean", "sd"):
        assert b_obj[key] == pytest.approx(a_obj[key], abs=1e-10)
