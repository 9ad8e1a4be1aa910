"""Suggestions (serviq.actions.suggestions): two periods short of target, and a fired
signal, each propose exactly one record; a proposal already made (or dismissed) for the
period does not come back, nor does one for an indicator with a record being worked."""

from __future__ import annotations

from serviq.actions.ruleset import load_action_rules
from serviq.actions.suggestions import suggest

from .series import MONTHS, series

RULES = load_action_rules()


def test_two_periods_short_of_target_propose_one_record() -> None:
    s = series([0.04, 0.045, 0.041, 0.058, 0.061])  # the last two above the 5 % target
    found = suggest([s], MONTHS[4], RULES)
    assert len(found) == 1
    assert found[0].key == ("ABANDON", "T1", MONTHS[4])
    assert [r.code for r in found[0].reasons] == ["suggestion.short"]
    assert found[0].evidence["short_periods"] == [MONTHS[3], MONTHS[4]]
    assert "2 periods running" in found[0].as_dict()["reason"]
    # one period short is not enough
    assert suggest([s], MONTHS[3], RULES) == []


def test_a_fired_signal_proposes_one_record_even_within_target() -> None:
    s = series([0.030, 0.031, 0.029, 0.030, 0.032, 0.030, 0.045])  # a jump, still ≤ 5 %
    found = suggest([s], MONTHS[6], RULES)
    assert len(found) == 1
    assert [r.code for r in found[0].reasons] == ["suggestion.signal"]
    assert "we1" in found[0].evidence["signals"]


def test_a_signal_for_the_better_proposes_nothing() -> None:
    s = series([0.030, 0.031, 0.029, 0.030, 0.032, 0.030, 0.015])
    assert suggest([s], MONTHS[6], RULES) == []


def test_both_reasons_make_one_suggestion() -> None:
    s = series([0.060, 0.061, 0.059, 0.060, 0.062, 0.060, 0.080])
    found = suggest([s], MONTHS[6], RULES)
    assert len(found) == 1
    assert {r.code for r in found[0].reasons} == {"suggestion.short", "suggestion.signal"}


def test_a_dismissed_suggestion_does_not_come_back_for_the_same_period() -> None:
    s = series([0.04, 0.045, 0.041, 0.058, 0.061, 0.063])
    first = suggest([s], MONTHS[4], RULES)
    again = suggest([s], MONTHS[4], RULES, proposed={k.key for k in first})
    assert again == []
    # the next period is a new question
    assert len(suggest([s], MONTHS[5], RULES, proposed={k.key for k in first})) == 1
    # and none while a record on the indicator is being worked
    assert suggest([s], MONTHS[5], RULES, busy={("ABANDON", "T1")}) == []


def test_the_number_of_periods_is_the_centre_s_setting(tmp_path) -> None:
    from serviq.actions.ruleset import load_action_rules as load

    path = tmp_path / "rules.yaml"
    path.write_text("suggestions:\n  periods_short: 3\n", encoding="utf-8")
    rules = load(path)
    s = series([0.04, 0.045, 0.041, 0.058, 0.061])
    assert suggest([s], MONTHS[4], rules) == []
    path.write_text("suggestions:\n  periods_short: zero\n", encoding="utf-8")
    import pytest

    from serviq.errors import ValidationFailed

    with pytest.raises(
        ValidationFailed, match=r"rules.yaml, line 2, field suggestions.periods_short"
    ):
        load(path)
