"""Reliability of 6 scales on 1,000,000 respondents × 30 items, and EFA of 100,000 × 30.

The data are what an import gives (:func:`serviq.survey.responses.read_responses` and
:func:`serviq.survey.workspace.load_responses`): 30 Likert 1–5 answers per respondent in
nullable ``Int8`` columns (none missing here), 6 scales of 5 items. Measured in the same run:

- serviq's full reliability suite (alpha raw/standardised, G6, average and median r, S/N,
  ase, Feldt CI, mean and sd of the scores, split half, raw_r/std_r/r_cor/r_drop and alpha,
  standardised alpha, G6 and average r if dropped for every item of every scale):
  ``scale_reliabilities(df, scales)`` on the ``Int8`` frame, from one exact integer pass
  over each scale's columns (every column read once), against
  - pingouin's per-item loop on the **same** ``Int8`` frame: ``pingouin.cronbach_alpha``
    for each scale and for each scale with one item dropped (6 × 6 = 36 calls), the usual
    way to get alpha-if-dropped in Python; pingouin converts the columns as it likes
    (``DataFrame.cov`` makes float64), which is its cost;
  - one ``numpy.cov`` pass over the 30 columns of the same frame, handed the cheapest array
    numpy can use: ``df.to_numpy(dtype=np.int8)`` (a view; ``np.cov`` converts it to
    float64 itself — faster than extracting float64 from the frame first).
  Goals: ≥ 40× faster than the pingouin loop, within 3× of the numpy pass.
  For reference the suite is also timed on the same answers as a float64 frame (the
  floating-point path: data read from a file with missing answers, or non-integer data),
  and pingouin's loop on that float64 frame (its fastest input: its own conversion of the
  ``Int8`` frame costs it time, and the goal should not rest on that).
- serviq's EFA (minres, oblimin; with KMO, Bartlett and parallel analysis) against
  factor_analyzer 0.5.1 (minres, oblimin, plus its KMO and Bartlett) on the same data.
  Goal: within 1.5× of factor_analyzer. factor_analyzer 0.5.1 calls scikit-learn's
  ``check_array(force_all_finite=…)``, an argument scikit-learn 1.8 removed; the benchmark
  passes it on as ``ensure_all_finite`` so that the comparison runs on current scikit-learn.

Times are medians of repeated runs, printed with the load average (the machine is shared).

Run: ``PYTHONPATH=$PWD/src:$PWD python -m benchmarks reliability [--small] [--no-efa]``.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def _data(n: int, k: int = 30, scales: int = 6, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    per = k // scales
    F = rng.standard_normal((n, scales))
    cols = {}
    for s in range(scales):
        for j in range(per):
            x = 0.7 * F[:, s] + 0.7 * rng.standard_normal(n)
            cols[f"S{s + 1}_{j + 1}"] = np.clip(np.round(3 + x), 1, 5)
    return pd.DataFrame(cols)


def _imported(df: pd.DataFrame) -> pd.DataFrame:
    """The answers as an import gives them: nullable ``Int8`` columns."""
    return df.astype("Int8")


def _median(fn: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``repeat`` runs (the machine is shared: the median is robust to
    another job's burst, the minimum would flatter whichever side got a quiet moment)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(statistics.median(times))


def _load() -> str:
    try:
        return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "load average unknown"


def _patch_factor_analyzer() -> Any:
    import inspect

    import factor_analyzer.factor_analyzer as fa_mod
    from sklearn.utils import validation

    if "force_all_finite" not in inspect.signature(validation.check_array).parameters:
        original = validation.check_array

        def check_array(*args: Any, force_all_finite: Any = True, **kw: Any) -> Any:
            kw.setdefault("ensure_all_finite", force_all_finite)
            return original(*args, **kw)

        fa_mod.check_array = check_array  # type: ignore[attr-defined]
    return fa_mod


def main(argv: list[str]) -> None:
    from serviq.survey.efa import efa
    from serviq.survey.reliability import scale_reliabilities

    small = "--small" in argv
    n = 100_000 if small else 1_000_000
    as_float = _data(n)
    df = _imported(as_float)
    scales = {f"S{s}": [f"S{s}_{j}" for j in range(1, 6)] for s in range(1, 7)}
    cols = list(df.columns)

    repeat = 7
    ours = _median(lambda: scale_reliabilities(df, scales), repeat)
    numpy_cov = _median(lambda: np.cov(df[cols].to_numpy(dtype=np.int8), rowvar=False), repeat)
    ours_float = _median(lambda: scale_reliabilities(as_float, scales), repeat)
    print(f"reliability, {n:,} × 30 Int8, 6 scales (median of {repeat} runs; {_load()})")
    print(f"  serviq full suite (one exact pass)  {ours:8.3f} s")
    print(
        f"  one numpy.cov pass                  {numpy_cov:8.3f} s   ratio serviq/numpy {ours / numpy_cov:5.2f}× (goal ≤ 3×)"
    )
    try:
        import pingouin as pg

        def loop(frame: pd.DataFrame) -> None:
            for items in scales.values():
                pg.cronbach_alpha(frame[items])
                for drop in items:
                    pg.cronbach_alpha(frame[[i for i in items if i != drop]])

        ping = _median(lambda: loop(df), 3)
        print(
            f"  pingouin per-item loop (36 calls, median of 3) {ping:8.3f} s   serviq is {ping / ours:6.1f}× faster (goal ≥ 40×)"
        )
        ping_float = _median(lambda: loop(as_float), 3)
        print(
            f"  (pingouin on the float64 frame, its fastest input: {ping_float:.3f} s, "
            f"{ping_float / ours:.1f}× serviq's time on Int8)"
        )
    except ImportError:
        print("  pingouin not installed: pip install pingouin")
    print(f"  (serviq on the same answers as float64, the floating-point path: {ours_float:.3f} s)")

    if "--no-efa" in argv:
        return
    n_efa = 20_000 if small else 100_000
    d2 = _data(n_efa, seed=2)  # float64: factor_analyzer takes float data
    ours_efa = _median(lambda: efa(d2, cols, 6, method="minres", rotation="oblimin"), 3)
    print(f"EFA, {n_efa:,} × 30, 6 factors, minres + oblimin (median of 3 runs; {_load()})")
    print(f"  serviq (with KMO, Bartlett, parallel analysis) {ours_efa:8.3f} s")
    try:
        fa_mod = _patch_factor_analyzer()

        def theirs() -> None:
            fa_mod.FactorAnalyzer(n_factors=6, method="minres", rotation="oblimin").fit(d2)
            fa_mod.calculate_kmo(d2)
            fa_mod.calculate_bartlett_sphericity(d2)

        fa_t = _median(theirs, 3)
        print(
            f"  factor_analyzer (with KMO, Bartlett)           {fa_t:8.3f} s   ratio serviq/factor_analyzer {ours_efa / fa_t:5.2f}× (goal ≤ 1.5×)"
        )
    except ImportError:
        print("  factor_analyzer not installed: pip install factor_analyzer")
