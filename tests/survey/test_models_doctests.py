"""The examples in the docstrings of the survey-model modules run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "serviq.survey.modelspec",
    "serviq.survey.cfa",
    "serviq.survey.validity",
    "serviq.survey.pls",
    "serviq.survey.servqual",
    "serviq.survey.ipa",
    "serviq.survey.drivers",
    "serviq.survey.indices",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
