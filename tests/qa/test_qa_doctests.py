"""The examples in the QA modules' docstrings run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "name",
    ["serviq.qa.scoring", "serviq.qa.calibration", "serviq.qa.evaluation", "serviq.qa.instrument"],
)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
