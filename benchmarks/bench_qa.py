"""QA: the six ICCs of a calibration session and a month's sampling plan.

Measured in the same run:

- ``serviq.qa.calibration.icc`` on long data (200 interactions × 8 inspectors, and one
  calibration per scorecard item: 8 items) against ``pingouin.intraclass_corr`` on the same
  long data, which returns the same six forms. The values are compared too.
- ``serviq.qa.sampling.make_plan`` for a centre of 60 agents, 6 inspectors and 43,500
  contacts in a month (the demo's scale 1), against a plain pandas baseline that draws each
  agent's reviews with ``DataFrame.groupby(...).sample(n)`` (no strata, no weights, no
  inspectors): the floor for "pick k random contacts per agent".

Run: ``PYTHONPATH=$PWD/src:$PWD python -m benchmarks qa [--small]``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def _best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _ratings(n: int, k: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    truth = rng.normal(3.5, 0.8, n)
    lenient = rng.normal(0, 0.3, k)
    x = np.clip(np.round(truth[:, None] + lenient[None, :] + rng.normal(0, 0.5, (n, k))), 1, 5)
    return pd.DataFrame(
        {
            "target": np.repeat([f"I{i}" for i in range(n)], k),
            "rater": np.tile([f"Q{j}" for j in range(k)], n),
            "rating": x.ravel(),
        }
    )


def _centre(
    contacts: int, agents: int = 60, inspectors: int = 6
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(2)
    ids = [f"A{i:03d}" for i in range(agents)]
    arrived = pd.Timestamp("2026-03-01", tz="Asia/Shanghai") + pd.to_timedelta(
        rng.uniform(0, 30 * 86400, contacts), unit="s"
    )
    inter = pd.DataFrame(
        {
            "interaction_id": [f"I{i}" for i in range(contacts)],
            "agent_id": rng.choice(ids, contacts),
            "channel": rng.choice(["phone", "chat", "app", "email"], contacts),
            "contact_type": rng.choice(
                ["query", "consultation", "transaction", "complaint"], contacts
            ),
            "arrived_at": arrived,
            "answered_at": arrived + pd.Timedelta(seconds=20),
            "ended_at": arrived + pd.to_timedelta(rng.uniform(60, 900, contacts), unit="s"),
            "abandoned": rng.random(contacts) < 0.05,
            "csat": rng.integers(1, 6, contacts),
        }
    )
    staff = pd.DataFrame(
        {
            "person_id": ids + [f"Q{j}" for j in range(inspectors)],
            "role": ["agent"] * agents + ["qa_inspector"] * inspectors,
            "team_id": [f"T{i % 6 + 1}" for i in range(agents)]
            + [f"T{j % 6 + 1}" for j in range(inspectors)],
        }
    )
    return inter, staff


def main(argv: list[str]) -> None:
    import pingouin as pg

    from serviq.qa.calibration import icc
    from serviq.qa.ruleset import SamplingRules
    from serviq.qa.sampling import make_plan

    small = "--small" in argv
    n, k, items = (50, 4, 3) if small else (200, 8, 8)
    sessions = [_ratings(n, k, seed=s) for s in range(items)]
    ours = _best(lambda: [icc(d, "target", "rater", "rating") for d in sessions], 3)
    theirs = _best(
        lambda: [
            pg.intraclass_corr(d, targets="target", raters="rater", ratings="rating")
            for d in sessions
        ],
        3,
    )
    a = icc(sessions[0], "target", "rater", "rating")
    b = pg.intraclass_corr(sessions[0], targets="target", raters="rater", ratings="rating")
    diff = max(abs(a[name].ICC - float(v)) for name, v in zip(("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"), b["ICC"], strict=True))  # fmt: skip
    print(f"ICC, {items} items × {n} interactions × {k} inspectors")
    print(f"  serviq   {ours * 1e3:8.1f} ms")
    print(f"  pingouin {theirs * 1e3:8.1f} ms   ratio pingouin/serviq = {theirs / ours:.1f}×")
    print(f"  largest ICC difference: {diff:.2e}")

    contacts = 5_000 if small else 43_500
    inter, staff = _centre(contacts)
    rules = SamplingRules(per_agent=5)
    ours = _best(lambda: make_plan(inter, staff, "2026-03", rules, seed=1), 3)

    def baseline() -> pd.DataFrame:
        ok = inter[~inter["abandoned"]]
        return ok.groupby("agent_id").sample(n=5, random_state=1)

    floor = _best(baseline, 3)
    print(f"sampling plan, 60 agents, 6 inspectors, {contacts} contacts")
    print(
        f"  serviq make_plan      {ours * 1e3:8.1f} ms (strata, weights, inspectors, own-team rule)"
    )
    print(
        f"  pandas groupby.sample {floor * 1e3:8.1f} ms   ratio serviq/pandas = {ours / floor:.1f}×"
    )
