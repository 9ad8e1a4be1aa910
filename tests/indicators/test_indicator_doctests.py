"""The examples in the docstrings of serviq.indicators run."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "name",
    [
        "model",
        "weighting",
        "scoring",
        "versioning",
        "bundled",
        "bindings",
        "evaluation",
        "benchmarks",
    ],
)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"serviq.indicators.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
