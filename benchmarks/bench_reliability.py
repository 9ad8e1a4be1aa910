"""Reliability of 6 scales on 1,000,000 respondents × 30 items, and EFA of 100,000 × 30.

Measured in the same run:

- serviq's full reliability suite (alpha raw/standardised, G6, Feldt CI, split half,
  raw_r/std_r/r_cor/r_drop and alpha if dropped for every item of every scale) from one
  covariance pass, against
  - pingouin's per-item loop: ``pingouin.cronbach_alpha`` for each scale and for each scale
    with one item dropped (6 × 6 = 36 calls), the usual way to get alpha-if-dropped in Python;
  - one ``numpy.cov`` pass over the 30 columns (the floor for any covariance-based method).
  Goals: ≥ 40× faster than the pingouin loop, within 3× of the numpy pass.
- serviq's EFA (minres, oblimin; with KMO, Bartlett and parallel analysis) against
  factor_analyzer 0.5.1 (minres, oblimin, plus its KMO and Bartlett) on the same data.
  Goal: within 1.5× of factor_analyzer. factor_analyzer 0.5.1 calls scikit-learn's
  ``check_array(force_all_finite=…)``, an argument scikit-learn 1.8 removed; the benchmark
  passes it on as ``ensure_all_finite`` so that the comparison runs on current scikit-learn.

Run: ``PYTHONPATH=$PWD/src:$PWD python -m benchmarks reliability [--small]``.
"""

from __future__ import annotations

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


def _best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


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
    df = _data(n)
    scales = {f"S{s}": [f"S{s}_{j}" for j in range(1, 6)] for s in range(1, 7)}
    cols = list(df.columns)

    ours = _best(lambda: scale_reliabilities(df, scales), 3)
    numpy_cov = _best(lambda: np.cov(df[cols].to_numpy(), rowvar=False), 3)
    print(f"reliability, {n:,} × 30, 6 scales")
    print(f"  serviq full suite (one pass)        {ours:8.3f} s")
    print(
        f"  one numpy.cov pass                  {numpy_cov:8.3f} s   ratio serviq/numpy {ours / numpy_cov:5.2f}× (goal ≤ 3×)"
    )
    try:
        import pingouin as pg

        def loop() -> None:
            for items in scales.values():
                pg.cronbach_alpha(df[items])
                for drop in items:
                    pg.cronbach_alpha(df[[i for i in items if i != drop]])

        ping = _best(loop, 1)
        print(
            f"  pingouin per-item loop (36 calls)   {ping:8.3f} s   serviq is {ping / ours:6.1f}× faster (goal ≥ 40×)"
        )
    except ImportError:
        print("  pingouin not installed: pip install pingouin")

    n_efa = 20_000 if small else 100_000
    d2 = _data(n_efa, seed=2)
    ours_efa = _best(lambda: efa(d2, cols, 6, method="minres", rotation="oblimin"), 3)
    print(f"EFA, {n_efa:,} × 30, 6 factors, minres + oblimin")
    print(f"  serviq (with KMO, Bartlett, parallel analysis) {ours_efa:8.3f} s")
    try:
        fa_mod = _patch_factor_analyzer()

        def theirs() -> None:
            fa_mod.FactorAnalyzer(n_factors=6, method="minres", rotation="oblimin").fit(d2)
            fa_mod.calculate_kmo(d2)
            fa_mod.calculate_bartlett_sphericity(d2)

        fa_t = _best(theirs, 3)
        print(
            f"  factor_analyzer (with KMO, Bartlett)           {fa_t:8.3f} s   ratio serviq/factor_analyzer {ours_efa / fa_t:5.2f}× (goal ≤ 1.5×)"
        )
    except ImportError:
        print("  factor_analyzer not installed: pip install factor_analyzer")
