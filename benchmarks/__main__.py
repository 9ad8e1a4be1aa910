"""Run every benchmark, or those named: ``python -m benchmarks cli_startup``."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = sorted(
        m.name[len("bench_") :]
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )
    named = [a for a in argv if not a.startswith("-")]
    # a module with OPT_IN = True (slow: a JVM, a cluster) runs only when named
    wanted = named or [
        n
        for n in names
        if not getattr(importlib.import_module(f"benchmarks.bench_{n}"), "OPT_IN", False)
    ]
    unknown = [w for w in wanted if w not in names]
    if unknown:
        print(
            f"error: unknown benchmark {', '.join(unknown)}; available: {', '.join(names)}",
            file=sys.stderr,
        )
        return 2
    for name in wanted:
        print(f"== {name}", flush=True)
        importlib.import_module(f"benchmarks.bench_{name}").main(
            [a for a in argv if a.startswith("-")]
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
