"""Fixtures for the QA tests: the bundled scorecard and rules (the centre builder is in
``centre.py``)."""

from __future__ import annotations

import pytest

from serviq.qa.ruleset import QaRules, load_qa_rules
from serviq.qa.scorecard import Scorecard, load_scorecard


@pytest.fixture
def card() -> Scorecard:
    return load_scorecard()


@pytest.fixture
def rules() -> QaRules:
    return load_qa_rules()
