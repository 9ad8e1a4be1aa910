"""Indicator systems: the versioned tree of service-quality indicators, its weights
(:mod:`~serviq.indicators.weighting`), its scores and attainment
(:mod:`~serviq.indicators.scoring`) and its versions (:mod:`~serviq.indicators.versioning`).

The public entry points are re-exported here; :func:`demo_summary` validates the bundled
systems and scores the bundled sample period (used by ``serviq indicators demo``).
"""

from __future__ import annotations

from serviq.indicators.bundled import (
    BUNDLED_SYSTEMS,
    DemoSummary,
    bundled_sample,
    bundled_system,
    demo_summary,
)
from serviq.indicators.model import (
    IndicatorSystem,
    Node,
    load_sources,
    load_system,
    parse_system,
    validate_system,
)
from serviq.indicators.versioning import diff, dump_yaml, new_version

__all__ = [
    "BUNDLED_SYSTEMS",
    "DemoSummary",
    "IndicatorSystem",
    "Node",
    "bundled_sample",
    "bundled_system",
    "demo_summary",
    "diff",
    "dump_yaml",
    "load_sources",
    "load_system",
    "new_version",
    "parse_system",
    "validate_system",
]
