"""The knobs of the synthetic contact centre, read from ``data/demo/centre.yaml``.

A centre that wants a demo shaped like itself overrides the file in ``SERVIQ_CONFIG_DIR``
(see :func:`serviq.resources.data_path`); a malformed file is refused with its file, line
and field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from serviq.resources import data_path
from serviq.yamlfile import load_model

Queue = Literal["credit_card", "retail", "wealth", "complaints"]
Channel = Literal["phone", "chat", "email", "app", "counter"]
ContactType = Literal["consultation", "query", "transaction", "complaint", "proactive"]
JobType = Literal["phone_agent", "senior_agent", "complaints_specialist", "chat_agent"]
Language = Literal["zh-Hans", "zh-Hant", "en"]

QUEUES: tuple[Queue, ...] = ("credit_card", "retail", "wealth", "complaints")
CHANNELS: tuple[Channel, ...] = ("phone", "chat", "email", "app", "counter")
CONTACT_TYPES: tuple[ContactType, ...] = (
    "consultation",
    "query",
    "transaction",
    "complaint",
    "proactive",
)
JOB_TYPES: tuple[JobType, ...] = (
    "phone_agent",
    "senior_agent",
    "complaints_specialist",
    "chat_agent",
)


def _all_of(values: dict[Any, float], names: tuple[str, ...]) -> dict[Any, float]:
    """Every one of ``names`` must be a key (the others are refused by the key type)."""
    missing = [n for n in names if n not in values]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}; every one of {', '.join(names)} is needed")
    if any(v < 0 for v in values.values()):
        raise ValueError("shares and rates may not be negative")
    return values


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Organisation(_Model):
    teams: dict[str, Queue] = Field(min_length=2)
    agents_per_team: int = Field(ge=1)
    job_types: dict[JobType, float]
    skill_levels: list[float] = Field(min_length=3, max_length=3)
    qa_inspectors: int = Field(ge=2)

    @field_validator("job_types")
    @classmethod
    def _job_types(cls, v: dict[str, float]) -> dict[str, float]:
        return _all_of(v, JOB_TYPES)


class ShiftTimes(_Model):
    start: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    end: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")


class Shifts(_Model):
    day: ShiftTimes
    night: ShiftTimes
    cycle: list[Literal["day", "night", "rest"]] = Field(min_length=2)

    @field_validator("cycle")
    @classmethod
    def _rests_after_nights(cls, v: list[str]) -> list[str]:
        if "day" not in v or "night" not in v:
            raise ValueError("the rotation needs at least one day and one night shift")
        for i, s in enumerate(v):
            if s == "night" and v[(i + 1) % len(v)] == "day":
                raise ValueError("a night shift may not be followed by a day shift (連班, R-OPS-7)")
        return v


class Arrivals(_Model):
    daily_contacts: float = Field(gt=0)
    weekday_factor: list[float] = Field(min_length=7, max_length=7)
    holiday_factor: float = Field(gt=0)
    day_noise_cv: float = Field(ge=0)
    queues: dict[Queue, float]
    channels: dict[Channel, float]
    proactive_share: float = Field(ge=0)
    proactive_queues: dict[Queue, float] | None = None
    intraday_voice: list[float] = Field(min_length=24, max_length=24)
    intraday_digital: list[float] = Field(min_length=24, max_length=24)
    contact_types: dict[Queue, list[float]]

    @field_validator("queues")
    @classmethod
    def _queues(cls, v: dict[str, float]) -> dict[str, float]:
        return _all_of(v, QUEUES)

    @field_validator("channels")
    @classmethod
    def _channels(cls, v: dict[str, float]) -> dict[str, float]:
        return _all_of(v, CHANNELS)

    @field_validator("proactive_queues")
    @classmethod
    def _proactive_queues(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        return None if v is None else _all_of(v, QUEUES)

    @field_validator("contact_types")
    @classmethod
    def _contact_types(cls, v: dict[str, list[float]]) -> dict[str, list[float]]:
        for q, shares in v.items():
            if len(shares) != 4 or any(x < 0 for x in shares) or sum(shares) <= 0:
                raise ValueError(
                    f"{q}: four non-negative shares (consultation, query, transaction, complaint)"
                )
        _all_of({q: 1.0 for q in v}, QUEUES)
        return v


class Handling(_Model):
    talk_median: dict[ContactType, float]
    talk_sigma: float = Field(gt=0)
    chat_factor: float = Field(gt=0)
    chat_concurrency: float = Field(ge=1)
    wrapup_median: dict[ContactType, float]
    hold_probability: float = Field(ge=0, le=1)
    hold_mean: float = Field(ge=0)
    shrinkage: float = Field(ge=0, lt=1)
    email_reply_median_hours: float = Field(gt=0)
    counter_wait_median: float = Field(gt=0)

    @field_validator("talk_median", "wrapup_median")
    @classmethod
    def _by_type(cls, v: dict[str, float]) -> dict[str, float]:
        return _all_of(v, CONTACT_TYPES)


class Patience(_Model):
    phone: float = Field(gt=0)
    chat: float = Field(gt=0)
    app: float = Field(gt=0)
    short_abandon_share: float = Field(ge=0, lt=1)
    queue_wait_factor: dict[Queue, float]

    @field_validator("queue_wait_factor")
    @classmethod
    def _factors(cls, v: dict[str, float]) -> dict[str, float]:
        return _all_of(v, QUEUES)


class Outcomes(_Model):
    transfer_rate: dict[ContactType, float]
    resolve_rate: dict[ContactType, float]
    repeat_if_unresolved: float = Field(ge=0, le=1)
    repeat_if_abandoned: float = Field(ge=0, le=1)
    repeat_if_resolved: float = Field(ge=0, le=1)
    repeat_mean_days: float = Field(gt=0)
    work_order_rate: dict[ContactType, float]

    @field_validator("transfer_rate", "resolve_rate", "work_order_rate")
    @classmethod
    def _rates(cls, v: dict[str, float]) -> dict[str, float]:
        if any(x > 1 for x in v.values()):
            raise ValueError("rates are probabilities between 0 and 1")
        return _all_of(v, CONTACT_TYPES)


class WorkOrders(_Model):
    sla_hours: dict[ContactType, float]
    overdue_share: float = Field(ge=0, le=1)
    stuck_share: float = Field(ge=0, le=1)
    reopen_share: float = Field(ge=0, le=1)
    escalate_share: float = Field(ge=0, le=1)
    hard_case_escalate_factor: float = Field(ge=0)
    callback_share: float = Field(ge=0, le=1)

    @field_validator("sla_hours")
    @classmethod
    def _sla(cls, v: dict[str, float]) -> dict[str, float]:
        return _all_of(v, CONTACT_TYPES)


class SystemProblems(_Model):
    """Contacts caused by a system fault (系統問題): a trickle, and a few incidents."""

    background_rate: float = Field(ge=0, le=1)
    incidents_per_month: float = Field(ge=0)
    incident_start_hours: list[float] = Field(min_length=2, max_length=2)
    incident_hours: list[float] = Field(min_length=2, max_length=2)
    extra_volume: dict[Queue, float]
    incident_channels: dict[Channel, float]
    affected_share: float = Field(ge=0, le=1)
    incident_contact_types: list[float] = Field(min_length=4, max_length=4)
    handle_factor: float = Field(gt=0)

    @field_validator("incident_channels")
    @classmethod
    def _channels(cls, v: dict[str, float]) -> dict[str, float]:
        if any(x < 0 for x in v.values()) or sum(v.values()) <= 0:
            raise ValueError("non-negative shares, at least one positive")
        return v

    @field_validator("incident_contact_types")
    @classmethod
    def _types(cls, v: list[float]) -> list[float]:
        if any(x < 0 for x in v) or sum(v) <= 0:
            raise ValueError(
                "four non-negative shares (consultation, query, transaction, complaint)"
            )
        return v

    @model_validator(mode="after")
    def _ranges(self) -> SystemProblems:
        lo, hi = self.incident_start_hours
        if not 0 <= lo <= hi < 24:
            raise ValueError("incident_start_hours is [earliest, latest], local hours 0–23")
        lo, hi = self.incident_hours
        if not 0 < lo <= hi <= 12:
            raise ValueError("incident_hours is [shortest, longest], 0 < hours ≤ 12")
        return self


class HardCases(_Model):
    """Difficult cases (疑難): rarer in queries, frequent in complaints and wealth."""

    rate: dict[ContactType, float]
    queue_factor: dict[Queue, float]
    handle_factor: float = Field(gt=0)
    transfer_factor: float = Field(ge=0)
    resolve_factor: float = Field(ge=0, le=1)
    work_order_factor: float = Field(ge=0)

    @field_validator("rate")
    @classmethod
    def _rates(cls, v: dict[str, float]) -> dict[str, float]:
        if any(x > 1 for x in v.values()):
            raise ValueError("rates are probabilities between 0 and 1")
        return _all_of(v, CONTACT_TYPES)

    @field_validator("queue_factor")
    @classmethod
    def _factors(cls, v: dict[str, float]) -> dict[str, float]:
        return _all_of(v, QUEUES)


class Surveys(_Model):
    response_rate: float = Field(ge=0, le=1)
    comment_rate: float = Field(ge=0, le=1)
    pii_rate: float = Field(ge=0, le=1)
    languages: dict[Language, float] = Field(min_length=1)


class QA(_Model):
    reviews_per_agent: list[int] = Field(min_length=2, max_length=2)

    @model_validator(mode="after")
    def _range(self) -> QA:
        lo, hi = self.reviews_per_agent
        if not 1 <= lo <= hi:
            raise ValueError(
                "reviews_per_agent is [minimum, maximum] with 1 ≤ minimum ≤ maximum (R-QA-1)"
            )
        return self


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
    system_problems: SystemProblems
    hard_cases: HardCases
    surveys: Surveys
    qa: QA


def load_profile(path: str | Path | None = None) -> CentreProfile:
    """The centre profile from ``path`` or the bundled (or overridden) ``demo/centre.yaml``."""
    return load_model(CentreProfile, path or data_path("demo/centre.yaml"))
