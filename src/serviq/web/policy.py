"""The web's security and survey-link policy: a YAML data file, overridable per centre."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from serviq.resources import data_path
from serviq.yamlfile import load_model


class LoginPolicy(BaseModel):
    """The login throttle (:mod:`serviq.web.org.throttle`): failures are counted per user
    name and per client address within ``window_minutes``; reaching the limit refuses
    further attempts for ``throttle_minutes``, each further throttle ``throttle_growth``
    times longer, never longer than ``max_throttle_minutes``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    max_failures: int = Field(5, ge=1, le=100)
    max_failures_per_address: int = Field(20, ge=1, le=10_000)
    window_minutes: int = Field(15, ge=1, le=24 * 60)
    throttle_minutes: float = Field(1.0, gt=0, le=24 * 60)
    throttle_growth: float = Field(2.0, ge=1, le=10)
    max_throttle_minutes: float = Field(60.0, gt=0, le=7 * 24 * 60)


class TokenPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    days: int = Field(90, ge=1, le=3660)


class SurveyPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    link_days: int = Field(14, ge=1, le=366)
    rate_limit_per_minute: int = Field(120, ge=1)


class WebPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    login: LoginPolicy = Field(default_factory=lambda: LoginPolicy.model_validate({}))
    survey: SurveyPolicy = Field(default_factory=lambda: SurveyPolicy.model_validate({}))
    api_tokens: TokenPolicy = Field(default_factory=lambda: TokenPolicy.model_validate({}))


def load_policy() -> WebPolicy:
    """The policy in force: ``web/security.yaml`` from ``SERVIQ_CONFIG_DIR`` or the bundled one."""
    return _load(str(data_path("web/security.yaml")))


@lru_cache(maxsize=8)
def _load(path: str) -> WebPolicy:
    return load_model(WebPolicy, path)
