"""The examples in the ops docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "name",
    [
        "serviq.ops.erlang",
        "serviq.ops.schemas",
        "serviq.ops.zones",
        "serviq.ops.kpis",
        "serviq.ops.backlog",
    ],
)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
