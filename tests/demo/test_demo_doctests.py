"""The examples in the docstrings of serviq.demo run."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "name", ["serviq.demo", "serviq.demo.dataset", "serviq.demo.pii", "serviq.demo.identifiers"]
)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
