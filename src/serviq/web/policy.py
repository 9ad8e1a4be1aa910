"""The web's security and survey-link policy: a YAML data file, overridable per centre."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from serviq.resources import data_path
from serviq.yamlfile import load_model


class LoginPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    max_failures: int = Field(5, ge=1, le=100)
    window_minutes: int = Field(15, ge=1, le=24 * 60)


class SurveyPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    link_days: int = Field(14, ge=1, le=366)
    rate_limit_per_minute: int = Field(120, ge=1)


class WebPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    login: LoginPolicy = Field(default_factory=lambda: LoginPolicy.model_validate({}))
    survey: SurveyPolicy = Field(default_factory=lambda: SurveyPolicy.model_validate({}))


def load_policy() -> WebPolicy:
    """The policy in force: ``web/security.yaml`` from ``SERVIQ_CONFIG_DIR`` or the bundled one."""
    return _load(str(data_path("web/security.yaml")))


@lru_cache(maxsize=8)
def _load(path: str) -> WebPolicy:
    return load_model(WebPolicy, path)
