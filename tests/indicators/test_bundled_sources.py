"""The bundled list of known sources agrees with the bundled scorecard and questionnaire,
so an indicator bound to a QA item or survey item names one that the data really carry."""

from __future__ import annotations

from serviq.indicators.model import load_sources, questionnaire_items
from serviq.qa.scorecard import load_scorecard
from serviq.resources import data_path


def test_qa_items_are_the_scorecards_items_sections_and_total() -> None:
    card = load_scorecard()
    expected = {"total", *card.item_codes, *(s.code for s in card.sections)}
    assert load_sources().qa_item == expected


def test_survey_items_are_the_bundled_questionnaires() -> None:
    items = set(questionnaire_items(data_path("questionnaires/bank_service.yaml")))
    assert load_sources().survey_item == items
