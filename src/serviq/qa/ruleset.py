"""The QA rules file (``serviq/data/qa/rules.yaml``): every number a centre may change.

Sampling (R-QA-1: every agent 1 to 5 times a month), who decides disputes, the thresholds
of the monthly evaluation, calibration and the weekly analysis and training plan (R-QA-3).
Loaded with :func:`serviq.yamlfile.load_model` (errors name file, line and field); a centre
replaces it with its own ``qa/rules.yaml`` in ``SERVIQ_CONFIG_DIR``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from serviq.resources import data_path
from serviq.yamlfile import load_model

RULES_FILE = "qa/rules.yaml"
IccForm = Literal["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]
DeciderRole = Literal["team_lead", "department_director", "centre_director"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SamplingWeights(_Strict):
    """Extra selection weight of a contact (1 = none). Weights multiply."""

    complaint: float = Field(default=1.0, gt=0)
    long_call: float = Field(default=1.0, gt=0)
    low_csat: float = Field(default=1.0, gt=0)
    long_call_seconds: float = Field(default=600, gt=0)
    low_csat_at_most: float = Field(default=2, ge=1, le=5)


class SamplingRules(_Strict):
    min_per_agent: int = Field(default=1, ge=0)
    max_per_agent: int = Field(default=5, ge=1)
    per_agent: int | None = Field(default=None, ge=0)
    inspector_capacity: int = Field(default=60, ge=1)
    no_own_team: bool = True
    channels: tuple[str, ...] = ("phone", "chat", "app", "email", "counter")
    stratify_by: tuple[str, ...] = ("channel", "contact_type")
    weights: SamplingWeights = SamplingWeights()
    timezone: str = "Asia/Shanghai"
    warn_days_before_month_end: int = Field(default=7, ge=0, le=31)

    @model_validator(mode="after")
    def _range(self) -> SamplingRules:
        if self.min_per_agent > self.max_per_agent:
            raise ValueError(
                f"min_per_agent ({self.min_per_agent}) must not exceed max_per_agent "
                f"({self.max_per_agent})"
            )
        return self


class DisputeRules(_Strict):
    deciders: tuple[DeciderRole, ...] = ("team_lead", "department_director", "centre_director")
    team_lead_own_team_only: bool = True


ReassignerRole = Literal["qa_inspector", "department_director", "centre_director", "admin"]


class ReassignmentRules(_Strict):
    """Who may give a not-yet-scored review to another inspector (an inspector away)."""

    by: tuple[ReassignerRole, ...] = ("department_director", "centre_director", "admin")


class EvaluationRules(_Strict):
    ci_level: float = Field(default=0.95, gt=0, lt=1)
    reliability_target: float = Field(default=0.7, gt=0, lt=1)
    overlap_warning_share: float = Field(default=0.8, gt=0, le=1)
    defect_below: float = Field(default=0.5, gt=0, le=1)


class CalibrationRules(_Strict):
    icc_form: IccForm = "ICC2"
    flag_below: float = Field(default=0.6, ge=-1, le=1)
    flag_on: Literal["icc", "alpha", "either"] = "either"
    n_boot: int = Field(default=1000, ge=100)
    seed: int = 20240601


class TrainingRules(_Strict):
    agent_below: float = Field(default=80, ge=0, le=100)
    item_below: float = Field(default=0.75, ge=0, le=1)
    team_share: float = Field(default=0.3, gt=0, le=1)
    team_min_agents: int = Field(default=3, ge=1)
    due_days: int = Field(default=14, ge=1)


class QaRules(_Strict):
    version: Literal[1] = 1
    sampling: SamplingRules = SamplingRules()
    disputes: DisputeRules = DisputeRules()
    reassignment: ReassignmentRules = ReassignmentRules()
    evaluation: EvaluationRules = EvaluationRules()
    calibration: CalibrationRules = CalibrationRules()
    training: TrainingRules = TrainingRules()


def load_qa_rules(path: str | Path | None = None) -> QaRules:
    """The QA rules in force: ``path``, else the centre's or the bundled ``qa/rules.yaml``."""
    return load_model(QaRules, Path(path) if path is not None else data_path(RULES_FILE))
