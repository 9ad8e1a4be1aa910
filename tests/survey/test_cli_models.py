"""The model commands through the CLI: exit codes, one JSON object, errors on stderr.

``run_models_cli`` runs the commands (cfa, pls, servqual, indices, drivers, ipa) on a survey
app built here with :func:`serviq.cli.survey_models.register`, so that they are tested
whether or not ``serviq.cli.survey`` has registered them yet.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

REF = Path(__file__).parent.parent / "reference" / "data"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_models_cli(capsys: pytest.CaptureFixture[str]) -> Run:
    import typer

    from serviq.cli.output import run_with_errors
    from serviq.cli.survey_models import register

    app = typer.Typer(no_args_is_help=True)
    register(app)
    command = typer.main.get_command(app)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            run_with_errors(command, list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_cfa_prints_lavaans_keys(run_models_cli: Run, tmp_path: Path) -> None:
    model = tmp_path / "hs.lav"
    model.write_text(
        "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n", encoding="utf-8"
    )
    code, out, err = run_models_cli(
        "cfa", str(REF / "holzinger_swineford_1939.csv"), "--model", str(model), "--json"
    )
    assert code == 0, err
    res = json.loads(out)
    for key in (
        "chisq",
        "df",
        "pvalue",
        "baseline_chisq",
        "cfi",
        "tli",
        "rmsea",
        "srmr",
        "logl",
        "aic",
        "bic",
        "npar",
        "loadings",
        "ave",
        "cr",
    ):
        assert key in res
    assert round(res["chisq"], 3) == 85.306
    assert res["loadings"]["visual"]["x1"] == pytest.approx(0.772, abs=5e-4)


def test_cfa_table_for_people(run_models_cli: Run, tmp_path: Path) -> None:
    model = tmp_path / "m.lav"
    model.write_text("textual =~ x4 + x5 + x6\n")
    code, out, _ = run_models_cli(
        "cfa", str(REF / "holzinger_swineford_1939.csv"), "--model", str(model)
    )
    assert code == 0
    assert "RMSEA" in out
    assert "x5" in out


def test_a_bad_model_line_is_an_input_error(run_models_cli: Run, tmp_path: Path) -> None:
    model = tmp_path / "bad.lav"
    model.write_text("visual =~ x1 + x2\nthis is not a model\n")
    code, out, err = run_models_cli(
        "cfa", str(REF / "holzinger_swineford_1939.csv"), "--model", str(model), "--json"
    )
    assert code == 2
    assert out == ""
    assert err.startswith("error:")
    assert "line 2" in err


def test_pls_with_bootstrap(run_models_cli: Run, tmp_path: Path) -> None:
    model = tmp_path / "ecsi.lav"
    model.write_text(
        "Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5\nValue =~ PERV1 + PERV2\n"
        "Satisfaction =~ CUSA1 + CUSA2 + CUSA3\nSatisfaction ~ Image + Value\n"
    )
    code, out, err = run_models_cli(
        "pls", str(REF / "mobi.csv"), "--model", str(model), "--boot", "50", "--seed", "1", "--json"
    )
    assert code == 0, err
    res = json.loads(out)
    for key in ("paths", "r2", "adj_r2", "alpha", "rhoC", "AVE", "rhoA", "htmt"):
        assert key in res
    assert {p["from"] for p in res["paths"]} == {"Image", "Value"}
    assert all(p["ci_lower"] <= p["ci_upper"] for p in res["paths"])


def test_indices_with_a_small_sample_warn_on_stderr(run_models_cli: Run, tmp_path: Path) -> None:
    data = tmp_path / "r.csv"
    pd.DataFrame({"NPS": [10, 9, 3, 7, 8], "CSAT": [5, 4, 4, 2, 5], "CES": [7, 6, 5, 2, 4]}).to_csv(
        data, index=False
    )
    code, out, err = run_models_cli(
        "indices", str(data), "--nps", "NPS", "--csat", "CSAT", "--ces", "CES", "--json"
    )
    assert code == 0
    res = json.loads(out)
    assert res["nps"]["value"] == pytest.approx(20.0)
    assert res["csat"]["n"] == 5
    assert len(res["csat"]["ci"]) == 2
    assert "warning: NPS: only 5 answers" in err


def test_indices_need_a_column(run_models_cli: Run, tmp_path: Path) -> None:
    data = tmp_path / "r.csv"
    data.write_text("NPS\n10\n")
    code, _, err = run_models_cli("indices", str(data))
    assert code == 2
    assert "--nps" in err
    code, _, err = run_models_cli("indices", str(data), "--csat", "CSAT")
    assert code == 2
    assert "CSAT" in err


def test_servqual_with_pairs(run_models_cli: Run, tmp_path: Path) -> None:
    data = tmp_path / "s.csv"
    pd.DataFrame({"E_REL1": [5, 5, 4, 5], "REL1": [4, 3, 4, 4]}).to_csv(data, index=False)
    code, out, err = run_models_cli(
        "servqual", str(data), "--pairs", "E_REL1:REL1:reliability", "--json"
    )
    assert code == 0, err
    res = json.loads(out)
    item = res["items"][0]
    for key in ("expectation", "perception", "gap", "pvalue"):
        assert key in item
    assert res["dimensions"][0]["dimension"] == "reliability"
    code, _, err = run_models_cli("servqual", str(data))
    assert code == 2
    assert "--pairs" in err


def test_drivers_and_ipa(run_models_cli: Run) -> None:
    code, out, err = run_models_cli(
        "drivers",
        str(REF / "mtcars.csv"),
        "--outcome",
        "mpg",
        "--drivers",
        "cyl,disp,hp,gear",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["r2"] == pytest.approx(0.7791896, abs=1e-7)
    code, out, err = run_models_cli(
        "ipa",
        str(REF / "mobi.csv"),
        "--items",
        "PERQ1,PERQ2,PERQ3,PERV1",
        "--overall",
        "CUSA1",
        "--json",
    )
    assert code == 0, err
    quadrants = {r["item"]: r["quadrant"] for r in json.loads(out)["items"]}
    assert set(quadrants) == {"PERQ1", "PERQ2", "PERQ3", "PERV1"}
    code, out, _ = run_models_cli(
        "ipa", str(REF / "mobi.csv"), "--items", "PERQ1", "--overall", "CUSA1"
    )
    assert code == 0
    assert "PERQ1" in out


def test_rows_left_out_are_reported_on_stderr(run_models_cli: Run, tmp_path: Path) -> None:
    data = tmp_path / "m.csv"
    df = pd.read_csv(REF / "mtcars.csv")
    df.loc[0, "hp"] = None
    df.to_csv(data, index=False)
    code, out, err = run_models_cli(
        "drivers", str(data), "--outcome", "mpg", "--drivers", "cyl,hp", "--json"
    )
    assert code == 0
    assert json.loads(out)["n"] == 31
    assert "1 of 32 rows" in err
