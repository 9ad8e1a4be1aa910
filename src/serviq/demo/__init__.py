"""A synthetic bank contact centre, seeded and realistic, for the demo, tests and benchmarks.

>>> from serviq.demo import generate, write
>>> data = generate(months=1, scale=0.05, seed=7, start="2026-03-01")
>>> len(data.interactions) > 0
True
"""

from __future__ import annotations

from serviq.demo.dataset import DemoData, generate, write, write_interactions

__all__ = ["DemoData", "generate", "write", "write_interactions"]
