"""The words the report renderings print, from ``data/reports/labels.yaml`` (three languages)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import RootModel

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
