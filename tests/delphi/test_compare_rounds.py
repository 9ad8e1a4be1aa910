"""Round over round on the two bundled sample rounds (values computed by hand below)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src/serviq/data/delphi"


def test_changed_decisions_and_changes_of_mean_and_cv() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from serviq.cli.main import main; main()", "delphi", "compare",
         str(DATA / "round1_sample.csv"), str(DATA / "round2_sample.csv"), "--expert", "expert",
         "--indicator", "indicator", "--importance", "importance", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["changed"] == ["average_speed_of_answer", "queue_music"]
    asa = next(i for i in out["indicators"] if i["indicator"] == "average_speed_of_answer")
    assert (asa["first"], asa["second"]) == ("revise", "keep")
    # round 1: 4,4,3,4,3 → mean 3.6, SD √0.3; round 2: 5,4,4,4,4 → mean 4.2, SD √0.2
    assert asa["mean_change"] == pytest.approx(0.6)
    assert asa["cv_change"] == pytest.approx(math.sqrt(0.2) / 4.2 - math.sqrt(0.3) / 3.6)
    music = next(i for i in out["indicators"] if i["indicator"] == "queue_music")
    assert (music["first"], music["second"], music["mean_change"]) == ("drop", None, None)
    assert out["kendall_w"]["first"] > out["kendall_w"]["second"]
