"""The monthly report for a 500-agent centre: time end to end, and rendering against
computing the same numbers.

The centre is the demo generator at scale 8.3 (≈ 500 agents in 6 teams) over 62 days from
2026-09-01 — about 1 M contacts, 90 k survey responses and 3 k QA reviews, so that September and October are complete months — written once
as Parquet under ``--data`` (default ``benchmarks/data/``, ignored by git). Then, on
2 cores:

- *load*: reading the tables and hashing them (the methods appendix's input hashes);
- *compute*: :func:`serviq.reports.context.build_context` — every number, chart and
  statistic of the report (indicator values by :func:`serviq.indicators.evaluation.evaluate`,
  control charts, drivers regression, themes, QA);
- *render*: HTML, PDF (Typst) and XLSX from that context.

Goals: end to end ≤ 60 s; rendering ≤ 1× the computing time. Run::

    make bench BENCH_ARGS=reports            # or: python -m benchmarks reports --days=10
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

GOAL_TOTAL = 60.0
GOAL_RATIO = 1.0


def _options(argv: list[str]) -> dict[str, Any]:
    opts: dict[str, Any] = {
        "scale": 8.3,
        "days": 62,
        "data": Path(__file__).resolve().parent / "data",
    }
    for arg in argv:
        key, _, value = arg.lstrip("-").partition("=")
        if key == "scale":
            opts["scale"] = float(value)
        elif key == "days":
            opts["days"] = int(value)
        elif key == "data":
            opts["data"] = Path(value)
    return opts


def main(argv: list[str]) -> None:
    from serviq.demo import generate
    from serviq.demo.dataset import write
    from serviq.reports.build import renderers
    from serviq.reports.context import build_context
    from serviq.reports.inputs import load_inputs

    opts = _options(argv)
    folder = Path(opts["data"]) / f"report-centre-s{opts['scale']}-d{opts['days']}"
    if not (folder / "meta.json").exists():
        t = time.perf_counter()
        data = generate(scale=opts["scale"], seed=7, start="2026-09-01", days=opts["days"])
        write(data, folder)
        print(f"generated the centre in {time.perf_counter() - t:.1f} s (kept in {folder})")

    t0 = time.perf_counter()
    inputs = load_inputs(folder)
    counts = inputs.summary()
    t1 = time.perf_counter()
    ctx = build_context("monthly", "last", inputs)
    t2 = time.perf_counter()
    sizes = {}
    times = {}
    for fmt, render in renderers().items():
        s = time.perf_counter()
        sizes[fmt] = len(render(ctx))
        times[fmt] = time.perf_counter() - s
    t3 = time.perf_counter()

    agents = 0
    people = inputs.table("people")
    if len(people):
        agents = int((people["role"] == "agent").sum())
    load, compute, render_total = t1 - t0, t2 - t1, t3 - t2
    total = t3 - t0
    print(
        f"centre: {agents} agents, {counts['interactions']['rows']:,} contacts, "
        f"{counts.get('survey_responses', {}).get('rows', 0):,} survey responses, "
        f"{counts.get('qa_reviews', {}).get('rows', 0):,} QA reviews; report {ctx['period']}"
    )
    print(f"load + hash  {load:7.2f} s")
    print(f"compute      {compute:7.2f} s  (the report's numbers, charts and statistics)")
    for fmt in times:
        print(f"render {fmt:5s} {times[fmt]:7.2f} s  ({sizes[fmt] / 1e3:,.0f} kB)")
    print(
        f"end to end   {total:7.2f} s  (goal ≤ {GOAL_TOTAL:.0f} s: "
        f"{'met' if total <= GOAL_TOTAL else 'NOT met'})"
    )
    ratio = render_total / compute
    print(
        f"rendering / computing = {ratio:.2f}×  (goal ≤ {GOAL_RATIO:.0f}×: "
        f"{'met' if ratio <= GOAL_RATIO else 'NOT met'})"
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
