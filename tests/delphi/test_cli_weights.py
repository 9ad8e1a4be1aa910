"""``serviq delphi weights``: the panel's AHP weights, each expert's CR, the written version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HEADER = "item,QA_SCORE,QA_ATTITUDE,QA_SKILL\n"


def _consistent(path: Path, w: list[float]) -> Path:
    names = ["QA_SCORE", "QA_ATTITUDE", "QA_SKILL"]
    rows = [",".join([n, *(repr(a / b) for b in w)]) for n, a in zip(names, w, strict=True)]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_weights_crs_and_the_new_version(run_cli, tmp_path: Path) -> None:
    from serviq.indicators.model import load_system

    a = _consistent(tmp_path / "E01.csv", [0.5, 0.3, 0.2])
    b = _consistent(tmp_path / "E02.csv", [0.2, 0.3, 0.5])
    out = tmp_path / "next.yaml"
    code, stdout, err = run_cli(
        "delphi", "weights", str(a), str(b), "--node", "STAFF", "--write", "--out", str(out), "--json"
    )  # fmt: skip
    assert code == 0, err
    got = json.loads(stdout)
    g = [(0.5 * 0.2) ** 0.5, 0.3, (0.2 * 0.5) ** 0.5]
    assert list(got["weights"].values()) == pytest.approx([x / sum(g) for x in g], abs=1e-12)
    assert set(got["experts"]) == {"E01", "E02"}
    assert got["experts"]["E01"]["cr"] == pytest.approx(0.0, abs=1e-12)
    assert got["new_version"]["path"] == str(out)
    new = load_system(out)
    assert new.version == got["new_version"]["version"]
    assert any("expert E02: CR = 0.000" in line for line in new.changelog[-1].evidence)


def test_a_matrix_of_other_items_is_one_error_line(run_cli, tmp_path: Path) -> None:
    bad = tmp_path / "E01.csv"
    bad.write_text("item,SL,ASA\nSL,1,2\nASA,1/2,1\n", encoding="utf-8")
    code, _, err = run_cli("delphi", "weights", str(bad), "--node", "STAFF")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: the matrix compares SL, ASA; allowed: the scored children")
