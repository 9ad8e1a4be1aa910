"""A Delphi round's drops leave the bundled indicator system as its next version."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from serviq.delphi.consultation import round_statistics
from serviq.delphi.revision import revised_system
from serviq.errors import InvalidInput
from serviq.indicators.model import load_system

# SL, ASA, ABANDON kept (all 5s and 4s with full scores); AHT scored low → dropped
SCORES = {"SL": [5, 5, 4], "ASA": [5, 4, 5], "ABANDON": [4, 5, 5], "AHT": [1, 2, 3]}


def panel(codes: dict[str, list[int]] = SCORES) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"expert": f"E{j}", "indicator": code, "score": s[j]}
            for code, s in codes.items()
            for j in range(3)
        ]
    )


def stats(df: pd.DataFrame) -> object:
    return round_statistics(df, expert="expert", indicator="indicator", importance="score")


def test_the_dropped_indicator_leaves_the_next_version() -> None:
    system = load_system("bank_contact_centre")
    new = revised_system(system, stats(panel()), date="2026-12-05")  # type: ignore[arg-type]
    codes = {p.node.code for p in new.walk()}
    assert "AHT" not in codes
    assert {"SL", "ASA", "ABANDON"} <= codes
    assert new.version != system.version
    entry = new.changelog[-1]
    assert "AHT" in entry.note
    assert any(line.startswith("AHT: mean 2.00") for line in entry.evidence)


def test_an_indicator_that_is_not_a_code_is_refused() -> None:
    df = panel({**SCORES, "queue_music": [1, 1, 2]})
    with pytest.raises(InvalidInput, match="queue_music"):
        revised_system(load_system("bank_contact_centre"), stats(df))  # type: ignore[arg-type]


def test_the_command_writes_the_file(tmp_path: Path) -> None:
    data = tmp_path / "round.csv"
    panel().to_csv(data, index=False)
    target = tmp_path / "next.yaml"
    done = subprocess.run(
        [sys.executable, "-c", "from serviq.cli.main import main; main()", "delphi", "stats",
         str(data), "--expert", "expert", "--indicator", "indicator", "--importance", "score",
         "--system", "bank_contact_centre", "--out", str(target), "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)["new_version"]
    assert out["dropped"] == ["AHT"]
    assert {p.node.code for p in load_system(target).walk()} >= {"SL", "ASA"}
    assert "AHT" not in {p.node.code for p in load_system(target).walk()}
