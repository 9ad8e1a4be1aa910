"""``serviq --help`` must answer in under 0.3 s: the sub-command modules load lazily.

Compares the real command with the obvious alternative, a CLI whose command modules import
what they use at module level (pandas, numpy, SciPy, DuckDB, Ibis, Django and the core
packages), so that even ``--help`` pays for all of it; measured in the same run.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

GOAL_SECONDS = 0.3


def _time(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str]) -> None:
    from serviq.cli.main import COMMANDS, _available

    repeat = 7
    lazy = _time([sys.executable, "-m", "serviq.cli.main", "--help"], repeat)
    mods = [COMMANDS[n][0] for n in COMMANDS if _available(n)]
    heavy = [
        "pandas", "numpy", "scipy.stats", "duckdb", "ibis", "django",
        "serviq.indicators.scoring", "serviq.survey.efa", "serviq.text.segmentation",
        "serviq.ops.kpis", "serviq.qa.sampling", "serviq.workforce.swaps",
    ]  # fmt: skip
    eager_code = (
        "".join(f"import {mod}\n" for mod in [*heavy, *mods])
        + "from serviq.cli.main import main\nmain(['--help'])\n"
    )
    eager = _time([sys.executable, "-c", eager_code], repeat)
    print(
        f"serviq --help (lazy)          median {lazy:.3f} s over {repeat} runs (goal < {GOAL_SECONDS} s)"
    )
    print(f"--help with every dependency imported up front   median {eager:.3f} s")
    print(f"ratio eager / lazy            {eager / lazy:.1f}x")
    print("PASS" if lazy < GOAL_SECONDS else "MISS", f"help under {GOAL_SECONDS} s")
