"""The Delphi rules file (``serviq/data/delphi/rules.yaml``): the screening thresholds.

An indicator is kept when its mean importance, coefficient of variation and full-score
frequency all meet the ``keep`` thresholds; dropped when all of them fail (``drop_when:
all``, the default) or when any fails (``drop_when: any``); otherwise it is revised and
put to the next round. Loaded with :func:`serviq.yamlfile.load_model` (errors name file,
line and field); a centre replaces it with its own ``delphi/rules.yaml`` in
``SERVIQ_CONFIG_DIR``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from serviq.resources import data_path
from serviq.yamlfile import load_model

RULES_FILE = "delphi/rules.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeepThresholds(_Strict):
    min_mean: float = Field(default=3.5, gt=0)
    max_cv: float = Field(default=0.25, gt=0)
    min_full_score_frequency: float = Field(default=0.2, ge=0, le=1)


class DelphiRules(_Strict):
    version: Literal[1] = 1
    scale_max: int = Field(default=5, ge=2, le=100)
    keep: KeepThresholds = KeepThresholds()
    drop_when: Literal["all", "any"] = "all"
    min_authority: float = Field(default=0.7, ge=0, le=1)


def load_delphi_rules(path: str | Path | None = None) -> DelphiRules:
    """The Delphi rules in force: ``path``, else the centre's or the bundled rules file."""
    return load_model(DelphiRules, Path(path) if path is not None else data_path(RULES_FILE))
