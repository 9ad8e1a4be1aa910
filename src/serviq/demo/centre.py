"""The knobs of the synthetic contact centre, read from ``data/demo/centre.yaml``.

A centre that wants a demo shaped like itself overrides the file in ``SERVIQ_CONFIG_DIR``
(see :func:`serviq.resources.data_path`); a malformed file is refused with its file, line
and field.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from serviq.resources import data_path
from serviq.yamlfile import load_model

QUEUES = ("credit_card", "retail", "wealth", "complaints")
CHANNELS = ("phone", "chat", "email", "app", "counter")
CONTACT_TYPES = ("consultation", "query", "transaction", "complaint", "proactive")
JOB_TYPES = ("phone_agent", "senior_agent", "complaints_specialist", "chat_agent")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Organisation(_Model):
    teams: dict[str, str]
    agents_per_team: int = Field(ge=1)
    job_types: dict[str, float]
    skill_levels: list[float] = Field(min_length=3, max_length=3)
    qa_inspectors: int = Field(ge=2)


class ShiftTimes(_Model):
    start: str
    end: str


class Shifts(_Model):
    day: ShiftTimes
    night: ShiftTimes
    cycle: list[str] = Field(min_length=2)


class Arrivals(_Model):
    daily_contacts: float = Field(gt=0)
    weekday_factor: list[float] = Field(min_length=7, max_length=7)
    holiday_factor: float = Field(gt=0)
    day_noise_cv: float = Field(ge=0)
    queues: dict[str, float]
    channels: dict[str, float]
    proactive_share: float = Field(ge=0)
    intraday_voice: list[float] = Field(min_length=24, max_length=24)
    intraday_digital: list[float] = Field(min_length=24, max_length=24)
    contact_types: dict[str, list[float]]


class Handling(_Model):
    talk_median: dict[str, float]
    talk_sigma: float = Field(gt=0)
    chat_factor: float = Field(gt=0)
    chat_concurrency: float = Field(ge=1)
    wrapup_median: dict[str, float]
    hold_probability: float = Field(ge=0, le=1)
    hold_mean: float = Field(ge=0)
    shrinkage: float = Field(ge=0, lt=1)
    email_reply_median_hours: float = Field(gt=0)
    counter_wait_median: float = Field(gt=0)


class Patience(_Model):
    phone: float = Field(gt=0)
    chat: float = Field(gt=0)
    app: float = Field(gt=0)
    short_abandon_share: float = Field(ge=0, lt=1)
    queue_wait_factor: dict[str, float]


class Outcomes(_Model):
    transfer_rate: dict[str, float]
    resolve_rate: dict[str, float]
    repeat_if_unresolved: float = Field(ge=0, le=1)
    repeat_if_abandoned: float = Field(ge=0, le=1)
    repeat_if_resolved: float = Field(ge=0, le=1)
    repeat_mean_days: float = Field(gt=0)
    work_order_rate: dict[str, float]


class WorkOrders(_Model):
    sla_hours: dict[str, float]
    overdue_share: float = Field(ge=0, le=1)
    stuck_share: float = Field(ge=0, le=1)
    reopen_share: float = Field(ge=0, le=1)
    escalate_share: float = Field(ge=0, le=1)
    callback_share: float = Field(ge=0, le=1)


class Surveys(_Model):
    response_rate: float = Field(ge=0, le=1)
    comment_rate: float = Field(ge=0, le=1)
    pii_rate: float = Field(ge=0, le=1)
    languages: dict[str, float]


class QA(_Model):
    reviews_per_agent: list[int] = Field(min_length=2, max_length=2)


class CentreProfile(_Model):
    """Everything the generator needs to know about the centre it imitates."""

    timezone: str
    organisation: Organisation
    shifts: Shifts
    arrivals: Arrivals
    handling: Handling
    patience: Patience
    outcomes: Outcomes
    work_orders: WorkOrders
    surveys: Surveys
    qa: QA


def load_profile(path: str | Path | None = None) -> CentreProfile:
    """The centre profile from ``path`` or the bundled (or overridden) ``demo/centre.yaml``."""
    return load_model(CentreProfile, path or data_path("demo/centre.yaml"))
