"""The bundled indicator systems and their sample periods, and the demo's summary of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from serviq.indicators.model import BUNDLED_SYSTEMS, IndicatorSystem, load_system
from serviq.indicators.scoring import Scorecard, read_values, score_system
from serviq.resources import data_path

__all__ = ["BUNDLED_SYSTEMS", "DemoSummary", "bundled_sample", "bundled_system", "demo_summary"]


def bundled_system(name: str = "bank_contact_centre") -> IndicatorSystem:
    """A bundled system by name (``bank_contact_centre`` or ``branch_counter``), validated."""
    return load_system(name)


def bundled_sample(name: str = "bank_contact_centre") -> tuple[dict[str, float], dict[str, float]]:
    """The bundled sample period of ``name``: (values, previous period's values)."""
    return read_values(data_path(f"indicators/{name}_sample.csv"))


@dataclass(frozen=True)
class DemoSummary:
    """Both bundled systems validated and their sample periods scored."""

    systems: tuple[IndicatorSystem, ...]
    scorecards: tuple[Scorecard, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "systems": [
                {"system": s.id, "version": s.version, "indicators": len(s.indicators())}
                for s in self.systems
            ],
            "scorecards": [c.as_dict() for c in self.scorecards],
        }


def demo_summary(lang: str = "en") -> DemoSummary:
    """Validate every bundled system and score its bundled sample period."""
    systems = tuple(bundled_system(n) for n in BUNDLED_SYSTEMS)
    cards = []
    for s in systems:
        values, previous = bundled_sample(s.id)
        cards.append(score_system(s, values, previous, lang=lang))
    return DemoSummary(systems, tuple(cards))
