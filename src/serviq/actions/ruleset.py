"""The actions rules file (``serviq/data/actions/rules.yaml``): every number a centre may change.

When a record is proposed (``suggestions``: periods short of target, control-chart signals),
how effectiveness is judged (``verification``: the chart, its signal rules and limits, the
baseline needed, when a start point is extreme enough for regression to the mean) and what
the register calls "due this week". Loaded with :func:`serviq.yamlfile.load_model`, so an
error names the file, the line, the field and what is allowed; a centre replaces it with its
own ``actions/rules.yaml`` in ``SERVIQ_CONFIG_DIR``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from serviq.resources import data_path
from serviq.yamlfile import load_model

RULES_FILE = "actions/rules.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SuggestionRules(_Strict):
    periods_short: int = Field(default=2, ge=1, le=24)
    signals: bool = True
    min_history: int = Field(default=4, ge=2, le=60)


class VerificationRules(_Strict):
    chart: Literal["xmr"] = "xmr"
    rules: Literal["western-electric", "nelson", "anhoej"] = "western-electric"
    L: float = Field(default=3.0, gt=0, le=6)
    min_baseline_periods: int = Field(default=4, ge=2, le=60)
    extreme_z: float = Field(default=2.0, gt=0, le=6)


class DueRules(_Strict):
    due_soon_days: int = Field(default=7, ge=1, le=60)


class ActionRules(_Strict):
    version: Literal[1] = 1
    suggestions: SuggestionRules = SuggestionRules()
    verification: VerificationRules = VerificationRules()
    dues: DueRules = DueRules()


def load_action_rules(path: str | Path | None = None) -> ActionRules:
    """The rules in force: ``path``, else the centre's or the bundled ``actions/rules.yaml``."""
    return load_model(ActionRules, Path(path) if path is not None else data_path(RULES_FILE))
