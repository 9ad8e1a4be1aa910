"""The words the report renderings print, from ``data/reports/labels.yaml`` (three languages)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, RootModel

from serviq.languages import Text
from serviq.resources import data_path
from serviq.yamlfile import load_model


class Labels(RootModel[dict[str, Text]]):
    pass


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Text]:
    return load_model(Labels, path).root


def labels(lang: str) -> dict[str, str]:
    """Every label in ``lang`` (a missing key is a bug the tests catch)."""
    return {k: t.get(lang) for k, t in _load(str(data_path("reports/labels.yaml"))).items()}


class NumberSource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    ref: list[str]
    aggregate: str
    filter: dict[str, str | list[str]]


class NumberDefinition(BaseModel):
    """A number of the report that is not an indicator (``data/reports/numbers.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    definition: Text
    source: NumberSource
    method: str


class NumberDefinitions(RootModel[dict[str, NumberDefinition]]):
    pass


@lru_cache(maxsize=2)
def _numbers(path: str) -> dict[str, NumberDefinition]:
    return load_model(NumberDefinitions, path).root


def number_definitions() -> dict[str, NumberDefinition]:
    """The definitions of the report's numbers that are not indicators (calibration,
    workforce, backlog), for the methods appendix."""
    return _numbers(str(data_path("reports/numbers.yaml")))
